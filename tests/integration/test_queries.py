"""Listing items: filters, keyset pagination, full-text search on both backends."""

from __future__ import annotations

import datetime as dt

import pytest

import tracker
from tracker.records import RecommendationRecord, RemedyRecord


async def test_filters_combine_and_repeated_values_mean_any(opened: tracker.Tracker, sample_records: list) -> None:
    await opened.load(sample_records)
    kaz_cat_follow_up = await opened.items.list(state="KAZ", body="CAT", follow_up=True)
    assert [i.id for i in kaz_cat_follow_up] == ["cat-c-kaz-co-3-p10", "cat-c-kaz-co-3-p8"]
    recommendations = await opened.items.list(state=["KAZ", "TJK"], kind="recommendation", follow_up=True)
    assert recommendations.total == 3
    assessed = await opened.items.list(status=["partially_implemented", "implemented"])
    assert {i.id for i in assessed} == {"cat-433-2010-compensation", "cat-c-tjk-co-3-p10"}
    by_document = await opened.items.list(document="CAT/C/KAZ/CO/3")
    assert by_document.total == 3
    by_decision = await opened.items.list(decision="cat-433-2010")
    assert by_decision.total == 2


async def test_overdue_is_judged_on_the_requested_date(opened: tracker.Tracker, sample_records: list) -> None:
    await opened.load(sample_records)
    today = await opened.items.list(overdue=True)
    assert [i.id for i in today] == ["cat-433-2010-compensation", "cat-433-2010-investigation", "cat-c-tjk-co-3-p10"]
    assert all(i.overdue for i in today)
    in_2015 = await opened.items.list(overdue=True, as_of=dt.date(2015, 11, 25))
    assert [i.id for i in in_2015] == ["cat-433-2010-compensation", "cat-433-2010-investigation"]
    not_overdue = await opened.items.list(overdue=False)
    assert not_overdue.total + today.total == (await opened.items.list()).total


async def test_pages_cover_every_item_once_even_while_items_are_inserted(opened: tracker.Tracker, sample_records: list) -> None:
    await opened.load(sample_records)
    first = await opened.items.list(limit=2)
    assert first.total == 6 and len(first) == 2 and first.next_cursor
    await opened.load(
        [
            RemedyRecord(decision="cat-433-2010", kind="compensation", ordinal=2, text="An item sorted before the cursor."),
            RecommendationRecord(document="CAT/C/TJK/CO/3", paragraph="99", text="An item sorted after the cursor."),
        ]
    )
    seen = [i.id for i in first]
    cursor = first.next_cursor
    while cursor:
        page = await opened.items.list(limit=2, cursor=cursor)
        seen.extend(i.id for i in page)
        cursor = page.next_cursor
    assert len(seen) == len(set(seen))
    assert "cat-c-tjk-co-3-p99" in seen and "cat-433-2010-compensation-2" not in seen
    assert seen == sorted(seen)


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"state": "XYZ"}, "state"),
        ({"body": "NOPE"}, "body"),
        ({"status": "done"}, "status"),
        ({"kind": "law"}, "kind"),
        ({"limit": 0}, "limit"),
        ({"limit": 501}, "limit"),
        ({"cursor": "not-a-cursor!"}, "cursor"),
    ],
)
async def test_bad_arguments_name_the_argument(
    opened: tracker.Tracker, sample_records: list, arguments: dict, field: str
) -> None:
    await opened.load(sample_records)
    with pytest.raises(tracker.InvalidInput) as raised:
        await opened.items.list(**arguments)
    assert raised.value.field == field


async def test_an_unknown_item_id_is_not_found(opened: tracker.Tracker) -> None:
    with pytest.raises(tracker.NotFound):
        await opened.items.get("cat-999-2099-compensation")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("compensation", {"cat-433-2010-compensation"}),
        ("allegations torture", {"cat-c-kaz-co-3-p8"}),
        ("tortur*", {"cat-c-kaz-co-3-p8", "cat-433-2010-investigation", "cat-c-tjk-co-3-p10"}),
        ("компенсацию", {"cat-c-kaz-co-3-p20"}),
        ("компенсац*", {"cat-c-kaz-co-3-p20"}),
        ("пыток", {"cat-c-kaz-co-3-p20"}),
        ("Ministry of Justice", {"cat-c-kaz-co-3-p10"}),
        ("investigati*", {"cat-c-kaz-co-3-p8"}),
        ("the", {"cat-c-kaz-co-3-p10", "cat-433-2010-compensation", "cat-433-2010-investigation", "cat-c-tjk-co-3-p10"}),
        ("the torture", {"cat-433-2010-investigation", "cat-c-tjk-co-3-p10"}),
        ('"); DROP TABLE items; -- :* & | ! (', set()),
        ("compensation OR detention", {"cat-433-2010-compensation", "cat-c-kaz-co-3-p10"}),
        ("compensation | detention", {"cat-433-2010-compensation", "cat-c-kaz-co-3-p10"}),
        ("torture -allegations", {"cat-433-2010-investigation", "cat-c-tjk-co-3-p10"}),
        ("torture NOT allegations", {"cat-433-2010-investigation", "cat-c-tjk-co-3-p10"}),
        ('"Ministry of Justice"', {"cat-c-kaz-co-3-p10"}),
        ('"justice ministry"', set()),
        ("NOT torture", set()),
        ('"unbalanced phrase', set()),
        ("", set()),
    ],
)
async def test_full_text_search_matches_words_prefixes_and_cyrillic(
    opened: tracker.Tracker, sample_records: list, query: str, expected: set[str]
) -> None:
    await opened.load(sample_records)
    assert {i.id for i in await opened.items.list(q=query)} == expected


@pytest.mark.parametrize("sort", ["id", "due_date", "-updated_at"])
async def test_every_sort_pages_through_every_item_once_in_order(
    opened: tracker.Tracker, sample_records: list, sort: str
) -> None:
    await opened.load(sample_records)
    seen: list[tracker.Item] = []
    cursor = None
    while True:
        page = await opened.items.list(sort=sort, limit=2, cursor=cursor)
        seen.extend(page)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert len({i.id for i in seen}) == len(seen) == 6
    if sort == "due_date":
        dues = [i.due_date for i in seen]
        dated = [d for d in dues if d is not None]
        assert dated == sorted(dated) and dues[len(dated) :] == [None] * (len(dues) - len(dated))
    if sort == "-updated_at":
        stamps = [i.updated_at for i in seen]
        assert stamps == sorted(stamps, reverse=True)


async def test_relevance_puts_the_best_match_first_and_needs_a_query(opened: tracker.Tracker, sample_records: list) -> None:
    await opened.load(sample_records)
    await opened.load(
        [
            RecommendationRecord(
                document="CAT/C/TJK/CO/3", paragraph="20", text="Torture, torture and torture again: end torture in custody."
            )
        ]
    )
    ranked = await opened.items.list(q="torture", sort="relevance")
    assert ranked.items[0].id == "cat-c-tjk-co-3-p20"
    assert {i.id for i in ranked} == {i.id for i in await opened.items.list(q="torture")}
    with pytest.raises(tracker.InvalidInput) as raised:
        await opened.items.list(sort="relevance")
    assert raised.value.field == "sort"
    with pytest.raises(tracker.InvalidInput):
        await opened.items.list(sort="shuffle")


async def test_theme_and_deadline_range_filters(opened: tracker.Tracker, sample_records: list) -> None:
    await opened.load(
        [
            *sample_records,
            RecommendationRecord(
                document="CAT/C/KAZ/CO/3",
                paragraph="12",
                text="Guarantee access to a lawyer from the outset.",
                themes=["fundamental legal safeguards", "legal aid"],
            ),
        ]
    )
    assert [i.id for i in await opened.items.list(theme=["legal aid", "nothing"])] == ["cat-c-kaz-co-3-p12"]
    assert (await opened.items.list(theme="nothing")).total == 0
    before = await opened.items.list(due_before=dt.date(2013, 1, 1))
    assert {i.id for i in before} == {"cat-433-2010-compensation", "cat-433-2010-investigation"}
    after = await opened.items.list(due_after=dt.date(2019, 1, 1))
    assert {i.id for i in after} == {"cat-c-tjk-co-3-p10"}


@pytest.mark.parametrize("share", [1, 10_000])
async def test_a_search_lists_and_counts_the_same_items_whether_its_words_are_rare_or_common(
    opened: tracker.Tracker, sample_records: list, monkeypatch: pytest.MonkeyPatch, share: int
) -> None:
    # On SQLite a word found in many rows is searched by walking the items in order; with
    # share=10,000 every word counts as common, with share=1 none does.
    monkeypatch.setattr("tracker.db.search.COMMON_SHARE", share)
    await opened.load(sample_records)
    seen, cursor = [], None
    while True:
        page = await opened.items.list(q="torture OR compensation", limit=1, cursor=cursor)
        seen.extend(i.id for i in page)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == sorted(seen) and len(seen) == page.total == 4
    in_kaz = await opened.items.list(q="torture OR compensation", state="KAZ")
    assert 0 < in_kaz.total == len(in_kaz) < len(seen) and all(i.state == "KAZ" for i in in_kaz)


async def test_items_carry_the_vocabulary_themes_their_words_speak_of_and_filter_on_them(
    opened: tracker.Tracker, sample_records: list
) -> None:
    await opened.load(sample_records)
    compensation = await opened.items.get("cat-433-2010-compensation")
    assert {"treaty_body_decisions", "redress_and_compensation"} <= set(compensation.item.vocabulary_themes)
    redress = await opened.items.list(theme="redress_and_compensation", state="KAZ")
    assert "cat-433-2010-compensation" in {i.id for i in redress}
    assert all("redress_and_compensation" in i.vocabulary_themes for i in redress)
    # A changed text moves the item to the themes of its new words.
    await opened.load(
        [
            RecommendationRecord(
                document="CAT/C/TJK/CO/3",
                paragraph="10",
                text="Ensure that no one is extradited to a State where torture awaits.",
            )
        ]
    )
    moved = await opened.items.get("cat-c-tjk-co-3-p10")
    assert "non_refoulement" in moved.item.vocabulary_themes
    assert "cat-c-tjk-co-3-p10" in {i.id for i in await opened.items.list(theme="non_refoulement")}


async def test_every_reads_each_entry_of_a_list_call_once_across_its_pages(seeded: tracker.Tracker) -> None:
    everything = [action async for action in tracker.every(seeded.actions.list, state="KAZ")]
    assert len(everything) == (await seeded.actions.list(state="KAZ")).total > 3
    assert [a.id for a in everything] == [a.id for a in (await seeded.actions.list(state="KAZ", limit=500)).items]

    asked: list[dict] = []

    async def in_threes(**arguments: object) -> tracker.Page[tracker.Action]:
        asked.append(arguments)
        return await seeded.actions.list(**{**arguments, "limit": 3})  # type: ignore[arg-type]

    paged = [action async for action in tracker.every(in_threes, state="KAZ")]
    assert [a.id for a in paged] == [a.id for a in everything]
    assert len(asked) == -(-len(everything) // 3)
    assert asked[0] == {"state": "KAZ", "limit": 500, "cursor": None} and all(a["cursor"] for a in asked[1:])


async def test_a_decision_carries_every_action_on_its_remedies_oldest_first(seeded: tracker.Tracker) -> None:
    detail = await seeded.decisions.get("cat-433-2010")
    one_by_one = {
        action.id: action for remedy in detail.remedies async for action in tracker.every(seeded.actions.list, item=remedy.id)
    }
    assert detail.actions and [a.id for a in detail.actions] == [
        a.id for a in sorted(one_by_one.values(), key=lambda a: (a.date, a.id))
    ]
    several = [a async for a in tracker.every(seeded.actions.list, item=[r.id for r in detail.remedies])]
    assert {a.id for a in several} == one_by_one.keys()


async def test_the_cases_of_a_state_are_its_decisions_with_remedies_and_actions_uncut(seeded: tracker.Tracker) -> None:
    cases = await seeded.decisions.cases(state="KAZ")
    decisions = [d async for d in tracker.every(seeded.decisions.list, state="KAZ")]
    assert [case.decision.id for case in cases] == [d.id for d in decisions]
    assert cases == [await seeded.decisions.get(case.decision.id) for case in cases]
    assert any(case.actions for case in cases)
    remedies = [i async for i in tracker.every(seeded.items.list, state="KAZ", kind="remedy")]
    assert sum(len(case.remedies) for case in cases) == len([r for r in remedies if r.decision])
    with pytest.raises(tracker.InvalidInput, match="XYZ"):
        await seeded.decisions.cases(state="XYZ")


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("gerasim", True),
        ("GERASIMOV", True),
        ("433/2010", True),
        ("CAT/C/48/D/433/2010", True),
        ('"gerasimov v"', True),
        ("gerasimov -kazakhstan", False),
        ("nobody OR gerasimov", True),
        ("torture", False),
    ],
)
async def test_decisions_are_found_by_title_number_symbol_and_names(seeded: tracker.Tracker, query: str, found: bool) -> None:
    page = await seeded.decisions.list(q=query, limit=500)
    assert ("cat-433-2010" in {d.id for d in page}) is found
    assert page.total == len(page.items)


async def test_decisions_found_by_a_query_page_like_the_others(seeded: tracker.Tracker) -> None:
    everything = (await seeded.decisions.list(q="kazakhstan", limit=500)).items
    assert len(everything) > 2 and all("kazakhstan" in d.title.lower() for d in everything)
    first = await seeded.decisions.list(q="kazakhstan", limit=2)
    rest = [d async for d in tracker.every(seeded.decisions.list, q="kazakhstan")]
    assert first.total == len(everything) and [d.id for d in first] == [d.id for d in everything[:2]]
    assert [d.id for d in rest] == [d.id for d in everything]
    second = await seeded.decisions.list(q="kazakhstan", limit=2, cursor=first.next_cursor)
    assert [d.id for d in second] == [d.id for d in everything[2:4]]
