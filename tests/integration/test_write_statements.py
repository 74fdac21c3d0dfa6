"""What one write appends to the change log, however few statements it takes to append it."""

from __future__ import annotations

import tracker


async def test_one_load_logs_its_entries_by_kind_and_each_action_and_assessment_names_its_items(
    opened: tracker.Tracker, sample_records: list
) -> None:
    await opened.load(sample_records)
    entries = (await opened.changes.list(limit=100)).items
    kinds = [c.entity for c in entries]
    assert kinds == sorted(kinds, key=["item", "document", "action", "assessment"].index)
    assert [c.id for c in entries] == list(range(entries[0].id, entries[0].id + len(entries)))
    named = {(c.entity, c.title): c.items for c in entries if c.entity in {"action", "assessment"}}
    assert named == {
        ("action", "Kostanay city court awards Gerasimov 2,000,000 tenge"): ["cat-433-2010-compensation"],
        ("action", "Kazakhstan follow-up reply on CAT/C/KAZ/CO/3"): ["cat-c-kaz-co-3-p10", "cat-c-kaz-co-3-p8"],
        ("assessment", "Committee against Torture: partially_implemented"): ["cat-c-tjk-co-3-p10"],
    }


async def test_recording_an_action_logs_it_after_the_item_it_changed_and_names_its_links(
    opened: tracker.Tracker, sample_records: list
) -> None:
    await opened.load(sample_records)
    before = (await opened.changes.list(latest_first=True, limit=1)).items[0].id
    action = await opened.actions.record(
        {
            "state": "KAZ",
            "kind": "statement",
            "date": "2016-03-01",
            "title": "The Ministry of Justice reports on the transfer of detention facilities",
            "sources": [{"url": "https://example.org/transfer"}],
            "links": [{"item": "cat-c-kaz-co-3-p10", "effect": "advances"}, {"item": "cat-c-kaz-co-3-p8", "effect": "no_effect"}],
        },
        by="desk",
    )
    entries = [c for c in (await opened.changes.list(limit=100)).items if c.id > before]
    assert [(c.entity, c.entity_id, c.kind, c.items) for c in entries] == [
        ("item", "cat-c-kaz-co-3-p10", "updated", ["cat-c-kaz-co-3-p10"]),
        ("item", "cat-c-kaz-co-3-p8", "updated", ["cat-c-kaz-co-3-p8"]),
        ("action", action.id, "created", ["cat-c-kaz-co-3-p10", "cat-c-kaz-co-3-p8"]),
    ]
