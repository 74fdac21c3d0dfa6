"""The full-text index follows every write: bulk loads, changed texts, single rows, failed loads.

Every test runs twice: with loads indexed row by row as they insert (the few records of a write)
and with loads indexed in one pass at their end (large loads, see ``bulk_indexing``)."""

from __future__ import annotations

import msgspec
import pytest
from sqlalchemy import text

import tracker
from tracker.db import search
from tracker.db.models import ItemRow
from tracker.records import ActionRecord, RecommendationRecord


@pytest.fixture(autouse=True, params=["row by row", "in one pass"])
def indexing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "in one pass":
        monkeypatch.setattr(search, "BULK_INDEXING_FROM", 1)
    return request.param


async def _found(t: tracker.Tracker, query: str) -> set[str]:
    return {i.id for i in await t.items.list(q=query, limit=500)}


async def _add_item_directly(t: tracker.Tracker, item_id: str, text: str) -> None:
    async with t.session() as session, session.begin():
        session.add(
            ItemRow(
                id=item_id,
                kind="recommendation",
                state="KAZ",
                body="CAT",
                document="cat-c-kaz-co-3",
                paragraph=item_id.rsplit("-p", 1)[1],
                text=text,
            )
        )


async def test_a_changed_text_is_found_by_its_new_words_only(opened: tracker.Tracker, sample_records: list) -> None:
    await opened.load(sample_records)
    assert "cat-c-kaz-co-3-p10" in await _found(opened, "detention")
    changed = [
        msgspec.structs.replace(r, text="Abolish incommunicado custody.")
        if isinstance(r, RecommendationRecord) and (r.document, r.paragraph) == ("CAT/C/KAZ/CO/3", "10")
        else r
        for r in sample_records
    ]
    await opened.load(changed)
    assert "cat-c-kaz-co-3-p10" not in await _found(opened, "detention")
    assert await _found(opened, "incommunicado") == {"cat-c-kaz-co-3-p10"}


async def test_a_row_written_outside_a_bulk_load_is_indexed(opened: tracker.Tracker, sample_records: list) -> None:
    await opened.load(sample_records)
    await _add_item_directly(opened, "cat-c-kaz-co-3-p30", "Ratify the optional protocol promptly.")
    assert await _found(opened, "optional protocol") == {"cat-c-kaz-co-3-p30"}


async def test_a_failed_load_leaves_single_row_indexing_on(opened: tracker.Tracker, sample_records: list) -> None:
    await opened.load(sample_records)
    broken = ActionRecord(
        state="KAZ",
        kind="statement",
        date="2020-01-01",
        title="x",  # type: ignore[arg-type]
        links=[tracker.ItemLink(item="no-such-item", effect="advances")],
    )  # type: ignore[arg-type]
    with pytest.raises(tracker.NotFound):
        await opened.load([*sample_records, broken])
    await _add_item_directly(opened, "cat-c-kaz-co-3-p31", "Close the unofficial places of detention.")
    assert "cat-c-kaz-co-3-p31" in await _found(opened, "unofficial")


async def test_a_write_of_a_few_rows_leaves_the_schema_alone(
    opened: tracker.Tracker, sample_records: list, indexing: str
) -> None:
    await opened.load(sample_records)
    async with opened.session() as session:
        schema = (
            (await session.execute(text("PRAGMA schema_version"))).scalar_one() if opened.engine.dialect.name == "sqlite" else 0
        )
    await opened.actions.record(
        {
            "state": "KAZ",
            "kind": "statement",
            "date": "2024-12-01",
            "title": "A statement on incommunicado detention",
            "sources": [{"url": "https://example.org/statement"}],
            "links": [{"item": "cat-c-kaz-co-3-p10", "effect": "advances"}],
        },
        by="test",
    )
    assert [a.title for a in (await opened.actions.list(q="incommunicado")).items] == ["A statement on incommunicado detention"]
    if opened.engine.dialect.name == "sqlite":
        async with opened.session() as session:
            after = (await session.execute(text("PRAGMA schema_version"))).scalar_one()
        assert (after == schema) is (indexing == "row by row"), "a schema change makes every connection read the schema again"
