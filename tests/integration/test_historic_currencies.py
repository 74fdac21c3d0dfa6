"""Court awards and payments in a currency of their day are recorded; the same currency later is refused."""

from __future__ import annotations

from typing import Any

import pytest

import tracker

TAJIK_RUBLE_AWARD: dict[str, Any] = {
    "state": "TJK",
    "kind": "court_ruling",
    "date": "1999-06-01",
    "title": "Dushanbe court awards compensation in Tajik rubles",
    "amounts": {"currency": "TJR", "awarded": 1000},
    "sources": [{"url": "https://example.org/dushanbe-1999"}],
    "links": [{"item": "ccpr-2680-2015-retrial-or-release", "effect": "no_effect"}],
}


async def test_an_award_in_tajik_rubles_before_2000_is_recorded(seeded: tracker.Tracker) -> None:
    action = await seeded.actions.record(TAJIK_RUBLE_AWARD)
    assert action.amounts is not None and action.amounts.currency == "TJR" and action.amounts.awarded == 1000
    assert (await seeded.actions.get(action.id)).amounts == action.amounts


async def test_an_award_in_tajik_rubles_after_the_somoni_is_refused(seeded: tracker.Tracker) -> None:
    with pytest.raises(tracker.InvalidInput) as raised:
        await seeded.actions.record({**TAJIK_RUBLE_AWARD, "date": "2013-11-21"})
    assert raised.value.field == "amounts.currency"
    assert "'TJR' was not in use on 2013-11-21" in str(raised.value) and "TJS" in str(raised.value)


async def test_moving_an_award_past_its_currency_is_refused(seeded: tracker.Tracker) -> None:
    action = await seeded.actions.record(TAJIK_RUBLE_AWARD)
    with pytest.raises(tracker.InvalidInput) as raised:
        await seeded.actions.update(action.id, {"date": "2013-11-21"})
    assert raised.value.field == "amounts.currency"
