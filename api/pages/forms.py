"""What an editor types into the pages' forms, read into the fields the library takes, and what was
wrong with it, kept by form field so that each error is shown beside the field that caused it.

A field's name in a form is its path in the library's write (``title``, ``amounts.currency``,
``links.effect``), so an error the library names by path lands on the field without a table of
names. What people type in words — a date as far as it is known, an amount with thousands
separators, one source address per line — is read here; everything else is checked by the library.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from typing import Any, NamedTuple

import msgspec
from litestar import Request
from litestar.datastructures import FormMultiDict

from tracker.domain.enums import ActionKind, AssessorKind, CourtOutcome, Effect, Status
from tracker.domain.wording import read_date
from tracker_api.errors import field_in_words

#: The languages a record's title and description can be marked as written in.
LANGUAGES = ("en", "ru", "kk", "tg", "uz", "ky", "fr", "es")

#: The values the forms offer, each shown in words by the ``label`` filter.
CHOICES: Mapping[str, tuple[Any, ...]] = {
    "kinds": tuple(ActionKind),
    "effects": tuple(Effect),
    "outcomes": tuple(CourtOutcome),
    "assessor_kinds": tuple(AssessorKind),
    "statuses": tuple(Status),
    "languages": LANGUAGES,
}

#: The form field that shows an error the library reports on another path.
_SHOWN_AT = {
    "date_precision": "date",
    "sources.url": "sources",
    "sources": "sources",
    "links.item": "links",
    "links": "links",
    "scale": "grade",
}


class Said(NamedTuple):
    """A message for the page: ``translate`` is true for the pages' own sentences (a catalogue has them)
    and false for the library's, which arrive already in words."""

    text: str
    translate: bool = False


def N_(text: str) -> Said:  # noqa: N802 (the name gettext tools look for)
    """One of the pages' own sentences, to be translated where it is shown."""
    return Said(text, translate=True)


class Form:
    """What was typed in one form (to show it again) and the errors by field (``""``: the whole form)."""

    def __init__(self, values: FormMultiDict | Mapping[str, Any] | None = None) -> None:
        self.values: dict[str, Any] = {}
        if isinstance(values, FormMultiDict):
            for name in values:
                listed = values.getall(name)
                self.values[name] = listed if len(listed) > 1 else listed[0]
        elif values:
            self.values = dict(values)
        self.errors: dict[str, list[Said]] = defaultdict(list)

    @property
    def ok(self) -> bool:
        """Whether nothing is wrong with the form so far."""
        return not self.errors

    def get(self, name: str, default: Any = "") -> Any:
        """The value typed for ``name``, or ``default``."""
        value = self.values.get(name, default)
        return value if value is not None else default

    def all(self, name: str) -> list[str]:
        """Every value of a field sent more than once (rows of links)."""
        value = self.values.get(name, [])
        return list(value) if isinstance(value, list) else [value]

    def text(self, name: str) -> str | None:
        """The value of ``name`` with its spaces trimmed, or None when left empty."""
        value = self.values.get(name)
        if isinstance(value, list):
            value = value[0] if value else None
        value = (value or "").strip() if isinstance(value, str) else None
        return value or None

    def add(self, field: str | None, message: Said) -> None:
        """Note an error; the library's paths (``links[0].effect``) are shown at their form field."""
        path = re.sub(r"\[\d+\]", "", field or "")
        self.errors[_SHOWN_AT.get(path, path)].append(message)

    def error_of(self, field: str | None, message: str) -> None:
        """Note an error the library raised, naming ``field`` or not."""
        self.add(field, Said(message))

    def require(self, *names: str) -> None:
        """Note each field left empty."""
        for name in names:
            if self.text(name) is None:
                self.add(name, N_("Required."))


_AMOUNT_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_AMOUNT_DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")
_AMOUNT_PLAIN = re.compile(r"\d+(?:\.\d+)?")


def read_amount(text: str) -> float | None:
    """``2000000``, ``2,000,000``, ``2 000 000`` and ``1500.50`` (or ``1500,50``) as a number; None otherwise."""
    flat = re.sub(r"[\s\u00a0\u202f']", "", text)
    if _AMOUNT_GROUPED.fullmatch(flat):
        return float(flat.replace(",", ""))
    if _AMOUNT_DECIMAL_COMMA.fullmatch(flat):
        return float(flat.replace(",", "."))
    if _AMOUNT_PLAIN.fullmatch(flat):
        return float(flat)
    return None


def _date(form: Form, fields: dict[str, Any]) -> None:
    typed = form.text("date")
    if typed is None:
        return
    read = read_date(typed)
    if read is None:
        form.add("date", N_("Write the date as 2013-11-05, November 2013, 2013-11 or 2013."))
        return
    fields["date"], fields["date_precision"] = read[0].isoformat(), read[1].value


def _sources(form: Form, fields: dict[str, Any]) -> None:
    typed = form.get("sources")
    urls = [line.strip() for line in (typed if isinstance(typed, str) else "").splitlines() if line.strip()]
    if urls:
        fields["sources"] = [{"url": url} for url in urls]


def action_fields(form: Form) -> dict[str, Any]:
    """The fields of an action (:class:`~tracker.domain.writes.NewAction`, or an acceptance) typed in
    ``form``; the links are the caller's to add. Fields left empty are left out."""
    fields: dict[str, Any] = {}
    for name in ("kind", "title", "description", "language"):
        if (value := form.text(name)) is not None:
            fields[name] = value
    _date(form, fields)
    _sources(form, fields)
    court = {name: value for name in ("name", "outcome") if (value := form.text(f"court.{name}")) is not None}
    if court:
        fields["court"] = court
    amounts: dict[str, Any] = {}
    for part in ("claimed", "awarded", "paid"):
        typed = form.text(f"amounts.{part}")
        if typed is None:
            continue
        number = read_amount(typed)
        if number is None:
            form.add(f"amounts.{part}", N_("Write the amount as a number, such as 2000000, 2,000,000 or 1500.50."))
        else:
            amounts[part] = number
    currency = form.text("amounts.currency")
    if currency is not None:
        amounts["currency"] = currency.upper()
    elif amounts:
        form.add("amounts.currency", N_("Give the currency of the amounts, such as KZT."))
    if amounts:
        fields["amounts"] = amounts
    return fields


def assessment_fields(form: Form) -> dict[str, Any]:
    """The fields of an assessment typed in ``form``: who judged, the status in words (a grade on
    the normalized scale), the day, the basis and its sources."""
    fields: dict[str, Any] = {"scale": "normalized"}
    for name in ("assessor_kind", "assessor", "grade", "rationale"):
        if (value := form.text(name)) is not None:
            fields[name] = value
    _date(form, fields)
    if fields.get("date_precision", "day") != "day":
        form.add("date", N_("An assessment is dated to the day: write it as 2016-05-01."))
    fields.pop("date_precision", None)
    _sources(form, fields)
    return fields


def editing_context(request: Request[Any, Any, Any]) -> dict[str, Any]:
    """What a page needs to show its forms: the signed-in editor (None for a visitor, who sees no form)
    and the values the forms offer."""
    return {"editor": request.state.get("api_key"), "choices": CHOICES, "blank": Form()}


def check(kind: type[msgspec.Struct], fields: Mapping[str, Any], form: Form) -> None:
    """Note in ``form`` what ``kind`` (a write of the library) refuses in ``fields``, in words."""
    try:
        msgspec.convert(dict(fields), kind)
    except msgspec.ValidationError as exc:
        field, message = field_in_words(kind, exc)
        if field and message.startswith(f"`{field}` "):
            # Shown beside the field, the message need not name it by its path.
            message = message[len(field) + 3 :]
            if message == "is required":
                form.add(field, N_("Required."))
                return
            message = message[:1].upper() + message[1:] + "."
        form.add(field, Said(message))
