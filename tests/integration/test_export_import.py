"""A dump re-imports into an empty database with identical results."""

from __future__ import annotations

import io

import tracker
from tracker.db import migrate
from tracker.records import decode_lines


async def test_export_then_import_into_an_empty_database_is_lossless(seeded: tracker.Tracker) -> None:
    before = io.BytesIO()
    count = await seeded.export(before)
    items_before = await seeded.items.get("cat-433-2010-compensation")
    await migrate.downgrade(seeded.engine, "base")
    await seeded.upgrade()
    assert (await seeded.items.list()).total == 0

    report = await seeded.load(decode_lines(before.getvalue().splitlines()))
    assert report.total("created") >= count - 1
    after = io.BytesIO()
    assert await seeded.export(after) == count
    assert after.getvalue() == before.getvalue()
    items_after = await seeded.items.get("cat-433-2010-compensation")
    assert items_after.item.status == items_before.item.status
    assert [e.action.id for e in items_after.timeline] == [e.action.id for e in items_before.timeline]


async def test_importing_a_dump_into_the_database_it_came_from_changes_nothing(seeded: tracker.Tracker) -> None:
    dump = io.BytesIO()
    await seeded.export(dump)
    report = await seeded.load(decode_lines(dump.getvalue().splitlines()))
    assert report.total("created") == 0
    assert report.total("updated") == 0
