"""Reads leave the event loop free: a long read runs beside other requests, and every read sees
what was committed before it began, whichever worker thread runs it."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

import tracker
import tracker.library
from tracker.db.models import StateRow
from tracker.db.reading import READ_THREADS, Reader

ITEM = "cat-433-2010-compensation"
PAYMENT: dict[str, Any] = {
    "state": "KAZ",
    "kind": "compensation_paid",
    "date": "2014-02-10",
    "title": "Kostanay regional police department pays Gerasimov the award",
    "sources": [{"url": "https://example.org/kostanay-payment"}],
    "links": [{"item": ITEM, "effect": "advances"}],
}


@pytest.fixture
async def on_file(tmp_path: Path, sample_records: list) -> AsyncIterator[tracker.Tracker]:
    """A SQLite file holding the sample records: the database whose reads run in worker threads."""
    async with tracker.open(f"sqlite+aiosqlite:///{tmp_path}/tracker.db", upgrade=True) as t:
        await t.load(sample_records)
        yield t


@pytest.fixture
async def loaded(opened: tracker.Tracker, sample_records: list) -> tracker.Tracker:
    await opened.load(sample_records)
    return opened


async def test_quick_reads_and_writes_go_on_while_a_long_read_is_under_way(on_file: tracker.Tracker) -> None:
    released = threading.Event()

    async def waits_for_the_others(reader: Reader) -> tuple[int, bool]:
        states = (await reader.execute(select(func.count()).select_from(StateRow))).scalar_one()
        # Only the event loop sets this, once it has served the others: a read holding the loop never returns True.
        return states, released.wait(timeout=30)

    long_read = asyncio.create_task(on_file.read(waits_for_the_others))
    await asyncio.sleep(0)  # the long read is handed to its thread
    detail = await on_file.items.get(ITEM)
    recorded = await on_file.actions.record(PAYMENT, by="test")
    assert (await on_file.actions.get(recorded.id)).title == PAYMENT["title"]
    assert not long_read.done()
    released.set()

    assert await long_read == (2, True)
    assert detail.item.id == ITEM


async def test_every_read_sees_what_was_committed_before_it(loaded: tracker.Tracker) -> None:
    for n in range(5):
        recorded = await loaded.actions.record({**PAYMENT, "title": f"Instalment {n} paid"}, by="test")
        # More reads at once than there are read threads: each thread answers at least one.
        pages = await asyncio.gather(*(loaded.actions.list(item=ITEM) for _ in range(2 * READ_THREADS)))
        assert all(recorded.id in {action.id for action in page.items} for page in pages)
        timeline = (await loaded.items.get(ITEM)).timeline
        assert recorded.id in {entry.action.id for entry in timeline}


async def test_an_export_streamed_in_small_batches_is_the_same_export(
    on_file: tracker.Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = [line async for line in on_file.export_lines(description="one")]
    monkeypatch.setattr(tracker.library, "EXPORT_BATCH", 2)
    batched = [line async for line in on_file.export_lines(description="one")]
    assert batched == whole
    assert len(whole) > 2 * 2


async def test_an_export_stopped_part_way_leaves_the_tracker_reading_and_writing(
    on_file: tracker.Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tracker.library, "EXPORT_BATCH", 2)
    lines = on_file.export_lines()
    first = [await anext(lines) for _ in range(3)]
    await lines.aclose()

    recorded = await on_file.actions.record(PAYMENT, by="test")
    assert (await on_file.actions.get(recorded.id)).title == PAYMENT["title"]
    assert first[0].startswith(b'{"type":"meta"')


async def test_a_read_that_waits_for_something_else_is_refused(on_file: tracker.Tracker) -> None:
    async def naps(reader: Reader) -> None:
        await asyncio.sleep(0)  # hands the turn to the event loop, which a read thread has not

    with pytest.raises(RuntimeError, match="waited"):
        await on_file.read(naps)
    assert (await on_file.items.get(ITEM)).item.id == ITEM
