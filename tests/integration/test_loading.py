"""Loading records: idempotent upserts by natural key, all or nothing, derived state kept right."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest
from sqlalchemy import func, select

import tracker
from tracker.db.models import ActionItemRow, ActionRow, AssessmentRow, ItemRow, StatusChangeRow
from tracker.domain import ids
from tracker.records import ActionRecord, AssessmentRecord, DocumentRecord, RecommendationRecord


async def _count(t: tracker.Tracker, model: type) -> int:
    async with t.session() as session:
        return (await session.execute(select(func.count()).select_from(model))).scalar_one()


async def _updated_at(t: tracker.Tracker) -> dict[str, dt.datetime]:
    async with t.session() as session:
        return dict((await session.execute(select(ItemRow.id, ItemRow.updated_at))).all())


async def test_loading_the_same_records_twice_changes_nothing(opened: tracker.Tracker, sample_records: list) -> None:
    first = await opened.load(sample_records)
    assert first.total("created") == len(sample_records) + 3  # and three item links
    stamps = await _updated_at(opened)
    second = await opened.load(sample_records)
    assert second.total("created") == 0
    assert second.total("updated") == 0
    assert await _count(opened, ItemRow) == 6
    assert await _count(opened, ActionRow) == 2
    assert await _count(opened, ActionItemRow) == 3
    assert await _updated_at(opened) == stamps


async def test_a_changed_record_updates_the_same_item(opened: tracker.Tracker, sample_records: list) -> None:
    await opened.load(sample_records)
    changed = [
        msgspec.structs.replace(r, text="Revised wording.") if isinstance(r, RecommendationRecord) and r.paragraph == "8" else r
        for r in sample_records
    ]
    report = await opened.load(changed)
    assert report.counts["item"].updated == 1
    assert await _count(opened, ItemRow) == 6
    detail = await opened.items.get("cat-c-kaz-co-3-p8")
    assert detail.item.text == "Revised wording."


async def test_a_load_with_one_bad_record_writes_nothing(opened: tracker.Tracker, sample_records: list) -> None:
    bad = ActionRecord(
        state="KAZ",
        kind=tracker.ActionKind.STATEMENT,
        date=dt.date(2020, 1, 1),
        title="Statement",
        links=[tracker.ItemLink(item="cat-c-kaz-co-3-p99", effect=tracker.Effect.ADVANCES)],
    )
    with pytest.raises(tracker.NotFound) as raised:
        await opened.load([*sample_records, bad])
    assert raised.value.key == "cat-c-kaz-co-3-p99"
    for model in (ItemRow, ActionRow, ActionItemRow, AssessmentRow):
        assert await _count(opened, model) == 0


async def test_an_unknown_state_code_is_refused(opened: tracker.Tracker, sample_records: list) -> None:
    await opened.load(sample_records)
    bad = ActionRecord(state="XKX", kind=tracker.ActionKind.OTHER, date=dt.date(2020, 1, 1), title="t")
    with pytest.raises(tracker.InvalidInput, match="unknown State code 'XKX'") as raised:
        await opened.load([bad])
    assert raised.value.field == "state"


async def test_an_id_that_does_not_match_its_natural_key_is_refused(opened: tracker.Tracker, sample_records: list) -> None:
    forged = [
        msgspec.structs.replace(r, id="cat-c-kaz-co-3-p9") if isinstance(r, RecommendationRecord) and r.paragraph == "8" else r
        for r in sample_records
    ]
    with pytest.raises(tracker.InvalidInput, match="does not match its natural key"):
        await opened.load(forged)


async def test_an_appeal_must_review_a_stored_court_ruling_of_the_same_state(
    opened: tracker.Tracker, sample_records: list
) -> None:
    await opened.load(sample_records)
    ruling = tracker.ActionKind.COURT_RULING
    appeal = ActionRecord(
        state="KAZ",
        kind=ruling,
        date=dt.date(2014, 1, 23),
        title="Appeal court upholds the award",
        court=tracker.CourtRuling(
            name="Kostanay Regional Court", instance="appeal", outcome="upheld", appeal_of="act-kaz-2013-11-00000000"
        ),
    )
    with pytest.raises(tracker.NotFound):
        await opened.load([appeal])
    reply_id = ids.action_id(
        "KAZ",
        dt.date(2015, 11, 20),
        tracker.DatePrecision.DAY,
        "follow_up_reply_submitted",
        "Kazakhstan follow-up reply on CAT/C/KAZ/CO/3",
    )
    with pytest.raises(tracker.InvalidInput, match="is not another court ruling"):
        await opened.load([msgspec.structs.replace(appeal, court=msgspec.structs.replace(appeal.court, appeal_of=reply_id))])


async def test_amounts_on_an_action_that_cannot_carry_them_are_refused(opened: tracker.Tracker, sample_records: list) -> None:
    await opened.load(sample_records)
    bad = ActionRecord(
        state="KAZ",
        kind=tracker.ActionKind.STATEMENT,
        date=dt.date(2020, 1, 1),
        title="t",
        amounts=tracker.Amounts(currency="KZT", awarded=5.0),
    )
    with pytest.raises(tracker.InvalidInput) as raised:
        await opened.load([bad])
    assert raised.value.field == "amounts"


async def test_a_committee_assessment_sets_the_status_and_is_kept_in_history(
    opened: tracker.Tracker, sample_records: list
) -> None:
    await opened.load(sample_records)
    detail = await opened.items.get("cat-c-tjk-co-3-p10")
    assert detail.item.status is tracker.Status.PARTIALLY_IMPLEMENTED
    assert detail.item.status_basis.rule is tracker.StatusRule.BODY_ASSESSMENT
    assert detail.item.status_basis.assessment == detail.assessments[0].id
    assert [(h.on, h.from_, h.to) for h in detail.history] == [
        (dt.date(2025, 5, 23), tracker.Status.NO_INFORMATION, tracker.Status.PARTIALLY_IMPLEMENTED)
    ]

    ngo = AssessmentRecord(
        item="cat-c-tjk-co-3-p10",
        date=dt.date(2025, 6, 1),
        assessor_kind="ngo",
        assessor="Coalition against Torture",
        scale="upr_info",
        grade="not",
        verification="verified",
    )
    await opened.load([ngo])
    detail = await opened.items.get("cat-c-tjk-co-3-p10")
    assert detail.item.status is tracker.Status.PARTIALLY_IMPLEMENTED
    assert detail.item.disputed is True
    assert len(detail.history) == 1  # the body's grade still gives the status: no change to record


async def test_a_grade_off_its_scale_is_refused(opened: tracker.Tracker, sample_records: list) -> None:
    await opened.load(sample_records)
    bad = AssessmentRecord(
        item="cat-c-kaz-co-3-p8",
        date=dt.date(2020, 1, 1),
        assessor_kind="committee",
        assessor="CAT",
        scale="cat_followup",
        grade="B2",
    )
    with pytest.raises(tracker.InvalidInput, match="not on the cat_followup scale") as raised:
        await opened.load([bad])
    assert raised.value.field == "grade"
    assert await _count(opened, AssessmentRow) == 1


async def test_a_linked_court_award_makes_the_remedy_partially_implemented(opened: tracker.Tracker, sample_records: list) -> None:
    await opened.load(sample_records)
    item = (await opened.items.get("cat-433-2010-compensation")).item
    assert item.status is tracker.Status.PARTIALLY_IMPLEMENTED
    assert item.status_basis.rule is tracker.StatusRule.LINKED_ACTIONS
    assert item.status_basis.action is not None and item.status_basis.action.startswith("act-kaz-2013-11-")
    assert item.due_date == dt.date(2012, 8, 22)


async def test_dropping_a_link_on_reload_rederives_the_status(opened: tracker.Tracker, sample_records: list) -> None:
    await opened.load(sample_records)
    unlinked = [
        msgspec.structs.replace(r, links=[]) if isinstance(r, ActionRecord) and r.kind == "court_ruling" else r
        for r in sample_records
    ]
    await opened.load(unlinked)
    detail = await opened.items.get("cat-433-2010-compensation")
    assert detail.item.status is tracker.Status.NO_INFORMATION
    assert detail.timeline == []
    assert detail.history == []  # history is what the record gives now, not a log of loads


async def test_a_reply_on_time_means_not_overdue_and_no_reply_means_overdue(
    opened: tracker.Tracker, sample_records: list
) -> None:
    await opened.load(sample_records)
    p8 = (await opened.items.get("cat-c-kaz-co-3-p8")).item
    assert (p8.due_date, p8.reply_date, p8.overdue, p8.late) == (dt.date(2015, 11, 28), dt.date(2015, 11, 20), False, False)
    tjk = (await opened.items.get("cat-c-tjk-co-3-p10")).item
    assert tjk.due_date == dt.date(2019, 5, 14)
    assert tjk.overdue is True
    before_due = (await opened.items.get("cat-c-tjk-co-3-p10", as_of=dt.date(2019, 1, 1))).item
    assert before_due.overdue is False


async def test_status_changes_are_recorded_once_per_change(opened: tracker.Tracker, sample_records: list) -> None:
    await opened.load(sample_records)
    await opened.load(sample_records)
    assert await _count(opened, StatusChangeRow) == 2  # the award's remedy and the assessed TJK item


async def test_history_is_dated_by_the_events_and_the_same_however_often_it_is_loaded(
    opened: tracker.Tracker, sample_records: list
) -> None:
    await opened.load(sample_records)
    first = (await opened.items.get("cat-433-2010-compensation")).history
    await opened.load(list(reversed(sample_records)))
    await opened.load(sample_records)
    again = (await opened.items.get("cat-433-2010-compensation")).history
    assert first == again
    assert [(h.on, h.precision, h.from_, h.to) for h in again] == [
        (dt.date(2013, 11, 21), tracker.DatePrecision.MONTH, tracker.Status.NO_INFORMATION, tracker.Status.PARTIALLY_IMPLEMENTED)
    ]


async def test_an_unverified_record_is_shown_and_counted_but_moves_nothing(opened: tracker.Tracker, sample_records: list) -> None:
    await opened.load(sample_records)
    claim = AssessmentRecord(
        item="cat-433-2010-compensation",
        date=dt.date(2026, 1, 5),
        assessor_kind="editor",
        assessor="An editor",
        scale="normalized",
        grade="implemented",
        recorded_by="key:ngo-a",
    )
    await opened.load([claim])
    detail = await opened.items.get("cat-433-2010-compensation")
    assert detail.item.status is tracker.Status.PARTIALLY_IMPLEMENTED
    assert detail.item.awaiting_verification == 1
    assert detail.item.overdue is True
    assert [a.verification for a in detail.assessments] == [tracker.Verification.UNVERIFIED]
    assert len(detail.history) == 1


async def test_rulings_that_appeal_each_other_in_a_circle_are_refused(opened: tracker.Tracker, sample_records: list) -> None:
    await opened.load(sample_records)
    day = dt.date(2016, 1, 1)
    a_id = ids.action_id("KAZ", day, tracker.DatePrecision.DAY, "court_ruling", "Ruling A")
    b_id = ids.action_id("KAZ", day, tracker.DatePrecision.DAY, "court_ruling", "Ruling B")
    a = ActionRecord(
        state="KAZ",
        kind=tracker.ActionKind.COURT_RULING,
        date=day,
        title="Ruling A",
        court=tracker.CourtRuling(name="Court", appeal_of=b_id),
    )
    b = ActionRecord(
        state="KAZ",
        kind=tracker.ActionKind.COURT_RULING,
        date=day,
        title="Ruling B",
        court=tracker.CourtRuling(name="Court", appeal_of=a_id),
    )
    with pytest.raises(tracker.InvalidInput) as raised:
        await opened.load([a, b])
    assert raised.value.field == "court.appeal_of"
    assert await _count(opened, ActionRow) == 2


async def test_a_symbol_differing_only_in_punctuation_does_not_rename_a_document(
    opened: tracker.Tracker, sample_records: list
) -> None:
    await opened.load(sample_records)
    from tracker.records import DocumentRecord

    twin = DocumentRecord(symbol="CAT/C/KAZ/CO/3/", body="CAT", state="KAZ", kind="concluding_observations")  # type: ignore[arg-type]
    with pytest.raises(tracker.InvalidInput, match="same id") as raised:
        await opened.load([twin])
    assert raised.value.field == "symbol"
    assert (await opened.items.list(document="CAT/C/KAZ/CO/3")).total == 3


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ({"type": "decision", "body": "UPR", "communication": "1/2020", "state": "KAZ", "title": "t"}, "body"),
        (
            {"type": "decision", "body": "CAT", "communication": "123456789012345678/2020", "state": "KAZ", "title": "t"},
            "communication",
        ),
        ({"type": "remedy", "decision": "cat-433-2010", "kind": "other", "ordinal": 99999999999, "text": "t"}, "ordinal"),
        ({"type": "recommendation", "document": "CAT/C/KAZ/CO/3", "paragraph": "٨", "text": "t"}, "paragraph"),
        (
            {
                "type": "decision",
                "body": "CAT",
                "communication": "9/2020",
                "state": "KAZ",
                "title": "t",
                "adopted_on": "9999-12-30",
                "reply_days": 90,
            },
            "adopted_on",
        ),
        (
            {
                "type": "action",
                "state": "KAZ",
                "kind": "court_ruling",
                "date": "2020-01-01",
                "title": "t",
                "amounts": {"currency": "KZT", "awarded": 1.2e29},
            },
            "amounts.awarded",
        ),
    ],
)
async def test_values_the_store_cannot_hold_are_refused_naming_the_field(
    opened: tracker.Tracker, sample_records: list, record: dict, field: str
) -> None:
    from tracker.records import decode_lines

    await opened.load(sample_records)
    extra = []
    if record.get("reply_days"):
        extra = [{"type": "remedy", "decision": "cat-9-2020", "kind": "other", "text": "t"}]
    lines = [msgspec.json.encode({"type": "meta", "format": "tracker-records", "version": 1})]
    lines += [msgspec.json.encode(r) for r in [record, *extra]]
    with pytest.raises(tracker.InvalidInput) as raised:
        await opened.load(decode_lines(lines))
    assert raised.value.field == field


async def test_paragraph_numbers_with_leading_zeros_name_the_same_item(opened: tracker.Tracker, sample_records: list) -> None:
    await opened.load(sample_records)
    report = await opened.load(
        [
            RecommendationRecord(
                document="CAT/C/KAZ/CO/3",
                paragraph="08",
                title="investigation of torture allegations",
                text="Ensure prompt, impartial and effective investigation of all allegations of torture.",
                follow_up=True,
            )
        ]
    )
    assert report.counts["item"].created == 0


async def test_a_fill_only_load_updates_but_never_erases_what_is_known(seeded: tracker.Tracker) -> None:
    from tracker.records import DocumentRecord, RecommendationRecord

    before = await seeded.documents.get("CAT/C/KAZ/CO/3")
    item_before = await seeded.items.get("cat-c-kaz-co-3-p8")
    scraped = [
        DocumentRecord(
            symbol="CAT/C/KAZ/CO/3",
            body=tracker.Body.CAT,
            state="KAZ",
            kind="concluding_observations",  # type: ignore[arg-type]
            library_ids={"undl": "9000001"},
        ),
        RecommendationRecord(document="CAT/C/KAZ/CO/3", paragraph="8", text=item_before.item.text),
    ]
    report = await seeded.load(scraped, fill_only=True)
    assert report.counts["document"].updated == 1 and report.counts["item"].unchanged == 1
    after = (await seeded.documents.get("CAT/C/KAZ/CO/3")).document
    assert after.library_ids["undl"] == "9000001"
    assert (after.review, after.follow_up_due, after.title) == (
        before.document.review,
        before.document.follow_up_due,
        before.document.title,
    )
    assert (await seeded.items.get("cat-c-kaz-co-3-p8")).item == item_before.item
    again = await seeded.load(scraped, fill_only=True)
    assert again.total("created") == 0 and again.total("updated") == 0


async def test_an_event_dated_after_tomorrow_is_refused_and_nothing_is_written(
    opened: tracker.Tracker, sample_records: list
) -> None:
    await opened.load(sample_records)
    stored = await opened.documents.list()
    document = next(r for r in sample_records if isinstance(r, DocumentRecord))
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    late = msgspec.structs.replace(document, published_on=dt.date(2999, 1, 1))
    with pytest.raises(tracker.InvalidInput, match="dated 2999-01-01") as raised:
        await opened.load([late])
    assert raised.value.field == "published_on"
    assert await opened.documents.list() == stored
    # A day ahead is allowed: the State may be in a time zone ahead of the server's.
    await opened.load([msgspec.structs.replace(document, published_on=tomorrow)])
