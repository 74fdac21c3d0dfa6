"""Recording from the library: the same services and rules as over HTTP, one transaction per write."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

import tracker
from tracker.db.models import ApiKeyRow
from tracker.records import read_records

PAYMENT: dict[str, Any] = {
    "state": "KAZ",
    "kind": "compensation_paid",
    "date": dt.date(2014, 2, 10),
    "title": "Kostanay regional police department pays Gerasimov the award",
    "amounts": {"currency": "KZT", "paid": 2000000},
    "sources": [{"url": "https://www.justiceinitiative.org/newsroom/kazakhstan-court-orders-damages-police-torture-case"}],
    "links": [{"item": "cat-433-2010-compensation", "effect": "advances"}],
}


@pytest.fixture
async def loaded(opened: tracker.Tracker, sample_records: list) -> tracker.Tracker:
    await opened.load(sample_records)
    return opened


async def test_a_struct_and_a_dict_are_recorded_alike_and_attributed(loaded: tracker.Tracker) -> None:
    from_dict = await loaded.actions.record(PAYMENT, by="aigerim")
    as_struct = tracker.NewAction(
        **{
            **PAYMENT,
            "title": "Second instalment paid",
            "amounts": tracker.Amounts(currency="KZT", paid=1.0),
            "sources": [tracker.SourceRef(url="https://example.org/a")],
            "links": [tracker.ItemLink(item="cat-433-2010-compensation", effect=tracker.Effect.ADVANCES)],
        }
    )
    from_struct = await loaded.actions.record(as_struct)
    assert from_dict.recorded_by == "aigerim"
    assert from_struct.recorded_by is not None and from_struct.recorded_by.startswith("library")
    entries = (await loaded.audit.list(entity="action")).items
    assert [(e.actor, e.entity_id) for e in entries] == [(from_struct.recorded_by, from_struct.id), ("aigerim", from_dict.id)]


@pytest.mark.parametrize(
    ("change", "error", "field"),
    [
        ({"amounts": {"currency": "KZT", "paid": -1}}, tracker.InvalidInput, "amounts.paid"),
        ({"amounts": {"currency": "ABC", "paid": 1}}, tracker.InvalidInput, "amounts.currency"),
        ({"links": [{"item": "nope", "effect": "advances"}]}, tracker.NotFound, "links.item"),
        ({"sources": []}, tracker.InvalidInput, "sources"),
        ({"verified": True}, tracker.InvalidInput, "verified"),
    ],
)
async def test_the_library_refuses_what_the_api_refuses(
    loaded: tracker.Tracker, change: dict[str, Any], error: type[Exception], field: str
) -> None:
    with pytest.raises(error) as raised:
        await loaded.actions.record({**PAYMENT, **change})
    assert raised.value.field == field  # type: ignore[attr-defined]
    assert (await loaded.actions.list(kind="compensation_paid")).total == 0
    assert (await loaded.audit.list()).total == 0


async def test_concurrent_corrections_with_one_etag_exactly_one_wins(loaded: tracker.Tracker, database_url: str) -> None:
    action = (await loaded.actions.list(kind="court_ruling")).items[0]
    etag = tracker.etag_of(action)
    async with tracker.open(database_url) as other:
        results = await asyncio.gather(
            *(
                (loaded if n % 2 else other).actions.update(action.id, {"description": f"version {n}"}, if_match=etag)
                for n in range(6)
            ),
            return_exceptions=True,
        )
    winners = [r for r in results if isinstance(r, tracker.Action)]
    assert len(winners) == 1, results
    assert all(isinstance(r, tracker.PreconditionFailed) for r in results if r not in winners)
    assert (await loaded.actions.get(action.id)).description == winners[0].description
    assert (await loaded.audit.list(operation="update")).total == 1


async def test_concurrent_recordings_of_one_action_store_it_once(loaded: tracker.Tracker, database_url: str) -> None:
    async with tracker.open(database_url) as other:
        results = await asyncio.gather(
            *((loaded if n % 2 else other).actions.record(PAYMENT) for n in range(4)), return_exceptions=True
        )
    assert sum(isinstance(r, tracker.Action) for r in results) == 1, results
    assert all(isinstance(r, (tracker.Action, tracker.Conflict)) for r in results)
    assert (await loaded.actions.list(kind="compensation_paid")).total == 1


async def test_a_corrected_action_keeps_its_id_through_export_and_import(loaded: tracker.Tracker, tmp_path: Path) -> None:
    recorded = await loaded.actions.record(PAYMENT)
    corrected = await loaded.actions.update(recorded.id, {"title": "Police pay Gerasimov 2,000,000 tenge", "date": "2014-02-11"})
    assert corrected.id == recorded.id
    dump = io.BytesIO()
    await loaded.export(dump)
    (tmp_path / "dump.ndjson").write_bytes(dump.getvalue())
    again = await loaded.import_file(tmp_path / "dump.ndjson")
    assert again.total("created") == 0 and again.total("updated") == 0
    async with tracker.open(f"sqlite+aiosqlite:///{tmp_path}/fresh.db", upgrade=True) as fresh:
        await fresh.import_file(tmp_path / "dump.ndjson")
        assert (await fresh.actions.get(recorded.id)).title == "Police pay Gerasimov 2,000,000 tenge"
    records = [
        r for r in read_records(tmp_path / "dump.ndjson") if isinstance(r, tracker.records.ActionRecord) and r.id == recorded.id
    ]
    assert len(records) == 1


async def test_a_record_without_id_is_the_stored_action_with_its_natural_key(loaded: tracker.Tracker) -> None:
    recorded = await loaded.actions.record(PAYMENT)
    corrected = await loaded.actions.update(recorded.id, {"title": "Police pay Gerasimov"})
    record = tracker.records.ActionRecord(
        state="KAZ",
        kind=tracker.ActionKind.COMPENSATION_PAID,
        date=dt.date(2014, 2, 10),
        title="Police pay Gerasimov",
        description="Confirmed by counsel.",
    )
    report = await loaded.load([record])
    assert report.counts["action"].updated == 1 and report.counts["action"].created == 0
    assert (await loaded.actions.get(corrected.id)).description == "Confirmed by counsel."
    # A new action whose derived id is held by the corrected one gets an id of its own.
    again = await loaded.actions.record(PAYMENT)
    assert again.id == f"{recorded.id}-2"


async def test_a_correction_may_not_take_the_natural_key_of_another_action(loaded: tracker.Tracker) -> None:
    first = await loaded.actions.record(PAYMENT)
    second = await loaded.actions.record({**PAYMENT, "title": "Second instalment paid"})
    with pytest.raises(tracker.Conflict) as raised:
        await loaded.actions.update(second.id, {"title": PAYMENT["title"]})
    assert raised.value.existing == first.id
    assert (await loaded.actions.get(second.id)).title == "Second instalment paid"


async def test_an_assessment_counts_once_another_editor_verifies_it(loaded: tracker.Tracker) -> None:
    before = (await loaded.items.get("cat-c-kaz-co-3-p10")).item
    assessment = await loaded.items.assess(
        "cat-c-kaz-co-3-p10",
        {
            "date": "2016-05-13",
            "assessor_kind": "committee",
            "assessor": "Committee against Torture",
            "scale": "cat_followup",
            "grade": "c",
            "sources": [{"url": "https://example.org/letter"}],
        },
        by="rapporteur-desk",
    )
    assert (assessment.grade, assessment.status, assessment.verification) == (
        "C",
        tracker.Status.NOT_IMPLEMENTED,
        tracker.Verification.UNVERIFIED,
    )
    pending = (await loaded.items.get("cat-c-kaz-co-3-p10")).item
    assert (pending.status, pending.status_basis, pending.awaiting_verification) == (before.status, before.status_basis, 1)
    with pytest.raises(tracker.NotAllowed):
        await loaded.assessments.verify(assessment.id, by="rapporteur-desk")
    verified = await loaded.assessments.verify(assessment.id, by="second-desk")
    assert (verified.verification, verified.verified_by) == (tracker.Verification.VERIFIED, "second-desk")
    item = await loaded.items.get("cat-c-kaz-co-3-p10")
    assert item.item.status is tracker.Status.NOT_IMPLEMENTED and item.history[-1].basis.assessment == assessment.id
    assert item.history[-1].on == dt.date(2016, 5, 13) and item.item.awaiting_verification == 0
    with pytest.raises(tracker.Conflict):
        await loaded.assessments.verify(assessment.id, by="third-desk")
    assert [e.operation for e in (await loaded.audit.list(entity_id=assessment.id)).items] == ["verify", "create"]
    with pytest.raises(tracker.NotFound):
        await loaded.items.assess("cat-c-kaz-co-3-p99", {**msgspec_dict(assessment), "assessor": "x"})


async def test_a_record_sent_as_verified_is_refused_naming_the_field(loaded: tracker.Tracker) -> None:
    with pytest.raises(tracker.InvalidInput) as refused:
        await loaded.actions.record({**PAYMENT, "verification": "verified"}, by="ngo-a")
    assert refused.value.field == "verification"
    with pytest.raises(tracker.InvalidInput):
        await loaded.items.assess(
            "cat-c-kaz-co-3-p10",
            {
                "date": "2016-05-13",
                "assessor_kind": "ngo",
                "assessor": "NGO",
                "scale": "normalized",
                "grade": "implemented",
                "sources": [{"url": "https://example.org/a"}],
                "verification": "verified",
            },
            by="ngo-a",
        )


async def test_a_correction_of_a_verified_action_waits_for_verification_again(loaded: tracker.Tracker) -> None:
    item = "cat-433-2010-investigation"
    action = await loaded.actions.record(
        {
            **PAYMENT,
            "kind": "investigation_opened",
            "amounts": None,
            "date": "2020-01-10",
            "title": "Prosecutor reopens the investigation",
            "links": [{"item": item, "effect": "advances"}],
        },
        by="ngo-a",
    )
    await loaded.actions.verify(action.id, by="ngo-b")
    assert (await loaded.items.get(item)).item.status is tracker.Status.PARTIALLY_IMPLEMENTED
    corrected = await loaded.actions.update(action.id, {"links": [{"item": item, "effect": "implements"}]}, by="ngo-a")
    assert (corrected.verification, corrected.verified_by) == (tracker.Verification.UNVERIFIED, None)
    assert (await loaded.items.get(item)).item.status is tracker.Status.NO_INFORMATION
    await loaded.actions.verify(action.id, by="ngo-b")
    assert (await loaded.items.get(item)).item.status is tracker.Status.IMPLEMENTED


def msgspec_dict(assessment: tracker.Assessment) -> dict[str, Any]:
    return {
        "date": assessment.date,
        "assessor_kind": assessment.assessor_kind,
        "assessor": assessment.assessor,
        "scale": assessment.scale,
        "grade": assessment.grade,
        "sources": assessment.sources,
    }


async def test_keys_are_shown_once_and_stored_as_a_digest(opened: tracker.Tracker) -> None:
    key, secret = await opened.keys.create("osce-desk", "editor")
    assert secret.startswith("trk_") and len(secret) > 40
    assert (await opened.keys.authenticate(secret)) == key
    assert await opened.keys.authenticate(secret + "x") is None
    async with opened.session() as session:
        stored = (await session.execute(select(ApiKeyRow))).scalars().all()
    assert [row.name for row in stored] == ["osce-desk"] and secret not in {row.digest for row in stored}
    with pytest.raises(tracker.Conflict):
        await opened.keys.create("osce-desk", "reader")
    with pytest.raises(tracker.InvalidInput):
        await opened.keys.create("osce desk", "reader")
    with pytest.raises(tracker.InvalidInput):
        await opened.keys.create("osce-2", "owner")
    revoked = await opened.keys.revoke("osce-desk")
    assert revoked.revoked_at is not None and await opened.keys.authenticate(secret) is None
    assert [e.operation for e in (await opened.audit.list(entity="api_key")).items] == ["revoke", "create"]


async def test_moving_only_the_links_of_an_action_is_logged_as_a_change(loaded: tracker.Tracker) -> None:
    recorded = await loaded.actions.record({**PAYMENT, "kind": "statement", "amounts": None})
    await loaded.actions.update(recorded.id, {"links": [{"item": "cat-433-2010-investigation", "effect": "no_effect"}]})
    latest = (await loaded.changes.list(latest_first=True, limit=5)).items
    moved = [c for c in latest if c.entity == "action" and c.entity_id == recorded.id and c.kind == "updated"]
    assert len(moved) == 1 and moved[0].items == ["cat-433-2010-investigation"]


async def test_correcting_the_date_or_kind_of_an_action_re_derives_its_items(loaded: tracker.Tracker) -> None:
    item = "cat-433-2010-investigation"

    async def verified(action: tracker.Action) -> tracker.Action:
        return await loaded.actions.verify(action.id, by="second-desk")

    early = await verified(
        await loaded.actions.record(
            {
                **PAYMENT,
                "kind": "investigation_opened",
                "amounts": None,
                "date": "2020-01-10",
                "title": "Prosecutor reopens the investigation",
                "links": [{"item": item, "effect": "advances"}],
            }
        )
    )
    late = await verified(
        await loaded.actions.record(
            {
                **PAYMENT,
                "kind": "statement",
                "amounts": None,
                "date": "2021-01-10",
                "title": "Ministry comments on the case",
                "addressed_to": "CAT",
                "links": [{"item": item, "effect": "partial"}],
            }
        )
    )
    assert (await loaded.items.get(item)).item.status_basis.action == late.id
    assert (await loaded.items.get(item)).item.reply_date == dt.date(2021, 1, 10)
    await verified(await loaded.actions.update(early.id, {"date": "2022-03-01"}))
    assert (await loaded.items.get(item)).item.status_basis.action == early.id
    await verified(await loaded.actions.update(late.id, {"addressed_to": None}))
    assert (await loaded.items.get(item)).item.reply_date is None
    await verified(await loaded.actions.update(late.id, {"kind": "follow_up_reply_submitted"}))
    assert (await loaded.items.get(item)).item.reply_date == dt.date(2021, 1, 10)


async def test_an_import_without_id_does_not_overwrite_a_corrected_action(loaded: tracker.Tracker) -> None:
    recorded = await loaded.actions.record({**PAYMENT, "kind": "statement", "amounts": None, "title": "Title X"})
    await loaded.actions.update(recorded.id, {"title": "Title Y"})
    record = tracker.records.ActionRecord(
        state="KAZ", kind=tracker.ActionKind.STATEMENT, date=dt.date(2014, 2, 10), title="Title X", notes="imported"
    )
    report = await loaded.load([record])
    assert report.counts["action"].created == 1
    kept = await loaded.actions.get(recorded.id)
    assert (kept.title, kept.notes, [link.item for link in kept.links]) == ("Title Y", None, ["cat-433-2010-compensation"])
    assert (await loaded.actions.get(f"{recorded.id}-2")).notes == "imported"


async def test_a_ruling_under_appeal_stays_an_earlier_ruling_of_its_state(loaded: tracker.Tracker) -> None:
    ruling = (await loaded.actions.list(kind="court_ruling")).items[0]
    appeal = await loaded.actions.record(
        {
            **PAYMENT,
            "kind": "court_ruling",
            "amounts": None,
            "date": "2014-03-01",
            "title": "Regional court upholds the award",
            "court": {"name": "Kostanay Regional Court", "instance": "appeal", "appeal_of": ruling.id},
        }
    )
    with pytest.raises(tracker.InvalidInput) as raised:
        await loaded.actions.update(ruling.id, {"kind": "statement", "court": None, "amounts": None})
    assert raised.value.field == "kind"
    with pytest.raises(tracker.InvalidInput) as raised:
        await loaded.actions.update(ruling.id, {"date": "2015-01-01"})
    assert raised.value.field == "date"
    with pytest.raises(tracker.InvalidInput) as raised:
        await loaded.actions.update(appeal.id, {"date": "2012-01-01"})
    assert raised.value.field == "court.appeal_of"
    assert (await loaded.actions.get(ruling.id)) == ruling


async def test_concurrent_writes_to_one_item_all_count_and_all_are_logged(loaded: tracker.Tracker, database_url: str) -> None:
    item = "cat-c-kaz-co-3-p10"
    committee = {
        "date": "2020-01-01",
        "assessor_kind": "committee",
        "assessor": "Committee against Torture",
        "scale": "normalized",
        "grade": "implemented",
        "sources": [{"url": "https://example.org/c"}],
    }
    async with tracker.open(database_url) as other:
        results = await asyncio.gather(
            loaded.items.assess(item, committee),
            other.items.assess(
                item,
                {**committee, "date": "2023-01-01", "assessor_kind": "ngo", "assessor": "An NGO", "grade": "not_implemented"},
            ),
            *(
                (loaded if n % 2 else other).actions.record(
                    {
                        **PAYMENT,
                        "kind": "statement",
                        "amounts": None,
                        "title": f"Statement {n}",
                        "links": [{"item": item, "effect": "no_effect"}],
                    }
                )
                for n in range(6)
            ),
        )
    assert all(not isinstance(r, BaseException) for r in results)
    for assessment in results[:2]:
        await loaded.assessments.verify(assessment.id, by="second-desk")  # type: ignore[union-attr]
    detail = await loaded.items.get(item)
    assert (detail.item.status, detail.item.status_basis.rule, detail.item.disputed) == (
        tracker.Status.IMPLEMENTED,
        tracker.StatusRule.BODY_ASSESSMENT,
        True,
    )
    changes = (await loaded.changes.list(latest_first=True, limit=100)).items
    ids = [c.id for c in changes]
    assert ids == sorted(ids, reverse=True) and len(ids) == len(set(ids))
    assert sum(c.entity == "action" and (c.title or "").startswith("Statement ") for c in changes) == 6


async def test_a_write_blocked_by_another_process_beyond_the_busy_timeout_is_database_busy(
    opened: tracker.Tracker, database_url: str, sample_records: list
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's single-writer lock")
    import sqlite3

    await opened.load(sample_records)
    other = sqlite3.connect(database_url.split("///", 1)[1], isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(tracker.errors.DatabaseBusy):
            await opened.actions.record(PAYMENT)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert (await opened.actions.record(PAYMENT)).title == PAYMENT["title"]
