"""Reading UN documents: pages per second for PDF and Word, and a whole UPR cycle read and loaded.

From the repository root::

    python -m benchmarks.bench_documents             # 5 runs
    python -m benchmarks.bench_documents --runs 9

1. ``read_text`` on every real PDF and Word file of ``tests/fixtures/real/upr-svn`` and the
   hand-made Russian PDF of ``tests/fixtures/documents/ru``, from bytes in memory: pages per
   second at the median run (a Word file's page count is the one Word saved in
   ``docProps/app.xml``).
2. One UPR cycle of one State, end to end as ``tracker import-document`` does it (read the file,
   complete with what is stored, load in one transaction), into a fresh SQLite database: the
   Working Group report, its addendum, OHCHR's matrix and the report's Russian version, each file
   once, in that order. The figure is the median over runs of the cycle's total wall time; the
   database is created, migrated and seeded with the bundled data before the clock starts.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import tempfile
import time
import zipfile
from io import BytesIO
from pathlib import Path

import tracker
from tracker_scrapers.documents.reading import import_document
from tracker_scrapers.texts import read_text

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
REAL = FIXTURES / "real" / "upr-svn"
RUSSIAN = FIXTURES / "documents" / "ru"

#: The cycle of Slovenia's second review: (file, symbol, language).
CYCLE = [
    (REAL / "A_HRC_28_15.pdf", None, "en"),
    (REAL / "A_HRC_28_15_Add.1.pdf", None, "en"),
    (REAL / "UPR20_Slovenia_Thematic_list.docx", "A/HRC/28/15", "en"),
    (RUSSIAN / "A_HRC_28_15-ru.pdf", "A/HRC/28/15", "ru"),
]


def pages(path: Path, data: bytes) -> int:
    """The file's pages: a PDF's as read, a Word file's as Word last saved them."""
    if path.suffix == ".docx":
        with zipfile.ZipFile(BytesIO(data)) as archive:
            found = re.search(rb"<Pages>(\d+)</Pages>", archive.read("docProps/app.xml"))
        return int(found.group(1)) if found else 0
    return read_text(data).pages


def pages_per_second(path: Path, runs: int) -> tuple[int, float]:
    data = path.read_bytes()
    read_text(data)
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        read_text(data)
        seconds.append(time.perf_counter() - start)
    count = pages(path, data)
    return count, count / statistics.median(seconds)


async def one_cycle(files: list[tuple[Path, str | None, str]]) -> tuple[float, dict[str, dict[str, int]]]:
    """Seconds to import the files in order into a fresh database, and what each import read."""
    with tempfile.TemporaryDirectory() as folder:
        async with tracker.open(f"sqlite+aiosqlite:///{folder}/cycle.db", upgrade=True) as t:
            await t.seed()
            read: dict[str, dict[str, int]] = {}
            start = time.perf_counter()
            for path, symbol, language in files:
                reading, _ = await import_document(t, path.read_bytes(), symbol=symbol, language=language)
                read[path.name] = reading.counts()
            return time.perf_counter() - start, read


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print("| file | kind | pages | read_text (pages/s) |")
    print("|---|---|---:|---:|")
    # The hand-made Russian .docx is left out: python-docx does not count pages when it saves.
    for path in sorted([*REAL.glob("*.pdf"), *REAL.glob("*.docx"), *RUSSIAN.glob("*.pdf")]):
        count, rate = pages_per_second(path, args.runs)
        print(f"| `{path.name}` | {path.suffix[1:]} | {count} | {rate:,.0f} |")
    files = [entry for entry in CYCLE if entry[0].exists()]
    timings = []
    read: dict[str, dict[str, int]] = {}
    for _ in range(args.runs):
        seconds, read = asyncio.run(one_cycle(files))
        timings.append(seconds)
    print()
    for name, counts in read.items():
        print(f"{name}: {counts}")
    print(
        f"whole cycle ({len(files)} files), read and loaded: median {statistics.median(timings):.2f} s, "
        f"min {min(timings):.2f} s, max {max(timings):.2f} s over {args.runs} runs"
    )


if __name__ == "__main__":
    main()
