"""`tracker scrape` as an operator runs it, against a local server on 127.0.0.1 serving fixtures in the real formats."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import tracker

TRACKER = str(Path(sys.executable).parent / "tracker")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scrapers"
MARCXML = (FIXTURES / "undl" / "cat-co3-kaz-tjk.xml").read_bytes()
DECISION = (FIXTURES / "decisions" / "evloev-docstore.html").read_bytes()
CCPR_VIEWS = (FIXTURES / "decisions" / "ccpr-views-tajikistan-invented.txt").read_bytes()
FEED = (FIXTURES / "feeds" / "news-en.rss").read_bytes()


def tracker_cli(database: Path, *args: str, snapshots: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRACKER_DATABASE_URL": f"sqlite+aiosqlite:///{database}", "TRACKER_SNAPSHOT_DIR": str(snapshots)}
    return subprocess.run([TRACKER, *args], capture_output=True, text=True, timeout=180, env=env)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    for command in (["db", "upgrade"], ["seed"]):
        done = tracker_cli(tmp_path / "tracker.db", *command, snapshots=tmp_path / "snapshots")
        assert done.returncode == 0, done.stderr
    return tmp_path


def _runs(output: str) -> dict[str, dict[str, object]]:
    return {run["source"]: run for run in map(json.loads, output.splitlines())}


def test_scraping_fixtures_served_locally_fills_the_tracker_once(workdir: Path, fixture_site) -> None:  # type: ignore[no-untyped-def]
    db, snapshots = workdir / "tracker.db", workdir / "snapshots"
    fixture_site.put("/search", MARCXML)
    fixture_site.put("/views.txt", CCPR_VIEWS, "text/plain; charset=utf-8")
    fixture_site.put("/evloev.html", DECISION, "text/html")
    fixture_site.put("/news.rss", FEED, "application/rss+xml")
    adds = [
        ["library-cat", "--adapter", "undl-marcxml", "--url", fixture_site.url, "--param", "query=CAT/C", "--every", "1d"],
        ["views-tjk", "--adapter", "decision-text", "--url", f"{fixture_site.url}/views.txt"],
        ["evloev", "--adapter", "decision-text", "--url", f"{fixture_site.url}/evloev.html"],
        ["news", "--adapter", "feed", "--url", f"{fixture_site.url}/news.rss", "--every", "6h"],
    ]
    for add in adds:
        done = tracker_cli(db, "sources", "add", *add, snapshots=snapshots)
        assert done.returncode == 0, done.stderr
    names = [add[0] for add in adds]

    first = tracker_cli(db, "scrape", *names, "--json", snapshots=snapshots)
    assert first.returncode == 0, first.stdout + first.stderr
    runs = _runs(first.stdout)
    assert {name: runs[name]["outcome"] for name in names} == dict.fromkeys(names, "ok"), runs
    assert runs["views-tjk"]["created"] and runs["news"]["candidates"]

    async def read() -> tuple[object, ...]:
        async with tracker.open(f"sqlite+aiosqlite:///{db}") as t:
            decision = (await t.decisions.list(state="TJK", limit=500)).items
            views = next(d for d in decision if d.communication == "9999/2021")
            detail = await t.decisions.get(views.id)
            inbox = await t.inbox.list()
            return views.reply_days, [r.due_date for r in detail.remedies], inbox.total, len(list(snapshots.rglob("*")))

    reply_days, dues, pending, kept = asyncio.run(read())
    assert reply_days == 180 and dues and all(due is not None for due in dues)
    assert pending == runs["news"]["candidates"] and kept > 0

    again = tracker_cli(db, "scrape", *names, "--json", snapshots=snapshots)
    assert again.returncode == 0, again.stderr
    rerun = _runs(again.stdout)
    assert {name: rerun[name]["outcome"] for name in names} == dict.fromkeys(names, "not_modified")
    assert all(rerun[name]["created"] == 0 and rerun[name]["updated"] == 0 for name in names)


def test_a_broken_source_is_recorded_as_failed_leaves_the_data_and_exits_1(workdir: Path, fixture_site) -> None:  # type: ignore[no-untyped-def]
    db, snapshots = workdir / "tracker.db", workdir / "snapshots"
    fixture_site.put("/search", MARCXML[: len(MARCXML) // 2])
    fixture_site.put("/news.rss", FEED, "application/rss+xml")
    assert (
        tracker_cli(
            db,
            "sources",
            "add",
            "library-cat",
            "--adapter",
            "undl-marcxml",
            "--url",
            fixture_site.url,
            "--param",
            "query=CAT/C/KAZ",
            snapshots=snapshots,
        ).returncode
        == 0
    )
    assert (
        tracker_cli(
            db, "sources", "add", "news", "--adapter", "feed", "--url", f"{fixture_site.url}/news.rss", snapshots=snapshots
        ).returncode
        == 0
    )
    before = tracker_cli(db, "export", snapshots=snapshots).stdout

    done = tracker_cli(db, "scrape", "library-cat", "news", "--json", snapshots=snapshots)
    assert done.returncode == 1
    runs = _runs(done.stdout)
    assert runs["library-cat"]["outcome"] == "failed" and runs["library-cat"]["error"]
    assert runs["news"]["outcome"] == "ok"
    assert tracker_cli(db, "export", snapshots=snapshots).stdout == before
    listed = tracker_cli(db, "sources", "list", snapshots=snapshots)
    line = next(line for line in listed.stdout.splitlines() if line.split()[0] == "library-cat")
    assert " 1  " in line and str(runs["library-cat"]["error"])[:30] in line

    replayed = tracker_cli(
        db, "scrape", "library-cat", "--replay", str(runs["library-cat"]["snapshot"]), "--json", snapshots=snapshots
    )
    assert _runs(replayed.stdout)["library-cat"]["outcome"] == "failed"
    unknown = tracker_cli(db, "scrape", "nowhere", snapshots=snapshots)
    assert unknown.returncode == 1 and "no source 'nowhere'" in unknown.stderr


def test_sources_are_managed_from_the_cli(workdir: Path) -> None:
    db, snapshots = workdir / "tracker.db", workdir / "snapshots"
    bad_schedule = tracker_cli(
        db,
        "sources",
        "add",
        "x",
        "--adapter",
        "feed",
        "--url",
        "https://example.org/feed",
        "--every",
        "soon",
        snapshots=snapshots,
    )
    assert bad_schedule.returncode == 1 and "soon" in bad_schedule.stderr
    bad_cron = tracker_cli(
        db,
        "sources",
        "add",
        "x",
        "--adapter",
        "feed",
        "--url",
        "https://example.org/feed",
        "--cron",
        "61 * * * *",
        snapshots=snapshots,
    )
    assert bad_cron.returncode == 1 and "cron" in bad_cron.stderr
    assert (
        tracker_cli(
            db,
            "sources",
            "add",
            "x",
            "--adapter",
            "feed",
            "--url",
            "https://example.org/feed",
            "--cron",
            "0 6 * * 1",
            snapshots=snapshots,
        ).returncode
        == 0
    )
    assert tracker_cli(db, "sources", "disable", "x", snapshots=snapshots).returncode == 0
    listed = json.loads(
        next(
            line
            for line in tracker_cli(db, "sources", "list", "--json", snapshots=snapshots).stdout.splitlines()
            if '"name":"x"' in line
        )
    )
    assert (listed["cron"], listed["enabled"], listed["adapter"]) == ("0 6 * * 1", False, "feed")
    names = [
        json.loads(line)["name"] for line in tracker_cli(db, "sources", "list", "--json", snapshots=snapshots).stdout.splitlines()
    ]
    assert {"undl-cat-kaz", "undl-cat-tjk", "uhri-kaz-tjk", "tb-cat-kaz"} <= set(names)


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_the_scheduler_process_schedules_the_sources_and_stops_cleanly(workdir: Path, log_format: str) -> None:
    import signal
    import time

    env = {
        **os.environ,
        "TRACKER_DATABASE_URL": f"sqlite+aiosqlite:///{workdir / 'tracker.db'}",
        "TRACKER_SNAPSHOT_DIR": str(workdir / "snapshots"),
        "TRACKER_LOG_FORMAT": log_format,
    }
    process = subprocess.Popen([TRACKER, "scheduler"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        started = ""
        while time.monotonic() < deadline and "sources scheduled" not in started:
            started += process.stderr.readline()  # type: ignore[union-attr]
        assert "15 sources scheduled" in started, started
        process.send_signal(signal.SIGTERM)
        _, rest = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0 and "scheduler stopped" in rest
    if log_format == "json":
        logged = [json.loads(line) for line in (started + rest).splitlines()]
        assert {
            "level": "INFO",
            "logger": "tracker_scrapers.scheduler",
            "message": "scheduler: 15 sources scheduled",
        }.items() <= (next(line for line in logged if "sources scheduled" in line["message"]).items())
        assert logged[-1]["message"] == "scheduler stopped"
