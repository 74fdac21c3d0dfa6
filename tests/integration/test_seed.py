"""The bundled Kazakhstan/Tajikistan data holds what the facts say, loads idempotently,
and gives the statuses and deadlines an advocate expects."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from urllib.parse import urlsplit

import tracker
from tracker.records import Record, decode_lines

STATES = ("KAZ", "TJK")


async def all_items(t: tracker.Tracker, **where: object) -> list[tracker.Item]:
    items, cursor = [], None
    while True:
        page = await t.items.list(limit=100, cursor=cursor, **where)
        items += page.items
        cursor = page.next_cursor
        if cursor is None:
            return items


async def exported(t: tracker.Tracker) -> list[Record]:
    dump = BytesIO()
    await t.export(dump)
    return list(decode_lines(dump.getvalue().splitlines()))


def on_a_test_server(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return "test." in host or "un-icc" in host


async def test_seeding_twice_creates_and_changes_nothing(seeded: tracker.Tracker) -> None:
    report = await seeded.seed()
    assert report is not None
    assert report.total("created") == 0 and report.total("updated") == 0
    assert await seeded.seed(only_if_empty=True) is None


async def test_kazakhstan_co3_follow_up_paragraphs_are_due_2015_11_28_and_were_answered_on_time(seeded: tracker.Tracker) -> None:
    page = await seeded.items.list(document="CAT/C/KAZ/CO/3", follow_up=True)
    assert [i.id for i in page] == ["cat-c-kaz-co-3-p10", "cat-c-kaz-co-3-p13", "cat-c-kaz-co-3-p15", "cat-c-kaz-co-3-p8"]
    for item in page:
        assert item.due_date == dt.date(2015, 11, 28)
        assert item.reply_date == dt.date(2015, 11, 20)
        assert not item.overdue and not item.late
        assert item.sources and item.verification is tracker.Verification.VERIFIED


async def test_tajikistan_co3_paragraphs_carry_the_committees_partially_implemented_assessment(seeded: tracker.Tracker) -> None:
    for paragraph in ("10", "18", "46"):
        detail = await seeded.items.get(f"cat-c-tjk-co-3-p{paragraph}")
        assert detail.item.status is tracker.Status.PARTIALLY_IMPLEMENTED
        assert detail.item.status_basis.rule is tracker.StatusRule.BODY_ASSESSMENT
        [assessment] = detail.assessments
        assert assessment.assessor_kind is tracker.AssessorKind.COMMITTEE and assessment.sources
        assert detail.item.late  # replied in 2021, due in 2019


async def test_gerasimov_compensation_remedy_has_the_award_and_the_appeal_that_upheld_it(seeded: tracker.Tracker) -> None:
    detail = await seeded.items.get("cat-433-2010-compensation")
    assert detail.decision is not None and detail.decision.title == "Gerasimov v. Kazakhstan"
    rulings = [e.action for e in detail.timeline if e.action.kind is tracker.ActionKind.COURT_RULING]
    award, appeal = rulings
    assert (award.date.year, award.date.month, award.date_precision) == (2013, 11, tracker.DatePrecision.MONTH)
    assert award.amounts is not None and award.amounts.awarded == 2_000_000 and award.amounts.currency == "KZT"
    assert award.court is not None and "Kostanay" in award.court.name
    assert appeal.date == dt.date(2014, 1, 23)
    assert appeal.court is not None and appeal.court.appeal_of == award.id and appeal.court.outcome == "upheld"
    assert award.sources and appeal.sources
    assert {link.item for link in award.links} == {"cat-433-2010-compensation"}


async def test_overdue_kazakhstan_items_are_unanswered_remedies_not_the_co3_follow_up(seeded: tracker.Tracker) -> None:
    overdue = await seeded.items.list(state="KAZ", overdue=True, limit=500)
    ids = {i.id for i in overdue}
    assert "cat-433-2010-compensation" in ids
    assert not {i for i in ids if i.startswith("cat-c-kaz-co-3-")}
    assert all(i.due_date is not None and i.due_date < dt.date.today() and i.reply_date is None for i in overdue)


async def test_every_bundled_item_and_action_cites_a_source(seeded: tracker.Tracker) -> None:
    cursor = None
    while True:
        page = await seeded.items.list(limit=100, cursor=cursor)
        for item in page:
            detail = await seeded.items.get(item.id)
            assert (
                item.sources or (detail.decision and detail.decision.sources) or (detail.document and detail.document.sources)
            ), item.id
            for entry in detail.timeline:
                assert entry.action.sources, entry.action.id
        cursor = page.next_cursor
        if cursor is None:
            break


async def test_the_kazakhstan_briefing_since_2013_names_the_gerasimov_award_and_the_overdue_items(
    seeded: tracker.Tracker,
) -> None:
    from tracker.rendering import to_markdown

    briefing = await seeded.briefings.get("KAZ", since=dt.date(2013, 1, 1))
    text = to_markdown(briefing)
    assert "Kostanay city court awards Gerasimov" in text and "awarded KZT\xa02,000,000" in text
    assert "State reply overdue since 22 Aug 2012" in text and "OVERDUE" not in text
    assert briefing.summary.replies_overdue == (await seeded.items.list(state="KAZ", overdue=True)).total
    assert "Gerasimov v. Kazakhstan (CAT 433/2010)" in text
