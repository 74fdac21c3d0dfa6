"""MARCXML parsing speed: the UN Digital Library adapter on a real 200-record search response.

From the repository root::

    python -m benchmarks.bench_marcxml                 # 50 runs of tests/fixtures/real/undl-marcxml-200.xml
    python -m benchmarks.bench_marcxml --runs 200 --file path/to/response.xml

Each run parses the whole body with ``UndlMarcXml().parse`` from bytes already in memory (no
disk, no database, no stored documents to merge with) and counts the records it read: the
documents plus the skipped entries. One untimed run comes first, so that the bundled State
names are loaded once, as in a long-running scraper. The figure is the median of the runs,
in MARCXML records parsed per second.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from pathlib import Path

from tracker_scrapers.harvest import ParseContext
from tracker_scrapers.sources.undl import UndlMarcXml

REAL_200 = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "real" / "undl-marcxml-200.xml"


def records_per_second(data: bytes, runs: int) -> tuple[float, int, list[float]]:
    """The median records per second over ``runs`` parses, the records per parse, and each run's seconds."""
    adapter, context = UndlMarcXml(), ParseContext()
    harvest = adapter.parse(io.BytesIO(data), context)
    records = len(harvest.records) + len(harvest.skipped)
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        adapter.parse(io.BytesIO(data), context)
        seconds.append(time.perf_counter() - start)
    return records / statistics.median(seconds), records, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=REAL_200, help="a MARCXML search response (default: the real 200 records)")
    parser.add_argument("--runs", type=int, default=50, help="timed parses (default 50)")
    args = parser.parse_args()
    data = args.file.read_bytes()
    rate, records, seconds = records_per_second(data, args.runs)
    print(f"{args.file.name}: {len(data):,} bytes, {records} records per parse, {args.runs} runs")
    print(
        f"per parse: median {statistics.median(seconds) * 1000:.1f} ms, min {min(seconds) * 1000:.1f} ms, "
        f"max {max(seconds) * 1000:.1f} ms"
    )
    print(f"MARCXML records parsed per second (median): {rate:,.0f}")


if __name__ == "__main__":
    main()
