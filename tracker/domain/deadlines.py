"""Reply deadlines of follow-up procedures, kept as data in one place, and the overdue rule."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping

from msgspec import Struct

from tracker.domain.enums import REPLY_KINDS, SETTLED, ActionKind, Body, DatePrecision, ItemKind, Procedure, Status, UprResponse


class DeadlineRule(Struct, frozen=True, kw_only=True):
    """How a procedure's clock runs: from adoption or transmittal, for days or months.

    ``earlier_days`` applies to texts adopted before ``earlier_until`` (older practice).
    A rule with neither ``days`` nor ``months`` has no default: the document must state the date.
    """

    procedure: Procedure
    start: str
    days: int | None = None
    months: int | None = None
    earlier_days: int | None = None
    earlier_until: dt.date | None = None
    label: str


RULES: Mapping[Procedure, DeadlineRule] = {
    rule.procedure: rule
    for rule in (
        DeadlineRule(
            procedure=Procedure.CAT_CO_FOLLOW_UP,
            start="adoption",
            months=12,
            label="CAT follow-up: one year from adoption of the concluding observations",
        ),
        DeadlineRule(
            procedure=Procedure.CAT_DECISION,
            start="transmittal",
            days=90,
            label="CAT decision: 90 days from transmittal",
        ),
        DeadlineRule(
            procedure=Procedure.CCPR_VIEWS,
            start="transmittal",
            days=180,
            earlier_days=90,
            earlier_until=dt.date(2006, 1, 1),
            label="CCPR Views: 180 days from transmittal (90 days in Views before about 2006)",
        ),
        DeadlineRule(
            procedure=Procedure.CCPR_CO_FOLLOW_UP,
            start="adoption",
            label="CCPR follow-up: the date set in the concluding observations",
        ),
        DeadlineRule(
            procedure=Procedure.UPR,
            start="adoption",
            months=54,
            label="UPR: next review, about 4.5 years after adoption",
        ),
        DeadlineRule(
            procedure=Procedure.SPT_VISIT_REPORT,
            start="transmittal",
            months=6,
            label="SPT visit report: six months from transmittal",
        ),
    )
}


class Deadline(Struct, frozen=True, kw_only=True):
    """A due date and the rule or statement it comes from."""

    date: dt.date
    basis: str


def add_months(date: dt.date, months: int) -> dt.date:
    """``date`` moved by whole months, clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    return date.replace(year=year, month=month, day=min(date.day, calendar.monthrange(year, month)[1]))


def procedure_for(*, kind: ItemKind, body: Body, follow_up: bool, response: UprResponse | None = None) -> Procedure | None:
    """The follow-up procedure that sets an item's deadline, if any."""
    if kind is ItemKind.REMEDY:
        return {Body.CAT: Procedure.CAT_DECISION, Body.CCPR: Procedure.CCPR_VIEWS}.get(body)
    if body is Body.UPR:
        return None if response is UprResponse.NOTED else Procedure.UPR
    if body is Body.SPT:
        return Procedure.SPT_VISIT_REPORT
    if not follow_up:
        return None
    return {Body.CAT: Procedure.CAT_CO_FOLLOW_UP, Body.CCPR: Procedure.CCPR_CO_FOLLOW_UP}.get(body)


def compute_due_date(
    procedure: Procedure | None,
    *,
    adopted: dt.date | None,
    transmitted: dt.date | None = None,
    stated: dt.date | None = None,
    stated_basis: str | None = None,
    reply_days: int | None = None,
) -> Deadline | None:
    """The reply deadline of an item.

    A date stated by the document wins; then a number of days the text gives; then the
    procedure's rule. A transmittal clock starts at adoption when the transmittal date is not
    recorded, and the basis says so.
    """
    if stated is not None:
        return Deadline(date=stated, basis=stated_basis or "date stated in the document")
    if procedure is None:
        return None
    rule = RULES[procedure]
    start, start_label = adopted, "adoption"
    if rule.start == "transmittal":
        if transmitted is not None:
            start, start_label = transmitted, "transmittal"
        else:
            start_label = "adoption (transmittal date not recorded)"
    if start is None:
        return None
    if reply_days is not None:
        return Deadline(
            date=start + dt.timedelta(days=reply_days), basis=f"{reply_days} days from {start_label}, as the text says"
        )
    if rule.months is not None:
        return Deadline(date=add_months(start, rule.months), basis=f"{rule.label}; counted from {start_label}")
    if rule.days is not None:
        days = rule.days
        if rule.earlier_until is not None and adopted is not None and adopted < rule.earlier_until:
            days = rule.earlier_days or days
        return Deadline(date=start + dt.timedelta(days=days), basis=f"{rule.label}; {days} days counted from {start_label}")
    return None


def is_reply(kind: ActionKind, addressed_to: Body | None, body: Body) -> bool:
    """Whether an action is the State communicating with ``body`` about an item linked to it:
    a follow-up reply or a report, or a statement addressed to that body (a refusal included)."""
    return kind in REPLY_KINDS or (kind is ActionKind.STATEMENT and addressed_to is body)


def first_reply(replies: Iterable[dt.date], *, since: dt.date | None) -> dt.date | None:
    """The earliest State reply on or after ``since`` (the adoption of the text)."""
    return min((d for d in replies if since is None or d >= since), default=None)


def is_overdue(due_date: dt.date | None, reply_date: dt.date | None, as_of: dt.date, status: Status) -> bool:
    """Due date passed, no reply recorded by ``as_of``, and the item neither implemented nor closed."""
    if due_date is None or due_date >= as_of or status in SETTLED:
        return False
    return reply_date is None or reply_date > as_of


def reply_period(reply_date: dt.date, precision: DatePrecision = DatePrecision.DAY) -> tuple[dt.date, dt.date]:
    """The first and last day a reply known to ``precision`` may have come on (its month, its year)."""
    if precision is DatePrecision.YEAR:
        return reply_date.replace(month=1, day=1), reply_date.replace(month=12, day=31)
    if precision is DatePrecision.MONTH:
        last = calendar.monthrange(reply_date.year, reply_date.month)[1]
        return reply_date.replace(day=1), reply_date.replace(day=last)
    return reply_date, reply_date


def is_late(
    due_date: dt.date | None, reply_date: dt.date | None, as_of: dt.date, precision: DatePrecision = DatePrecision.DAY
) -> bool:
    """The reply came, by ``as_of``, after the due date (for a reply known only by its month or
    year: the whole month or year is after it)."""
    if due_date is None or reply_date is None or reply_date > as_of:
        return False
    return reply_period(reply_date, precision)[0] > due_date
