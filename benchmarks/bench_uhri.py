"""The UHRI bulk export end to end on SQLite: parse a synthetic 270,000-record export and load it.

From the repository root::

    python -m benchmarks.bench_uhri                      # 270,000 records (about 360 MB), one harvest
    python -m benchmarks.bench_uhri --batch 20000        # ... loaded in batches (UhriExport.batches)
    python -m benchmarks.bench_uhri --records 20000      # a quick check
    python -m benchmarks.bench_uhri --parse-only         # the parse alone: no load, no re-import

Not timed: writing the synthetic export (``benchmarks/uhri_export.py``, kept in /tmp and
reused, since the same arguments give the same bytes), creating and migrating a fresh SQLite
database with ``tracker.open(url, upgrade=True)`` and ``await t.seed()``. Timed, each import
in its own process so that its peak RSS is its own (``ru_maxrss``):

- ``import``: ``await adapter.prepare(t)``, ``adapter.parse(file, context)`` for all States,
  ``await t.load(harvest.records)``; with ``--batch N``, as ``tracker_scrapers.runner`` does it:
  ``adapter.batches(file, context, N)``, loaded in order in one transaction, each with
  ``load_records(session, batch.records, fill_only=True)``;
- ``re-import``: the same again on the same database; it must create and update nothing
  (the run fails otherwise).

Targets: each import under 60 s, peak RSS under 1 GiB.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import tracker
from tracker.services.loading import LoadReport, load_records
from tracker_scrapers.harvest import ParseContext
from tracker_scrapers.sources.uhri import UhriExport

try:
    from benchmarks.uhri_export import DEFAULT_RECORDS, DEFAULT_SEED, write_export
except ImportError:  # run as a script: python benchmarks/bench_uhri.py
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from uhri_export import DEFAULT_RECORDS, DEFAULT_SEED, write_export  # type: ignore[no-redef]

TARGET_SECONDS = 60.0
TARGET_RSS_MIB = 1024.0


def _rss_mib() -> float:
    """This process's resident memory now (VmRSS), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def _import(database: str, export: Path, *, seed: bool, batch: int | None, parse_only: bool = False) -> dict[str, Any]:
    """One import, timed by phase, in this process: one harvest, or batches of ``batch`` recommendations
    (with ``parse_only``, the harvests are read and counted, not loaded)."""
    adapter = UhriExport()
    async with tracker.open(f"sqlite+aiosqlite:///{database}", upgrade=True) as t:
        if seed:
            await t.seed()
        before = _rss_mib()
        started = time.perf_counter()
        context = ParseContext(url=adapter.url("https://dataex.ohchr.org/uhri", {}), known=await adapter.prepare(t))
        prepared = time.perf_counter()
        loading = 0.0
        totals: Counter[str] = Counter()
        by_type: dict[str, list[int]] = {}
        with export.open("rb") as body:
            if batch:  # as tracker_scrapers.runner loads batches: in one transaction, filling in
                async with t.writing() as session:
                    for harvest in adapter.batches(body, context, size=batch):
                        totals.update(
                            records=len(harvest.records), context=harvest.context, skipped=len(harvest.skipped), batches=1
                        )
                        if parse_only:
                            continue
                        load_started = time.perf_counter()
                        _add(by_type, await load_records(session, harvest.records, fill_only=True))
                        loading += time.perf_counter() - load_started
                rss_parsed = None
            else:
                harvest = adapter.parse(body, context)
                rss_parsed = _rss_mib()
                totals.update(records=len(harvest.records), context=harvest.context, skipped=len(harvest.skipped), batches=1)
                if not parse_only:
                    load_started = time.perf_counter()
                    _add(by_type, await t.load(harvest.records))
                    loading += time.perf_counter() - load_started
        finished = time.perf_counter()
    return {
        "batch": batch,
        "prepare_s": prepared - started,
        "parse_s": finished - prepared - loading,
        "load_s": loading,
        "total_s": finished - started,
        "rss_before_mib": before,
        "rss_after_parse_mib": rss_parsed,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        **totals,
        "counts": by_type,
        "created": sum(c[0] for c in by_type.values()),
        "updated": sum(c[1] for c in by_type.values()),
        "unchanged": sum(c[2] for c in by_type.values()),
    }


def _add(by_type: dict[str, list[int]], report: LoadReport) -> None:
    for kind, c in report.counts.items():
        by_type[kind] = [a + b for a, b in zip(by_type.get(kind, [0, 0, 0]), [c.created, c.updated, c.unchanged], strict=True)]


def _run_child(database: Path, export: Path, *, seed: bool, batch: int | None, parse_only: bool = False) -> dict[str, Any]:
    command = [sys.executable, "-m", "benchmarks.bench_uhri", "--child", str(database), "--file", str(export)]
    if seed:
        command.append("--seed-first")
    if parse_only:
        command.append("--parse-only")
    if batch:
        command += ["--batch", str(batch)]
    done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _export_file(records: int, seed: int) -> Path:
    path = Path(tempfile.gettempdir()) / f"uhri-export-{records}-{seed}.json"
    if not path.exists():
        started = time.perf_counter()
        write_export(path, records, seed=seed)
        print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s (not timed)")
    else:
        print(f"reusing {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return path


def _line(name: str, run: dict[str, Any]) -> str:
    met = run["total_s"] < TARGET_SECONDS and run["peak_rss_mib"] < TARGET_RSS_MIB
    after_parse = f", after parse {run['rss_after_parse_mib']:.0f}" if run["rss_after_parse_mib"] else ""
    return (
        f"{name:<10} {run['total_s']:>7.1f} s  (prepare {run['prepare_s']:.1f}, parse {run['parse_s']:.1f}, "
        f"load {run['load_s']:.1f})  peak RSS {run['peak_rss_mib']:>5.0f} MiB (before {run['rss_before_mib']:.0f}{after_parse})  "
        f"created {run['created']:,} updated {run['updated']:,} unchanged {run['unchanged']:,}  {'met' if met else 'MISSED'}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=DEFAULT_RECORDS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the synthetic export")
    parser.add_argument("--file", type=Path, help="an export to use instead of the synthetic one")
    parser.add_argument(
        "--batch",
        type=int,
        metavar="N",
        help="load the export in batches of about N recommendations (UhriExport.batches), one load each",
    )
    parser.add_argument(
        "--parse-only", action="store_true", help="time the parse alone: read the harvests without loading them, once"
    )
    parser.add_argument("--fail-on-target", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--child", metavar="DATABASE", help=argparse.SUPPRESS)
    parser.add_argument("--seed-first", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run = _import(args.child, args.file, seed=args.seed_first, batch=args.batch, parse_only=args.parse_only)
        print(json.dumps(asyncio.run(run)))
        return 0

    export = args.file or _export_file(args.records, args.seed)
    print(f"Python {platform.python_version()}, SQLite {__import__('sqlite3').sqlite_version}, {platform.machine()}")
    with tempfile.TemporaryDirectory(prefix="bench-uhri-") as directory:
        database = Path(directory) / "uhri.db"
        first = _run_child(database, export, seed=True, batch=args.batch, parse_only=args.parse_only)
        mode = f"{first['batches']} batches of about {args.batch:,} recommendations" if args.batch else "one harvest"
        print(f"{mode}: {first['records']:,} records, {first['context']:,} context, {first['skipped']:,} skipped lines")
        if args.parse_only:
            print(_line("parse", first))
            return 0
        print(_line("import", first))
        print(f"           by type [created, updated, unchanged]: {first['counts']}")
        again = _run_child(database, export, seed=False, batch=args.batch)
        print(_line("re-import", again))
    if again["created"] or again["updated"]:
        print("FAILED: the re-import created or updated records")
        return 1
    missed = [run for run in (first, again) if run["total_s"] >= TARGET_SECONDS or run["peak_rss_mib"] >= TARGET_RSS_MIB]
    return 1 if missed and args.fail_on_target else 0


if __name__ == "__main__":
    sys.exit(main())
