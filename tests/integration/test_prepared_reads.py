"""Statements run straight on the driver (pysqlite, asyncpg) give what SQLAlchemy's own path gives: the
same rows, converted to the same Python values (dates, enums, JSON, yes/no), for items read in full and lists."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import msgspec
import pytest
from sqlalchemy import bindparam, select

import tracker
from tracker.db.models import ActionRow, ItemRow
from tracker.db.reading import Prepared
from tracker.queries.items import SORTS, get_item, list_items


@pytest.fixture
async def on_file(opened: tracker.Tracker, sample_records: list) -> AsyncIterator[tracker.Tracker]:
    """The bundled data and the sample records, on a SQLite file or on PostgreSQL."""
    await opened.seed()
    await opened.load(sample_records)
    yield opened


def _through_sqlalchemy(monkeypatch: pytest.MonkeyPatch) -> None:
    async def awaited(self: Prepared, connection: Any, params: Any) -> Any:
        return await connection.execute(self.statement, params)

    monkeypatch.setattr(Prepared, "run", lambda self, connection, params: connection.execute(self.statement, params))
    monkeypatch.setattr(Prepared, "run_async", awaited)


async def _every_read(t: tracker.Tracker) -> list[bytes]:
    async with t.reader() as reader:
        ids = (await reader.execute(select(ItemRow.id).order_by(ItemRow.id))).scalars().all()
        encoded = [msgspec.json.encode(await get_item(reader, item_id)) for item_id in ids]
        for where in (tracker.item_filter(), tracker.item_filter(state="KAZ"), tracker.item_filter(follow_up=True)):
            for sort in SORTS:
                if sort != "relevance":
                    encoded.append(msgspec.json.encode(await list_items(reader, where, sort=sort, limit=5)))
    return encoded


async def test_items_and_lists_read_the_same_as_through_sqlalchemy(
    on_file: tracker.Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    direct = await _every_read(on_file)
    _through_sqlalchemy(monkeypatch)
    assert await _every_read(on_file) == direct
    assert len(direct) > 40


async def test_typed_columns_come_back_as_python_values(on_file: tracker.Tracker) -> None:
    statement = Prepared(
        select(ActionRow.date, ActionRow.kind, ActionRow.sources, ActionRow.created_at).where(
            ActionRow.state == bindparam("state")
        )
    )
    async with on_file.reader() as reader:
        rows: list[Any] = (await reader.execute(statement, {"state": "KAZ"})).all()
        expected = (await reader.execute(statement.statement, {"state": "KAZ"})).all()
    assert rows == expected
    assert rows and all(
        type(a) is type(b) for row, other in zip(rows, expected, strict=True) for a, b in zip(row, other, strict=True)
    )
    assert rows[0].date == expected[0].date


async def test_a_list_of_values_falls_back_to_sqlalchemy(on_file: tracker.Tracker) -> None:
    statement = Prepared(select(ItemRow.id).where(ItemRow.state.in_(bindparam("states", expanding=True))).order_by(ItemRow.id))
    async with on_file.reader() as reader:
        ids = (await reader.execute(statement, {"states": ["KAZ", "TJK"]})).scalars().all()
    assert ids and all(i for i in ids)
