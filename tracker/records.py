"""The tracker's record format (version 1): one JSON object per line, tagged by ``type``.

The bundled data, ``tracker export`` dumps and ``tracker import`` all use it. Records name
what they refer to by natural key or public ID; the IDs of the records themselves are
derived from their natural keys, and an ``id`` given in a record must match the derived one.

A file starts with a ``meta`` record; the other records may come in any order. See
``docs/records.md`` for the field-by-field description.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, BinaryIO, Final, Literal

import msgspec
from msgspec import Meta, Struct

from tracker.domain.entities import (
    Amounts,
    CourtRuling,
    ItemLink,
    LanguageCode,
    LanguageVersion,
    RecommendationGroup,
    SourceRef,
    StateCode,
)
from tracker.domain.enums import (
    ActionKind,
    AssessorKind,
    Body,
    DatePrecision,
    DecisionOutcome,
    DocumentKind,
    RemedyKind,
    Scale,
    UprResponse,
    Verification,
)
from tracker.domain.writes import Text
from tracker.errors import InvalidInput

FORMAT: Final = "tracker-records"

Symbol = Annotated[str, Meta(min_length=1, max_length=200, description="a UN document symbol, e.g. CAT/C/KAZ/CO/3")]
# The same limits as the API's writes: a file loaded from disk is held to what a request body is.
#: A name, a title, a reference: one line of at most 500 characters.
Line = Annotated[str, Meta(max_length=500)]
#: Where a record comes from on the web.
Address = Annotated[str, Meta(max_length=4000)]
#: The longest line of a records file read (16 MiB): beyond it the file is refused, not read into memory whole.
MAX_LINE = 16 * 1024 * 1024
VERSION = 1

#: Languages an item's text may be given in besides its own: the six official languages of the
#: UN, and Kazakh and Tajik.
TextLanguage = Literal["ar", "en", "es", "fr", "ru", "zh", "kk", "tg"]
#: An item's text in one more language: the same recommendation or remedy, as the document's
#: version in that language says it.
ItemText = Annotated[str, Meta(min_length=1, max_length=100_000)]


class Record(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, omit_defaults=True, tag_field="type"):
    """Base of every record type."""


class MetaRecord(Record, tag="meta", frozen=True, kw_only=True, omit_defaults=False):
    """First line of every file: which format and version it is."""

    format: Literal["tracker-records"] = FORMAT
    version: int = VERSION
    description: Text | None = None


class StateRecord(Record, tag="state", frozen=True, kw_only=True):
    """A State: code, names by language, region."""

    code: StateCode
    names: dict[str, Line] = {}
    region: Line | None = None


class ReviewRecord(Record, tag="review", frozen=True, kw_only=True):
    """A periodic review (UPR cycle, treaty-body report cycle)."""

    id: Line | None = None
    body: Body
    state: StateCode
    cycle: Annotated[int, Meta(ge=1, le=100)]
    reviewed_on: dt.date | None = None
    adopted_on: dt.date | None = None
    session: Line | None = None
    document: Symbol | None = None
    summary: Text | None = None
    counts: dict[str, int] = {}
    recommendation_groups: list[RecommendationGroup] = []
    sources: list[SourceRef] = []
    verification: Verification = Verification.UNVERIFIED
    notes: Text | None = None


class DocumentRecord(Record, tag="document", frozen=True, kw_only=True):
    """A UN document, keyed by its symbol."""

    id: Line | None = None
    url: Address | None = None
    symbol: Symbol
    body: Body
    state: StateCode | None = None
    kind: DocumentKind
    title: Line | None = None
    adopted_on: dt.date | None = None
    published_on: dt.date | None = None
    session: Line | None = None
    review: Line | None = None
    follow_up_due: dt.date | None = None
    follow_up_due_basis: Line | None = None
    languages: list[LanguageVersion] = []
    library_ids: dict[str, str] = {}
    summary: Text | None = None
    sources: list[SourceRef] = []
    verification: Verification = Verification.UNVERIFIED
    notes: Text | None = None


class DecisionRecord(Record, tag="decision", frozen=True, kw_only=True):
    """An individual decision, keyed by body and communication number."""

    id: Line | None = None
    url: Address | None = None
    body: Body
    communication: Annotated[str, Meta(max_length=20)]
    state: StateCode
    symbol: Symbol | None = None
    title: Annotated[str, Meta(min_length=1, max_length=500)]
    authors: list[Line] = []
    victims: list[Line] = []
    counsel: Line | None = None
    submitted_on: dt.date | None = None
    adopted_on: dt.date | None = None
    transmitted_on: dt.date | None = None
    outcome: DecisionOutcome | None = None
    articles_violated: list[Line] = []
    reply_days: Annotated[int, Meta(ge=1, le=3650)] | None = None
    summary: Text | None = None
    sources: list[SourceRef] = []
    verification: Verification = Verification.UNVERIFIED
    notes: Text | None = None


class RecommendationRecord(Record, tag="recommendation", frozen=True, kw_only=True):
    """A recommendation of a document: a CO paragraph (``8``, ``16a``) or a UPR number (``120.45``)."""

    id: Line | None = None
    url: Address | None = None
    document: Symbol
    paragraph: Annotated[str, Meta(min_length=1, max_length=20)]
    title: Line | None = None
    text: ItemText
    language: LanguageCode = "en"
    texts: dict[TextLanguage, ItemText] = {}
    themes: list[Line] = []
    affected_groups: list[Line] = []
    follow_up: bool = False
    covers: list[Annotated[str, Meta(min_length=1, max_length=20)]] = []
    due_date: dt.date | None = None
    due_date_basis: Line | None = None
    recommending_states: list[Line] = []
    response: UprResponse | None = None
    cycle: Annotated[int, Meta(ge=1, le=100)] | None = None
    sources: list[SourceRef] = []
    verification: Verification = Verification.UNVERIFIED
    notes: Text | None = None


class RemedyRecord(Record, tag="remedy", frozen=True, kw_only=True):
    """One remedy of an individual decision; ``ordinal`` counts remedies of the same kind."""

    id: Line | None = None
    url: Address | None = None
    decision: Line
    kind: RemedyKind
    ordinal: Annotated[int, Meta(ge=1, le=100)] = 1
    title: Line | None = None
    text: ItemText
    language: LanguageCode = "en"
    texts: dict[TextLanguage, ItemText] = {}
    themes: list[Line] = []
    due_date: dt.date | None = None
    due_date_basis: Line | None = None
    sources: list[SourceRef] = []
    verification: Verification = Verification.UNVERIFIED
    notes: Text | None = None


class ActionRecord(Record, tag="action", frozen=True, kw_only=True):
    """A dated action with its sources and item links."""

    id: Line | None = None
    url: Address | None = None
    state: StateCode
    kind: ActionKind
    date: dt.date
    date_precision: DatePrecision = DatePrecision.DAY
    title: Annotated[str, Meta(min_length=1, max_length=500)]
    description: Text | None = None
    language: LanguageCode = "en"
    actor: Line | None = None
    place: Line | None = None
    legal_reference: Line | None = None
    court: CourtRuling | None = None
    amounts: Amounts | None = None
    outcome: Text | None = None
    addressed_to: Body | None = None
    sources: list[SourceRef] = []
    links: list[ItemLink] = []
    verification: Verification = Verification.UNVERIFIED
    recorded_by: Line | None = None
    verified_by: Line | None = None
    verified_at: dt.datetime | None = None
    notes: Text | None = None


class AssessmentRecord(Record, tag="assessment", frozen=True, kw_only=True):
    """A judgement of one item on a native scale."""

    id: Line | None = None
    item: Line
    date: dt.date
    assessor_kind: AssessorKind
    assessor: Annotated[str, Meta(min_length=1, max_length=500)]
    scale: Scale
    grade: Annotated[str, Meta(min_length=1, max_length=500)]
    rationale: Text | None = None
    sources: list[SourceRef] = []
    verification: Verification = Verification.UNVERIFIED
    recorded_by: Line | None = None
    verified_by: Line | None = None
    verified_at: dt.datetime | None = None


AnyRecord = (
    MetaRecord
    | StateRecord
    | ReviewRecord
    | DocumentRecord
    | DecisionRecord
    | RecommendationRecord
    | RemedyRecord
    | ActionRecord
    | AssessmentRecord
)

_decoder = msgspec.json.Decoder(AnyRecord)

#: How JSON writes the NUL character; no text store of ours (PostgreSQL above all) takes it.
NUL_ESCAPE = b"\\u0000"
_encoder = msgspec.json.Encoder(decimal_format="number")


def encode_record(record: Record) -> bytes:
    """One record as one line of JSON (no trailing newline)."""
    return _encoder.encode(record)


def decode_lines(lines: Iterable[bytes], *, name: str = "input") -> Iterator[Record]:
    """Records from NDJSON lines; the first must be a ``meta`` record of a version we read.

    Raises :class:`~tracker.errors.InvalidInput` naming the line and the field at fault.
    """
    seen_meta = False
    for number, line in enumerate(lines, start=1):
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")  # a byte-order mark, as some editors write
        if not line.strip():
            continue
        if NUL_ESCAPE in line:
            raise InvalidInput(f"{name}, line {number}: text may not contain NUL characters (\\u0000)")
        try:
            record = _decoder.decode(line)
        except msgspec.ValidationError as exc:
            raise InvalidInput(f"{name}, line {number}: {exc}", field=field_of(exc)) from None
        except msgspec.DecodeError as exc:
            raise InvalidInput(f"{name}, line {number}: not valid JSON ({exc})") from None
        except UnicodeDecodeError:
            raise InvalidInput(f"{name}, line {number}: not valid UTF-8") from None
        if not seen_meta:
            if not isinstance(record, MetaRecord):
                raise InvalidInput(f"{name}, line {number}: the first record must be a 'meta' record")
            if record.version != VERSION:
                raise InvalidInput(f"{name}: format version {record.version} is not supported (this tracker reads {VERSION})")
            seen_meta = True
            continue
        if isinstance(record, MetaRecord):
            raise InvalidInput(f"{name}, line {number}: a second 'meta' record")
        yield record
    if not seen_meta:
        raise InvalidInput(f"{name}: empty; a records file starts with a 'meta' record")


def _lines(handle: BinaryIO, *, name: str) -> Iterator[bytes]:
    """The file's lines, refusing one longer than :data:`MAX_LINE` before it fills the memory."""
    for number, line in enumerate(iter(lambda: handle.readline(MAX_LINE + 1), b""), start=1):
        if len(line) > MAX_LINE:
            raise InvalidInput(f"{name}, line {number}: longer than {MAX_LINE // 1024 // 1024} MiB; is this a records file?")
        yield line


def read_records(path: Path) -> list[Record]:
    """All records of an NDJSON file."""
    try:
        with path.open("rb") as handle:
            return list(decode_lines(_lines(handle, name=str(path)), name=str(path)))
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path}: is a directory, not a records file") from None


#: Where msgspec says an error is: "at `$.texts[...]`", or for a dict key "at `key` in `$.texts`".
_LOCATION = re.compile(r"(?:at|in) `\$\.([^`]*)`")


def field_of(exc: msgspec.ValidationError) -> str | None:
    """The dotted path of the field a validation error is about, where it names one."""
    message = str(exc)
    located = _LOCATION.search(message)
    path = located.group(1) if located else None
    named = re.search(r"(?:unknown|missing required) field `([^`]+)`", message)
    if named:
        return f"{path}.{named.group(1)}" if path else named.group(1)
    return path
