"""How the editors' forms read what people type: dates as far as they are known, amounts as written."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain.enums import DatePrecision
from tracker.domain.wording import on, read_date
from tracker_api.pages.forms import Form, action_fields, read_amount


@pytest.mark.parametrize(
    ("typed", "date", "precision"),
    [
        ("2013-11-05", dt.date(2013, 11, 5), DatePrecision.DAY),
        ("November 2013", dt.date(2013, 11, 1), DatePrecision.MONTH),
        ("2013-11", dt.date(2013, 11, 1), DatePrecision.MONTH),
        ("2013", dt.date(2013, 1, 1), DatePrecision.YEAR),
        ("5 November 2013", dt.date(2013, 11, 5), DatePrecision.DAY),
        ("  nov  2013 ", dt.date(2013, 11, 1), DatePrecision.MONTH),
        ("Sept. 2013", dt.date(2013, 9, 1), DatePrecision.MONTH),
        ("ноябрь 2013 г.", dt.date(2013, 11, 1), DatePrecision.MONTH),
        ("5 ноября 2013 года", dt.date(2013, 11, 5), DatePrecision.DAY),
    ],
)
def test_a_date_is_read_as_far_as_it_is_known(typed: str, date: dt.date, precision: DatePrecision) -> None:
    assert read_date(typed) == (date, precision)


@pytest.mark.parametrize(
    "typed", ["2013-02-30", "2013-13", "Smarch 2013", "November", "13/11/2013", "", "2013-11-05T10:00", "32 May 2013", "0000"]
)
def test_what_is_no_date_is_refused_not_guessed(typed: str) -> None:
    assert read_date(typed) is None


@pytest.mark.parametrize(
    ("date", "precision"), [(dt.date(2012, 8, 22), "day"), (dt.date(2013, 11, 1), "month"), (dt.date(2013, 1, 1), "year")]
)
def test_what_the_pages_write_of_a_date_reads_back_as_the_same_date(date: dt.date, precision: str) -> None:
    assert read_date(on(date, precision)) == (date, DatePrecision(precision))


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("2000000", 2000000),
        ("2,000,000", 2000000),
        ("2 000 000", 2000000),
        ("2\u00a0000\u00a0000", 2000000),
        ("1500.50", 1500.5),
        ("1500,50", 1500.5),
        ("0", 0),
    ],
)
def test_an_amount_is_read_as_written(typed: str, amount: float) -> None:
    assert read_amount(typed) == amount


@pytest.mark.parametrize("typed", ["two million", "-5", "2,00,000", "1.500,50", "2e6", "12,345.6.7"])
def test_an_amount_that_is_not_plainly_a_number_is_refused(typed: str) -> None:
    assert read_amount(typed) is None


def test_amounts_without_a_currency_are_an_error_beside_the_currency() -> None:
    form = Form({"amounts.paid": "100", "date": "2014"})
    fields = action_fields(form)
    assert fields["date"] == "2014-01-01" and fields["date_precision"] == "year"
    assert [m.text for m in form.errors["amounts.currency"]] == ["Give the currency of the amounts, such as KZT."]
