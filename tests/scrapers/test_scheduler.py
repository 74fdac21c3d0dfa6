"""The scheduler: jobs from the sources table, one run of a source at a time across schedulers, runs cancelled at stop."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import httpx
import pytest

import tracker
from tracker_scrapers.http import Fetcher, FetchPolicy
from tracker_scrapers.scheduler import Scheduler, following
from tracker_scrapers.snapshots import SnapshotStore

FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>News</title><link>https://news.test/</link>
<item><title>Court hears complaint 433/2010 again</title><link>https://news.test/1</link><guid>https://news.test/1</guid>
<pubDate>Tue, 03 Jun 2025 10:00:00 GMT</pubDate><description>Communication 433/2010 (Gerasimov) back in court.</description></item>
</channel></rss>"""


@pytest.fixture
async def with_sources(seeded: tracker.Tracker) -> tracker.Tracker:
    for source in await seeded.sources.list():
        await seeded.sources.disable(source.name)
    await seeded.sources.add("news", "feed", "https://news.test/rss.xml", every="1h")
    await seeded.sources.add("daily", "feed", "https://news.test/daily.xml", cron="0 6 * * *")
    await seeded.sources.add("by-hand", "feed", "https://news.test/hand.xml")
    return seeded


def _fetcher(tmp_path: Path, handler) -> Fetcher:  # type: ignore[no-untyped-def]
    return Fetcher(
        SnapshotStore(tmp_path / "snapshots"),
        policy=FetchPolicy(politeness=0.0, retries=0),
        transport=httpx.MockTransport(handler),
    )


async def _due_now(scheduler: Scheduler, name: str) -> None:
    scheduler._scheduler.modify_job(f"source:{name}", next_run_time=dt.datetime.now(dt.UTC))


async def test_jobs_follow_the_sources_table(with_sources: tracker.Tracker, tmp_path: Path) -> None:
    async with _fetcher(tmp_path, lambda request: httpx.Response(200, content=FEED)) as fetcher:
        scheduler = Scheduler(with_sources, fetcher, refresh=3600)
        await scheduler.start()
        try:
            assert scheduler.scheduled == ["daily", "news"]
            await with_sources.sources.disable("news")
            await with_sources.sources.enable("undl-cat-kaz")
            await scheduler.sync()
            assert scheduler.scheduled == ["daily", "undl-cat-kaz"]
        finally:
            await scheduler.stop()


async def test_two_schedulers_never_run_one_source_at_once(
    with_sources: tracker.Tracker, database_url: str, tmp_path: Path
) -> None:
    release = asyncio.Event()

    async def slow(request: httpx.Request) -> httpx.Response:
        await release.wait()
        return httpx.Response(200, content=FEED)

    async with tracker.open(database_url) as other, _fetcher(tmp_path, slow) as fetcher:
        first = Scheduler(with_sources, fetcher, refresh=3600, holder="scheduler-a")
        second = Scheduler(other, fetcher, refresh=3600, holder="scheduler-b")
        await first.start()
        await second.start()
        try:
            await _due_now(first, "news")
            await asyncio.sleep(0.3)
            await _due_now(second, "news")
            await asyncio.sleep(0.3)
            release.set()
            for _ in range(50):
                if (await with_sources.sources.runs("news")).total:
                    break
                await asyncio.sleep(0.1)
            await asyncio.sleep(0.3)
        finally:
            await first.stop()
            await second.stop()
    runs = (await with_sources.sources.runs("news")).items
    assert [(run.outcome, run.trigger) for run in runs] == [(tracker.RunOutcome.OK, "scheduler")]
    assert (await with_sources.inbox.list()).total == 1


async def test_stopping_cancels_the_runs_under_way_and_records_them(with_sources: tracker.Tracker, tmp_path: Path) -> None:
    async def hang(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(3600)
        raise AssertionError("unreachable")

    async with _fetcher(tmp_path, hang) as fetcher:
        scheduler = Scheduler(with_sources, fetcher, refresh=3600)
        await scheduler.start()
        await _due_now(scheduler, "news")
        await asyncio.sleep(0.3)
        await scheduler.stop()
    (run,) = (await with_sources.sources.runs("news")).items
    assert (run.outcome, run.error) == (tracker.RunOutcome.CANCELLED, "cancelled at shutdown")
    assert (await with_sources.inbox.list()).total == 0


def test_a_discovery_of_several_states_is_followed_by_the_texts_of_each_of_them() -> None:
    def source(name: str, adapter: str, **params: str) -> tracker.Source:
        return tracker.Source(name=name, adapter=tracker.AdapterName(adapter), url="https://example.org", params=params)

    texts = [
        source("texts-kaz", "document-texts", state="KAZ"),
        source("texts-tjk", "document-texts", state="TJK"),
        source("texts-uzb", "document-texts", state="UZB"),
    ]
    assert following(source("uhri", "uhri-export", state="KAZ,TJK"), texts) == ["texts-kaz", "texts-tjk"]
    assert following(source("undl", "undl-marcxml", query="CAT/C/UZB", state="UZB"), texts) == ["texts-uzb"]
    assert following(source("news", "feed"), texts) == ["texts-kaz", "texts-tjk", "texts-uzb"]
