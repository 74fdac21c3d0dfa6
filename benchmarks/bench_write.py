"""Write benchmarks: recorded actions, assessments and corrections, in-process and over HTTP.

From the repository root::

    python -m benchmarks.bench_write                      # SQLite, 50,000 items + the seed
    python -m benchmarks.bench_write --json               # ... and write benchmarks/results/write.json
    python -m benchmarks.bench_write --postgres-url postgresql+asyncpg://postgres@127.0.0.1:5432/benchwrite --json

Once per backend and run of the script, not timed: a database is created and migrated with
``tracker.open(url, upgrade=True)`` (SQLite: a fresh file under /tmp; PostgreSQL: the given
database after ``DROP SCHEMA public CASCADE; CREATE SCHEMA public``), loaded with
``benchmarks.generate.generate(--items)`` and then ``t.seed()`` (the bundled Kazakhstan and
Tajikistan data), and an ``editor`` API key is created. Then, timed one write at a time
(``time.perf_counter`` around each call; all writes count, the first ones included):

- ``actions``: ``await t.actions.record(...)``, ``--actions`` (300) statements of ``KAZ``,
  one after the other, each with a unique title and 1-3 links to KAZ items;
- ``assessments``: ``await t.items.assess(...)``, ``--assessments`` (300), each by its own
  assessor of a KAZ item (NGO, normalized scale, one of four grades);
- ``corrections``: ``await t.actions.update(id, {"description": ...}, if_match=etag_of(action))``
  of the first ``--corrections`` (100) actions recorded above;
- ``http-1``: ``tracker --database-url URL serve`` started as a real uvicorn process (one
  worker, ``TRACKER_WRITE_RATE_LIMIT=0``) and ``--http-actions`` (300) ``POST /api/v1/actions``
  sent by one client (``httpx.Client``, keep-alive) one after the other;
- ``http-8``: ``--http-concurrent`` (600) of them sent by ``--clients`` (8) threads, each with
  its own ``httpx.Client``, at the same time. Every answer must be 201 (non-201 are counted).

Reported per benchmark: writes/s (answers / wall time of the whole sequence; over HTTP the
JSON also has ``created_per_s``, 201 answers only), latency per write p50, p95, p99, max (ms),
the HTTP status counts, and every latency in the JSON file. Targets: in-process, p95 under
50 ms per write; over HTTP with 8 clients, at least 100 writes/s and no answer but 201.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import importlib.metadata
import json
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

import tracker
from tracker.db.engine import create_engine

try:
    from benchmarks.common import empty_postgres, free_port, postgres_version, revision, stop, wait_up
    from benchmarks.generate import DEFAULT_ITEMS, DEFAULT_SEED, generate
except ImportError:  # run as a script: python benchmarks/bench_write.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.common import empty_postgres, free_port, postgres_version, revision, stop, wait_up
    from benchmarks.generate import DEFAULT_ITEMS, DEFAULT_SEED, generate

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results" / "write.json"
TRACKER_CLI = Path(sys.executable).parent / "tracker"
STATE = "KAZ"
GRADES = ("not_implemented", "partially_implemented", "implemented", "no_information")
EFFECTS = ("advances", "partial", "no_effect", "advances")

#: Targets (the write-path issue): in-process, a single write's p95 under 50 ms; over HTTP with
#: 8 concurrent clients, at least 100 writes/s and no error.
P95_TARGET_MS = 50.0
HTTP_TARGET_WPS = 100.0
IN_PROCESS = ("actions", "assessments", "corrections")


class BenchmarkFailed(Exception):
    """A write did not do what it must."""


def _require(condition: bool, message: object) -> None:
    if not condition:  # not ``assert``: these checks must hold under ``python -O`` too
        raise BenchmarkFailed(str(message))


def percentile(values: list[float], pct: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * pct / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


class Writes:
    """Latencies of one benchmark on one backend."""

    def __init__(self, benchmark: str, backend: str, clients: int = 1) -> None:
        self.benchmark, self.backend, self.clients = benchmark, backend, clients
        self.latencies_s: list[float] = []
        self.statuses: dict[int, int] = {}
        self.wall_s = 0.0

    @property
    def writes(self) -> int:
        return len(self.latencies_s)

    @property
    def errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status != 201)

    @property
    def per_s(self) -> float:
        return self.writes / self.wall_s

    def ms(self, pct: float) -> float:
        return 1000 * percentile(self.latencies_s, pct)

    def target(self) -> tuple[str | None, bool | None]:
        if self.benchmark in IN_PROCESS:
            return f"p95 < {P95_TARGET_MS:g} ms", self.ms(95) < P95_TARGET_MS
        if self.benchmark.startswith("http-") and self.clients > 1:
            return f">= {HTTP_TARGET_WPS:g} writes/s, no error", self.per_s >= HTTP_TARGET_WPS and self.errors == 0
        return None, None

    def as_json(self) -> dict[str, Any]:
        target, met = self.target()
        return {
            "benchmark": self.benchmark,
            "backend": self.backend,
            "clients": self.clients,
            "writes": self.writes,
            "wall_s": round(self.wall_s, 3),
            "writes_per_s": round(self.per_s, 1),
            "created_per_s": round(self.statuses.get(201, 0) / self.wall_s, 1) if self.statuses else None,
            "p50_ms": round(self.ms(50), 2),
            "p95_ms": round(self.ms(95), 2),
            "p99_ms": round(self.ms(99), 2),
            "min_ms": round(1000 * min(self.latencies_s), 2),
            "max_ms": round(1000 * max(self.latencies_s), 2),
            "mean_ms": round(1000 * statistics.fmean(self.latencies_s), 2),
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())} or None,
            "non_201": self.errors if self.statuses else None,
            "target": target,
            "target_met": met,
            "latencies_ms": [round(1000 * s, 2) for s in self.latencies_s],
        }

    def line(self) -> str:
        errors = f"{self.errors:>7}" if self.statuses else f"{'-':>7}"
        target, met = self.target()
        verdict = "" if target is None else f"{target}: {'met' if met else 'NOT met'}"
        return (
            f"{self.benchmark:<12} {self.backend:<10} {self.clients:>3} {self.writes:>6} {self.per_s:>9.1f}"
            f" {self.ms(50):>8.1f} {self.ms(95):>8.1f} {self.ms(99):>8.1f} {1000 * max(self.latencies_s):>8.1f}"
            f" {errors}  {verdict}" + (f"  statuses {self.statuses}" if self.errors else "")
        )


HEADER = (
    f"{'benchmark':<12} {'backend':<10} {'cl':>3} {'writes':>6} {'writes/s':>9} {'p50 ms':>8} {'p95 ms':>8}"
    f" {'p99 ms':>8} {'max ms':>8} {'non-201':>7}  target"
)


# -- the database ---------------------------------------------------------------------------


class Backend:
    name: str
    url: str

    async def fresh(self) -> str:
        raise NotImplementedError

    async def describe(self) -> str:
        raise NotImplementedError

    def close(self) -> None:
        pass


class SQLite(Backend):
    name = "sqlite"

    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="tracker-bench-write-"))
        self.url = f"sqlite+aiosqlite:///{self.directory / 'write.db'}"

    async def fresh(self) -> str:
        for leftover in self.directory.glob("write.db*"):
            leftover.unlink()
        return self.url

    async def describe(self) -> str:
        return f"SQLite {sqlite3.sqlite_version} (file under {self.directory.parent}, WAL, synchronous=NORMAL)"

    def close(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


class PostgreSQL(Backend):
    name = "postgresql"

    def __init__(self, url: str) -> None:
        self.url = url

    async def fresh(self) -> str:
        await empty_postgres(self.url)
        return self.url

    async def describe(self) -> str:
        return await postgres_version(self.url)


async def build(backend: Backend, records: list[Any]) -> dict[str, Any]:
    """The database every write benchmark of this backend runs in (not timed as a benchmark)."""
    started = time.perf_counter()
    async with tracker.open(await backend.fresh(), upgrade=True) as t:
        await t.load(records)
        await t.seed()
        page = await t.items.list(state=STATE, limit=500)
        item_ids = [item.id for item in page.items]
        _require("cat-433-2010-compensation" in item_ids or len(item_ids) == 500, "the seed's KAZ items are missing")
        _key, secret = await t.keys.create("bench-editor", "editor", by="bench")
    seconds = time.perf_counter() - started
    print(f"  built in {seconds:.1f} s: {len(item_ids)} KAZ items to link", flush=True)
    return {"item_ids": item_ids, "secret": secret, "build_s": round(seconds, 1)}


# -- what is written ------------------------------------------------------------------------


def action_body(rng: random.Random, item_ids: list[str], tag: str, n: int) -> dict[str, Any]:
    links = rng.sample(item_ids, rng.randint(1, 3))
    return {
        "state": STATE,
        "kind": "statement",
        "date": (dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(366))).isoformat(),
        "title": f"Benchmark statement {tag} {n}: the Government reports on follow-up measures",
        "description": "Written by benchmarks/bench_write.py.",
        "sources": [{"url": f"https://example.org/bench/{tag}/{n}"}],
        "links": [{"item": item, "effect": rng.choice(EFFECTS)} for item in links],
    }


def assessment_body(rng: random.Random, n: int) -> dict[str, Any]:
    return {
        "date": "2024-06-01",
        "assessor_kind": "ngo",
        "assessor": f"Bench NGO {n}",
        "scale": "normalized",
        "grade": rng.choice(GRADES),
        "sources": [{"url": f"https://example.org/bench/assessment/{n}"}],
    }


# -- in-process ------------------------------------------------------------------------------


async def _each(writes: Writes, calls: Iterator[Callable[[], Awaitable[Any]]]) -> list[Any]:
    results = []
    gc.collect()
    begun = time.perf_counter()
    for call in calls:
        started = time.perf_counter()
        results.append(await call())
        writes.latencies_s.append(time.perf_counter() - started)
    writes.wall_s = time.perf_counter() - begun
    print(f"  {writes.line()}", flush=True)
    return results


async def bench_library(backend: Backend, built: dict[str, Any], args: argparse.Namespace) -> list[Writes]:
    rng = random.Random(args.seed)
    item_ids = built["item_ids"]
    actions = Writes("actions", backend.name)
    assessments = Writes("assessments", backend.name)
    corrections = Writes("corrections", backend.name)
    async with tracker.open(backend.url) as t:
        bodies = [action_body(rng, item_ids, "lib", n) for n in range(args.actions)]
        recorded = await _each(actions, (lambda b=b: t.actions.record(b, by="bench") for b in bodies))
        _require(len({a.id for a in recorded}) == args.actions, "two recorded actions share an id")
        _require(all(len(a.links) == len(b["links"]) for a, b in zip(recorded, bodies, strict=True)), "links went missing")

        targets = [(item_ids[n % len(item_ids)], assessment_body(rng, n)) for n in range(args.assessments)]
        await _each(assessments, (lambda i=i, b=b: t.items.assess(i, b, by="bench") for i, b in targets))

        chosen = recorded[: args.corrections]
        corrected = await _each(
            corrections,
            (
                lambda a=a, n=n: t.actions.update(
                    a.id, {"description": f"Corrected by the benchmark ({n})."}, if_match=tracker.etag_of(a), by="bench"
                )
                for n, a in enumerate(chosen)
            ),
        )
        _require(
            all(c.description == f"Corrected by the benchmark ({n})." for n, c in enumerate(corrected)),
            "a correction was not applied",
        )
    return [actions, assessments, corrections]


# -- over HTTP ------------------------------------------------------------------------------


def post_all(base: str, secret: str, bodies: list[dict[str, Any]], writes: Writes, clients: int) -> None:
    """POST every body to /api/v1/actions from ``clients`` threads (each its own keep-alive client)."""
    lock = threading.Lock()
    shares = [bodies[i::clients] for i in range(clients)]
    failures: list[str] = []
    start = threading.Barrier(clients + 1)

    def client(share: list[dict[str, Any]]) -> None:
        latencies, statuses = [], {}
        headers = {"Authorization": f"Bearer {secret}"}
        with httpx.Client(base_url=base, headers=headers, timeout=60) as http:
            start.wait()
            for body in share:
                began = time.perf_counter()
                try:
                    status = http.post("/api/v1/actions", json=body).status_code
                except httpx.HTTPError as exc:
                    status = 0
                    failures.append(repr(exc))
                latencies.append(time.perf_counter() - began)
                statuses[status] = statuses.get(status, 0) + 1
        with lock:
            writes.latencies_s.extend(latencies)
            for status, n in statuses.items():
                writes.statuses[status] = writes.statuses.get(status, 0) + n

    threads = [threading.Thread(target=client, args=(share,)) for share in shares]
    for thread in threads:
        thread.start()
    start.wait()
    begun = time.perf_counter()
    for thread in threads:
        thread.join()
    writes.wall_s = time.perf_counter() - begun
    if failures:
        print(f"  transport errors: {failures[:3]}", flush=True)
    print(f"  {writes.line()}", flush=True)


def bench_http(backend: Backend, built: dict[str, Any], args: argparse.Namespace) -> tuple[list[Writes], dict[str, Any]]:
    rng = random.Random(args.seed + 1)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "TRACKER_WRITE_RATE_LIMIT": "0", "TRACKER_LOG_LEVEL": "warning"}
    server = subprocess.Popen(
        [str(TRACKER_CLI), "--database-url", backend.url, "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_up(f"{base}/ready", server)
        one = Writes("http-1", backend.name, 1)
        post_all(
            base, built["secret"], [action_body(rng, built["item_ids"], "http1", n) for n in range(args.http_actions)], one, 1
        )
        eight = Writes(f"http-{args.clients}", backend.name, args.clients)
        post_all(
            base,
            built["secret"],
            [action_body(rng, built["item_ids"], "http8", n) for n in range(args.http_concurrent)],
            eight,
            args.clients,
        )
        with urllib.request.urlopen(f"{base}/api/v1/actions?state={STATE}&limit=1", timeout=30) as response:
            _require(response.status == 200, f"listing actions after the writes: {response.status}")
    finally:
        stop(server)
        errors = server.stderr.read().decode(errors="replace") if server.stderr else ""
    # The exception lines the server logged (e.g. "sqlalchemy.exc.OperationalError: ... database is locked"), counted.
    logged: dict[str, int] = {}
    for line in errors.splitlines():
        if re.match(r"^[\w.]+(Error|Exception): ", line):
            logged[line[:200]] = logged.get(line[:200], 0) + 1
    server_info = {"workers": 1, "write_rate_limit": 0, "exceptions_logged": logged}
    return [one, eight], server_info


async def count_bench_actions(url: str) -> int:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return (
                await connection.execute(text("SELECT count(*) FROM actions WHERE title LIKE 'Benchmark statement %'"))
            ).scalar_one()
    finally:
        await engine.dispose()


# -- running --------------------------------------------------------------------------------


def versions() -> dict[str, str]:
    found = {}
    for name in ("sqlalchemy", "aiosqlite", "asyncpg", "litestar", "uvicorn", "httpx", "msgspec"):
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            pass
    return found


async def run_backend(backend: Backend, records: list[Any], args: argparse.Namespace) -> tuple[list[Writes], dict[str, Any]]:
    built = await build(backend, records)
    results = await bench_library(backend, built, args)
    info: dict[str, Any] = {"build_s": built["build_s"], "kaz_items": len(built["item_ids"])}
    if not args.no_http:
        http, info["server"] = await asyncio.to_thread(bench_http, backend, built, args)
        results.extend(http)
    expected = args.actions + (0 if args.no_http else args.http_actions + args.http_concurrent)
    created = sum(w.statuses.get(201, 0) for w in results if w.statuses) + args.actions
    stored = await count_bench_actions(backend.url)
    _require(stored == created, f"{stored} benchmark actions stored, {created} answered as created")
    info["actions_stored"] = stored
    if stored != expected:
        print(f"  only {stored} of {expected} actions were stored", flush=True)
    return results, info


async def main_async(args: argparse.Namespace) -> int:
    backends: list[Backend] = []
    if not args.no_sqlite:
        backends.append(SQLite())
    if args.postgres_url:
        backends.append(PostgreSQL(args.postgres_url))
    try:
        started = time.perf_counter()
        records = generate(args.items, seed=args.seed)
        print(f"generated {len(records)} records in {time.perf_counter() - started:.1f} s", flush=True)
        environment: dict[str, Any] = {
            "date": dt.date.today().isoformat(),
            "cores": os.cpu_count(),
            "machine": platform.processor() or platform.machine(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "packages": versions(),
            "git": revision(),
            "backends": {},
        }
        results: list[Writes] = []
        databases: dict[str, Any] = {}
        for backend in backends:
            environment["backends"][backend.name] = await backend.describe()
            print(f"\n{backend.name}: {environment['backends'][backend.name]}", flush=True)
            done, databases[backend.name] = await run_backend(backend, records, args)
            results.extend(done)
        print()
        print(HEADER)
        print("-" * len(HEADER))
        for r in results:
            print(r.line())
        print(f"\n(whole run: {time.perf_counter() - started:.0f} s)")
        # The HTTP server is a new process importing the code as it is then: note any change made meanwhile.
        environment["git_at_end"] = revision()
        if environment["git_at_end"] != environment["git"]:
            print(f"WARNING: the code changed during the run: {environment['git']} -> {environment['git_at_end']}")
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            document = {
                "environment": environment,
                "parameters": {
                    "items": args.items,
                    "seed": args.seed,
                    "state": STATE,
                    "actions": args.actions,
                    "assessments": args.assessments,
                    "corrections": args.corrections,
                    "http_actions": args.http_actions,
                    "http_concurrent": args.http_concurrent,
                    "clients": args.clients,
                },
                "targets": {"in_process_p95_ms": P95_TARGET_MS, "http_8_clients_writes_per_s": HTTP_TARGET_WPS, "http_errors": 0},
                "databases": databases,
                "results": [r.as_json() for r in results],
            }
            args.json.write_text(json.dumps(document, indent=2) + "\n")
            print(f"wrote {args.json}")
        missed = [r for r in results if r.backend == "sqlite" and r.target()[1] is False]
        return 1 if missed and args.fail_on_target else 0
    finally:
        for backend in backends:
            backend.close()


def main(argv: list[str] | None = None) -> int:
    intro, usage = __doc__.split("\n\n", 1)
    parser = argparse.ArgumentParser(description=intro, epilog=usage, formatter_class=argparse.RawDescriptionHelpFormatter)
    add = parser.add_argument
    add("--items", type=int, default=DEFAULT_ITEMS, help="synthetic recommendations loaded first (default %(default)s)")
    add("--seed", type=int, default=DEFAULT_SEED, help="random seed of the generator and of the writes (default %(default)s)")
    add("--actions", type=int, default=300, help="actions recorded in-process (default %(default)s)")
    add("--assessments", type=int, default=300, help="assessments added in-process (default %(default)s)")
    add("--corrections", type=int, default=100, help="actions corrected in-process, at most --actions (default %(default)s)")
    add("--http-actions", type=int, default=300, help="POSTs sent by one client (default %(default)s)")
    add("--http-concurrent", type=int, default=600, help="POSTs sent by --clients clients at once (default %(default)s)")
    add("--clients", type=int, default=8, help="concurrent HTTP clients (default %(default)s)")
    add("--no-http", action="store_true", help="skip the HTTP benchmarks")
    add("--postgres-url", help="also run on this PostgreSQL database; its public schema is DROPPED first")
    add("--no-sqlite", action="store_true", help="skip SQLite")
    add("--json", type=Path, nargs="?", const=RESULTS, help="write the results as JSON (default: benchmarks/results/write.json)")
    add("--fail-on-target", action="store_true", help="exit 1 when a SQLite target is missed")
    args = parser.parse_args(argv)
    counts = (args.actions, args.assessments, args.corrections, args.http_actions, args.http_concurrent, args.clients)
    if min(counts) < 1 or args.items < 1 or args.corrections > args.actions:
        parser.error("every count must be at least 1, and --corrections at most --actions")
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    raise SystemExit(main())
