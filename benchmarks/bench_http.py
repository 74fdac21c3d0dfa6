"""HTTP read benchmark: requests/s and p50/p99 latency of the read endpoints under wrk.

From the repository root::

    python -m benchmarks.bench_http                       # 250,000 items, 10 s per endpoint
    python -m benchmarks.bench_http --items 50000 --duration 5

Needs ``wrk`` (``apt-get install wrk``) and ``curl``. What it does:

1. builds a SQLite database of ``--items`` synthetic items with ``benchmarks.generate`` and
   ``tracker.load`` (``/tmp/bench<items>.db``; reused when it already holds that many items);
2. starts ``tracker serve`` on 127.0.0.1 (one uvicorn worker, as shipped) and runs
   ``wrk -t2 -c64 -d<duration>s --latency`` against, in turn:

   - ``item``: ``GET /api/v1/items/{id}``, a Lua script rotating over 300 real ids;
   - ``list50``: ``GET /api/v1/items?state=XXX&limit=50`` (the State with the most items);
   - ``search``: ``GET /api/v1/items?q=WORD&limit=20`` (a word checked to have hits);
   - ``briefing``: ``GET /api/v1/briefings/XXX`` (JSON);

3. before the wrk runs (so no queued request competes with it), times
   ``curl -s -o /dev/null .../api/v1/export?format=ndjson`` (every item) while sampling the
   server's VmRSS every 0.2 s;
4. stops it and runs the same wrk against ``benchmarks/ceiling_app.py`` under uvicorn with one
   worker: a constant ``{"status": "ok"}``, the ceiling for this framework on this machine.

Prints a table and writes ``benchmarks/results/http.json``.

``--cache off`` runs the server with ``TRACKER_RESPONSE_CACHE_MB=0``, so every read runs its queries;
with ``--cache on`` (the default, as shipped) a read asked again before any write is answered from
the worker's cache of reads (wrk asks the same addresses over and over: nearly every request is a hit).

``--workers 1 2`` measures instead ``item`` and ``list50`` under ``tracker serve --workers N`` for
each N in turn, on the same database and with the same wrk, and writes
``benchmarks/results/http-workers.json``.
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
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results" / "http.json"
WORKERS_RESULTS = Path(__file__).resolve().parent / "results" / "http-workers.json"
VENV_BIN = Path(sys.executable).parent
CONNECTIONS = 64
THREADS = 2
#: wrk's default 2 s timeout drops slow requests from its latency figures; keep them.
TIMEOUT = 30
SEARCH_WORDS = ("torture", "detention", "judiciary", "education")

#: Targets from the project issue (250,000 items, SQLite, 2 cores, one worker).
TARGETS = {
    "item": "requests/s >= 40 % of the ceiling and p99 < 20 ms",
    "list50": "requests/s >= 20 % of the ceiling",
    "search": "p95 < 50 ms (wrk reports p90/p99; judged on p99)",
    "export": "all items as NDJSON in < 20 s with flat memory",
}

LUA_IDS = """
local ids = {%s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/v1/items/" .. ids[(n %% #ids) + 1])
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def count_items(path: Path) -> int:
    if not path.exists():
        return -1
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            return db.execute("SELECT count(*) FROM items").fetchone()[0]
    except sqlite3.Error:
        return -1


def build_database(path: Path, items: int) -> None:
    import tracker
    from benchmarks.generate import generate

    if count_items(path) == items:
        print(f"reusing {path} ({items:,} items)", file=sys.stderr)
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    records = generate(items)

    async def load() -> None:
        async with tracker.open(f"sqlite+aiosqlite:///{path}", upgrade=True) as t:
            await t.load(records)

    asyncio.run(load())
    print(f"built {path} ({items:,} items) in {time.perf_counter() - started:.1f} s", file=sys.stderr)


def pick_inputs(path: Path, ids: int = 300) -> dict[str, Any]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        state = db.execute("SELECT state FROM items GROUP BY state ORDER BY count(*) DESC, state LIMIT 1").fetchone()[0]
        step = max(1, db.execute("SELECT count(*) FROM items").fetchone()[0] // ids)
        rows = db.execute("SELECT id FROM items ORDER BY id").fetchall()
    return {"state": state, "ids": [r[0] for r in rows[::step][:ids]]}


def wait_up(url: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer in {timeout} s")


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(url: str, duration: int, script: str | None = None) -> dict[str, Any]:
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{duration}s", f"--timeout={TIMEOUT}s", "--latency"]
    if script:
        command += ["-s", script]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    result: dict[str, Any] = {"url": url, "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}  # type: ignore[union-attr]
    for pct in ("50", "75", "90", "99"):
        m = re.search(rf"^\s+{pct}%\s+(\S+)", out, re.MULTILINE)
        result[f"p{pct}_ms"] = round(to_ms(m.group(1)), 2) if m else None
    result["requests"] = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["non_2xx"] = int(bad.group(1)) if bad else 0
    errors = re.search(r"Socket errors: (.*)", out)
    result["socket_errors"] = errors.group(1).strip() if errors else ""
    return result


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


def _prepared(items: int, duration: int, db: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The database built (or reused), the inputs picked from it, and the head of a run's results."""
    if not shutil.which("wrk"):
        raise SystemExit("wrk not found: apt-get install wrk")
    build_database(db, items)
    inputs = pick_inputs(db)
    results: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "items": items,
        "duration_s": duration,
        "connections": CONNECTIONS,
        "threads": THREADS,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "database": str(db),
        "state": inputs["state"],
    }
    return inputs, results


def run(items: int, duration: int, db: Path) -> dict[str, Any]:
    inputs, results = _prepared(items, duration, db)
    results.update(targets=TARGETS, endpoints={})

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "TRACKER_DATABASE_URL": f"sqlite+aiosqlite:///{db}",
        "TRACKER_PORT": str(port),
        "TRACKER_HOST": "127.0.0.1",
    }
    server = subprocess.Popen(
        [str(VENV_BIN / "tracker"), "serve"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_up(f"{base}/health", server)
        word = next((w for w in SEARCH_WORDS if get_json(f"{base}/api/v1/items?q={w}&limit=1")["items"]), None)
        if word is None:
            raise RuntimeError(f"none of {SEARCH_WORDS} found by full-text search")
        results["search_word"] = word
        # First, while nothing else is queued on the server.
        print("export ...", file=sys.stderr)
        results["export"] = timed_export(base, server.pid)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(LUA_IDS % ", ".join(json.dumps(i) for i in inputs["ids"]))
        try:
            cases = {
                "item": (f"{base}/api/v1/items/{inputs['ids'][0]}", lua.name),
                "list50": (f"{base}/api/v1/items?state={inputs['state']}&limit=50", None),
                "search": (f"{base}/api/v1/items?q={word}&limit=20", None),
                "briefing": (f"{base}/api/v1/briefings/{inputs['state']}", None),
            }
            for name, (url, script) in cases.items():
                with urllib.request.urlopen(url, timeout=60) as r:  # warm up and check it answers 200
                    assert r.status == 200, (url, r.status)
                print(f"wrk {name}: {url}", file=sys.stderr)
                results["endpoints"][name] = wrk(url, duration, script)
                if script:
                    results["endpoints"][name]["ids"] = len(inputs["ids"])
        finally:
            os.unlink(lua.name)
    finally:
        stop(server)

    port = free_port()
    ceiling = subprocess.Popen(
        [
            str(VENV_BIN / "uvicorn"),
            "benchmarks.ceiling_app:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_up(f"http://127.0.0.1:{port}/", ceiling)
        print("wrk ceiling", file=sys.stderr)
        results["endpoints"]["ceiling"] = wrk(f"http://127.0.0.1:{port}/", duration)
    finally:
        stop(ceiling)

    results["verdicts"] = verdicts(results)
    return results


def run_workers(items: int, duration: int, db: Path, counts: list[int]) -> dict[str, Any]:
    """``item`` and ``list50`` under ``tracker serve --workers N``, for each N of ``counts``."""
    inputs, results = _prepared(items, duration, db)
    results["workers"] = {}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(LUA_IDS % ", ".join(json.dumps(i) for i in inputs["ids"]))
    try:
        for count in counts:
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            env = {
                **os.environ,
                "TRACKER_DATABASE_URL": f"sqlite+aiosqlite:///{db}",
                "TRACKER_PORT": str(port),
                "TRACKER_HOST": "127.0.0.1",
            }
            server = subprocess.Popen(
                [str(VENV_BIN / "tracker"), "serve", "--workers", str(count)],
                env=env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                wait_up(f"{base}/health", server)
                cases = {
                    "item": (f"{base}/api/v1/items/{inputs['ids'][0]}", lua.name),
                    "list50": (f"{base}/api/v1/items?state={inputs['state']}&limit=50", None),
                }
                measured = results["workers"][str(count)] = {}
                for name, (url, script) in cases.items():
                    for _ in range(2 * count):  # warm up each worker (likely) and check it answers 200
                        with urllib.request.urlopen(url, timeout=60) as r:
                            assert r.status == 200, (url, r.status)
                    print(f"wrk {name}, {count} worker(s): {url}", file=sys.stderr)
                    measured[name] = wrk(url, duration, script)
            finally:
                stop(server)
    finally:
        os.unlink(lua.name)
    return results


def workers_table(results: dict[str, Any]) -> str:
    lines = ["| workers | endpoint | requests/s | p50 ms | p90 ms | p99 ms | non-2xx |", "|---:|---|---:|---:|---:|---:|---:|"]
    for count, endpoints in results["workers"].items():
        for name, r in endpoints.items():
            lines.append(
                f"| {count} | {name} | {r['rps']:,.0f} | {r['p50_ms']} | {r['p90_ms']} | {r['p99_ms']} | {r['non_2xx']} |"
            )
    return "\n".join(lines)


def verdicts(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    e, ceiling = results["endpoints"], results["endpoints"]["ceiling"]["rps"]
    item_share, list_share = e["item"]["rps"] / ceiling, e["list50"]["rps"] / ceiling
    export = results["export"]
    growth = export["rss_peak_mib"] - export["rss_before_mib"]
    return {
        "item": {
            "share_of_ceiling": round(item_share, 3),
            "p99_ms": e["item"]["p99_ms"],
            "met": item_share >= 0.40 and e["item"]["p99_ms"] < 20,
        },
        "list50": {"share_of_ceiling": round(list_share, 3), "met": list_share >= 0.20},
        "search": {"p99_ms": e["search"]["p99_ms"], "met": e["search"]["p99_ms"] < 50},
        "export": {
            "seconds": export["seconds"],
            "rss_growth_mib": round(growth, 1),
            "met": export["seconds"] < 20 and export["lines"] >= results["items"],
        },
    }


def table(results: dict[str, Any]) -> str:
    ceiling = results["endpoints"]["ceiling"]["rps"]
    lines = [
        "| endpoint | requests/s | % of ceiling | p50 ms | p90 ms | p99 ms | non-2xx |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in results["endpoints"].items():
        lines.append(
            f"| {name} | {r['rps']:,.0f} | {100 * r['rps'] / ceiling:.1f} % | {r['p50_ms']} | {r['p90_ms']} | {r['p99_ms']} | {r['non_2xx']} |"
        )
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=250_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per endpoint")
    parser.add_argument("--db", type=Path, default=None, help="SQLite file (default /tmp/bench<items/1000>k.db)")
    parser.add_argument("--out", type=Path, default=None, help=f"default {RESULTS} ({WORKERS_RESULTS} with --workers)")
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        default=None,
        metavar="N",
        help="measure item and list50 under `tracker serve --workers N` for each N given instead",
    )
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
    db = args.db or Path(f"/tmp/bench{args.items // 1000}k.db")
    if args.workers:
        results = run_workers(args.items, args.duration, db, args.workers)
        results["cache"] = args.cache
        print(workers_table(results))
        out = args.out or WORKERS_RESULTS
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=2) + "\n")
        print(f"written {out}", file=sys.stderr)
        return 0
    results = run(args.items, args.duration, db)
    results["cache"] = args.cache
    print(table(results))
    out = args.out or RESULTS
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
