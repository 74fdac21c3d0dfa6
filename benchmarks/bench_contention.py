"""Reads and writes together: how long a write or a quick read waits while other requests read.

From the repository root::

    python -m benchmarks.bench_contention                 # SQLite, 50,000 items
    python -m benchmarks.bench_contention --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/benchcontention

What it does, against a real ``tracker serve`` (one uvicorn worker, ``TRACKER_WRITE_RATE_LIMIT=0``)
on 127.0.0.1 (``--port``, default 18100):

1. the database: on SQLite a copy (SQLite's backup API) of ``/tmp/bench<items/1000>k.db`` as
   ``benchmarks.bench_http`` builds it (``--items`` synthetic items); on PostgreSQL the given
   database after ``DROP SCHEMA public CASCADE; CREATE SCHEMA public``, migrated and loaded with
   the same items. An ``editor`` API key is created. Not timed.
2. ``writes``: for 0, 1, 2 and 4 readers, each reader a process with its own keep-alive
   ``httpx.Client`` looping over ``GET /api/v1/items?state=XXX&limit=50`` (the State with the
   most items) and ``GET /api/v1/items?q=WORD&limit=20`` (full-text search), one writer sends
   ``--writes`` (40) ``POST /api/v1/actions`` one after the other (a KAZ statement linked to 1-3
   KAZ items, as ``bench_write`` writes them). Reported: write p50/p99 per reader count, and the
   readers' requests/s. Target: with 4 readers the write p50 within 3x of the p50 with none.
3. ``quick``: ``--quick`` (300) ``GET /api/v1/items/{id}`` (rotating over 300 real ids) from one
   client one after the other, first alone, then while 2 clients loop over full-text searches
   and briefings (``GET /api/v1/briefings/XXX``). Target: item p99 < 20 ms with the heavy reads.

Every answer must be 200 (201 for a write); any other is counted and makes the run fail.
Prints a table and writes ``benchmarks/results/contention.json`` (``--out``).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import multiprocessing
import os
import platform
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

import tracker
from benchmarks.bench_http import SEARCH_WORDS, build_database, get_json, pick_inputs, stop, wait_up
from benchmarks.bench_write import action_body, percentile
from benchmarks.common import empty_postgres
from benchmarks.generate import generate

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results" / "contention.json"
TRACKER_CLI = Path(sys.executable).parent / "tracker"
READER_COUNTS = (0, 1, 2, 4)
HEAVY_CLIENTS = 2
WRITE_P50_FACTOR = 3.0
QUICK_P99_TARGET_MS = 20.0


class BenchmarkFailed(Exception):
    """An answer was not the one expected."""


def prepare(args: argparse.Namespace, directory: Path) -> tuple[str, dict[str, Any]]:
    """The database URL the server runs on, and what the clients ask for (state, ids, KAZ items, a key)."""
    if args.database_url:
        url = args.database_url
        asyncio.run(empty_postgres(url))
        asyncio.run(_load(url, args.items))
        inputs = asyncio.run(_inputs(url))
    else:
        source = Path(f"/tmp/bench{args.items // 1000}k.db")
        build_database(source, args.items)
        copy = directory / "contention.db"
        with sqlite3.connect(source) as original, sqlite3.connect(copy) as target:
            original.backup(target)
        url = f"sqlite+aiosqlite:///{copy}"
        inputs = pick_inputs(copy)
        with sqlite3.connect(copy) as db:
            inputs["kaz_ids"] = [r[0] for r in db.execute("SELECT id FROM items WHERE state = 'KAZ' ORDER BY id LIMIT 500")]
    inputs["secret"] = asyncio.run(_editor_key(url))
    return url, inputs


async def _load(url: str, items: int) -> None:
    started = time.perf_counter()
    async with tracker.open(url, upgrade=True) as t:
        await t.load(generate(items))
    print(f"loaded {items:,} items in {time.perf_counter() - started:.1f} s", file=sys.stderr)


async def _inputs(url: str) -> dict[str, Any]:
    async with tracker.open(url) as t, t.reader() as reader:
        state = (
            await reader.execute(text("SELECT state FROM items GROUP BY state ORDER BY count(*) DESC, state LIMIT 1"))
        ).scalar_one()
        ids = (await reader.execute(text("SELECT id FROM items ORDER BY id"))).scalars().all()
        kaz = (await reader.execute(text("SELECT id FROM items WHERE state = 'KAZ' ORDER BY id LIMIT 500"))).scalars().all()
    step = max(1, len(ids) // 300)
    return {"state": state, "ids": list(ids[::step][:300]), "kaz_ids": list(kaz)}


async def _editor_key(url: str) -> str:
    async with tracker.open(url) as t:
        _key, secret = await t.keys.create(f"bench-contention-{os.getpid()}", "editor", by="bench")
    return secret


def _read_loop(base: str, urls: list[str], first: int, ready: Any, stop: Any, answers: Any) -> None:
    """One client process: GET the URLs in turn until ``stop`` is set, then put its counts by status.

    Says it is ``ready`` once its first answer is in (not counted): started, connected, answered."""
    statuses: dict[int, int] = {}
    with httpx.Client(base_url=base, timeout=120) as http:
        http.get(urls[first % len(urls)])
        ready.put(first)
        i = first + 1
        while not stop.is_set():
            status = http.get(urls[i % len(urls)]).status_code
            statuses[status] = statuses.get(status, 0) + 1
            i += 1
    answers.put(statuses)


class Loop:
    """Client processes sending GETs in a loop until stopped, counting answers by status.

    Processes, not threads: the timed client's latencies must not include waits for its own
    process's GIL while the others parse their answers."""

    def __init__(self, base: str, urls: list[str], clients: int) -> None:
        self.clients = clients
        self.statuses: dict[int, int] = {}
        context = multiprocessing.get_context("spawn")
        self._ready, self._stop, self._answers = context.Queue(), context.Event(), context.Queue()
        self._processes = [
            context.Process(target=_read_loop, args=(base, urls, n, self._ready, self._stop, self._answers))
            for n in range(clients)
        ]

    def __enter__(self) -> Loop:
        for process in self._processes:
            process.start()
        for _ in self._processes:  # every loop is under way before anything is timed
            self._ready.get(timeout=300)
        self.started = time.perf_counter()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.seconds = time.perf_counter() - self.started
        self._stop.set()
        for _ in self._processes:
            for status, count in self._answers.get(timeout=300).items():
                self.statuses[status] = self.statuses.get(status, 0) + count
        for process in self._processes:
            process.join()

    def summary(self) -> dict[str, Any]:
        answers = sum(self.statuses.values())
        return {
            "clients": self.clients,
            "answers": answers,
            "per_s": round(answers / self.seconds, 1) if self.clients else None,
            "non_200": sum(n for status, n in self.statuses.items() if status != 200),
        }


def timed(http: httpx.Client, calls: list[Callable[[httpx.Client], httpx.Response]], expected: int) -> dict[str, Any]:
    latencies, wrong = [], 0
    for call in calls:
        started = time.perf_counter()
        status = call(http).status_code
        latencies.append(time.perf_counter() - started)
        wrong += status != expected
    return {
        "requests": len(latencies),
        "p50_ms": round(1000 * percentile(latencies, 50), 2),
        "p99_ms": round(1000 * percentile(latencies, 99), 2),
        "max_ms": round(1000 * max(latencies), 2),
        f"non_{expected}": wrong,
    }


def bench_writes(base: str, inputs: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(2026)
    read_urls = [f"/api/v1/items?state={inputs['state']}&limit=50", f"/api/v1/items?q={inputs['word']}&limit=20"]
    measured: dict[str, Any] = {}
    headers = {"Authorization": f"Bearer {inputs['secret']}"}
    with httpx.Client(base_url=base, headers=headers, timeout=120) as http:
        for readers in READER_COUNTS:
            bodies = [action_body(rng, inputs["kaz_ids"], f"contention{readers}", n) for n in range(args.writes)]
            calls = [lambda h, b=b: h.post("/api/v1/actions", json=b) for b in bodies]
            with Loop(base, read_urls, readers) as loop:
                writes = timed(http, calls, 201)
            measured[str(readers)] = {"writes": writes, "readers": loop.summary()}
            print(f"  {readers} readers: write p50 {writes['p50_ms']} ms, p99 {writes['p99_ms']} ms", file=sys.stderr)
    return measured


def bench_quick(base: str, inputs: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    heavy_urls = [f"/api/v1/items?q={inputs['word']}&limit=20", f"/api/v1/briefings/{inputs['state']}"]
    ids = inputs["ids"]
    calls = [lambda h, n=n: h.get(f"/api/v1/items/{ids[n % len(ids)]}") for n in range(args.quick)]
    measured: dict[str, Any] = {}
    with httpx.Client(base_url=base, timeout=120) as http:
        for heavy in (0, HEAVY_CLIENTS):
            with Loop(base, heavy_urls, heavy) as loop:
                items = timed(http, calls, 200)
            measured[str(heavy)] = {"items": items, "heavy": loop.summary()}
            print(f"  {heavy} heavy clients: item p50 {items['p50_ms']} ms, p99 {items['p99_ms']} ms", file=sys.stderr)
    return measured


def run(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="tracker-bench-contention-") as directory:
        url, inputs = prepare(args, Path(directory))
        base = f"http://127.0.0.1:{args.port}"
        env = {**os.environ, "TRACKER_WRITE_RATE_LIMIT": "0", "TRACKER_LOG_LEVEL": "warning"}
        server = subprocess.Popen(
            [str(TRACKER_CLI), "--database-url", url, "serve", "--host", "127.0.0.1", "--port", str(args.port)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_up(f"{base}/health", server)
            inputs["word"] = next((w for w in SEARCH_WORDS if get_json(f"{base}/api/v1/items?q={w}&limit=1")["items"]), None)
            if inputs["word"] is None:
                raise BenchmarkFailed(f"none of {SEARCH_WORDS} found by full-text search")
            get_json(f"{base}/api/v1/briefings/{inputs['state']}")  # warm up
            print("writes under read load ...", file=sys.stderr)
            writes = bench_writes(base, inputs, args)
            print("item reads beside heavy reads ...", file=sys.stderr)
            quick = bench_quick(base, inputs, args)
        finally:
            stop(server)
    idle, loaded = writes["0"]["writes"]["p50_ms"], writes[str(READER_COUNTS[-1])]["writes"]["p50_ms"]
    quick_p99 = quick[str(HEAVY_CLIENTS)]["items"]["p99_ms"]
    results = {
        "date": dt.date.today().isoformat(),
        "backend": "postgresql" if args.database_url else "sqlite",
        "items": args.items,
        "writes_per_reader_count": args.writes,
        "quick_requests": args.quick,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "state": inputs["state"],
        "search_word": inputs["word"],
        "writes": writes,
        "quick": quick,
        "verdicts": {
            "writes": {
                "p50_ratio": round(loaded / idle, 2),
                "target": f"write p50 with {READER_COUNTS[-1]} readers <= {WRITE_P50_FACTOR:g}x the p50 with none",
                "met": loaded <= WRITE_P50_FACTOR * idle,
            },
            "quick": {
                "p99_ms": quick_p99,
                "target": f"item p99 < {QUICK_P99_TARGET_MS:g} ms beside {HEAVY_CLIENTS} heavy clients",
                "met": quick_p99 < QUICK_P99_TARGET_MS,
            },
        },
    }
    failures = [
        part for part in (*writes.values(), *quick.values()) for r in part.values() if r.get("non_200") or r.get("non_201")
    ]
    if failures:
        raise BenchmarkFailed(f"unexpected answers: {failures}")
    return results


def table(results: dict[str, Any]) -> str:
    lines = [
        f"{results['backend']}, {results['items']:,} items",
        "",
        "| readers | write p50 ms | write p99 ms | write max ms | reads/s |",
        "|---:|---:|---:|---:|---:|",
    ]
    for readers, r in results["writes"].items():
        w, per_s = r["writes"], r["readers"]["per_s"]
        lines.append(f"| {readers} | {w['p50_ms']} | {w['p99_ms']} | {w['max_ms']} | {'-' if per_s is None else per_s} |")
    lines += ["", "| heavy clients | item p50 ms | item p99 ms | item max ms | heavy reads/s |", "|---:|---:|---:|---:|---:|"]
    for heavy, r in results["quick"].items():
        i, per_s = r["items"], r["heavy"]["per_s"]
        lines.append(f"| {heavy} | {i['p50_ms']} | {i['p99_ms']} | {i['max_ms']} | {'-' if per_s is None else per_s} |")
    lines.append("")
    for name, v in results["verdicts"].items():
        lines.append(f"{name}: {'MET' if v['met'] else 'MISSED'} ({v['target']}; {v})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=50_000)
    parser.add_argument("--database-url", default=None, help="a PostgreSQL database to use (emptied first) instead of SQLite")
    parser.add_argument("--writes", type=int, default=40, help="writes timed per reader count")
    parser.add_argument("--quick", type=int, default=300, help="item reads timed, alone and beside heavy reads")
    parser.add_argument("--port", type=int, default=18100)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    results = run(args)
    print(table(results))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
