"""Bulk export: NDJSON that re-imports losslessly, and CSV a spreadsheet opens."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import msgspec
import pytest
from litestar.testing import AsyncTestClient

import tracker
from tracker.records import decode_lines


async def _dump(t: tracker.Tracker) -> bytes:
    out = io.BytesIO()
    await t.export(out)
    return out.getvalue()


async def test_an_ndjson_export_of_everything_reimports_into_an_empty_database_identically(
    client: AsyncTestClient, opened: tracker.Tracker, tmp_path: Path
) -> None:
    response = await client.get("/api/v1/export", params={"format": "ndjson"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    lines = response.content.splitlines()
    records = [msgspec.json.decode(line) for line in lines]
    items = [r for r in records if r["type"] in ("recommendation", "remedy")]
    assert len(items) == 6
    assert all(r["url"].endswith(f"/api/v1/items/{r['id']}") for r in items)
    async with tracker.open(f"sqlite+aiosqlite:///{tmp_path}/copy.db", upgrade=True) as copy:
        await copy.load(decode_lines(lines))
        assert await _dump(copy) == await _dump(opened)


async def test_a_filtered_export_carries_what_its_items_need_and_nothing_else(client: AsyncTestClient, tmp_path: Path) -> None:
    lines = (await client.get("/api/v1/export", params={"state": "KAZ", "kind": "remedy"})).content.splitlines()
    records = [msgspec.json.decode(line) for line in lines]
    kinds = sorted({r["type"] for r in records})
    assert kinds == ["action", "decision", "meta", "remedy", "state"]
    assert {r["id"] for r in records if r["type"] == "remedy"} == {"cat-433-2010-compensation", "cat-433-2010-investigation"}
    assert [r["title"] for r in records if r["type"] == "action"] == ["Kostanay city court awards Gerasimov 2,000,000 tenge"]
    async with tracker.open(f"sqlite+aiosqlite:///{tmp_path}/subset.db", upgrade=True) as subset:
        await subset.load(decode_lines(lines))
        item = (await subset.items.get("cat-433-2010-compensation")).item
        assert item.status is tracker.Status.PARTIALLY_IMPLEMENTED


async def test_a_csv_export_has_one_row_per_item_and_opens_as_utf8(client: AsyncTestClient) -> None:
    response = await client.get("/api/v1/export", params={"format": "csv", "state": "KAZ"})
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert "tracker-items.csv" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == [
        "cat-433-2010-compensation",
        "cat-433-2010-investigation",
        "cat-c-kaz-co-3-p10",
        "cat-c-kaz-co-3-p20",
        "cat-c-kaz-co-3-p8",
    ]
    russian = next(r for r in rows if r["id"] == "cat-c-kaz-co-3-p20")
    assert "компенсацию" in russian["text"]
    award = next(r for r in rows if r["id"] == "cat-433-2010-compensation")
    assert award["status"] == "partially_implemented" and award["overdue"] == "True"
    assert award["url"].endswith("/api/v1/items/cat-433-2010-compensation")


@pytest.mark.parametrize(("params", "field"), [({"format": "xlsx"}, "format"), ({"state": "XYZ"}, "state")])
async def test_a_bad_export_request_is_a_400(client: AsyncTestClient, params: dict, field: str) -> None:
    response = await client.get("/api/v1/export", params=params)
    assert response.status_code == 400
    assert field in [e["field"] for e in response.json()["errors"]]


async def test_a_filtered_export_brings_the_rulings_its_appeals_review(
    client: AsyncTestClient, opened: tracker.Tracker, tmp_path: Path
) -> None:
    from tracker.domain.ids import action_id
    from tracker.records import ActionRecord

    first_day, appeal_day = dt.date(2016, 3, 1), dt.date(2016, 9, 1)
    first = ActionRecord(
        state="KAZ",
        kind=tracker.ActionKind.COURT_RULING,
        date=first_day,
        title="First instance ruling",
        court=tracker.CourtRuling(name="City court"),
        links=[tracker.ItemLink(item="cat-c-kaz-co-3-p10", effect=tracker.Effect.NO_EFFECT)],
    )
    appeal = ActionRecord(
        state="KAZ",
        kind=tracker.ActionKind.COURT_RULING,
        date=appeal_day,
        title="Appeal ruling",
        court=tracker.CourtRuling(
            name="Regional court",
            appeal_of=action_id("KAZ", first_day, tracker.DatePrecision.DAY, "court_ruling", "First instance ruling"),
        ),
        links=[tracker.ItemLink(item="cat-433-2010-investigation", effect=tracker.Effect.PARTIAL)],
    )
    await opened.load([first, appeal])
    lines = (await client.get("/api/v1/export", params={"decision": "cat-433-2010"})).content.splitlines()
    titles = {msgspec.json.decode(line).get("title") for line in lines}
    assert {"First instance ruling", "Appeal ruling"} <= titles
    async with tracker.open(f"sqlite+aiosqlite:///{tmp_path}/appeals.db", upgrade=True) as copy:
        await copy.load(decode_lines(lines))
        rulings = await copy.actions.list(kind="court_ruling")
        assert {a.title for a in rulings} >= {"First instance ruling", "Appeal ruling"}
