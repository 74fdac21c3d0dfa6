"""Reply deadlines follow each procedure's clock; overdue and late follow the domain's rule."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain.deadlines import (
    RULES,
    Deadline,
    add_months,
    compute_due_date,
    first_reply,
    is_late,
    is_overdue,
    is_reply,
    procedure_for,
)
from tracker.domain.enums import ActionKind, Body, ItemKind, Procedure, Status, UprResponse

d = dt.date

KAZ_CO3_ADOPTED = d(2014, 11, 27)
KAZ_CO3_STATED_DUE = d(2015, 11, 28)
KAZ_CO3_REPLY = d(2015, 11, 20)
TJK_CO3_ADOPTED = d(2018, 5, 14)
TJK_CO3_DUE = d(2019, 5, 18)
TJK_CO3_REPLY = d(2021, 8, 12)


def test_every_procedure_has_exactly_one_rule() -> None:
    assert set(RULES) == set(Procedure)
    assert all(rule.procedure is procedure for procedure, rule in RULES.items())


@pytest.mark.parametrize(
    ("procedure", "adopted", "transmitted", "due", "basis_mentions"),
    [
        pytest.param(Procedure.CAT_CO_FOLLOW_UP, KAZ_CO3_ADOPTED, None, d(2015, 11, 27), "adoption", id="cat-co-one-year"),
        pytest.param(Procedure.CAT_CO_FOLLOW_UP, TJK_CO3_ADOPTED, None, d(2019, 5, 14), "adoption", id="cat-co-tjk"),
        pytest.param(
            Procedure.CAT_DECISION,
            d(2012, 5, 24),
            d(2012, 6, 1),
            d(2012, 8, 30),
            "90 days counted from transmittal",
            id="cat-decision-90-days-from-transmittal",
        ),
        pytest.param(
            Procedure.CAT_DECISION,
            d(2012, 5, 24),
            None,
            d(2012, 8, 22),
            "transmittal date not recorded",
            id="cat-decision-from-adoption-when-transmittal-unknown",
        ),
        pytest.param(
            Procedure.CCPR_VIEWS,
            d(2015, 3, 20),
            d(2015, 4, 10),
            d(2015, 10, 7),
            "180 days counted from transmittal",
            id="ccpr-views-180-days",
        ),
        pytest.param(
            Procedure.CCPR_VIEWS,
            d(2004, 7, 1),
            d(2004, 7, 15),
            d(2004, 10, 13),
            "90 days counted from transmittal",
            id="ccpr-views-before-2006-90-days",
        ),
        pytest.param(Procedure.CCPR_VIEWS, d(2005, 12, 31), None, d(2006, 3, 31), "90 days", id="ccpr-views-last-day-of-2005"),
        pytest.param(Procedure.CCPR_VIEWS, d(2006, 1, 1), None, d(2006, 6, 30), "180 days", id="ccpr-views-first-day-of-2006"),
        pytest.param(Procedure.UPR, d(2020, 3, 13), None, d(2024, 9, 13), "adoption", id="upr-54-months"),
        pytest.param(
            Procedure.SPT_VISIT_REPORT,
            d(2023, 1, 20),
            d(2023, 2, 10),
            d(2023, 8, 10),
            "transmittal",
            id="spt-six-months-from-transmittal",
        ),
    ],
)
def test_a_procedure_sets_its_due_date_by_its_rule(
    procedure: Procedure, adopted: dt.date, transmitted: dt.date | None, due: dt.date, basis_mentions: str
) -> None:
    deadline = compute_due_date(procedure, adopted=adopted, transmitted=transmitted)
    assert deadline is not None
    assert deadline.date == due
    assert basis_mentions in deadline.basis


def test_a_clock_from_transmittal_says_when_it_ran_from_adoption_instead() -> None:
    with_transmittal = compute_due_date(Procedure.CAT_DECISION, adopted=d(2012, 5, 24), transmitted=d(2012, 6, 1))
    without = compute_due_date(Procedure.CAT_DECISION, adopted=d(2012, 5, 24))
    assert with_transmittal is not None and without is not None
    assert "not recorded" not in with_transmittal.basis
    assert "adoption (transmittal date not recorded)" in without.basis


def test_a_date_stated_in_the_concluding_observations_wins_over_the_rule() -> None:
    deadline = compute_due_date(Procedure.CAT_CO_FOLLOW_UP, adopted=KAZ_CO3_ADOPTED, stated=KAZ_CO3_STATED_DUE)
    assert deadline == Deadline(date=KAZ_CO3_STATED_DUE, basis="date stated in the document")


def test_a_stated_date_keeps_the_basis_given_for_it() -> None:
    deadline = compute_due_date(
        Procedure.CAT_CO_FOLLOW_UP, adopted=KAZ_CO3_ADOPTED, stated=KAZ_CO3_STATED_DUE, stated_basis="CAT/C/KAZ/CO/3 para 34"
    )
    assert deadline == Deadline(date=KAZ_CO3_STATED_DUE, basis="CAT/C/KAZ/CO/3 para 34")


def test_a_stated_date_wins_over_the_days_the_text_gives() -> None:
    deadline = compute_due_date(Procedure.CAT_DECISION, adopted=d(2012, 5, 24), stated=d(2012, 12, 1), reply_days=90)
    assert deadline is not None and deadline.date == d(2012, 12, 1)


def test_ccpr_follow_up_has_no_default_due_date() -> None:
    assert compute_due_date(Procedure.CCPR_CO_FOLLOW_UP, adopted=d(2019, 7, 18)) is None


def test_ccpr_follow_up_takes_the_date_stated_in_the_concluding_observations() -> None:
    deadline = compute_due_date(Procedure.CCPR_CO_FOLLOW_UP, adopted=d(2019, 7, 18), stated=d(2021, 7, 26))
    assert deadline is not None and deadline.date == d(2021, 7, 26)


@pytest.mark.parametrize(
    ("procedure", "adopted", "transmitted", "reply_days", "due"),
    [
        pytest.param(Procedure.CAT_DECISION, d(2012, 5, 24), d(2012, 6, 1), 180, d(2012, 11, 28), id="cat-decision"),
        pytest.param(Procedure.CCPR_VIEWS, d(2004, 7, 1), d(2004, 7, 15), 180, d(2005, 1, 11), id="older-ccpr-views"),
        pytest.param(Procedure.CAT_CO_FOLLOW_UP, KAZ_CO3_ADOPTED, None, 30, d(2014, 12, 27), id="cat-co"),
        pytest.param(Procedure.CCPR_CO_FOLLOW_UP, d(2019, 7, 18), None, 730, d(2021, 7, 17), id="ccpr-co-without-rule"),
    ],
)
def test_the_days_the_text_gives_override_the_rule(
    procedure: Procedure, adopted: dt.date, transmitted: dt.date | None, reply_days: int, due: dt.date
) -> None:
    deadline = compute_due_date(procedure, adopted=adopted, transmitted=transmitted, reply_days=reply_days)
    assert deadline is not None
    assert deadline.date == due
    assert f"{reply_days} days" in deadline.basis
    assert "as the text says" in deadline.basis


@pytest.mark.parametrize(
    ("procedure", "adopted", "transmitted"),
    [
        pytest.param(None, d(2014, 11, 27), None, id="no-procedure"),
        pytest.param(Procedure.CAT_CO_FOLLOW_UP, None, None, id="adoption-unknown"),
        pytest.param(Procedure.CAT_DECISION, None, None, id="neither-date-known"),
    ],
)
def test_without_a_procedure_or_a_start_date_there_is_no_due_date(
    procedure: Procedure | None, adopted: dt.date | None, transmitted: dt.date | None
) -> None:
    assert compute_due_date(procedure, adopted=adopted, transmitted=transmitted) is None


def test_a_transmittal_clock_runs_even_when_adoption_is_unknown() -> None:
    deadline = compute_due_date(Procedure.SPT_VISIT_REPORT, adopted=None, transmitted=d(2023, 2, 10))
    assert deadline is not None and deadline.date == d(2023, 8, 10)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (d(2024, 1, 31), 1, d(2024, 2, 29)),
        (d(2023, 1, 31), 1, d(2023, 2, 28)),
        (d(2024, 5, 31), 1, d(2024, 6, 30)),
        (d(2024, 2, 29), 12, d(2025, 2, 28)),
        (d(2014, 11, 27), 12, d(2015, 11, 27)),
        (d(2023, 11, 15), 2, d(2024, 1, 15)),
        (d(2023, 12, 31), 1, d(2024, 1, 31)),
        (d(2020, 3, 13), 54, d(2024, 9, 13)),
        (d(2023, 8, 31), 6, d(2024, 2, 29)),
        (d(2024, 3, 31), -1, d(2024, 2, 29)),
        (d(2024, 1, 15), -1, d(2023, 12, 15)),
        (d(2024, 1, 15), 0, d(2024, 1, 15)),
    ],
)
def test_adding_months_clamps_to_the_last_day_of_a_shorter_month(start: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("kind", "body", "follow_up", "response", "expected"),
    [
        (ItemKind.REMEDY, Body.CAT, False, None, Procedure.CAT_DECISION),
        (ItemKind.REMEDY, Body.CCPR, False, None, Procedure.CCPR_VIEWS),
        (ItemKind.REMEDY, Body.CERD, False, None, None),
        (ItemKind.RECOMMENDATION, Body.UPR, False, UprResponse.SUPPORTED, Procedure.UPR),
        (ItemKind.RECOMMENDATION, Body.UPR, False, None, Procedure.UPR),
        (ItemKind.RECOMMENDATION, Body.UPR, False, UprResponse.NOTED, None),
        (ItemKind.RECOMMENDATION, Body.SPT, False, None, Procedure.SPT_VISIT_REPORT),
        (ItemKind.RECOMMENDATION, Body.CAT, True, None, Procedure.CAT_CO_FOLLOW_UP),
        (ItemKind.RECOMMENDATION, Body.CAT, False, None, None),
        (ItemKind.RECOMMENDATION, Body.CCPR, True, None, Procedure.CCPR_CO_FOLLOW_UP),
        (ItemKind.RECOMMENDATION, Body.CCPR, False, None, None),
        (ItemKind.RECOMMENDATION, Body.CESCR, True, None, None),
    ],
)
def test_the_procedure_of_an_item_follows_its_kind_body_and_follow_up_flag(
    kind: ItemKind, body: Body, follow_up: bool, response: UprResponse | None, expected: Procedure | None
) -> None:
    assert procedure_for(kind=kind, body=body, follow_up=follow_up, response=response) is expected


def test_a_noted_upr_recommendation_has_no_due_date() -> None:
    procedure = procedure_for(kind=ItemKind.RECOMMENDATION, body=Body.UPR, follow_up=False, response=UprResponse.NOTED)
    assert compute_due_date(procedure, adopted=d(2020, 3, 13)) is None


def test_a_supported_upr_recommendation_is_due_by_the_next_review() -> None:
    procedure = procedure_for(kind=ItemKind.RECOMMENDATION, body=Body.UPR, follow_up=False, response=UprResponse.SUPPORTED)
    deadline = compute_due_date(procedure, adopted=d(2020, 3, 13))
    assert deadline is not None and deadline.date == d(2024, 9, 13)


@pytest.mark.parametrize(
    ("replies", "since", "expected"),
    [
        pytest.param([d(2013, 1, 10), KAZ_CO3_REPLY, d(2016, 1, 5)], KAZ_CO3_ADOPTED, KAZ_CO3_REPLY, id="earlier-reply-ignored"),
        pytest.param([d(2016, 1, 5), KAZ_CO3_REPLY], KAZ_CO3_ADOPTED, KAZ_CO3_REPLY, id="earliest-after-adoption"),
        pytest.param([KAZ_CO3_ADOPTED], KAZ_CO3_ADOPTED, KAZ_CO3_ADOPTED, id="reply-on-adoption-day-counts"),
        pytest.param([d(2013, 1, 10), d(2014, 11, 26)], KAZ_CO3_ADOPTED, None, id="only-replies-before-adoption"),
        pytest.param([], KAZ_CO3_ADOPTED, None, id="no-replies"),
        pytest.param([KAZ_CO3_REPLY, d(2013, 1, 10)], None, d(2013, 1, 10), id="adoption-unknown"),
    ],
)
def test_the_first_reply_is_the_earliest_since_adoption(
    replies: list[dt.date], since: dt.date | None, expected: dt.date | None
) -> None:
    assert first_reply(replies, since=since) == expected


TODAY = d(2025, 1, 1)


@pytest.mark.parametrize(
    ("due", "reply", "as_of", "overdue", "late"),
    [
        pytest.param(KAZ_CO3_STATED_DUE, KAZ_CO3_REPLY, TODAY, False, False, id="kaz-replied-on-time"),
        pytest.param(TJK_CO3_DUE, TJK_CO3_REPLY, TODAY, False, True, id="tjk-replied-late"),
        pytest.param(TJK_CO3_DUE, TJK_CO3_REPLY, d(2020, 1, 1), True, False, id="tjk-as-of-2020-reply-not-yet-in"),
        pytest.param(TJK_CO3_DUE, None, TODAY, True, False, id="no-reply-after-due-date"),
        pytest.param(None, None, TODAY, False, False, id="no-due-date-no-reply"),
        pytest.param(None, TJK_CO3_REPLY, TODAY, False, False, id="no-due-date-with-reply"),
        pytest.param(TODAY, None, TODAY, False, False, id="due-today"),
        pytest.param(TODAY - dt.timedelta(days=1), None, TODAY, True, False, id="due-yesterday"),
        pytest.param(d(2026, 1, 1), None, TODAY, False, False, id="due-in-the-future"),
        pytest.param(TJK_CO3_DUE, TJK_CO3_DUE, TODAY, False, False, id="reply-on-the-due-date"),
        pytest.param(TJK_CO3_DUE, d(2019, 5, 19), TODAY, False, True, id="reply-a-day-after"),
        pytest.param(TJK_CO3_DUE, d(2019, 5, 19), d(2019, 5, 19), False, True, id="late-reply-on-the-day-asked-about"),
    ],
)
def test_an_item_is_overdue_without_a_reply_by_the_date_asked_and_late_when_the_reply_came_after_its_due_date(
    due: dt.date | None, reply: dt.date | None, as_of: dt.date, overdue: bool, late: bool
) -> None:
    assert is_overdue(due, reply, as_of, Status.NOT_IMPLEMENTED) is overdue
    assert is_late(due, reply, as_of) is late


def test_tajikistans_reply_to_cat_co3_is_late_once_found_among_its_replies() -> None:
    reply = first_reply([d(2017, 3, 1), TJK_CO3_REPLY], since=TJK_CO3_ADOPTED)
    assert reply == TJK_CO3_REPLY
    assert is_late(TJK_CO3_DUE, reply, TODAY) is True
    assert is_overdue(TJK_CO3_DUE, reply, TODAY, Status.PARTIALLY_IMPLEMENTED) is False


def test_a_reply_from_before_adoption_does_not_stop_an_item_being_overdue() -> None:
    reply = first_reply([d(2017, 3, 1)], since=TJK_CO3_ADOPTED)
    assert is_overdue(TJK_CO3_DUE, reply, TODAY, Status.NO_INFORMATION) is True


@pytest.mark.parametrize("status", [Status.IMPLEMENTED, Status.CLOSED])
def test_an_implemented_or_closed_item_is_never_overdue(status: Status) -> None:
    assert is_overdue(TJK_CO3_DUE, None, TODAY, status) is False


@pytest.mark.parametrize("status", [Status.NO_INFORMATION, Status.NOT_IMPLEMENTED, Status.PARTIALLY_IMPLEMENTED, Status.CONTRARY])
def test_an_open_item_without_a_reply_is_overdue_whatever_its_status(status: Status) -> None:
    assert is_overdue(TJK_CO3_DUE, None, TODAY, status) is True


@pytest.mark.parametrize(
    ("kind", "addressed_to", "body", "expected"),
    [
        pytest.param(ActionKind.FOLLOW_UP_REPLY_SUBMITTED, None, Body.CAT, True, id="follow-up-reply"),
        pytest.param(ActionKind.STATE_REPORT_SUBMITTED, None, Body.UPR, True, id="report"),
        pytest.param(ActionKind.STATEMENT, Body.CCPR, Body.CCPR, True, id="statement-to-the-body-a-refusal-too"),
        pytest.param(ActionKind.STATEMENT, Body.CAT, Body.CCPR, False, id="statement-to-another-body"),
        pytest.param(ActionKind.STATEMENT, None, Body.CCPR, False, id="statement-to-no-body"),
        pytest.param(ActionKind.COURT_RULING, None, Body.CAT, False, id="a-ruling-is-not-a-reply"),
    ],
)
def test_a_reply_is_any_state_communication_to_the_body(
    kind: ActionKind, addressed_to: Body | None, body: Body, expected: bool
) -> None:
    assert is_reply(kind, addressed_to, body) is expected
