"""CPU time of one read with and without the cache of reads, in one process, without network or wrk.

From the repository root, on a database ``benchmarks.bench_http`` built::

    python -m benchmarks.bench_response_cache --db /tmp/bench50k.db

The app (as ``tracker serve`` builds it) is called as an ASGI application, once with
``TRACKER_RESPONSE_CACHE_MB=0`` and once as shipped, for ``--rounds`` requests of each address in
turn; process CPU time (not wall time, so other work on the machine hardly moves it) is divided by
the requests. Cached, every request after the first of each address is a hit: the version's
``SELECT`` and the kept bytes. Writes ``benchmarks/results/response-cache.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tracker.config import Settings
from tracker_api.app import create_app

RESULTS = Path(__file__).resolve().parent / "results" / "response-cache.json"


def addresses(db: Path) -> dict[str, tuple[str, str]]:
    """The reads of ``bench_http``: an item, a State's first 50 items, a search, a briefing, and a State's page."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        state = connection.execute("SELECT state FROM items GROUP BY state ORDER BY count(*) DESC, state LIMIT 1").fetchone()[0]
        item = connection.execute("SELECT id FROM items WHERE state = ? ORDER BY id LIMIT 1", (state,)).fetchone()[0]
    return {
        "item": (f"/api/v1/items/{item}", ""),
        "list50": ("/api/v1/items", f"state={state}&limit=50"),
        "search": ("/api/v1/items", "q=torture&limit=20"),
        "briefing": (f"/api/v1/briefings/{state}", ""),
        "state page": (f"/states/{state}", ""),
    }


async def call(app: Any, path: str, query: str) -> int:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"bench")],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


async def measure(db: Path, megabytes: int, rounds: int, sessions: str) -> dict[str, dict[str, float]]:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{db}", session_dir=sessions, response_cache_mb=megabytes, log_level="warning"
    )
    app = create_app(settings)
    measured = {}
    async with app.lifespan():
        for name, (path, query) in addresses(db).items():
            assert await call(app, path, query) == 200, (name, path, query)
            started = time.process_time()
            for _ in range(rounds):
                await call(app, path, query)
            measured[name] = {"cpu_ms_per_read": round(1000 * (time.process_time() - started) / rounds, 3)}
    return measured


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a SQLite file built by benchmarks.bench_http")
    parser.add_argument("--rounds", type=int, default=200, help="requests of each address")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as sessions:
        uncached = asyncio.run(measure(args.db, 0, args.rounds, sessions))
        cached = asyncio.run(measure(args.db, 64, args.rounds, sessions))
    results = {
        "database": str(args.db),
        "rounds": args.rounds,
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "reads": {name: {"uncached": uncached[name], "cached": cached[name]} for name in uncached},
    }
    print("| read | uncached CPU ms | cached CPU ms |\n|---|---:|---:|")
    for name, figures in results["reads"].items():
        print(f"| {name} | {figures['uncached']['cpu_ms_per_read']} | {figures['cached']['cpu_ms_per_read']} |")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
