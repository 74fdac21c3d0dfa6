"""In-process timing of the item reads: one item, a list of 50 for one State, a full-text page.

From the repository root, on a database built by ``bench_http.py`` (or any loaded one)::

    python -m benchmarks.profile_reads --url sqlite+aiosqlite:////tmp/bench50k.db
    python -m benchmarks.profile_reads --url postgresql+asyncpg://postgres@127.0.0.1:5432/bench --profile list

Each case is called once to warm up, then ``--calls`` times one after the other; the figures are
the median milliseconds per call, wall clock and CPU time of this process (steadier on a busy
machine; it leaves out the database server's share on PostgreSQL). With ``--rounds N`` every case
runs N times over, cases taking turns, and the lowest medians are kept. The item case rotates over 300 ids spread over the table, the
list case asks ``state=<the State with the most items>&limit=50``, the search case
``q=<word>&limit=20`` as ``bench_http.py`` does. ``--profile CASE`` runs that case under cProfile
and prints the 25 costliest functions by own time.

``--http PORT`` measures instead the server's share: ``tracker serve`` (one worker) on that port
is asked each case ``--calls`` times, one request after the other on one connection, and the
CPU time its process used (``/proc/PID/stat``) is divided by the requests; then the same for
``benchmarks/ceiling_app.py`` under uvicorn. On a machine shared with other work, CPU per
request holds where requests per second do not; the ceiling's CPU per request over the
endpoint's is what its requests per second would be, as a share of the ceiling's, on a core
of its own.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import http.client
import os
import pstats
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

import tracker
from tracker.db.models import ItemRow

CASES = ("item", "list", "search")
ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


async def _inputs(t: tracker.Tracker, ids: int = 300) -> tuple[str, list[str]]:
    async with t.reader() as reader:
        (state,) = (
            await reader.execute(
                select(ItemRow.state).group_by(ItemRow.state).order_by(func.count().desc(), ItemRow.state).limit(1)
            )
        ).one()
        every = (await reader.execute(select(ItemRow.id).order_by(ItemRow.id))).scalars().all()
    return state, list(every[:: max(1, len(every) // ids)][:ids])


async def _timed(call: Callable[[int], Awaitable[Any]], calls: int) -> tuple[float, float]:
    """Median wall and CPU (this process) milliseconds per call."""
    await call(0)
    wall, cpu = [], []
    for n in range(calls):
        started, started_cpu = time.perf_counter(), time.process_time()
        await call(n)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


async def run(url: str, calls: int, word: str, profile: str | None, rounds: int = 1) -> dict[str, tuple[float, float]]:
    async with tracker.open(url) as t:
        state, ids = await _inputs(t)
        cases: dict[str, Callable[[int], Awaitable[Any]]] = {
            "item": lambda n: t.items.get(ids[n % len(ids)]),
            "list": lambda n: t.items.list(state=state, limit=50),
            "search": lambda n: t.items.list(q=word, limit=20),
        }
        if profile:
            profiler = cProfile.Profile()
            profiler.enable()
            await _timed(cases[profile], calls)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        figures: dict[str, tuple[float, float]] = {}
        for _ in range(rounds):
            for name, call in cases.items():
                wall, cpu = await _timed(call, calls)
                best = figures.get(name, (wall, cpu))
                figures[name] = (min(wall, best[0]), min(cpu, best[1]))
        return figures


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _server_cpu(
    command: list[str], env: dict[str, str], port: int, paths: dict[str, Callable[[int], str]], requests: int
) -> dict[str, float]:
    """Milliseconds of the server's CPU per request, for each case, asked ``requests`` times one after the other."""
    server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                connection.request("GET", "/")
                connection.getresponse().read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        figures = {}
        for name, path in paths.items():
            for n in range(-10, requests):  # ten to warm up
                if n == 0:
                    before = _cpu_seconds(server.pid)
                connection.request("GET", path(n))
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    raise RuntimeError(f"{path(n)} answered {response.status}")
            figures[name] = (_cpu_seconds(server.pid) - before) / requests * 1000
        return figures
    finally:
        server.terminate()
        server.wait(10)


def http_cpu(url: str, port: int, requests: int, word: str) -> dict[str, float]:
    """Server CPU milliseconds per request of ``tracker serve`` (the three cases) and of the ceiling app."""

    async def inputs() -> tuple[str, list[str]]:
        async with tracker.open(url) as t:
            return await _inputs(t)

    state, ids = asyncio.run(inputs())
    env = {**os.environ, "TRACKER_DATABASE_URL": url, "TRACKER_PORT": str(port), "TRACKER_HOST": "127.0.0.1"}
    paths: dict[str, Callable[[int], str]] = {
        "item": lambda n: f"/api/v1/items/{ids[n % len(ids)]}",
        "list": lambda n: f"/api/v1/items?state={state}&limit=50",
        "search": lambda n: f"/api/v1/items?q={word}&limit=20",
    }
    figures = _server_cpu([str(BIN / "tracker"), "serve"], env, port, paths, requests)
    ceiling = [str(BIN / "uvicorn"), "benchmarks.ceiling_app:app", "--port", str(port), "--log-level", "warning"]
    return figures | _server_cpu(ceiling, dict(os.environ), port, {"ceiling": lambda n: "/"}, requests)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="database URL, e.g. sqlite+aiosqlite:////tmp/bench50k.db")
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--word", default="torture", help="the full-text query of the search case")
    parser.add_argument("--rounds", type=int, default=1, help="run every case this many times; keep the lowest medians")
    parser.add_argument("--profile", choices=CASES, default=None)
    parser.add_argument(
        "--http", type=int, default=None, metavar="PORT", help="instead, the server's CPU per request over HTTP on this port"
    )
    args = parser.parse_args(argv)
    if args.http:
        spent = http_cpu(args.url, args.http, args.calls, args.word)
        for name, ms in spent.items():
            share = spent["ceiling"] / ms * 100
            print(f"{name:8} {ms:8.3f} ms of server CPU per request ({share:5.1f} % of the ceiling's requests per CPU second)")
        return 0
    figures = asyncio.run(run(args.url, args.calls, args.word, args.profile, args.rounds))
    for name, (wall, cpu) in figures.items():
        print(f"{name:8} {wall:8.3f} ms per call, {cpu:8.3f} ms CPU in this process (medians of {args.calls})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
