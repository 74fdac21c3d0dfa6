"""Court details and amounts belong only to the kinds of action that carry them, in real currencies."""

from __future__ import annotations

import math

import pytest

from tracker.domain.actions import action_problems
from tracker.domain.entities import Amounts, CourtRuling
from tracker.domain.enums import ActionKind, CourtInstance, CourtOutcome

# Written out from the action rules of docs/records.md.
COURT_FIELD_KINDS = {ActionKind.COURT_RULING}
AMOUNT_FIELD_KINDS = {ActionKind.COURT_RULING, ActionKind.COMPENSATION_PAID}

GERASIMOV_COURT = CourtRuling(
    name="Kostanay city court",
    instance=CourtInstance.FIRST,
    claimant="Alexander Gerasimov",
    defendant="Kostanay regional police department",
    outcome=CourtOutcome.PARTLY_GRANTED,
)
GERASIMOV_AMOUNTS = Amounts(currency="KZT", awarded=2_000_000)


def fields(problems: list[tuple[str, str]]) -> list[str]:
    return [field for field, _ in problems]


def test_the_gerasimov_award_has_no_problems() -> None:
    assert action_problems(ActionKind.COURT_RULING, GERASIMOV_COURT, GERASIMOV_AMOUNTS) == []


@pytest.mark.parametrize(
    ("kind", "court", "amounts"),
    [
        pytest.param(ActionKind.COURT_RULING, None, None, id="ruling-without-details"),
        pytest.param(ActionKind.COURT_RULING, GERASIMOV_COURT, None, id="ruling-without-amounts"),
        pytest.param(ActionKind.COURT_RULING, None, GERASIMOV_AMOUNTS, id="ruling-amounts-only"),
        pytest.param(ActionKind.COMPENSATION_PAID, None, Amounts(currency="KZT", paid=2_000_000), id="payment"),
        pytest.param(ActionKind.COMPENSATION_PAID, None, Amounts(currency="TJS", paid=0), id="zero-payment"),
        pytest.param(
            ActionKind.COURT_RULING,
            GERASIMOV_COURT,
            Amounts(currency="KZT", claimed=5_000_000, awarded=2_000_000, recommended=3_500_000.5, paid=2_000_000),
            id="every-amount",
        ),
        pytest.param(ActionKind.LEGISLATION_ADOPTED, None, None, id="law-without-court-or-amounts"),
    ],
)
def test_an_action_that_keeps_the_rules_has_no_problems(
    kind: ActionKind, court: CourtRuling | None, amounts: Amounts | None
) -> None:
    assert action_problems(kind, court, amounts) == []


@pytest.mark.parametrize("kind", sorted(set(ActionKind) - COURT_FIELD_KINDS))
def test_court_details_belong_only_to_a_court_ruling(kind: ActionKind) -> None:
    problems = action_problems(kind, GERASIMOV_COURT, None)
    assert fields(problems) == ["court"]
    assert kind.value in problems[0][1]


@pytest.mark.parametrize("kind", sorted(set(ActionKind) - AMOUNT_FIELD_KINDS))
def test_amounts_belong_only_to_a_court_ruling_or_a_compensation_payment(kind: ActionKind) -> None:
    problems = action_problems(kind, None, GERASIMOV_AMOUNTS)
    assert fields(problems) == ["amounts"]
    assert kind.value in problems[0][1]


@pytest.mark.parametrize("currency", ["XXX", "kzt", "Kzt", "KZ", "KZTT", "", "TENGE", "RUR"])
def test_an_amount_in_an_unknown_currency_is_refused(currency: str) -> None:
    problems = action_problems(ActionKind.COURT_RULING, None, Amounts(currency=currency, awarded=2_000_000))
    assert fields(problems) == ["amounts.currency"]
    assert repr(currency) in problems[0][1]


@pytest.mark.parametrize("currency", ["KZT", "TJS", "USD", "EUR", "RUB", "KGS", "UZS"])
def test_an_amount_in_an_iso_4217_currency_is_accepted(currency: str) -> None:
    assert action_problems(ActionKind.COMPENSATION_PAID, None, Amounts(currency=currency, paid=1000)) == []


@pytest.mark.parametrize("name", ["claimed", "awarded", "recommended", "paid"])
@pytest.mark.parametrize("value", [-1.0, -0.01, -2_000_000, math.nan, math.inf, -math.inf])
def test_an_amount_must_be_a_finite_non_negative_number(name: str, value: float) -> None:
    amounts = Amounts(currency="KZT", **{name: value})
    assert fields(action_problems(ActionKind.COURT_RULING, None, amounts)) == [f"amounts.{name}"]


def test_every_broken_rule_is_reported_at_once() -> None:
    amounts = Amounts(currency="XXX", claimed=-1, paid=math.nan)
    problems = action_problems(ActionKind.STATEMENT, GERASIMOV_COURT, amounts)
    assert fields(problems) == ["court", "amounts", "amounts.currency", "amounts.claimed", "amounts.paid"]
    assert all(message for _, message in problems)
