"""Loading benchmarks: the bundled seed, a first load and an idempotent re-load of synthetic data.

From the repository root::

    python -m benchmarks.bench_load                       # SQLite only, 50,000 items, 3 runs
    python -m benchmarks.bench_load --postgres-url postgresql+asyncpg://postgres@127.0.0.1:5432/tracker_bench --json

Measured, on each backend (SQLite: a fresh file database under /tmp for every run;
PostgreSQL: ``DROP SCHEMA public CASCADE; CREATE SCHEMA public`` before every run), each in
a database just migrated with ``tracker.open(url, upgrade=True)`` (the migration is not timed):

- ``seed``: ``await t.seed()``, the bundled States and Kazakhstan/Tajikistan data;
- ``load``: ``await t.load(records)`` of the synthetic records (States, documents and
  ``--items`` recommendations), already in memory as record Structs;
- ``reload``: the same ``await t.load(records)`` again on the same database; it must
  report created=0 and updated=0 (the benchmark fails otherwise).

``decode`` (NDJSON bytes to record Structs with ``tracker.records.decode_lines``) is timed
once per run, apart from any database. Every figure is the median of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import datetime as dt
import gc
import json
import os
import platform
import pstats
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event, text

import tracker
from tracker.db.engine import create_engine
from tracker.db.writing import WriteSession
from tracker.library import SEED_FILES
from tracker.records import MetaRecord, Record, decode_lines
from tracker.services.loading import LoadReport, load_records

try:
    from benchmarks.generate import DEFAULT_ITEMS, DEFAULT_SEED, count_by_type, encode, generate
except ImportError:  # run as a script: python benchmarks/bench_load.py
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from generate import DEFAULT_ITEMS, DEFAULT_SEED, count_by_type, encode, generate  # type: ignore[no-redef]

RESULTS = Path(__file__).resolve().parent / "results" / "load.json"
#: Targets from the project issue: 50,000 recommendations with themes, on SQLite, 2 cores.
TARGETS = {("sqlite", "load"): 5.0, ("sqlite", "reload"): 5.0}
TARGET_ITEMS = 50_000


class Backend:
    """Hands out an empty database per run."""

    name: str

    async def fresh(self, run: str) -> str:
        raise NotImplementedError

    async def describe(self) -> str:
        raise NotImplementedError

    def close(self) -> None:
        pass


class SQLite(Backend):
    name = "sqlite"

    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="tracker-bench-"))

    async def fresh(self, run: str) -> str:
        path = self.directory / f"{run}.db"
        for leftover in self.directory.glob(f"{run}.db*"):
            leftover.unlink()
        return f"sqlite+aiosqlite:///{path}"

    async def describe(self) -> str:
        return f"SQLite {sqlite3.sqlite_version} (file under {self.directory.parent}, WAL, synchronous=NORMAL)"

    def close(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


class PostgreSQL(Backend):
    name = "postgresql"

    def __init__(self, url: str) -> None:
        self.url = url

    async def _execute(self, *statements: str) -> Any:
        """Run the statements in one transaction; returns the first column of the last one's rows."""
        engine = create_engine(self.url)
        try:
            async with engine.begin() as connection:
                for statement in statements:
                    result = await connection.execute(text(statement))
                return result.scalars().all() if result.returns_rows else None
        finally:
            await engine.dispose()

    async def fresh(self, run: str) -> str:
        await self._execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public")
        return self.url

    async def describe(self) -> str:
        (version,) = await self._execute("SELECT version()")
        return version.split(" on ")[0]


class BenchmarkFailed(Exception):
    """A load did not do what it must (e.g. a re-load that changed something)."""


def _require(condition: bool, message: object) -> None:
    if not condition:  # not ``assert``: these checks must hold under ``python -O`` too
        raise BenchmarkFailed(str(message))


def _total(report: LoadReport) -> dict[str, int]:
    return {what: report.total(what) for what in ("created", "updated", "unchanged")}


async def _timed(call: Callable[[], Awaitable[Any]]) -> tuple[float, Any]:
    gc.collect()
    started = time.perf_counter()
    result = await call()
    return time.perf_counter() - started, result


def _seed_records() -> int:
    from importlib import resources

    return sum(
        len(list(decode_lines(resources.files("tracker.seed").joinpath(name).read_bytes().splitlines(), name=name)))
        for name in SEED_FILES
    )


class Runs:
    """Timings of one benchmark on one backend."""

    def __init__(self, benchmark: str, backend: str, rows: int, unit: str) -> None:
        self.benchmark, self.backend, self.rows, self.unit = benchmark, backend, rows, unit
        self.seconds: list[float] = []
        self.reports: list[dict[str, int]] = []

    def add(self, seconds: float, report: dict[str, int] | None = None) -> None:
        self.seconds.append(seconds)
        if report is not None:
            self.reports.append(report)
        print(
            f"  {self.backend:<10} {self.benchmark:<7} run {len(self.seconds)}: {seconds:7.3f} s"
            + (f"  {report}" if report else ""),
            flush=True,
        )

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def as_json(self) -> dict[str, Any]:
        target = TARGETS.get((self.backend, self.benchmark))
        return {
            "benchmark": self.benchmark,
            "backend": self.backend,
            "rows": self.rows,
            "unit": self.unit,
            "runs_s": [round(s, 4) for s in self.seconds],
            "median_s": round(self.median, 4),
            "min_s": round(min(self.seconds), 4),
            "max_s": round(max(self.seconds), 4),
            "rows_per_s": round(self.rows / self.median),
            "target_s": target,
            "target_met": None if target is None else self.median < target,
            "reports": self.reports[:1],
        }


async def bench_backend(backend: Backend, records: list[Record], repeat: int, seed_rows: int) -> list[Runs]:
    loaded = sum(1 for r in records if not isinstance(r, MetaRecord))
    seed = Runs("seed", backend.name, seed_rows, "records")
    first = Runs("load", backend.name, loaded, "records")
    again = Runs("reload", backend.name, loaded, "records")
    for run in range(1, repeat + 1):
        async with tracker.open(await backend.fresh(f"seed-{run}"), upgrade=True) as t:
            seconds, report = await _timed(t.seed)
            _require(report is not None, "seed() loaded nothing")
            totals = _total(report)  # created counts the action-item links too
            _require(totals["created"] >= seed_rows and totals["updated"] == 0 and totals["unchanged"] == 0, totals)
            seed.add(seconds, totals)
        async with tracker.open(await backend.fresh(f"load-{run}"), upgrade=True) as t:
            seconds, report = await _timed(lambda: t.load(records))
            totals = _total(report)
            _require(totals == {"created": loaded, "updated": 0, "unchanged": 0}, f"the first load: {totals}")
            first.add(seconds, totals)
            seconds, report = await _timed(lambda: t.load(records))
            totals = _total(report)
            _require(totals["created"] == 0 and totals["updated"] == 0, f"the re-load changed something: {totals}")
            _require(totals["unchanged"] == loaded, f"the re-load: {totals}")
            again.add(seconds, totals)
    return [seed, first, again]


class SqlTrace:
    """Counts and times the statements an engine sends, grouped by statement text."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.stats: dict[tuple[str, bool], list[float]] = {}
        self._started: dict[int, float] = {}

    def _before(self, _conn: Any, cursor: Any, *_args: Any) -> None:
        self._started[id(cursor)] = time.perf_counter()

    def _after(self, _conn: Any, cursor: Any, statement: str, parameters: Any, _context: Any, executemany: bool) -> None:
        entry = self.stats.setdefault((" ".join(statement.split())[:80], executemany), [0, 0, 0.0])
        entry[0] += 1
        entry[1] += len(parameters) if executemany else 1
        entry[2] += time.perf_counter() - self._started.pop(id(cursor), time.perf_counter())

    def __enter__(self) -> SqlTrace:
        event.listen(self.engine, "before_cursor_execute", self._before)
        event.listen(self.engine, "after_cursor_execute", self._after)
        return self

    def __exit__(self, *_exc: Any) -> None:
        event.remove(self.engine, "before_cursor_execute", self._before)
        event.remove(self.engine, "after_cursor_execute", self._after)

    def print(self, top: int) -> None:
        executions = sum(int(e[0]) for e in self.stats.values())
        seconds = sum(e[2] for e in self.stats.values())
        print(
            f"{executions} statement executions, {seconds:.2f} s between cursor execute and its return"
            " (driver + database, including the async driver's thread or network hop)"
        )
        print(f"{'seconds':>8} {'execs':>7} {'rows':>7} many  statement")
        for (statement, many), (count, rows, spent) in sorted(self.stats.items(), key=lambda kv: -kv[1][2])[:top]:
            print(f"{spent:8.2f} {count:7d} {rows:7d} {'yes ' if many else 'no  '}  {statement}")


async def profile(backend: Backend, records: list[Record], which: str, top: int) -> None:
    """Time one load or re-load with its SQL statements traced, then cProfile another one,
    and print where the time goes (nothing is saved)."""
    profiler = cProfile.Profile()

    async def profiled_load(session: WriteSession, records: list[Record]) -> LoadReport:
        # On a SQLite file this runs in the tracker's write thread, and a profiler sees only its own thread.
        profiler.enable()
        try:
            return await load_records(session, records)
        finally:
            profiler.disable()

    for profiled in (False, True):
        async with tracker.open(await backend.fresh("profile"), upgrade=True) as t:
            if which == "reload":
                await t.load(records)
            traced = getattr(t._write_thread, "engine", None) or t.engine.sync_engine
            gc.collect()
            started = time.perf_counter()
            if profiled:
                await t.write(profiled_load, records)
            else:
                with SqlTrace(traced) as trace:
                    await t.load(records)
            seconds = time.perf_counter() - started
        if not profiled:
            print(f"\n== SQL of one {which} on {backend.name}: {seconds:.2f} s wall")
            trace.print(top)
            continue
        print(f"\n== cProfile of one {which} on {backend.name}: {seconds:.2f} s wall (with profiler overhead)")
        print("   (the thread that runs the load; coroutine call counts are resumptions)")
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("cumulative").print_stats(top)
        stats.sort_stats("tottime").print_stats(top)


def print_table(results: list[Runs], decode: Runs, items: int) -> None:
    print()
    header = f"{'benchmark':<8} {'backend':<10} {'rows':>7} {'median s':>9} {'min s':>7} {'max s':>7} {'rows/s':>9}  target"
    print(header)
    print("-" * len(header))
    for r in [decode, *results]:
        target = TARGETS.get((r.backend, r.benchmark))
        if target is None:
            verdict = ""
        elif items != TARGET_ITEMS:
            verdict = f"(< {target:g} s is the target for {TARGET_ITEMS:,} items)"
        else:
            verdict = f"< {target:g} s: {'met' if r.median < target else 'NOT met'}"
        print(
            f"{r.benchmark:<8} {r.backend:<10} {r.rows:>7} {r.median:>9.3f} {min(r.seconds):>7.3f} {max(r.seconds):>7.3f}"
            f" {r.rows / r.median:>9,.0f}  {verdict}"
        )


async def main_async(args: argparse.Namespace) -> int:
    backends: list[Backend] = []
    if not args.no_sqlite:
        backends.append(SQLite())
    if args.postgres_url:
        backends.append(PostgreSQL(args.postgres_url))
    try:
        started = time.perf_counter()
        records = generate(args.items, seed=args.seed)
        counts = count_by_type(records)
        print(
            f"generated {len(records)} records in {time.perf_counter() - started:.1f} s: "
            + ", ".join(f"{n} {k}" for k, n in counts.items()),
            flush=True,
        )
        data = encode(records)
        decode = Runs("decode", "-", len(records) - 1, "records")
        for _ in range(args.repeat):
            gc.collect()
            begun = time.perf_counter()
            decoded = list(decode_lines(data.splitlines(), name="synthetic"))
            decode.add(time.perf_counter() - begun)
        _require(decoded == records[1:], "decoding the NDJSON did not give back the generated records")
        del decoded
        print(f"NDJSON: {len(data) / 1e6:.1f} MB", flush=True)

        if args.profile:
            for backend in backends:
                await profile(backend, records, args.profile, args.profile_top)
            return 0

        seed_rows = _seed_records()
        results: list[Runs] = []
        environment: dict[str, Any] = {
            "date": dt.date.today().isoformat(),
            "cores": os.cpu_count(),
            "machine": platform.processor() or platform.machine(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "backends": {},
        }
        for backend in backends:
            environment["backends"][backend.name] = await backend.describe()
            print(f"\n{backend.name}: {environment['backends'][backend.name]}", flush=True)
            results.extend(await bench_backend(backend, records, args.repeat, seed_rows))
        print_table(results, decode, args.items)
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            document = {
                "environment": environment,
                "parameters": {"items": args.items, "seed": args.seed, "repeat": args.repeat, "records": counts},
                "results": [r.as_json() for r in [decode, *results]],
            }
            args.json.write_text(json.dumps(document, indent=2) + "\n")
            print(f"\nwrote {args.json}")
        missed = [r for r in results if (r.backend, r.benchmark) in TARGETS and r.median >= TARGETS[(r.backend, r.benchmark)]]
        return 1 if missed and args.items == TARGET_ITEMS and args.fail_on_target else 0
    finally:
        for backend in backends:
            backend.close()


def main(argv: list[str] | None = None) -> int:
    intro, usage = __doc__.split("\n\n", 1)
    parser = argparse.ArgumentParser(description=intro, epilog=usage, formatter_class=argparse.RawDescriptionHelpFormatter)
    add = parser.add_argument
    add("--items", type=int, default=DEFAULT_ITEMS, help="synthetic recommendations (default %(default)s)")
    add("--repeat", type=int, default=3, help="runs of each benchmark; the median is reported (default %(default)s)")
    add("--seed", type=int, default=DEFAULT_SEED, help="random seed of the generator (default %(default)s)")
    add("--postgres-url", help="also run on this PostgreSQL database; its public schema is DROPPED before each run")
    add("--no-sqlite", action="store_true", help="skip SQLite")
    add("--json", type=Path, nargs="?", const=RESULTS, help="write the results as JSON (default: benchmarks/results/load.json)")
    add(
        "--profile",
        choices=("load", "reload"),
        help="instead of timing: trace the SQL of one load (or re-load), cProfile another; prints both, saves nothing",
    )
    add("--profile-top", type=int, default=30, help="lines to print per profile table (default %(default)s)")
    add("--fail-on-target", action="store_true", help="exit 1 when a SQLite target is missed (only at the target size)")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.items < 1:
        parser.error("--repeat and --items must be at least 1")
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    raise SystemExit(main())
