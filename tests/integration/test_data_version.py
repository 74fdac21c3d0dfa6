"""The data's version: every committed write that can change a read advances it, in every process alike."""

from __future__ import annotations

import datetime as dt

import pytest

import tracker
from tracker.errors import NotFound

A_LAW = {
    "state": "KAZ",
    "kind": "legislation_adopted",
    "date": "2016-03-01",
    "title": "Law on the prompt investigation of torture complaints",
    "sources": [{"url": "https://example.org/law"}],
    "links": [{"item": "cat-c-kaz-co-3-p8", "effect": "advances"}],
}


async def test_a_write_advances_the_version_every_process_reads(
    opened: tracker.Tracker, database_url: str, sample_records: list
) -> None:
    before = await opened.version()
    await opened.load(sample_records)
    loaded = await opened.version()
    assert loaded > before
    async with tracker.open(database_url) as worker:
        assert await worker.version() == loaded
        await worker.actions.record(A_LAW)
        assert await worker.version() == await opened.version() > loaded


async def test_a_write_that_fails_and_a_keys_last_use_leave_the_version_as_it_was(
    opened: tracker.Tracker, sample_records: list
) -> None:
    await opened.load(sample_records)
    key, _ = await opened.keys.create("ngo-x", "editor")
    version = await opened.version()
    with pytest.raises(NotFound):
        await opened.actions.record({**A_LAW, "links": [{"item": "no-such-item", "effect": "advances"}]})
    await opened.keys.note_use(key.name, dt.datetime.now(dt.UTC))
    assert (await opened.keys.list())[0].last_used_at is not None
    assert await opened.version() == version
