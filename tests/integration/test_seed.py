"""The bundled Kazakhstan/Tajikistan data holds what the facts say, loads idempotently,
and gives the statuses and deadlines an advocate expects."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import BytesIO
from urllib.parse import urlsplit

import tracker
from tracker.domain.enums import UprResponse
from tracker.records import Record, ReviewRecord, decode_lines

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
            assert item.sources or (detail.decision and detail.decision.sources) or (detail.document and detail.document.sources), item.id
            for entry in detail.timeline:
                assert entry.action.sources, entry.action.id
        cursor = page.next_cursor
        if cursor is None:
            break


async def test_the_kazakhstan_briefing_since_2013_names_the_gerasimov_award_and_the_overdue_items(seeded: tracker.Tracker) -> None:
    from tracker.briefing_text import to_markdown

    briefing = await seeded.briefings.get("KAZ", since=dt.date(2013, 1, 1))
    text = to_markdown(briefing)
    assert "Kostanay city court awards Gerasimov" in text and "awarded 2,000,000 KZT" in text
    assert "`cat-433-2010-compensation`" in text and "OVERDUE" in text
    assert briefing.overdue == (await seeded.items.list(state="KAZ", overdue=True)).total
    assert "Gerasimov v. Kazakhstan (CAT 433/2010)" in text


async def test_no_two_items_of_a_state_share_title_and_text(seeded: tracker.Tracker) -> None:
    for state in STATES:
        items = await all_items(seeded, state=state)
        assert items
        repeated = [key for key, n in Counter((i.title, i.text) for i in items).items() if n > 1]
        assert repeated == [], (state, repeated)


async def test_grouped_recommendations_are_one_item_that_covers_them(seeded: tracker.Tracker) -> None:
    ombudsman = (await seeded.items.get("a-hrc-14-10-r95.5")).item
    assert ombudsman.covers == ["95.5", "95.6", "95.15", "95.16", "95.17", "95.18", "95.19", "95.20", "95.23", "95.24",
                                "95.25", "95.33"]
    assert ombudsman.title == "Ombudsman in line with the Paris Principles" and "not retrieved" in ombudsman.text
    safeguards = (await seeded.items.get("cat-c-kaz-co-4-p11")).item
    assert safeguards.covers == ["11", "12", "13", "14", "15"]
    assert (await seeded.items.get("cat-c-tjk-co-3-p13")).item.covers == ["13", "14"]
    kaz = {i.id for i in await all_items(seeded, state="KAZ")}
    assert "cat-c-kaz-co-4-p10" in kaz and not {i for i in kaz if i.startswith(("a-hrc-14-10-r97.", "cat-c-kaz-co-4-p12"))}
    [upr1] = [r for r in await exported(seeded)
              if isinstance(r, ReviewRecord) and (r.body, r.state, r.cycle) == (tracker.Body.UPR, "KAZ", 1)]
    [not_accepted] = [g for g in upr1.recommendation_groups if g.numbers]
    assert not_accepted.numbers == ["97.1", "97.2", "97.3", "97.4", "97.10", "97.12"]
    assert not_accepted.response is UprResponse.NOTED


async def test_every_source_of_every_bundled_record_has_a_title_and_none_is_on_a_test_server(seeded: tracker.Tracker) -> None:
    sourced = [r for r in await exported(seeded) if getattr(r, "sources", None)]
    assert len(sourced) > 100
    for record in sourced:
        titles = [source.title for source in record.sources]
        assert all(title and title.strip() for title in titles), record
        assert len(set(titles)) == len(titles), record
        assert not any(on_a_test_server(source.url) for source in record.sources), record
        assert not (getattr(record, "url", None) and on_a_test_server(record.url)), record


async def test_tajikistans_refusal_to_quash_saidovs_sentence_is_a_reply_and_makes_the_remedy_not_implemented(
    seeded: tracker.Tracker,
) -> None:
    detail = await seeded.items.get("ccpr-2680-2015-retrial-or-release")
    assert detail.item.status is tracker.Status.NOT_IMPLEMENTED
    assert detail.item.reply_date == dt.date(2019, 7, 3)
    assert not detail.item.overdue
    [refusal] = [e for e in detail.timeline if e.action.kind is tracker.ActionKind.STATEMENT]
    assert refusal.effect is tracker.Effect.REGRESSES and refusal.action.addressed_to is tracker.Body.CCPR
    assert refusal.action.verification is tracker.Verification.VERIFIED and refusal.action.verified_by


async def test_the_march_2023_torture_law_is_a_verified_kazakh_action_shown_on_co4_para_10(seeded: tracker.Tracker) -> None:
    laws = [a for a in (await seeded.actions.list(state="KAZ", limit=500)).items if a.title == "2023 law on torture (signed March 2023)"]
    [law] = laws
    assert (law.date, law.date_precision) == (dt.date(2023, 3, 1), tracker.DatePrecision.MONTH)
    assert law.verification is tracker.Verification.VERIFIED and law.verified_by
    detail = await seeded.items.get("cat-c-kaz-co-4-p10")
    [entry] = [e for e in detail.timeline if e.action.id == law.id]
    assert entry.effect is tracker.Effect.NO_EFFECT and "adopted before this recommendation" in (entry.note or "")


async def test_verified_bundled_actions_say_who_verified_them(seeded: tracker.Tracker) -> None:
    actions = (await seeded.actions.list(limit=500)).items
    assert actions
    for action in actions:
        assert bool(action.verified_by) == (action.verification is tracker.Verification.VERIFIED), action.id
        if action.addressed_to is not None:
            assert action.kind in {tracker.ActionKind.STATEMENT, tracker.ActionKind.FOLLOW_UP_REPLY_SUBMITTED,
                                   tracker.ActionKind.STATE_REPORT_SUBMITTED}, action.id
