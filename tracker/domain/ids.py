"""Public IDs, derived deterministically from natural keys.

Two installations that import the same facts produce the same IDs, so an ID can be cited.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata

from tracker.domain.enums import DatePrecision

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")
_PARAGRAPH = re.compile(r"^([0-9]{1,6})([a-z]?)$")
_UPR_NUMBER = re.compile(r"^([0-9]{1,4})\.([0-9]{1,4})$")
_COMMUNICATION = re.compile(r"^([0-9]{1,8})/([0-9]{4})$")
_GIVEN_ACTION_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")


def slug(symbol: str) -> str:
    """Lower-case ``symbol``; every run of characters other than a-z0-9 becomes one ``-``.

    >>> slug("CAT/C/KAZ/CO/3")
    'cat-c-kaz-co-3'
    """
    value = _NOT_SLUG.sub("-", symbol.lower()).strip("-")
    if not value:
        raise ValueError(f"{symbol!r} has no letters or digits to make an id from")
    return value


def normalize_paragraph(paragraph: str) -> str:
    """``"16 (a)"`` → ``"16a"``, ``"08"`` → ``"8"``: ASCII digits with at most one sub-letter."""
    value = re.sub(r"[\s()]", "", paragraph.strip().lower())
    match = _PARAGRAPH.match(value)
    if not match:
        raise ValueError(f"paragraph {paragraph!r} is not a number with an optional sub-letter")
    return f"{int(match[1])}{match[2]}"


def normalize_upr_number(number: str) -> str:
    """``" 120.45 "`` → ``"120.45"``; a UPR recommendation number is ``paragraph.n`` (leading zeros dropped)."""
    match = _UPR_NUMBER.match(number.strip())
    if not match:
        raise ValueError(f"UPR recommendation number {number!r} is not of the form 120.45")
    return f"{int(match[1])}.{int(match[2])}"


def recommendation_id(document_symbol: str, paragraph: str) -> str:
    """ID of a concluding-observations paragraph: ``cat-c-kaz-co-3-p8``, ``ccpr-c-tjk-co-3-p16a``."""
    return item_in_document(slug(document_symbol), normalize_paragraph(paragraph), upr=False)


def upr_recommendation_id(report_symbol: str, number: str) -> str:
    """ID of a UPR recommendation, keeping its dot: ``a-hrc-43-10-r120.45``."""
    return item_in_document(slug(report_symbol), normalize_upr_number(number), upr=True)


def item_in_document(document_id: str, reference: str, *, upr: bool) -> str:
    """ID of a recommendation from its document's ID and its normalized paragraph or number."""
    return f"{document_id}-{'r' if upr else 'p'}{reference}"


def normalize_communication(number: str) -> str:
    """``" 433/2010 "`` → ``"433/2010"``; a communication number is ``n/yyyy`` (leading zeros dropped)."""
    match = _COMMUNICATION.match(number.strip())
    if not match:
        raise ValueError(f"communication number {number!r} is not of the form 433/2010")
    return f"{int(match[1])}/{match[2]}"


def decision_id(body: str, communication: str) -> str:
    """ID of an individual decision: ``cat-433-2010``, ``ccpr-2146-2012``."""
    return f"{slug(body)}-{normalize_communication(communication).replace('/', '-')}"


def remedy_id(decision: str, kind: str, ordinal: int = 1) -> str:
    """ID of a remedy item: ``cat-433-2010-compensation``; ``-2``, ``-3`` for later ones of a kind."""
    if ordinal < 1:
        raise ValueError("a remedy ordinal starts at 1")
    base = f"{decision}-{kind.replace('_', '-')}"
    return base if ordinal == 1 else f"{base}-{ordinal}"


def review_id(body: str, state: str, cycle: int) -> str:
    """ID of a periodic review: ``upr-kaz-3``, ``cat-tjk-3``."""
    return f"{slug(body)}-{state.lower()}-{cycle}"


def partial_date(date: dt.date, precision: DatePrecision) -> str:
    """The date as far as it is known: ``2013-11-21``, ``2013-11`` or ``2013``."""
    iso = date.isoformat()
    return {DatePrecision.DAY: iso, DatePrecision.MONTH: iso[:7], DatePrecision.YEAR: iso[:4]}[precision]


def normalize_title(title: str) -> str:
    """Case, punctuation and spacing do not make two titles different.

    Letters keep their marks: in Cyrillic, ``й`` and ``и`` are different letters.
    """
    text = unicodedata.normalize("NFKC", title).casefold()
    text = re.sub(r"[^\w]+", " ", text)
    return _SPACES.sub(" ", text).strip()


def action_id(state: str, date: dt.date, precision: DatePrecision, kind: str, title: str) -> str:
    """ID of an action from its natural key (state, date as known, kind, normalized title).

    The form is ``act-kaz-2014-01-23-1a2b3c4d``: readable State and date, then a short hash
    of the kind and title.
    """
    digest = hashlib.sha256(f"{kind}|{normalize_title(title)}".encode()).hexdigest()[:8]
    return f"act-{state.lower()}-{partial_date(date, precision)}-{digest}"


def given_action_id(value: str) -> str:
    """An action ID given by a source or kept from an earlier version of the action.

    An action keeps the ID it was first stored under when its title or date is corrected
    later, so a stored ID need not be the one its natural key derives; it must still be a
    lower-case slug of at most 80 characters.
    """
    if not _GIVEN_ACTION_ID.fullmatch(value):
        raise ValueError(f"{value!r} is not an action id (lower-case letters, digits, '.', '_' and '-')")
    return value


def assessment_id(item: str, assessor: str, date: dt.date) -> str:
    """ID of an assessment from its natural key (item, assessor, date)."""
    digest = hashlib.sha256(f"{item}|{normalize_title(assessor)}|{date.isoformat()}".encode()).hexdigest()[:10]
    return f"asm-{digest}"
