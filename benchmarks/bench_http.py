"""HTTP read benchmark: requests/s and p50/p99 latency of the read endpoints under wrk.

From the repository root::

    python -m benchmarks.bench_http                       # SQLite, 250,000 items, 10 s per endpoint
    python -m benchmarks.bench_http --items 50000 --duration 5
    python -m benchmarks.bench_http --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/benchhttp
    python -m benchmarks.bench_http --workers 1 2         # item and list50 under 1, then 2 workers
    python -m benchmarks.bench_http --mixed               # the four endpoints at the same time

Needs ``wrk`` (``apt-get install wrk``) and ``curl``. What it does:

1. builds a database of ``--items`` synthetic items with ``benchmarks.generate`` and
   ``tracker.load``, reused when it already holds that many items: SQLite in
   ``/tmp/bench<items/1000>k.db`` (or ``--db``), or with ``--database-url`` the PostgreSQL
   database given, emptied first (``DROP SCHEMA public CASCADE; CREATE SCHEMA public``);
2. starts ``tracker serve`` on 127.0.0.1 (one uvicorn worker, as shipped) and runs
   ``wrk -t2 -c64 -d<duration>s --latency`` against, in turn:

   - ``item``: ``GET /api/v1/items/{id}``, a Lua script rotating over 300 real ids;
   - ``list50``: ``GET /api/v1/items?state=XXX&limit=50`` (the State with the most items);
   - ``search``: ``GET /api/v1/items?q=WORD&limit=20`` (a word checked to have hits);
   - ``search16``: the same search with 16 connections (``-c16``), where its target is set;
   - ``briefing``: ``GET /api/v1/briefings/XXX`` (JSON);

3. before the wrk runs (so no queued request competes with it), times
   ``curl -s -o /dev/null .../api/v1/export?format=ndjson`` (every item) while sampling the
   server's VmRSS every 0.2 s;
4. stops it and runs the same wrk against the bare app, ``benchmarks/ceiling_app.py`` under
   uvicorn with one worker: a constant ``{"status": "ok"}``, the ceiling for this framework on
   this machine; each endpoint is also reported as a share of it (``search16`` of the bare app
   at 16 connections).

Prints a table and writes ``benchmarks/results/http.json``.

``--cache off`` runs the server with ``TRACKER_RESPONSE_CACHE_MB=0``, so every read runs its queries;
with ``--cache on`` (the default, as shipped) a read asked again before any write is answered from
the worker's cache of reads (wrk asks the same addresses over and over: nearly every request is a hit).

``--workers 1 2`` measures instead ``item`` and ``list50`` under ``tracker serve --workers N``,
and the bare app under uvicorn with N workers, for each N in turn, on the same database and with
the same wrk, and writes ``benchmarks/results/http-workers.json``.

``--mixed`` measures instead ``item``, ``list50``, ``search`` and ``briefing`` at the same time:
one wrk process per endpoint (``-t1``, on its share of the 64 connections: ``MIXED``, 32, 16, 8
and 8), all started together against one ``tracker serve``, so that each endpoint's p99 is
measured while the others load the server; then the same four wrk processes against the bare
app (each endpoint is reported as a share of the bare app's requests/s on the same
connections). Writes ``benchmarks/results/http-mixed.json``.

With ``--database-url`` the results files are named ``...-postgresql.json``
(``http-postgresql.json``, ``http-workers-postgresql.json``, ``http-mixed-postgresql.json``).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import make_url, text
from sqlalchemy.exc import ArgumentError, DBAPIError

import tracker
from tracker.db.engine import create_engine

try:
    from benchmarks.common import empty_postgres, free_port, revision, stop, wait_up
except ImportError:  # run as a script: python benchmarks/bench_http.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.common import empty_postgres, free_port, revision, stop, wait_up

#: What other benchmarks import from here (bench_briefing among them): keep these names.
__all__ = ["build_database", "free_port", "pick_inputs", "serve", "stop", "wait_up", "wrk"]

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).resolve().parent / "results"
VENV_BIN = Path(sys.executable).parent
CONNECTIONS = 64
THREADS = 2
#: The connections of the full-text run its target is stated for.
SEARCH_CONNECTIONS = 16
#: wrk's default 2 s timeout drops slow requests from its latency figures; keep them.
TIMEOUT = 30
SEARCH_WORDS = ("torture", "detention", "judiciary", "education")
#: The endpoints requested together by ``--mixed``, each by its own wrk process on these many of
#: the 64 connections: item pages the most, briefings (the slowest) the fewest.
MIXED = {"item": 32, "list50": 16, "search": 8, "briefing": 8}

#: Targets of the serving work (250,000 items, 2 cores, one worker, without the response cache).
TARGETS = {
    "item": "requests/s >= 50 % of the ceiling (PostgreSQL: >= 25 %)",
    "list50": "requests/s >= 30 % of the ceiling (PostgreSQL: >= 15 %)",
    "search16": "p99 < 50 ms at 16 connections (PostgreSQL: < 100 ms)",
    "briefing": "p50 < 500 ms for the largest State (its size: bench_briefing.py)",
    "export": "all items as NDJSON in <= 8 s per 250,000 lines with flat memory",
}
ITEM_SHARE = {"sqlite": 0.50, "postgresql": 0.25}
LIST_SHARE = {"sqlite": 0.30, "postgresql": 0.15}
SEARCH16_P99_MS = {"sqlite": 50, "postgresql": 100}

LUA_IDS = """
local ids = {%s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/v1/items/" .. ids[(n %% #ids) + 1])
end
"""


# -- the database ----------------------------------------------------------------------------


def database_url(db: Path | str) -> str:
    """The URL of ``db``: a SQLite file's path, or a database URL kept as it is."""
    return f"sqlite+aiosqlite:///{db}" if isinstance(db, Path) else db


def backend_of(url: str) -> str:
    """``sqlite`` or ``postgresql``."""
    return make_url(url).get_backend_name()


async def _query(url: str, sql: str, **params: Any) -> list[Any]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return list((await connection.execute(text(sql), params)).all())
    finally:
        await engine.dispose()


def count_items(db: Path | str) -> int:
    """How many items the database holds; -1 when it has no items table (or, SQLite, no file)."""
    if isinstance(db, Path) and not db.exists():
        return -1
    try:
        return asyncio.run(_query(database_url(db), "SELECT count(*) FROM items"))[0][0]
    except DBAPIError:  # no items table yet
        return -1


def build_database(db: Path | str, items: int) -> str:
    """Make ``db`` hold ``items`` synthetic items, unless it already does; returns its URL.

    ``db`` is a SQLite file (deleted and made anew) or a PostgreSQL URL (its public schema
    dropped and made anew)."""
    from benchmarks.generate import generate

    url = database_url(db)
    shown = make_url(url).render_as_string(hide_password=True)
    if count_items(db) == items:
        print(f"reusing {shown} ({items:,} items)", file=sys.stderr)
        return url
    if isinstance(db, Path):
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    records = generate(items)

    async def load() -> None:
        if backend_of(url) == "postgresql":
            await empty_postgres(url)
        async with tracker.open(url, upgrade=True) as t:
            await t.load(records)

    asyncio.run(load())
    print(f"built {shown} ({items:,} items) in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return url


def pick_inputs(db: Path | str, ids: int = 300) -> dict[str, Any]:
    """The State with the most items, and ``ids`` item ids spread over the whole database."""

    async def pick() -> dict[str, Any]:
        url = database_url(db)
        state = (await _query(url, "SELECT state FROM items GROUP BY state ORDER BY count(*) DESC, state LIMIT 1"))[0][0]
        rows = await _query(url, "SELECT id FROM items ORDER BY id")
        step = max(1, len(rows) // ids)
        return {"state": state, "ids": [r[0] for r in rows[::step][:ids]]}

    return asyncio.run(pick())


# -- the servers -----------------------------------------------------------------------------


@contextmanager
def serve(url: str, workers: int = 1) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``tracker serve --workers N`` over ``url`` on a free port: its base URL and process, once it answers."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "TRACKER_DATABASE_URL": url, "TRACKER_PORT": str(port), "TRACKER_HOST": "127.0.0.1"}
    server = subprocess.Popen(
        [str(VENV_BIN / "tracker"), "serve", "--workers", str(workers)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_up(f"{base}/health", server)
        yield base, server
    finally:
        stop(server)


@contextmanager
def serve_bare(workers: int = 1) -> Iterator[str]:
    """``benchmarks/ceiling_app.py`` under uvicorn with ``workers`` workers: the URL it answers on."""
    port = free_port()
    command = [str(VENV_BIN / "uvicorn"), "benchmarks.ceiling_app:app", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", str(workers), "--log-level", "warning"]
    bare = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_up(f"http://127.0.0.1:{port}/", bare)
        yield f"http://127.0.0.1:{port}/"
    finally:
        stop(bare)


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def search_word(base: str) -> str:
    """The first of ``SEARCH_WORDS`` that full-text search finds."""
    for word in SEARCH_WORDS:
        if get_json(f"{base}/api/v1/items?q={word}&limit=1")["items"]:
            return word
    raise RuntimeError(f"none of {SEARCH_WORDS} found by full-text search")


@contextmanager
def ids_script(ids: list[str]) -> Iterator[str]:
    """A wrk Lua script requesting these items in turn: its path."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(LUA_IDS % ", ".join(json.dumps(i) for i in ids))
    try:
        yield lua.name
    finally:
        os.unlink(lua.name)


def endpoints(base: str, inputs: dict[str, Any], script: str, word: str | None = None) -> dict[str, tuple[str, str | None]]:
    """Each endpoint measured: its URL and wrk script (``search`` and ``briefing`` only with a search word)."""
    cases = {
        "item": (f"{base}/api/v1/items/{inputs['ids'][0]}", script),
        "list50": (f"{base}/api/v1/items?state={inputs['state']}&limit=50", None),
    }
    if word:
        cases["search"] = (f"{base}/api/v1/items?q={word}&limit=20", None)
        cases["briefing"] = (f"{base}/api/v1/briefings/{inputs['state']}", None)
    return cases


def warm_up(url: str, times: int = 1) -> None:
    """Request ``url`` (each worker likely once when ``times`` is twice their number), checking it answers 200."""
    for _ in range(times):
        with urllib.request.urlopen(url, timeout=60) as r:
            if r.status != 200:
                raise RuntimeError(f"{url} answered {r.status}")


# -- measuring -------------------------------------------------------------------------------


def to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(
    url: str, duration: int, script: str | None = None, connections: int = CONNECTIONS, threads: int = THREADS
) -> dict[str, Any]:
    """One wrk run: requests/s, latency percentiles (ms), requests, non-2xx answers and socket errors."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", f"--timeout={TIMEOUT}s", "--latency"]
    if script:
        command += ["-s", script]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    result: dict[str, Any] = {"url": url, "connections": connections, "threads": threads}
    result["rps"] = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    result["requests"] = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    for pct in ("50", "75", "90", "99"):
        m = re.search(rf"^\s+{pct}%\s+(\S+)", out, re.MULTILINE)
        # With no request answered in time wrk prints 0us: no latency was measured.
        result[f"p{pct}_ms"] = round(to_ms(m.group(1)), 2) if m and result["requests"] else None
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["non_2xx"] = int(bad.group(1)) if bad else 0
    errors = re.search(r"Socket errors: (.*)", out)
    result["socket_errors"] = errors.group(1).strip() if errors else ""
    return result


def wrk_together(
    cases: dict[str, tuple[str, str | None]], duration: int, connections: dict[str, int]
) -> dict[str, dict[str, Any]]:
    """One wrk process per case (one thread, its ``connections``), all started at the same time."""
    with ThreadPoolExecutor(len(cases)) as pool:
        running = {
            name: pool.submit(wrk, url, duration, script, connections=connections[name], threads=1)
            for name, (url, script) in cases.items()
        }
        return {name: future.result() for name, future in running.items()}


def vm_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def timed_export(base: str, pid: int) -> dict[str, Any]:
    before = vm_rss_kib(pid)
    samples: list[int] = []
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            samples.append(vm_rss_kib(pid))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    with tempfile.NamedTemporaryFile() as out:
        started = time.perf_counter()
        subprocess.run(["curl", "-s", "-o", out.name, f"{base}/api/v1/export?format=ndjson"], check=True)
        seconds = time.perf_counter() - started
        size = os.path.getsize(out.name)
        with open(out.name, "rb") as f:
            lines = sum(1 for _ in f)
    done.set()
    sampler.join()
    return {
        "seconds": round(seconds, 2),
        "bytes": size,
        "lines": lines,
        "rss_before_mib": round(before / 1024, 1),
        "rss_peak_mib": round(max(samples, default=before) / 1024, 1),
        "rss_after_mib": round(vm_rss_kib(pid) / 1024, 1),
        "samples": len(samples),
    }


def share(endpoint: dict[str, Any], bare: dict[str, Any]) -> float:
    """The endpoint's requests/s as a share of the bare app's."""
    return round(endpoint["rps"] / bare["rps"], 3)


# -- the modes -------------------------------------------------------------------------------


def _prepared(items: int, duration: int, db: Path | str) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """The database built (or reused), the inputs picked from it, and the head of a run's results."""
    if not shutil.which("wrk"):
        raise SystemExit("wrk not found: apt-get install wrk")
    url = build_database(db, items)
    inputs = pick_inputs(db)
    results: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "git": revision(),
        "items": items,
        "duration_s": duration,
        "connections": CONNECTIONS,
        "threads": THREADS,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "backend": backend_of(url),
        "database": str(db) if isinstance(db, Path) else make_url(url).render_as_string(hide_password=True),
        "state": inputs["state"],
    }
    return url, inputs, results


def run(items: int, duration: int, db: Path | str) -> dict[str, Any]:
    """Each endpoint in turn under one worker, the export, then the bare app."""
    url, inputs, results = _prepared(items, duration, db)
    results.update(targets=TARGETS, endpoints={})
    with serve(url) as (base, server), ids_script(inputs["ids"]) as script:
        word = results["search_word"] = search_word(base)
        # First, while nothing else is queued on the server.
        print("export ...", file=sys.stderr)
        results["export"] = timed_export(base, server.pid)
        cases = endpoints(base, inputs, script, word)
        for name, (endpoint, lua) in cases.items():
            warm_up(endpoint)
            print(f"wrk {name}: {endpoint}", file=sys.stderr)
            results["endpoints"][name] = wrk(endpoint, duration, lua)
            if lua:
                results["endpoints"][name]["ids"] = len(inputs["ids"])
            if name == "search":
                print(f"wrk search16: {endpoint}", file=sys.stderr)
                results["endpoints"]["search16"] = wrk(endpoint, duration, connections=SEARCH_CONNECTIONS)

    with serve_bare() as bare:
        print("wrk ceiling", file=sys.stderr)
        results["bare"] = {"ceiling": wrk(bare, duration), "ceiling16": wrk(bare, duration, connections=SEARCH_CONNECTIONS)}
    for name, measured in results["endpoints"].items():
        measured["share_of_bare"] = share(measured, results["bare"]["ceiling16" if name == "search16" else "ceiling"])
    results["verdicts"] = verdicts(results)
    return results


def run_workers(items: int, duration: int, db: Path | str, counts: list[int]) -> dict[str, Any]:
    """``item`` and ``list50`` under ``tracker serve --workers N``, then the bare app with N workers, for each N of ``counts``."""
    url, inputs, results = _prepared(items, duration, db)
    results["workers"] = {}
    with ids_script(inputs["ids"]) as script:
        for count in counts:
            measured: dict[str, Any] = {}
            with serve(url, count) as (base, _server):
                for name, (endpoint, lua) in endpoints(base, inputs, script).items():
                    warm_up(endpoint, 2 * count)
                    print(f"wrk {name}, {count} worker(s): {endpoint}", file=sys.stderr)
                    measured[name] = wrk(endpoint, duration, lua)
            with serve_bare(count) as bare:
                print(f"wrk ceiling, {count} worker(s)", file=sys.stderr)
                measured["ceiling"] = wrk(bare, duration)
            for name in ("item", "list50"):
                measured[name]["share_of_bare"] = share(measured[name], measured["ceiling"])
            results["workers"][str(count)] = measured
    return results


def run_mixed(items: int, duration: int, db: Path | str) -> dict[str, Any]:
    """The ``MIXED`` endpoints requested at the same time, one wrk process each on its share of the
    connections; then the bare app under the same wrk processes."""
    url, inputs, results = _prepared(items, duration, db)
    results.update(threads=1, connections_per_endpoint=MIXED, endpoints={})
    with serve(url) as (base, _server), ids_script(inputs["ids"]) as script:
        word = results["search_word"] = search_word(base)
        cases = endpoints(base, inputs, script, word)
        for endpoint, _lua in cases.values():
            warm_up(endpoint)
        print(f"wrk {', '.join(cases)} together on {MIXED} connections", file=sys.stderr)
        results["endpoints"] = wrk_together(cases, duration, MIXED)
    with serve_bare() as bare:
        print(f"wrk ceiling, the same {len(MIXED)} wrk processes", file=sys.stderr)
        results["bare"] = wrk_together({name: (bare, None) for name in MIXED}, duration, MIXED)
    for name, measured in results["endpoints"].items():
        measured["share_of_bare"] = share(measured, results["bare"][name])
    total = sum(r["rps"] for r in results["endpoints"].values())
    bare_total = sum(r["rps"] for r in results["bare"].values())
    results["total"] = {
        "requests": sum(r["requests"] for r in results["endpoints"].values()),
        "rps": round(total, 2),
        "bare_requests": sum(r["requests"] for r in results["bare"].values()),
        "bare_rps": round(bare_total, 2),
        "share_of_bare": round(total / bare_total, 3),
    }
    return results


# -- reporting -------------------------------------------------------------------------------


def below(ms: float | None, limit: float) -> bool:
    """Whether a latency was measured and is under ``limit``."""
    return ms is not None and ms < limit


def verdicts(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    e = results["endpoints"]
    item_share, list_share = e["item"]["share_of_bare"], e["list50"]["share_of_bare"]
    search_limit = SEARCH16_P99_MS[results["backend"]]
    export = results["export"]
    growth = export["rss_peak_mib"] - export["rss_before_mib"]
    backend = results["backend"]
    return {
        "item": {"share_of_ceiling": item_share, "met": item_share >= ITEM_SHARE[backend]},
        "list50": {"share_of_ceiling": list_share, "met": list_share >= LIST_SHARE[backend]},
        "search16": {
            "p99_ms": e["search16"]["p99_ms"],
            "limit_ms": search_limit,
            "met": below(e["search16"]["p99_ms"], search_limit),
        },
        "briefing": {"p50_ms": e["briefing"]["p50_ms"], "met": below(e["briefing"]["p50_ms"], 500)},
        "export": {
            "seconds": export["seconds"],
            "limit_seconds": round(8 * export["lines"] / 250_000, 2),
            "rss_growth_mib": round(growth, 1),
            "met": export["seconds"] <= 8 * export["lines"] / 250_000 and export["lines"] >= results["items"],
        },
    }


HEAD = "| endpoint | connections | requests | requests/s | % of bare | p50 ms | p90 ms | p99 ms | non-2xx |"
RULE = "|---|---:|---:|---:|---:|---:|---:|---:|---:|"


def shown(ms: float | None) -> str:
    return "-" if ms is None else str(ms)


def _row(name: str, r: dict[str, Any]) -> str:
    shared = f"{100 * r['share_of_bare']:.1f} %" if "share_of_bare" in r else "100 %"
    latencies = " | ".join(shown(r[f"p{pct}_ms"]) for pct in (50, 90, 99))
    return f"| {name} | {r['connections']} | {r['requests']:,} | {r['rps']:,.0f} | {shared} | {latencies} | {r['non_2xx']} |"


def short_runs(measured: dict[str, dict[str, Any]]) -> list[str]:
    """Notes naming the runs too short for a p99 worth the name, if any."""
    empty = [name for name, r in measured.items() if r["requests"] == 0]
    short = [name for name, r in measured.items() if 0 < r["requests"] < 100]
    notes = [f"no request answered within the run, so no latency: {', '.join(empty)}"] if empty else []
    return notes + ([f"fewer than 100 requests, so p99 is about the slowest one: {', '.join(short)}"] if short else [])


def table(results: dict[str, Any]) -> str:
    lines = [HEAD, RULE]
    lines += [_row(name, r) for name, r in results["endpoints"].items()]
    lines += [_row(f"bare app ({name})", r) for name, r in results["bare"].items()]
    lines += short_runs(results["endpoints"])
    x = results["export"]
    lines.append("")
    lines.append(
        f"export NDJSON: {x['lines']:,} lines, {x['bytes'] / 2**20:.0f} MiB in {x['seconds']} s; "
        f"server RSS {x['rss_before_mib']} MiB before, {x['rss_peak_mib']} MiB peak, {x['rss_after_mib']} MiB after"
    )
    lines.append("")
    for name, v in results["verdicts"].items():
        lines.append(f"{name}: {'MET' if v['met'] else 'MISSED'} ({TARGETS[name]}; {v})")
    return "\n".join(lines)


def workers_table(results: dict[str, Any]) -> str:
    lines = ["| workers " + HEAD, "|---:" + RULE]
    for count, measured in results["workers"].items():
        lines += [f"| {count} " + _row("bare app" if name == "ceiling" else name, r) for name, r in measured.items()]
    lines += short_runs(
        {f"{name} under --workers {count}": r for count, measured in results["workers"].items() for name, r in measured.items()}
    )
    return "\n".join(lines)


def mixed_table(results: dict[str, Any]) -> str:
    lines = [HEAD, RULE]
    lines += [_row(name, r) for name, r in results["endpoints"].items()]
    t, connections = results["total"], sum(MIXED.values())
    errors = sum(r["non_2xx"] for r in results["endpoints"].values())
    lines.append(
        f"| all | {connections} | {t['requests']:,} | {t['rps']:,.0f} | {100 * t['share_of_bare']:.1f} % | | | | {errors} |"
    )
    lines.append(
        f"| bare app (the same wrk processes) | {connections} | {t['bare_requests']:,} | {t['bare_rps']:,.0f} | 100 % | | | | |"
    )
    lines += short_runs(results["endpoints"])
    return "\n".join(lines)


def results_path(mode: str, backend: str) -> Path:
    """``http[-workers|-mixed][-postgresql].json`` in benchmarks/results."""
    parts = ["http", *([mode] if mode else []), *([backend] if backend != "sqlite" else [])]
    return RESULTS_DIR / f"{'-'.join(parts)}.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=250_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per endpoint")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", type=Path, default=None, help="SQLite file (default /tmp/bench<items/1000>k.db)")
    where.add_argument(
        "--database-url",
        default=None,
        metavar="URL",
        help="a PostgreSQL database (postgresql+asyncpg://...) instead; its public schema is DROPPED unless it "
        "already holds --items items",
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="default benchmarks/results/http[-workers|-mixed][-postgresql].json"
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--workers",
        type=int,
        nargs="+",
        default=None,
        metavar="N",
        help="measure item and list50 under `tracker serve --workers N` for each N given instead",
    )
    mode.add_argument("--mixed", action="store_true", help="measure item, list50, search and briefing at the same time instead")
    parser.add_argument(
        "--cache",
        choices=["on", "off"],
        default="on",
        help="keep public reads in the server's cache (on, as shipped) or run every read's queries (off)",
    )
    args = parser.parse_args(argv)
    # The servers started below inherit this process's environment.
    if args.cache == "off":
        os.environ["TRACKER_RESPONSE_CACHE_MB"] = "0"
    else:
        os.environ.pop("TRACKER_RESPONSE_CACHE_MB", None)
    try:
        valid = args.database_url is None or backend_of(args.database_url) == "postgresql"
    except ArgumentError:
        valid = False
    if not valid:
        parser.error(f"--database-url must be a PostgreSQL URL (SQLite: --db FILE), not {args.database_url!r}")
    if args.items < 1 or args.duration < 1:
        parser.error(f"--items and --duration must be at least 1, not {args.items} and {args.duration}")
    if args.workers and min(args.workers) < 1:
        parser.error(f"--workers must be at least 1, not {min(args.workers)}")
    db: Path | str = args.database_url or args.db or Path(f"/tmp/bench{args.items // 1000}k.db")
    if args.workers:
        results, report, mode_name = run_workers(args.items, args.duration, db, args.workers), workers_table, "workers"
    elif args.mixed:
        results, report, mode_name = run_mixed(args.items, args.duration, db), mixed_table, "mixed"
    else:
        results, report, mode_name = run(args.items, args.duration, db), table, ""
    results["cache"] = args.cache
    print(report(results))
    out = args.out or results_path(mode_name, results["backend"])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
