"""A currency is checked against CLDR's record of legal tender on the action's date."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain.actions import action_problems
from tracker.domain.currencies import is_currency, tender_periods, why_not_currency
from tracker.domain.entities import Amounts
from tracker.domain.enums import ActionKind


@pytest.mark.parametrize(
    ("code", "on"),
    [
        pytest.param("KZT", dt.date(2013, 11, 21), id="tenge-gerasimov-award"),
        pytest.param("TJR", dt.date(1999, 6, 1), id="tajik-ruble-before-2000"),
        pytest.param("BYR", dt.date(2010, 1, 1), id="belarus-ruble-2000-2016"),
        pytest.param("BYN", dt.date(2020, 1, 1), id="new-belarus-ruble"),
        pytest.param("TJS", dt.date(2013, 11, 21), id="somoni"),
        pytest.param("TJS", None, id="somoni-today"),
    ],
)
def test_a_currency_in_use_on_the_day_is_accepted(code: str, on: dt.date | None) -> None:
    assert is_currency(code, on=on)


@pytest.mark.parametrize(
    ("code", "on"),
    [
        pytest.param("TJR", dt.date(2013, 11, 21), id="tajik-ruble-after-the-somoni"),
        pytest.param("BYR", dt.date(2020, 1, 1), id="belarus-ruble-after-redenomination"),
        pytest.param("BYN", dt.date(2010, 1, 1), id="new-belarus-ruble-before-it-existed"),
        pytest.param("TJR", None, id="tajik-ruble-today"),
        pytest.param("XYZ", None, id="never-a-code"),
        pytest.param("XYZ", dt.date(2010, 1, 1), id="never-a-code-dated"),
        pytest.param("kzt", None, id="lower-case"),
        pytest.param("kzt", dt.date(2013, 11, 21), id="lower-case-dated"),
        pytest.param("XXX", None, id="no-currency-code"),
        pytest.param("USN", None, id="fund-code-not-tender"),
    ],
)
def test_a_code_not_in_use_on_the_day_is_refused(code: str, on: dt.date | None) -> None:
    assert not is_currency(code, on=on)


def test_the_lookup_is_built_once() -> None:
    assert tender_periods() is tender_periods()
    assert "TJR" in tender_periods() and "XXX" not in tender_periods()


def test_a_tender_period_includes_its_last_day() -> None:
    assert is_currency("TJR", on=dt.date(2000, 10, 25))
    assert not is_currency("TJR", on=dt.date(2000, 10, 26))


def test_a_refusal_says_when_the_currency_was_used_and_what_replaced_it() -> None:
    problems = action_problems(ActionKind.COURT_RULING, None, Amounts(currency="TJR", awarded=1000), date=dt.date(2013, 11, 21))
    assert [field for field, _ in problems] == ["amounts.currency"]
    message = problems[0][1]
    assert "'TJR'" in message and "2013-11-21" in message
    assert "Tajikistan" in message and "2000-10-25" in message and "TJS" in message


def test_an_action_in_a_former_currency_on_its_date_has_no_problems() -> None:
    amounts = Amounts(currency="TJR", awarded=1000)
    assert action_problems(ActionKind.COURT_RULING, None, amounts, date=dt.date(1999, 6, 1)) == []


def test_a_lower_case_code_is_refused_with_a_hint() -> None:
    assert "'KZT'" in why_not_currency("kzt")
    assert why_not_currency("XYZ") == "'XYZ' is not an ISO 4217 currency code"
