"""The words people read for the domain's values: one table for every page, briefing and API text.

Statuses, effects and kinds are shown in words, never as their raw values (``partly_granted``);
dates as far as they are known ("22 Aug 2012", "Nov 2013", "2013"); deadlines in a sentence a
reader cannot misread ("State reply overdue since 22 Aug 2012 (over 14 years)"); items as
readers know them ("CAT/C/KAZ/CO/4, para. 11: legal safeguards").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from enum import StrEnum

from babel.dates import format_date

from tracker.domain.deadlines import reply_period
from tracker.domain.enums import (
    SETTLED,
    ActionKind,
    AssessorKind,
    Body,
    CourtInstance,
    CourtOutcome,
    DatePrecision,
    DecisionOutcome,
    Effect,
    RemedyKind,
    Status,
    StatusRule,
)

WORDS: Mapping[type[StrEnum], Mapping[str, str]] = {
    Status: {
        Status.NO_INFORMATION: "no information",
        Status.NOT_IMPLEMENTED: "not implemented",
        Status.PARTIALLY_IMPLEMENTED: "partially implemented",
        Status.IMPLEMENTED: "implemented",
        Status.CONTRARY: "contrary",
        Status.CLOSED: "closed",
    },
    Effect: {
        Effect.IMPLEMENTS: "implements it",
        Effect.ADVANCES: "advances it",
        Effect.PARTIAL: "partly implements it",
        Effect.NO_EFFECT: "no effect on it",
        Effect.REGRESSES: "goes against it",
    },
    ActionKind: {
        ActionKind.LEGISLATION_ADOPTED: "law adopted",
        ActionKind.LEGISLATION_AMENDED: "law amended",
        ActionKind.BILL_INTRODUCED: "bill introduced",
        ActionKind.COURT_RULING: "court ruling",
        ActionKind.COMPENSATION_PAID: "compensation paid",
        ActionKind.INVESTIGATION_OPENED: "investigation opened",
        ActionKind.INVESTIGATION_CLOSED: "investigation closed",
        ActionKind.PROSECUTION: "prosecution",
        ActionKind.CONVICTION: "conviction",
        ActionKind.ACQUITTAL: "acquittal",
        ActionKind.INSTITUTIONAL_MEASURE: "institutional measure",
        ActionKind.POLICY_OR_PLAN: "policy or plan",
        ActionKind.TRAINING: "training",
        ActionKind.STATE_REPORT_SUBMITTED: "State report submitted",
        ActionKind.FOLLOW_UP_REPLY_SUBMITTED: "follow-up reply submitted",
        ActionKind.COMMITTEE_COMMUNICATION: "communication from the committee",
        ActionKind.CIVIL_SOCIETY_REPORT: "civil-society report",
        ActionKind.STATEMENT: "statement",
        ActionKind.OTHER: "other action",
    },
    CourtOutcome: {
        CourtOutcome.GRANTED: "granted",
        CourtOutcome.PARTLY_GRANTED: "partly granted",
        CourtOutcome.DISMISSED: "dismissed",
        CourtOutcome.UPHELD: "upheld",
        CourtOutcome.OVERTURNED: "overturned",
    },
    CourtInstance: {
        CourtInstance.FIRST: "first instance",
        CourtInstance.APPEAL: "appeal",
        CourtInstance.CASSATION: "cassation",
        CourtInstance.SUPREME: "supreme court",
    },
    RemedyKind: {
        RemedyKind.INVESTIGATION: "investigation and prosecution",
        RemedyKind.COMPENSATION: "compensation",
        RemedyKind.REHABILITATION: "rehabilitation",
        RemedyKind.NON_REPETITION: "guarantees of non-repetition",
        RemedyKind.RETRIAL_OR_RELEASE: "retrial or release",
        RemedyKind.NON_REFOULEMENT: "no removal to a risk of torture",
        RemedyKind.RETURN_OR_PROTECTION: "return or protection",
        RemedyKind.OTHER: "other remedy",
    },
    StatusRule: {
        StatusRule.BODY_ASSESSMENT: "the body's own assessment",
        StatusRule.INDEPENDENT_ASSESSMENT: "an independent assessment",
        StatusRule.LINKED_ACTIONS: "what the State did",
        StatusRule.STATE_ASSESSMENT: "the State's own claim",
        StatusRule.NONE: "no verified record shows implementation or refusal",
    },
    AssessorKind: {
        AssessorKind.COMMITTEE: "the committee",
        AssessorKind.STATE: "the State",
        AssessorKind.NGO: "NGO",
        AssessorKind.NHRI: "national human rights institution",
        AssessorKind.UN_AGENCY: "UN agency",
        AssessorKind.OTHER_STATE: "another State",
        AssessorKind.REGIONAL_ORGANISATION: "regional organisation",
        AssessorKind.RESEARCHER: "researcher",
        AssessorKind.EDITOR: "tracker editor",
    },
    DecisionOutcome: {
        DecisionOutcome.VIOLATION: "violation found",
        DecisionOutcome.NO_VIOLATION: "no violation",
        DecisionOutcome.INADMISSIBLE: "inadmissible",
        DecisionOutcome.DISCONTINUED: "discontinued",
    },
}

#: The same words in Russian; every value of :data:`WORDS` has one (tested).
WORDS_RU: Mapping[type[StrEnum], Mapping[str, str]] = {
    Status: {
        Status.NO_INFORMATION: "нет информации",
        Status.NOT_IMPLEMENTED: "не выполнено",
        Status.PARTIALLY_IMPLEMENTED: "выполнено частично",
        Status.IMPLEMENTED: "выполнено",
        Status.CONTRARY: "приняты противоположные меры",
        Status.CLOSED: "закрыто",
    },
    Effect: {
        Effect.IMPLEMENTS: "выполняет её",
        Effect.ADVANCES: "продвигает её выполнение",
        Effect.PARTIAL: "частично выполняет её",
        Effect.NO_EFFECT: "не влияет на неё",
        Effect.REGRESSES: "идёт вразрез с ней",
    },
    ActionKind: {
        ActionKind.LEGISLATION_ADOPTED: "принят закон",
        ActionKind.LEGISLATION_AMENDED: "внесены поправки в закон",
        ActionKind.BILL_INTRODUCED: "внесён законопроект",
        ActionKind.COURT_RULING: "судебное решение",
        ActionKind.COMPENSATION_PAID: "выплачена компенсация",
        ActionKind.INVESTIGATION_OPENED: "начато расследование",
        ActionKind.INVESTIGATION_CLOSED: "расследование прекращено",
        ActionKind.PROSECUTION: "уголовное преследование",
        ActionKind.CONVICTION: "обвинительный приговор",
        ActionKind.ACQUITTAL: "оправдательный приговор",
        ActionKind.INSTITUTIONAL_MEASURE: "институциональная мера",
        ActionKind.POLICY_OR_PLAN: "политика или план",
        ActionKind.TRAINING: "обучение",
        ActionKind.STATE_REPORT_SUBMITTED: "представлен доклад государства",
        ActionKind.FOLLOW_UP_REPLY_SUBMITTED: "представлен ответ о последующих мерах",
        ActionKind.COMMITTEE_COMMUNICATION: "сообщение комитета",
        ActionKind.CIVIL_SOCIETY_REPORT: "доклад гражданского общества",
        ActionKind.STATEMENT: "заявление",
        ActionKind.OTHER: "другое действие",
    },
    CourtOutcome: {
        CourtOutcome.GRANTED: "удовлетворено",
        CourtOutcome.PARTLY_GRANTED: "удовлетворено частично",
        CourtOutcome.DISMISSED: "отказано",
        CourtOutcome.UPHELD: "оставлено в силе",
        CourtOutcome.OVERTURNED: "отменено",
    },
    CourtInstance: {
        CourtInstance.FIRST: "первая инстанция",
        CourtInstance.APPEAL: "апелляция",
        CourtInstance.CASSATION: "кассация",
        CourtInstance.SUPREME: "Верховный суд",
    },
    RemedyKind: {
        RemedyKind.INVESTIGATION: "расследование и уголовное преследование",
        RemedyKind.COMPENSATION: "компенсация",
        RemedyKind.REHABILITATION: "реабилитация",
        RemedyKind.NON_REPETITION: "гарантии неповторения",
        RemedyKind.RETRIAL_OR_RELEASE: "пересмотр дела или освобождение",
        RemedyKind.NON_REFOULEMENT: "запрет высылки туда, где грозят пытки",
        RemedyKind.RETURN_OR_PROTECTION: "возвращение или защита",
        RemedyKind.OTHER: "другое средство правовой защиты",
    },
    StatusRule: {
        StatusRule.BODY_ASSESSMENT: "собственная оценка органа",
        StatusRule.INDEPENDENT_ASSESSMENT: "независимая оценка",
        StatusRule.LINKED_ACTIONS: "то, что сделало государство",
        StatusRule.STATE_ASSESSMENT: "утверждение самого государства",
        StatusRule.NONE: "ни одна проверенная запись не показывает выполнения или отказа",
    },
    AssessorKind: {
        AssessorKind.COMMITTEE: "комитет",
        AssessorKind.STATE: "государство",
        AssessorKind.NGO: "НПО",
        AssessorKind.NHRI: "национальное правозащитное учреждение",
        AssessorKind.UN_AGENCY: "учреждение ООН",
        AssessorKind.OTHER_STATE: "другое государство",
        AssessorKind.REGIONAL_ORGANISATION: "региональная организация",
        AssessorKind.RESEARCHER: "исследователь",
        AssessorKind.EDITOR: "редактор трекера",
    },
    DecisionOutcome: {
        DecisionOutcome.VIOLATION: "установлено нарушение",
        DecisionOutcome.NO_VIOLATION: "нарушения нет",
        DecisionOutcome.INADMISSIBLE: "неприемлемо",
        DecisionOutcome.DISCONTINUED: "прекращено",
    },
}
#: The languages the words are written in.
LANGUAGES: Mapping[str, Mapping[type[StrEnum], Mapping[str, str]]] = {"en": WORDS, "ru": WORDS_RU}

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def words(value: object, language: str = "en") -> str:
    """A value of the domain's vocabularies in words: ``partly_granted`` → ``partly granted``
    (``удовлетворено частично`` with ``language="ru"``; see :data:`LANGUAGES`)."""
    if value is None:
        return ""
    for enum, table in LANGUAGES[language].items():
        if isinstance(value, enum):
            return table[value]
    raw = getattr(value, "value", value)
    return str(raw).replace("_", " ")


def on(date: dt.date | dt.datetime | None, precision: DatePrecision | str = DatePrecision.DAY, language: str = "en") -> str:
    """A date as far as it is known: ``22 Aug 2012``, ``Nov 2013`` or ``2013``; in Russian (Babel)
    ``22 августа 2012 г.``, ``ноябрь 2013 г.``."""
    if date is None:
        return ""
    if isinstance(date, dt.datetime):
        date = date.date()
    chosen = DatePrecision(precision)
    if chosen is DatePrecision.YEAR:
        return str(date.year)
    if language != "en":
        pattern = "LLLL y 'г.'" if chosen is DatePrecision.MONTH else "d MMMM y 'г.'"
        return format_date(date, pattern, locale=language)
    if chosen is DatePrecision.MONTH:
        return f"{_MONTHS[date.month - 1]} {date.year}"
    return f"{date.day} {_MONTHS[date.month - 1]} {date.year}"


_MONTH_NAMES = (
    ("january", "jan", "январь", "января", "янв"),
    ("february", "feb", "февраль", "февраля", "фев"),
    ("march", "mar", "март", "марта", "мар"),
    ("april", "apr", "апрель", "апреля", "апр"),
    ("may", "май", "мая"),
    ("june", "jun", "июнь", "июня", "июн"),
    ("july", "jul", "июль", "июля", "июл"),
    ("august", "aug", "август", "августа", "авг"),
    ("september", "sep", "sept", "сентябрь", "сентября", "сен"),
    ("october", "oct", "октябрь", "октября", "окт"),
    ("november", "nov", "ноябрь", "ноября", "ноя"),
    ("december", "dec", "декабрь", "декабря", "дек"),
)
_MONTH_OF = {name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names}
_ISO_PARTS = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_IN_WORDS = re.compile(r"(?:(\d{1,2})\s+)?([^\W\d_]+)\.?,?\s+(\d{4})(?:\s*(?:г\.?|года?))?", re.IGNORECASE)


def read_date(text: str) -> tuple[dt.date, DatePrecision] | None:
    """A date as far as a person knows it, the inverse of :func:`on`: ``2013-11-05``, ``5 November 2013``
    and ``5 Nov 2013`` are days; ``2013-11``, ``November 2013`` and ``ноябрь 2013`` months (their first
    day); ``2013`` a year (1 January). None for text that is no such date (``2013-02-30``, ``Smarch 2013``)."""
    flat = " ".join(text.split())
    if match := _ISO_PARTS.fullmatch(flat):
        year, month, day = match.groups()
    elif match := _IN_WORDS.fullmatch(flat):
        day, name, year = match.groups()
        month = _MONTH_OF.get(name.casefold())
        if month is None:
            return None
    else:
        return None
    precision = DatePrecision.DAY if day else DatePrecision.MONTH if month else DatePrecision.YEAR
    try:
        return dt.date(int(year), int(month or 1), int(day or 1)), precision
    except ValueError:
        return None


def how_long(start: dt.date, end: dt.date) -> str:
    """The time from ``start`` to ``end`` in whole units: ``over 14 years``, ``3 months``, ``12 days``."""
    months = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    exact = end.day == start.day
    if months >= 12:
        years = months // 12
        over = "" if exact and months % 12 == 0 else "over "
        return f"{over}{years} year{'s' if years != 1 else ''}"
    if months >= 1:
        return f"{'' if exact else 'over '}{months} month{'s' if months != 1 else ''}"
    days = (end - start).days
    return f"{days} day{'s' if days != 1 else ''}"


def deadline_note(
    due_date: dt.date | None,
    reply_date: dt.date | None,
    status: Status,
    as_of: dt.date,
    reply_precision: DatePrecision = DatePrecision.DAY,
) -> str | None:
    """Where an item stands against its reply deadline, in a sentence; None without a deadline."""
    if due_date is None:
        return None
    if reply_date is not None and reply_date <= as_of:
        first, last = reply_period(reply_date, reply_precision)
        when = f"{'on' if reply_precision is DatePrecision.DAY else 'in'} {on(reply_date, reply_precision)}"
        if first > due_date:
            return f"State replied late, {when} (due {on(due_date)})"
        if last <= due_date:
            return f"State replied {when} (due {on(due_date)})"
        return f"State replied {when} (due {on(due_date)}; whether before the due date is not known)"
    if due_date >= as_of:
        return f"State reply due by {on(due_date)}"
    if status in SETTLED:
        return f"No State reply recorded (due {on(due_date)}); not overdue, as the item is {words(status)}"
    return f"State reply overdue since {on(due_date)} ({how_long(due_date, as_of)})"


def _reference_ranges(references: Sequence[str]) -> list[str]:
    """``8, 9, 10, 12`` → ``8–10, 12``; ``95.15, 95.16, 95.17`` → ``95.15–95.17``."""
    pieces: list[list[str]] = []
    for reference in references:
        head, _, number = reference.rpartition(".")
        if pieces and number.isdigit():
            last = pieces[-1][-1]
            last_head, _, last_number = last.rpartition(".")
            if last_head == head and last_number.isdigit() and int(last_number) + 1 == int(number):
                pieces[-1].append(reference)
                continue
        pieces.append([reference])
    return [piece[0] if len(piece) == 1 else f"{piece[0]}–{piece[-1]}" for piece in pieces]


def references(paragraph: str | None, covers: Sequence[str], *, upr: bool) -> str:
    """``para. 11``, ``paras 11–15``, ``rec. 120.45`` or ``recs 95.5, 95.6 … 95.33 (12)``."""
    chosen = list(covers) or ([paragraph] if paragraph else [])
    if not chosen:
        return ""
    one, many = ("rec.", "recs") if upr else ("para.", "paras")
    if len(chosen) == 1:
        return f"{one} {chosen[0]}"
    ranges = _reference_ranges(chosen)
    if len(ranges) > 3:
        return f"{many} {ranges[0]} … {ranges[-1]} ({len(chosen)})"
    return f"{many} {', '.join(ranges)}"


def short(text: str, length: int = 90) -> str:
    """The start of a text, cut at a word, with an ellipsis when cut."""
    flat = " ".join(text.split())
    if len(flat) <= length:
        return flat
    return flat[: length - 1].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


_DECISION_ID = re.compile(r"^([a-z]+)-(\d+)-(\d{4})$")


def case_reference(decision_id: str) -> str:
    """``cat-433-2010`` → ``CAT 433/2010``."""
    match = _DECISION_ID.match(decision_id)
    return f"{match[1].upper()} {match[2]}/{match[3]}" if match else decision_id


def item_label(
    *,
    title: str | None,
    text: str,
    document_symbol: str | None = None,
    paragraph: str | None = None,
    covers: Sequence[str] = (),
    body: Body | None = None,
    decision: str | None = None,
    decision_title: str | None = None,
    remedy_kind: RemedyKind | None = None,
    ordinal: int | None = None,
) -> str:
    """An item as readers know it: ``CAT/C/KAZ/CO/4, para. 11: legal safeguards``, or for a remedy
    ``Gerasimov v. Kazakhstan (CAT 433/2010): compensation``."""
    if decision is not None:
        what = words(remedy_kind) if remedy_kind else short(title or text, 60)
        if ordinal and ordinal > 1:
            what = f"{what} ({ordinal})"
        case = f"{decision_title} ({case_reference(decision)})" if decision_title else case_reference(decision)
        return f"{case}: {what}"
    subject = short(title or text, 70)
    if document_symbol is None:
        return subject
    where = references(paragraph, covers, upr=body is Body.UPR)
    return f"{document_symbol}, {where}: {subject}" if where else f"{document_symbol}: {subject}"
