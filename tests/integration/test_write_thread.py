"""Writes through :meth:`tracker.Tracker.write`: whole in one transaction, whatever the database, and
on a SQLite file in the write thread, which refuses a write that waits for something else."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import func, insert, select

import tracker
from tracker.db.models import StateRow
from tracker.db.writing import WriteSession


async def _add_states(session: WriteSession, codes: list[str], *, fail_after: int | None = None) -> int:
    for n, code in enumerate(codes):
        if fail_after is not None and n == fail_after:
            raise tracker.errors.InvalidInput("stop here")
        await session.execute(insert(StateRow.__table__).values(code=code, names={"en": code}))
    return len(codes)


async def _count(t: tracker.Tracker) -> Any:
    async with t.reader() as reader:
        return (await reader.execute(select(func.count()).select_from(StateRow))).scalar_one()


async def test_a_write_commits_whole_and_advances_the_version(opened: tracker.Tracker) -> None:
    version = await opened.version()
    assert await opened.write(_add_states, ["AAA", "AAB"]) == 2
    assert await _count(opened) == 2
    assert await opened.version() == version + 1


async def test_a_write_that_fails_part_way_leaves_nothing(opened: tracker.Tracker) -> None:
    with pytest.raises(tracker.errors.InvalidInput):
        await opened.write(_add_states, ["AAA", "AAB", "AAC"], fail_after=2)
    assert await _count(opened) == 0
    assert await opened.write(_add_states, ["AAA"]) == 1


async def test_a_write_that_waits_for_something_else_is_refused_on_a_file(opened: tracker.Tracker, database_url: str) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("the write thread is SQLite's")

    async def waits(session: WriteSession) -> None:
        await _add_states(session, ["AAA"])
        await asyncio.sleep(0)

    with pytest.raises(RuntimeError, match="waited"):
        await opened.write(waits)
    assert await _count(opened) == 0
