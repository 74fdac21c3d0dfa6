"""Briefing benchmark: time and size of a State's dialogue briefing, in-process and over HTTP.

From the repository root::

    python -m benchmarks.bench_briefing                   # bundled data + 250,000 synthetic items
    python -m benchmarks.bench_briefing --runs 9 --no-http
    python -m benchmarks.bench_briefing --queries         # ... and time each SQL statement of one briefing
    python -m benchmarks.bench_briefing --postgres-url postgresql+asyncpg://postgres@127.0.0.1:5432/bench_briefing

Cases measured, each with ``t.briefings.get(code, since=...)`` (one call to warm up, then
``--runs`` calls, median; default as_of, i.e. today):

- ``bundled``: ``t.seed()`` (what ``tracker seed`` loads) into a fresh SQLite file under /tmp, KAZ and
  TJK since 2023-01-01;
- ``synthetic``: the 250,000-item SQLite database of ``bench_http`` (``/tmp/bench250k.db``, built
  with ``benchmarks.generate`` and ``tracker.load`` when missing, reused otherwise), its largest
  State, for the whole record (no ``since``: what ``bench_http`` requests) and since 2023-01-01;
- ``activity``: a copy of that database (``/tmp/bench250k-activity.db``) to which
  ``--actions`` actions and ``--assessments`` assessments of that State are added (dated 2010 to
  2026, each linked to 1-3 of its items, 70 % of them ``verified`` so they move statuses):
  the synthetic records have no actions, so without them the sections on actions and status
  changes would be empty. The load of that activity is timed too (first and again);
- with ``--postgres-url``: the same ``activity`` case on PostgreSQL with ``--pg-items`` items
  (default 50,000); the database's public schema is DROPPED first.

For each: the median time of the call, the JSON size (``msgspec.json.encode``), and the size
and median render time of Markdown (``to_markdown``), HTML (``to_html``) and Word
(``to_docx``). Over HTTP (unless ``--no-http``): ``tracker serve`` on the database, ``--requests``
sequential ``GET /api/v1/briefings/{code}`` (JSON) with httpx after one warm-up, p50.

Prints a table and writes ``benchmarks/results/briefing.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec

import tracker
from tracker.domain.entities import ItemLink, SourceRef
from tracker.domain.enums import ActionKind, AssessorKind, Effect, Scale, Verification
from tracker.records import ActionRecord, AssessmentRecord, MetaRecord, Record
from tracker.rendering import to_docx, to_html, to_markdown

try:
    from benchmarks.bench_http import build_database, free_port, stop, wait_up
    from benchmarks.generate import generate
except ImportError:  # run as a script: python benchmarks/bench_briefing.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.bench_http import build_database, free_port, stop, wait_up
    from benchmarks.generate import generate

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results" / "briefing.json"
VENV_BIN = Path(sys.executable).parent
SINCE = dt.date(2023, 1, 1)
TARGETS = {
    "synthetic": "largest synthetic State (250,000 items): < 500 ms in-process and < 1 MB JSON",
    "KAZ": "KAZ since 2023-01-01 on the bundled data: < 30 KB JSON",
}
GRADES = ("not_implemented", "partially_implemented", "implemented", "no_information")


# --------------------------------------------------------------------------- data


def largest_state(path: Path) -> str:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return db.execute("SELECT state FROM items GROUP BY state ORDER BY count(*) DESC, state LIMIT 1").fetchone()[0]


def activity(state: str, item_ids: list[str], actions: int, assessments: int, seed: int = 2026) -> list[Record]:
    """Synthetic actions and assessments of one State, deterministic for the same arguments."""
    rng = random.Random(seed)
    kinds = list(ActionKind)
    effects = (Effect.ADVANCES, Effect.PARTIAL, Effect.IMPLEMENTS, Effect.NO_EFFECT, Effect.REGRESSES)
    start = dt.date(2010, 1, 1).toordinal()
    end = dt.date(2026, 11, 30).toordinal()
    records: list[Record] = [
        MetaRecord(description=f"synthetic activity of {state}: {actions} actions, {assessments} assessments")
    ]
    for n in range(actions):
        verified = rng.random() < 0.7
        records.append(
            ActionRecord(
                state=state,
                kind=rng.choice(kinds),
                date=dt.date.fromordinal(rng.randint(start, end)),
                title=f"Synthetic measure {n + 1} on {rng.choice(('detention', 'the judiciary', 'education', 'health', 'assembly'))}",
                description="A synthetic action of the briefing benchmark, with a sentence or two of description.",
                sources=[SourceRef(url=f"https://example.org/bench/action/{n + 1}")],
                links=[ItemLink(item=item, effect=rng.choice(effects)) for item in rng.sample(item_ids, k=rng.randint(1, 3))],
                verification=Verification.VERIFIED if verified else Verification.UNVERIFIED,
                recorded_by="bench-editor",
                verified_by="bench-verifier" if verified else None,
            )
        )
    for n in range(assessments):
        verified = rng.random() < 0.7
        records.append(
            AssessmentRecord(
                item=rng.choice(item_ids),
                date=dt.date.fromordinal(rng.randint(start, end)),
                assessor_kind=AssessorKind.NGO,
                assessor=f"Bench NGO {n % 20 + 1}",
                scale=Scale.NORMALIZED,
                grade=rng.choice(GRADES),
                sources=[SourceRef(url=f"https://example.org/bench/assessment/{n + 1}")],
                verification=Verification.VERIFIED if verified else Verification.UNVERIFIED,
                recorded_by="bench-editor",
                verified_by="bench-verifier" if verified else None,
            )
        )
    return records


def build_activity_copy(source: Path, target: Path, actions: int, assessments: int) -> tuple[str, dict[str, Any]]:
    """``source`` copied to ``target`` with the largest State's activity added. The load of that
    activity is timed (it re-derives each linked or assessed item's status history), and so is
    a second, idempotent load of the same records."""
    state = largest_state(source)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
        ids = [r[0] for r in src.execute("SELECT id FROM items WHERE state = ? ORDER BY id", (state,))]
    records = activity(state, ids, actions, assessments)
    timings: dict[str, Any] = {"actions": actions, "assessments": assessments, "records": len(records) - 1}

    async def load() -> None:
        async with tracker.open(f"sqlite+aiosqlite:///{target}", upgrade=True) as t:
            for name in ("load_s", "reload_s"):
                gc.collect()
                started = time.perf_counter()
                report = await t.load(records)
                timings[name] = round(time.perf_counter() - started, 3)
                timings[name.replace("_s", "_report")] = {w: report.total(w) for w in ("created", "updated", "unchanged")}

    asyncio.run(load())
    print(
        f"built {target}: +{actions} actions, +{assessments} assessments of {state}; load {timings['load_s']} s,"
        f" re-load {timings['reload_s']} s",
        file=sys.stderr,
    )
    return state, timings


# --------------------------------------------------------------------------- measuring


class QueryTrace:
    """Times each statement a briefing runs through its reader, rows fetched included (sqlite3
    steps most of a query while its rows are fetched, so timing ``cursor.execute`` alone would
    miss it): ``Reader.execute`` is wrapped to buffer the result (``freeze()``) inside the timing."""

    def __init__(self) -> None:
        self.statements: list[tuple[str, float, int]] = []
        self._saved: dict[type, Any] = {}

    def __enter__(self) -> QueryTrace:
        from tracker.db import reading

        for cls in (reading.SyncReader, reading.AsyncReader):
            original = self._saved[cls] = cls.execute

            async def execute(reader: Any, statement: Any, params: Any = None, _original: Any = original) -> Any:
                started = time.perf_counter()
                result = await _original(reader, statement, params)
                frozen = result.freeze()
                spent = time.perf_counter() - started
                rows = len(frozen.data)
                self.statements.append((" ".join(str(statement).split()), spent, rows))
                return frozen()

            cls.execute = execute  # type: ignore[method-assign]
        return self

    def __exit__(self, *_exc: Any) -> None:
        for cls, original in self._saved.items():
            cls.execute = original  # type: ignore[method-assign]


def timed(call: Callable[[], Any], runs: int) -> tuple[list[float], Any]:
    result = call()  # warm-up
    seconds = []
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        result = call()
        seconds.append(time.perf_counter() - started)
    return seconds, result


def stats_ms(seconds: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(1000 * statistics.median(seconds), 2),
        "min_ms": round(1000 * min(seconds), 2),
        "max_ms": round(1000 * max(seconds), 2),
    }


async def measure(url: str, case: str, code: str, since: dt.date | None, runs: int, queries: bool) -> dict[str, Any]:
    async with tracker.open(url) as t:
        await t.briefings.get(code, since=since)  # warm-up
        seconds = []
        for _ in range(runs):
            gc.collect()
            started = time.perf_counter()
            briefing = await t.briefings.get(code, since=since)
            seconds.append(time.perf_counter() - started)
        trace = None
        if queries:
            with QueryTrace() as trace:
                started = time.perf_counter()
                await t.briefings.get(code, since=since)
                traced_total = time.perf_counter() - started
    result: dict[str, Any] = {
        "case": case,
        "state": code,
        "since": since.isoformat() if since else None,
        "runs": runs,
        "items": briefing.summary.items,
        "get": stats_ms(seconds),
        "sections": {
            "new": len(briefing.new),
            "actions": [len(briefing.actions), briefing.actions_total],
            "changes": [len(briefing.changes), briefing.changes_total],
            "replies_overdue": [len(briefing.replies_overdue), briefing.replies_overdue_total],
            "outstanding": [len(briefing.outstanding), briefing.outstanding_total],
            "cases": [len(briefing.cases), briefing.cases_total],
            "unverified": len(briefing.unverified),
        },
    }
    renders = {
        "json": lambda: msgspec.json.encode(briefing),
        "markdown": lambda: to_markdown(briefing).encode(),
        "html": lambda: to_html(briefing).encode(),
        "docx": lambda: to_docx(briefing),
        "markdown_ru": lambda: to_markdown(briefing, language="ru").encode(),
        "html_ru": lambda: to_html(briefing, language="ru").encode(),
        "docx_ru": lambda: to_docx(briefing, language="ru"),
    }
    for name, render in renders.items():
        spent, body = timed(render, runs)
        result[name] = {"bytes": len(body), **stats_ms(spent)}
    if trace is not None:
        result["queries"] = {
            "total_ms": round(1000 * traced_total, 2),
            "sql_ms": round(1000 * sum(s for _, s, _ in trace.statements), 2),
            "statements": [{"ms": round(1000 * s, 2), "rows": n, "sql": sql[:400]} for sql, s, n in trace.statements],
        }
    return result


def over_http(url: str, code: str, since: dt.date | None, requests: int) -> dict[str, Any]:
    import httpx

    port = free_port()
    env = {**os.environ, "TRACKER_DATABASE_URL": url, "TRACKER_PORT": str(port), "TRACKER_HOST": "127.0.0.1"}
    server = subprocess.Popen(
        [str(VENV_BIN / "tracker"), "serve"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_up(f"{base}/health", server)
        params = {"since": since.isoformat()} if since else {}
        seconds = []
        with httpx.Client(base_url=base, timeout=120) as client:
            response = client.get(f"/api/v1/briefings/{code}", params=params)  # warm-up
            response.raise_for_status()
            for _ in range(requests):
                started = time.perf_counter()
                response = client.get(f"/api/v1/briefings/{code}", params=params)
                seconds.append(time.perf_counter() - started)
                response.raise_for_status()
        return {
            "requests": requests,
            "bytes": len(response.content),
            "p50_ms": round(1000 * statistics.median(seconds), 1),
            "max_ms": round(1000 * max(seconds), 1),
        }
    finally:
        stop(server)


# --------------------------------------------------------------------------- the cases


async def seed_database(path: Path) -> str:
    url = f"sqlite+aiosqlite:///{path}"
    async with tracker.open(url, upgrade=True) as t:
        await t.seed()
    return url


async def postgres_database(url: str, items: int, actions: int, assessments: int) -> str:
    from sqlalchemy import text

    from tracker.db.engine import create_engine

    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
    finally:
        await engine.dispose()
    records = generate(items)
    started = time.perf_counter()
    async with tracker.open(url, upgrade=True) as t:
        await t.load(records)
        async with t.reader() as reader:
            from sqlalchemy import func, select

            from tracker.db.models import ItemRow

            state = (
                await reader.execute(
                    select(ItemRow.state).group_by(ItemRow.state).order_by(func.count().desc(), ItemRow.state).limit(1)
                )
            ).scalar_one()
            ids = list((await reader.execute(select(ItemRow.id).where(ItemRow.state == state).order_by(ItemRow.id))).scalars())
        await t.load(activity(state, ids, actions, assessments))
    print(
        f"built PostgreSQL database ({items:,} items + activity of {state}) in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return state


def verdicts(results: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for r in results:
        if r["backend"] != "sqlite":
            continue
        if r["case"] in ("synthetic", "activity"):
            key = f"{r['case']} {r['state']} since {r['since'] or 'all'}"
            out[key] = {
                "median_ms": r["get"]["median_ms"],
                "json_bytes": r["json"]["bytes"],
                "time_met": r["get"]["median_ms"] < 500,
                "size_met": r["json"]["bytes"] < 1_000_000,
            }
        elif r["case"] == "bundled" and r["state"] == "KAZ":
            out["bundled KAZ since 2023-01-01"] = {"json_bytes": r["json"]["bytes"], "size_met": r["json"]["bytes"] < 30_000}
    return out


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| case | backend | State | since | items | get ms (min-max) | JSON KB | MD KB / ms | HTML KB / ms | DOCX KB / ms"
        " | in Russian: MD / HTML / DOCX ms | HTTP p50 ms |",
        "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def render(r: dict[str, Any], k: str) -> str:
        return f"{r[k]['bytes'] / 1000:.1f} / {r[k]['median_ms']:.0f}"

    for r in results:
        g = r["get"]
        http = r.get("http", {}).get("p50_ms", "")
        lines.append(
            f"| {r['case']} | {r['backend']} | {r['state']} | {r['since'] or 'all'} | {r['items']:,} | "
            f"{g['median_ms']:.1f} ({g['min_ms']:.1f}-{g['max_ms']:.1f}) | {r['json']['bytes'] / 1000:.1f} | "
            f"{render(r, 'markdown')} | {render(r, 'html')} | {render(r, 'docx')} | "
            f"{r['markdown_ru']['median_ms']:.0f} / {r['html_ru']['median_ms']:.0f} / {r['docx_ru']['median_ms']:.0f} | {http} |"
        )
    return "\n".join(lines)


def print_queries(r: dict[str, Any]) -> None:
    q = r["queries"]
    print(
        f"\n== statements of one briefing: {r['case']} {r['backend']} {r['state']} since {r['since'] or 'all'}: "
        f"{q['total_ms']} ms in all, {q['sql_ms']} ms in {len(q['statements'])} statements (rows fetched included)"
    )
    for s in sorted(q["statements"], key=lambda s: -s["ms"])[:12]:
        print(f"{s['ms']:9.2f} ms {s['rows']:6d} rows  {s['sql'][:260]}")


async def main_async(args: argparse.Namespace) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []

    def record(backend: str, url: str, result: dict[str, Any], http: bool) -> None:
        result["backend"] = backend
        if http and not args.no_http:
            result["http"] = over_http(
                url, result["state"], dt.date.fromisoformat(result["since"]) if result["since"] else None, args.requests
            )
        results.append(result)
        print(table([result]).splitlines()[-1], file=sys.stderr, flush=True)

    if not args.no_bundled:
        directory = Path(tempfile.mkdtemp(prefix="tracker-briefing-"))
        try:
            url = await seed_database(directory / "seed.db")
            for code in ("KAZ", "TJK"):
                record("sqlite", url, await measure(url, "bundled", code, SINCE, args.runs, args.queries), True)
        finally:
            shutil.rmtree(directory, ignore_errors=True)

    if not args.no_synthetic:
        await asyncio.to_thread(build_database, args.db, args.items)
        state = largest_state(args.db)
        url = f"sqlite+aiosqlite:///{args.db}"
        for since in (None, SINCE):
            record("sqlite", url, await measure(url, "synthetic", state, since, args.runs, args.queries), since is None)
        if args.actions or args.assessments:
            copy = args.db.with_name(args.db.stem + "-activity.db")
            _, activity_load = await asyncio.to_thread(build_activity_copy, args.db, copy, args.actions, args.assessments)
            url = f"sqlite+aiosqlite:///{copy}"
            for since in (None, SINCE):
                record("sqlite", url, await measure(url, "activity", state, since, args.runs, args.queries), since is None)
            results[-1]["activity_load"] = activity_load

    if args.postgres_url:
        state = await postgres_database(args.postgres_url, args.pg_items, args.actions, args.assessments)
        for since in (None, SINCE):
            record(
                "postgresql",
                args.postgres_url,
                await measure(args.postgres_url, "activity", state, since, args.runs, args.queries),
                since is None,
            )
    return results


def main(argv: list[str] | None = None) -> int:
    intro, usage = __doc__.split("\n\n", 1)
    parser = argparse.ArgumentParser(description=intro, epilog=usage, formatter_class=argparse.RawDescriptionHelpFormatter)
    add = parser.add_argument
    add("--runs", type=int, default=7, help="timed calls per case and per render, after one warm-up (default %(default)s)")
    add("--items", type=int, default=250_000, help="synthetic items (default %(default)s)")
    add("--db", type=Path, default=None, help="synthetic SQLite file (default /tmp/bench<items/1000>k.db, as bench_http)")
    add("--actions", type=int, default=2000, help="actions added to the largest State in the activity case (default %(default)s)")
    add("--assessments", type=int, default=1000, help="assessments added likewise (default %(default)s)")
    add("--requests", type=int, default=5, help="sequential HTTP requests per case (default %(default)s)")
    add("--no-http", action="store_true", help="in-process only")
    add("--no-bundled", action="store_true", help="skip the bundled data")
    add("--no-synthetic", action="store_true", help="skip the synthetic SQLite database")
    add("--queries", action="store_true", help="also time each SQL statement of one briefing per case, and print the slowest")
    add("--postgres-url", help="also the activity case on this PostgreSQL database; its public schema is DROPPED first")
    add("--pg-items", type=int, default=50_000, help="synthetic items on PostgreSQL (default %(default)s)")
    add("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.runs < 5:
        parser.error("--runs must be at least 5")
    args.db = args.db or Path(f"/tmp/bench{args.items // 1000}k.db")
    results = asyncio.run(main_async(args))
    print(table(results))
    for r in results:
        if "activity_load" in r:
            a = r["activity_load"]
            print(
                f"\nactivity load ({a['records']:,} records into the {args.items:,}-item copy): first {a['load_s']} s"
                f" {a['load_report']}, again {a['reload_s']} s {a['reload_report']}"
            )
    checks = verdicts(results)
    for name, v in checks.items():
        print(f"{name}: " + ", ".join(f"{k}={v[k]}" for k in v))
    if args.queries:
        for r in results:
            print_queries(r)
    document = {
        "date": dt.date.today().isoformat(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "commit": subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        ).stdout.strip(),
        "parameters": {
            "runs": args.runs,
            "items": args.items,
            "actions": args.actions,
            "assessments": args.assessments,
            "requests": args.requests,
            "pg_items": args.pg_items if args.postgres_url else None,
        },
        "targets": TARGETS,
        "verdicts": checks,
        "results": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(document, indent=2) + "\n")
    print(f"written {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
