"""The words people read for the domain's values: one table for every page, briefing and API text.

Statuses, effects, kinds and bodies are shown in words, never as their raw values (``partly_granted``);
dates as far as they are known ("22 Aug 2012", "Nov 2013", "2013"); sums of money with their
currency ("KZT 2,000,000"); deadlines in a sentence a reader cannot misread ("State reply overdue
since 22 Aug 2012 (over 14 years)"); items as readers know them ("CAT/C/KAZ/CO/4, para. 11: legal
safeguards").

Every function that returns words takes a ``language`` (one of :data:`LANGUAGES`, English by
default): the values' words come from the tables below, sentences from the message catalogue
(:mod:`tracker.locale`), and dates and numbers from Babel's locale data.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from enum import StrEnum
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.localedata import exists as locale_exists
from babel.numbers import format_decimal

from tracker.domain.currencies import tender_periods
from tracker.domain.deadlines import reply_period
from tracker.domain.entities import ActionBrief, Amounts, Assessment, CourtRuling, StatusBasis
from tracker.domain.enums import (
    SETTLED,
    ActionKind,
    AssessorKind,
    Body,
    CourtInstance,
    CourtOutcome,
    DatePrecision,
    DecisionOutcome,
    DocumentKind,
    Effect,
    ItemKind,
    RemedyKind,
    Scale,
    Status,
    StatusRule,
    UprResponse,
)
from tracker.domain.themes import BY_SLUG
from tracker.locale import gettext, ngettext

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
    Body: {
        Body.CAT: "Committee against Torture",
        Body.CCPR: "Human Rights Committee",
        Body.CESCR: "Committee on Economic, Social and Cultural Rights",
        Body.CEDAW: "Committee on the Elimination of Discrimination against Women",
        Body.CERD: "Committee on the Elimination of Racial Discrimination",
        Body.CRC: "Committee on the Rights of the Child",
        Body.CRPD: "Committee on the Rights of Persons with Disabilities",
        Body.CED: "Committee on Enforced Disappearances",
        Body.CMW: "Committee on Migrant Workers",
        Body.SPT: "Subcommittee on Prevention of Torture",
        Body.UPR: "Universal Periodic Review",
        Body.SP: "Special Procedures",
    },
    ItemKind: {
        ItemKind.RECOMMENDATION: "recommendation",
        ItemKind.REMEDY: "remedy",
    },
    DocumentKind: {
        DocumentKind.CONCLUDING_OBSERVATIONS: "concluding observations",
        DocumentKind.UPR_OUTCOME: "UPR outcome",
        DocumentKind.DECISION: "decision",
        DocumentKind.STATE_REPORT: "State party report",
        DocumentKind.FOLLOW_UP_REPLY: "follow-up reply",
        DocumentKind.FOLLOW_UP_LETTER: "follow-up letter",
        DocumentKind.LIST_OF_ISSUES: "list of issues",
        DocumentKind.SUMMARY_RECORD: "summary record",
        DocumentKind.VISIT_REPORT: "visit report",
        DocumentKind.OTHER: "other document",
    },
    UprResponse: {
        UprResponse.SUPPORTED: "supported",
        UprResponse.NOTED: "noted",
    },
    Scale: {
        Scale.CAT_FOLLOWUP: "CAT follow-up",
        Scale.CCPR_FOLLOWUP: "Human Rights Committee follow-up",
        Scale.TB_DECISION_FOLLOWUP: "treaty-body decision follow-up",
        Scale.UPR_INFO: "UPR Info",
        Scale.NORMALIZED: "normalized",
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
    Body: {
        Body.CAT: "Комитет против пыток",
        Body.CCPR: "Комитет по правам человека",
        Body.CESCR: "Комитет по экономическим, социальным и культурным правам",
        Body.CEDAW: "Комитет по ликвидации дискриминации в отношении женщин",
        Body.CERD: "Комитет по ликвидации расовой дискриминации",
        Body.CRC: "Комитет по правам ребенка",
        Body.CRPD: "Комитет по правам инвалидов",
        Body.CED: "Комитет по насильственным исчезновениям",
        Body.CMW: "Комитет по трудящимся-мигрантам",
        Body.SPT: "Подкомитет по предупреждению пыток",
        Body.UPR: "Универсальный периодический обзор",
        Body.SP: "Специальные процедуры",
    },
    ItemKind: {
        ItemKind.RECOMMENDATION: "рекомендация",
        ItemKind.REMEDY: "средство правовой защиты",
    },
    DocumentKind: {
        DocumentKind.CONCLUDING_OBSERVATIONS: "заключительные замечания",
        DocumentKind.UPR_OUTCOME: "итоги УПО",
        DocumentKind.DECISION: "решение",
        DocumentKind.STATE_REPORT: "доклад государства-участника",
        DocumentKind.FOLLOW_UP_REPLY: "ответ о последующих мерах",
        DocumentKind.FOLLOW_UP_LETTER: "письмо о последующих мерах",
        DocumentKind.LIST_OF_ISSUES: "перечень вопросов",
        DocumentKind.SUMMARY_RECORD: "краткий отчет",
        DocumentKind.VISIT_REPORT: "доклад о посещении",
        DocumentKind.OTHER: "другой документ",
    },
    UprResponse: {
        UprResponse.SUPPORTED: "поддержана",
        UprResponse.NOTED: "принята к сведению",
    },
    Scale: {
        Scale.CAT_FOLLOWUP: "последующие меры КПП",
        Scale.CCPR_FOLLOWUP: "последующие меры КПЧ",
        Scale.TB_DECISION_FOLLOWUP: "последующие меры по решениям договорных органов",
        Scale.UPR_INFO: "UPR Info (шкала)",
        Scale.NORMALIZED: "нормализованная",
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


def status_words(status: str, language: str = "en") -> str:
    """A status given by its value, as counts by status key it: ``partially_implemented`` → ``partially implemented``
    (``выполнено частично``); a value outside the vocabulary as it is, without underscores."""
    try:
        return words(Status(status), language)
    except ValueError:
        return status.replace("_", " ")


def body_name(body: str, language: str = "en") -> str:
    """A body by its name: ``CAT`` → ``Committee against Torture`` (``Комитет против пыток``); an unknown code as it is."""
    try:
        return words(Body(body), language)
    except ValueError:
        return body


def theme_name(slug: str, language: str = "en") -> str:
    """A vocabulary theme by its name: ``redress_and_compensation`` → ``Redress and compensation``
    (``Возмещение и компенсация``); an unknown slug in words."""
    theme = BY_SLUG.get(slug)
    if theme is None:
        return words(slug, language)
    return theme.label_ru if language == "ru" else theme.label


def state_name(names: Mapping[str, str], code: str, language: str = "en") -> str:
    """A State's name in ``language``, else in English, else its code."""
    return names.get(language) or names.get("en") or code


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


@cache
def _currency_symbol(currency: str, language: str) -> str:
    # The symbol people use where the currency is legal tender (₸ for KZT in Kazakhstan), else the language's own.
    for period in tender_periods().get(currency, ()):
        local = f"{language}_{period.territory}"
        if period.end is None and locale_exists(local):
            return Locale.parse(local).currency_symbols.get(currency, currency)
    return Locale.parse(language).currency_symbols.get(currency, currency)


def money(amount: float | None, currency: str | None = None, language: str = "en") -> str:
    """A sum with its currency, cents only when there are any, never cut across lines:
    ``KZT 2,000,000`` and ``USD 1,500.50`` in English; ``2 000 000 ₸`` and ``1 500,50 $`` in Russian."""
    if amount is None:
        return ""
    number = format_decimal(amount, "#,##0" if float(amount).is_integer() else "#,##0.00", locale=language)
    if not currency:
        return number
    if language == "en":
        return f"{currency}\xa0{number}"
    return f"{number}\xa0{_currency_symbol(currency, language)}"


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


def how_long(start: dt.date, end: dt.date, language: str = "en") -> str:
    """The time from ``start`` to ``end`` in whole units: ``over 14 years``, ``3 months``, ``12 days``
    (``более 14 лет``, ``3 месяца``, ``12 дней``)."""
    months = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    exact = end.day == start.day
    if months >= 12:
        years = months // 12
        if exact and months % 12 == 0:
            return ngettext("%(num)d year", "%(num)d years", years, language) % {"num": years}
        return ngettext("over %(num)d year", "over %(num)d years", years, language) % {"num": years}
    if months >= 1:
        if exact:
            return ngettext("%(num)d month", "%(num)d months", months, language) % {"num": months}
        return ngettext("over %(num)d month", "over %(num)d months", months, language) % {"num": months}
    days = (end - start).days
    return ngettext("%(num)d day", "%(num)d days", days, language) % {"num": days}


def deadline_note(
    due_date: dt.date | None,
    reply_date: dt.date | None,
    status: Status,
    as_of: dt.date,
    reply_precision: DatePrecision = DatePrecision.DAY,
    language: str = "en",
) -> str | None:
    """Where an item stands against its reply deadline, in a sentence; None without a deadline."""
    if due_date is None:
        return None
    due = on(due_date, language=language)
    if reply_date is not None and reply_date <= as_of:
        first, last = reply_period(reply_date, reply_precision)
        date = on(reply_date, reply_precision, language)
        when = (
            gettext("on %(date)s", language) if reply_precision is DatePrecision.DAY else gettext("in %(date)s", language)
        ) % {"date": date}
        if first > due_date:
            return gettext("State replied late, %(when)s (due %(due)s)", language) % {"when": when, "due": due}
        if last <= due_date:
            return gettext("State replied %(when)s (due %(due)s)", language) % {"when": when, "due": due}
        return gettext("State replied %(when)s (due %(due)s; whether before the due date is not known)", language) % {
            "when": when,
            "due": due,
        }
    if due_date >= as_of:
        return gettext("State reply due by %(date)s", language) % {"date": due}
    if status in SETTLED:
        return gettext("No State reply recorded (due %(due)s); not overdue, as the item is %(status)s", language) % {
            "due": due,
            "status": words(status, language),
        }
    return gettext("State reply overdue since %(date)s (%(duration)s)", language) % {
        "date": due,
        "duration": how_long(due_date, as_of, language),
    }


def change_cause(basis: StatusBasis, action: ActionBrief | None, assessment: Assessment | None, language: str = "en") -> str:
    """The record behind a status change, in words: ``court ruling of Nov 2013: Kostanay city court awards …``,
    ``CAT (committee) graded B on 13 May 2024``, else the rule that set the status."""
    if action is not None:
        return gettext("%(kind)s of %(date)s: %(title)s", language) % {
            "kind": words(action.kind, language),
            "date": on(action.date, action.date_precision, language),
            "title": action.title,
        }
    if assessment is not None:
        return gettext("%(assessor)s (%(kind)s) graded %(grade)s on %(date)s", language) % {
            "assessor": assessment.assessor,
            "kind": words(assessment.assessor_kind, language),
            "grade": assessment.grade,
            "date": on(assessment.date, language=language),
        }
    return words(basis.rule, language)


def action_detail(
    court: CourtRuling | None, amounts: Amounts | None, addressed_to: Body | None, language: str = "en"
) -> str | None:
    """A ruling's court, outcome and amounts, or a communication's addressee, in words:
    ``Kostanay City Court, first instance: partly granted; awarded KZT 2,000,000``."""
    parts: list[str] = []
    if court is not None:
        said = court.name + (f", {words(court.instance, language)}" if court.instance else "")
        parts.append(said + (f": {words(court.outcome, language)}" if court.outcome else ""))
    if amounts is not None:
        sentences = {
            "claimed": gettext("claimed %(sum)s", language),
            "awarded": gettext("awarded %(sum)s", language),
            "recommended": gettext("recommended %(sum)s", language),
            "paid": gettext("paid %(sum)s", language),
        }
        for name, sentence in sentences.items():
            value = getattr(amounts, name)
            if value is not None:
                parts.append(sentence % {"sum": money(value, amounts.currency, language)})
    if addressed_to is not None:
        parts.append(gettext("addressed to %(to)s", language) % {"to": addressed_to.value})
    return "; ".join(parts) or None


def coverage_line(
    bodies: Sequence[str],
    as_of: dt.date,
    latest_document: dt.date | None = None,
    latest_action: dt.date | None = None,
    latest_action_precision: DatePrecision = DatePrecision.DAY,
    language: str = "en",
) -> str:
    """What a briefing covers and how recent its records are: ``Covers CAT, UPR; latest document adopted
    10 May 2023; latest action recorded 13 May 2024. Statuses and deadlines as of …, from verified records only.``"""
    parts = [
        gettext("Covers %(bodies)s", language)
        % {"bodies": ", ".join(bodies) if bodies else gettext("no mechanism yet", language)}
    ]
    if latest_document:
        parts.append(gettext("latest document adopted %(date)s", language) % {"date": on(latest_document, language=language)})
    if latest_action:
        parts.append(
            gettext("latest action recorded %(date)s", language) % {"date": on(latest_action, latest_action_precision, language)}
        )
    return gettext("%(covers)s. Statuses and deadlines as of %(date)s, from verified records only.", language) % {
        "covers": "; ".join(parts),
        "date": on(as_of, language=language),
    }


def verification_line(unverified_actions: int, unverified_assessments: int, language: str = "en") -> str:
    """How many of the records a briefing lists await a second editor's verification, in a sentence."""
    if not unverified_actions and not unverified_assessments:
        return gettext("Every action and assessment listed is verified.", language)
    pieces = []
    if unverified_actions:
        pieces.append(ngettext("%(num)d action", "%(num)d actions", unverified_actions, language) % {"num": unverified_actions})
    if unverified_assessments:
        pieces.append(
            ngettext("%(num)d assessment", "%(num)d assessments", unverified_assessments, language)
            % {"num": unverified_assessments}
        )
    return gettext(
        "%(records)s listed here await verification by a second editor; they are marked and count towards no status.", language
    ) % {"records": gettext(" and ", language).join(pieces)}


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
    # The start of a text flattened is the start of the whole flattened: flattening a whole text
    # to keep its first words was a tenth of reading a page of items.
    flat = " ".join(text[: 2 * length].split())
    if len(flat) <= length and len(text) > 2 * length:
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
