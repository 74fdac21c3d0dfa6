"""The Universal Human Rights Index bulk export: annotated paragraphs of UN documents → recommendations.

OHCHR publishes the whole index as one JSON array (``export-full-en.json``, about 360 MB and
270,000 records, see docs/sources.md §5.1). Each record is one annotated paragraph of a treaty-body,
UPR or special-procedure document: its ``Symbol``, ``Body`` (``"- CAT"``), ``AnnotationType``
(``"- Recommendations"`` or ``"- Concerns/Observations"``), ``Countries`` by English name, the
paragraph ``Text`` with its number glued on (``"4.The Committee…"``, ``"120.45 Ratify…"``),
``Themes``, ``AffectedPersons`` and, for the UPR, the cycle, the State's position and the
recommending States.

A recommendation of a body the tracker follows becomes a :class:`RecommendationRecord`, and
its document a :class:`DocumentRecord`; concerns and observations are counted as context.
The array is read a run of records at a time, and of each record only the fields the import
uses, so memory grows with what is kept, never with the size of the file;
:meth:`UhriExport.batches` hands what is kept out in batches, for a runner that loads them one
at a time.

The index knows a paragraph's text and tags; editors and the bundled data know more (the
follow-up selection, the review, sources, verification). So ``prepare`` reads what is stored
from other sources, and such a document or item is left as it is: the harvest carries no
record for it.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Annotated, Any, BinaryIO, TypeVar
from urllib.parse import urlsplit

import ijson
import lxml.html
import msgspec
from lxml import etree
from msgspec import Meta, Struct

from tracker import every
from tracker.domain import ids, symbols
from tracker.domain.entities import SourceRef
from tracker.domain.enums import Body, DocumentKind, UprResponse
from tracker.records import DocumentRecord, RecommendationRecord, Record
from tracker_scrapers.harvest import Harvest, Params, ParseContext, ParseError, StateCode, read_params
from tracker_scrapers.states import is_state, state_code

_T = TypeVar("_T")

EXPORT_PATH = "export-results/export-full-en.json"
EXPORT_URL = f"https://dataex.ohchr.org/uhri/{EXPORT_PATH}"
#: The publisher named in the sources of every record this adapter writes; ``prepare`` tells
#: the index's records from those of other sources by it.
PUBLISHER = "OHCHR Universal Human Rights Index"

RECOMMENDATIONS = "Recommendations"
CONCERNS = "Concerns/Observations"

#: Bodies whose recommendations the tracker follows, as the index names them (after the "- ").
#: Special procedures ("SR …", "WG …", "IE …") are not among them: their records are counted and skipped.
BODIES = {body.value: body for body in Body if body is not Body.SP}

#: Former UN short names, which records indexed before a State's name changed may carry.
_CO_PARAGRAPH = re.compile(r"(\d{1,4})(?:\s*\(([a-zA-Z])\)|\s*\.|\s+(?=[A-Z]))\s*")
_UPR_NUMBER = re.compile(r"(\d{1,4}\.\d{1,4})(?!\d)\.?\s*")
_LEFTOVER = " \t-–—:."
_BLOCKS = ("p", "br", "li", "div", "tr", "h1", "h2", "h3", "h4", "h5", "h6")
_READ_SIZE = 64 * 1024
#: The end of one record and the start of the next, unless it is inside a text (decoding tells).
_BETWEEN_RECORDS = re.compile(rb"\}\s*(,)\s*\{")
#: Bytes read on without finding where a record ends, after which ijson reads the rest (an
#: export laid out otherwise).
_LONGEST_RUN = 16 * 1024 * 1024
#: Recommendations per batch: a load of this many takes about 100 MiB more than the records.
BATCH = 20_000


class Stored(Struct, frozen=True, kw_only=True):
    """What the database holds from sources other than the index, which an import leaves as it is.

    ``documents`` maps the ID of each such document to its symbol and State; ``items`` are
    the IDs of such items in them.
    """

    documents: dict[str, tuple[str, str | None]] = {}
    items: frozenset[str] = frozenset()


class Annotation(Struct, frozen=True, gc=False, rename="pascal"):
    """The fields of one record of the export that an import reads (``Symbol``, ``UprCycle`` …), each
    as the record gives it: any JSON value, None when absent. The others are never decoded."""

    annotation_id: Any = None
    annotation_type: Any = None
    body: Any = None
    countries: Any = None
    document_id: Any = None
    publication_date: Any = None
    symbol: Any = None
    text: Any = None
    themes: Any = None
    affected_persons: Any = None
    upr_cycle: Any = None
    upr_positions: Any = None
    upr_recommending_country: Any = None


# Numbers with a fraction or an exponent are read as decimals, as ijson reads them.
_DECODE_RUN = msgspec.json.Decoder(list[Annotation], float_hook=Decimal)
_DECODE_ELEMENTS = msgspec.json.Decoder(list[msgspec.Raw])
_DECODE_ANNOTATION = msgspec.json.Decoder(Annotation, float_hook=Decimal)
_DECODE_VALUE = msgspec.json.Decoder(float_hook=Decimal)


class UhriParams(Params, frozen=True, kw_only=True):
    """The parameters of a ``uhri-export`` source."""

    state: Annotated[
        tuple[StateCode, ...], Meta(description="The States whose recommendations to keep (all States when absent).")
    ] = ()


class UhriExport:
    """The UHRI bulk export: recommendations of the treaty bodies and the UPR, with their documents.

    Parameters (:class:`UhriParams`): ``state``, the States to keep (all States when absent).
    """

    name = "uhri-export"
    Params = UhriParams

    def url(self, base_url: str, params: Mapping[str, str]) -> str:
        """``{base}/export-results/export-full-en.json``, or the base itself when it names a JSON file."""
        if urlsplit(base_url).path.lower().endswith(".json"):
            return base_url
        return f"{base_url.rstrip('/')}/{EXPORT_PATH}"

    async def prepare(self, tracker: Any) -> Stored:
        """The documents stored from other sources, and their items that are not the index's."""
        documents = {d.id: (d.symbol, d.state) async for d in every(tracker.documents.list) if not from_index(d.sources)}
        items: set[str] = set()
        for symbol, _ in documents.values():
            detail = await tracker.documents.get(symbol)
            items.update(item.id for item in detail.items if not from_index(item.sources))
        return Stored(documents=documents, items=frozenset(items))

    def parse(self, body: BinaryIO, context: ParseContext) -> Harvest:
        """Read a whole export; raises :class:`ParseError` if it is not one JSON array of records.

        Two records of one paragraph (the index annotates some paragraphs twice, under other
        themes) are merged into one recommendation: the first text, the union of the themes,
        affected groups, recommending States and sources.
        """
        return next(self._harvests(body, context, size=None))

    def batches(self, body: BinaryIO, context: ParseContext, size: int | None = None) -> Iterator[Harvest]:
        """The export as consecutive harvests of about ``size`` recommendations each (:data:`BATCH`
        by default), for a runner that loads one at a time to bound its memory.

        A batch ends between two documents, and names each document once, in the first batch
        that needs it: load the batches in order. A paragraph annotated again after its batch
        was handed out is skipped (the first annotation is kept), where :meth:`parse` would
        merge the two. Records the export cannot place are counted in the last batch.
        """
        return self._harvests(body, context, size=size or BATCH)

    def _harvests(self, body: BinaryIO, context: ParseContext, size: int | None) -> Iterator[Harvest]:
        reading = _Reading(context)
        for record in annotations(body):
            if size is not None and len(reading.recommendations) >= size and reading.starts_a_document(record):
                yield reading.take()
            reading.add(record)
        yield reading.take(last=True)


def from_index(sources: Iterable[SourceRef]) -> bool:
    """Whether a stored record came from the index (its sources name it as publisher)."""
    return any(source.publisher == PUBLISHER for source in sources)


def annotations(body: BinaryIO) -> Iterator[Annotation | Any]:
    """The elements of the export's top-level array, one at a time: a record as an :class:`Annotation`,
    anything else as it is.

    Raises :class:`ParseError` for an empty body, a top-level value that is not an array,
    and malformed or truncated JSON.
    """
    stream = _Peeked(body)
    first = stream.first_byte()
    if first is None:
        raise ParseError("the UHRI export is empty; expected a JSON array of records")
    if first != b"[":
        raise ParseError(f"the UHRI export is not a JSON array of records (it starts with {first.decode('latin-1')!r})")
    count = 0
    try:
        for element in _elements(stream):
            count += 1
            yield element
    except ijson.JSONError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ParseError(f"the UHRI export is malformed or truncated after {count} records: {reason}") from None


def _elements(stream: _Peeked) -> Iterator[Annotation | Any]:
    """The elements of the array whose "[" ``stream`` starts with.

    Runs of whole records are decoded at once. From the first run that does not decode (malformed
    JSON, or a run cut inside a text), ``ijson`` reads on one element at a time, so what a broken
    export yields before it fails, and how it fails, do not depend on where the runs were cut.
    """
    pending = stream.read(_READ_SIZE)[1:]
    while True:
        more = stream.read(_READ_SIZE)
        pending += more
        cut = _last_cut(pending) if more else len(pending)
        if cut is None and len(pending) <= _LONGEST_RUN:
            continue
        # At the end the rest holds the closing "]" and whatever follows it.
        run = None if cut is None else _decode_run(b"[" + pending[:cut] + b"]" if more else b"[" + pending)
        if cut is None or run is None:
            stream.unread(b"[" + pending)
            yield from (_annotation(element) for element in ijson.items(stream, "item"))
            return
        yield from run
        if not more:
            return
        pending = pending[cut + 1 :]


def _last_cut(data: bytes) -> int | None:
    """Where the comma after the last record that ``data`` holds whole is, if it seems to hold one."""
    end = len(data)
    while (end := data.rfind(b"}", 0, end)) >= 0:
        if between := _BETWEEN_RECORDS.match(data, end):
            return between.start(1)
    return None


def _decode_run(data: bytes) -> list[Annotation | Any] | None:
    """The elements of a run, or None if it is not a whole JSON array."""
    try:
        try:
            return _DECODE_RUN.decode(data)
        except msgspec.ValidationError:  # an element that is not a record
            return [_decode_element(element) for element in _DECODE_ELEMENTS.decode(data)]
    except msgspec.DecodeError:
        return None


def _decode_element(element: msgspec.Raw) -> Annotation | Any:
    try:
        return _DECODE_ANNOTATION.decode(element)
    except msgspec.ValidationError:
        return _DECODE_VALUE.decode(element)


def _annotation(element: Any) -> Annotation | Any:
    return msgspec.convert(element, Annotation) if isinstance(element, dict) else element


class _Peeked:
    """A body whose first significant byte has been looked at, read on from where it started."""

    def __init__(self, body: BinaryIO) -> None:
        self._body = body
        self._head = b""

    def first_byte(self) -> bytes | None:
        while True:
            chunk = self._body.read(_READ_SIZE)
            if not chunk:
                return None
            self._head += chunk
            # A byte-order mark, as some tools write, is not part of the JSON.
            significant = self._head.removeprefix(b"\xef\xbb\xbf").lstrip()
            if significant:
                self._head = significant
                return significant[:1]

    def read(self, size: int = -1) -> bytes:
        if size == 0:  # ijson reads nothing first, to tell bytes from text
            return b""
        if self._head:
            head, self._head = self._head, b""
            return head
        return self._body.read(size)

    def unread(self, data: bytes) -> None:
        """Have the next read start with ``data``."""
        self._head = data + self._head


class _Reading:
    """The records of one export, as they are read."""

    def __init__(self, context: ParseContext) -> None:
        wanted = read_params(UhriParams, context.params, adapter=UhriExport.name).state
        self.states = set(wanted) or None
        self.stored = context.known if isinstance(context.known, Stored) else Stored()
        self.url = context.url if context.url and context.url.startswith(("http://", "https://")) else EXPORT_URL
        # Pending: what the next harvest holds.
        self.documents: dict[str, DocumentRecord] = {}
        self.recommendations: dict[tuple[str, str], RecommendationRecord] = {}
        self.context = 0
        self.skipped: list[str] = []
        # Kept across batches: each document's symbol as first written, what was handed out, the counts.
        self.symbols: dict[str, str] = {}
        self.taken: set[tuple[str, str]] = set()
        self.last_symbol: Any = None
        self.other_bodies: Counter[str] = Counter()
        self.other_types: Counter[str] = Counter()
        # What each reading of a symbol, name or list gave: the many records of one document,
        # State or review name them alike.
        self.read: dict[tuple[Callable[[Any], Any], Any], Any] = {}

    def starts_a_document(self, record: Annotation | Any) -> bool:
        return not isinstance(record, Annotation) or record.symbol != self.last_symbol

    def add(self, record: Annotation | Any) -> None:
        if not isinstance(record, Annotation):
            self.skipped.append(f"a {type(record).__name__} where a record was expected")
            return
        self.last_symbol = record.symbol
        annotation = _text(record.annotation_id) or "(no AnnotationId)"
        symbol = _text(record.symbol)
        countries = self._once(self._countries, record.countries)
        in_symbol, document = self._once(_symbol_read, symbol)
        if self.states is not None and not self.states.intersection(countries) and in_symbol not in self.states:
            return
        body_name = self._once(_label, record.body)
        body = BODIES.get(body_name)
        if body is None:
            self.other_bodies[body_name or "(none)"] += 1
            return
        state = in_symbol or (countries[0] if len(countries) == 1 else None)
        if state is None:
            why = "names several States" if countries else "names no State the tracker knows"
            self.skipped.append(
                f"annotation {annotation}: cannot tell whose document {symbol or '(no symbol)'} is; "
                f"Countries {why}: {record.countries!r}"
            )
            return
        if self.states is not None and state not in self.states:
            return
        kind = self._once(_label, record.annotation_type)
        if kind == CONCERNS:
            self.context += 1
            return
        if kind != RECOMMENDATIONS:
            self.other_types[kind or "(none)"] += 1
            return
        if not document or len(symbol) > 200:
            self.skipped.append(f"annotation {annotation}: no usable Symbol ({symbol!r})")
            return
        text = plain_text(_text(record.text))
        reference, text = (upr_number if body is Body.UPR else paragraph_number)(text)
        if reference is None:
            self.skipped.append(
                f"annotation {annotation}: no {'recommendation' if body is Body.UPR else 'paragraph'} "
                f"number at the start of its text ({text[:40]!r})"
            )
            return
        if not text:
            self.skipped.append(f"annotation {annotation}: no text after the number {reference}")
            return
        self._recommend(record, annotation, body, state, symbol, document, reference, text)

    def _recommend(
        self,
        record: Annotation,
        annotation: str,
        body: Body,
        state: str,
        symbol: str,
        document: str,
        reference: str,
        text: str,
    ) -> None:
        if document in self.stored.documents:
            symbol, stored_state = self.stored.documents[document]
            if stored_state != state:
                self.skipped.append(
                    f"annotation {annotation}: {symbol} is stored as a document of {stored_state}, the index gives it to {state}"
                )
                return
        else:
            self._document(record, document, symbol, body, state)
            symbol = self.symbols[document]
        item = ids.item_in_document(document, reference, upr=body is Body.UPR)
        if item in self.stored.items:
            self.skipped.append(f"annotation {annotation}: {item} is recorded from another source; the stored item is kept")
            return
        key = (document, reference)
        if key in self.taken:
            self.skipped.append(f"annotation {annotation}: {item} again, after an earlier batch; the first annotation is kept")
            return
        notes = None
        upr: dict[str, Any] = {}
        if body is Body.UPR:
            recommending, unknown = self._codes_of(record.upr_recommending_country)
            positions = self._once(_strings, record.upr_positions)
            response = self._once(_response, positions)
            upr = {"cycle": _cycle(record.upr_cycle), "response": response, "recommending_states": recommending}
            if unknown:
                notes = f"Recommending States the tracker does not know: {', '.join(unknown)}."
            if positions and response is None:
                notes = f"{notes + ' ' if notes else ''}UPR positions not read: {', '.join(positions)}."
        found = RecommendationRecord(
            document=symbol,
            paragraph=reference,
            text=text,
            themes=_tags(record.themes),
            affected_groups=_tags(record.affected_persons),
            sources=[SourceRef(url=self.url, title=f"UHRI annotation {annotation}", publisher=PUBLISHER)],
            notes=notes,
            **upr,
        )
        held = self.recommendations.get(key)
        if held is None:
            self.recommendations[key] = found
            return
        if held.text != text:
            self.skipped.append(f"annotation {annotation}: {item} again with another text; merged, the first text is kept")
        self.recommendations[key] = msgspec.structs.replace(
            held,
            themes=_distinct([*held.themes, *found.themes]),
            affected_groups=_distinct([*held.affected_groups, *found.affected_groups]),
            recommending_states=_distinct([*held.recommending_states, *found.recommending_states]),
            sources=[*held.sources, *found.sources],
        )

    def _document(self, record: Annotation, document: str, symbol: str, body: Body, state: str) -> None:
        if document in self.symbols:
            return
        self.symbols[document] = symbol
        self.documents[document] = DocumentRecord(
            symbol=symbol,
            body=body,
            state=state,
            kind=_kind(body, symbol),
            published_on=_date(record.publication_date),
            sources=[SourceRef(url=self.url, title=f"UHRI document {_text(record.document_id) or symbol}", publisher=PUBLISHER)],
        )

    def _once(self, read: Callable[[Any], _T], value: Any) -> _T:
        """``read(value)``, read once per export for each value (a list by its elements); what it
        gives is shared, so never changed."""
        # By the function a method reads with, for a key naming a method would hold the reading itself.
        key = (getattr(read, "__func__", read), tuple(value) if isinstance(value, list) else value)
        try:
            return self.read[key]
        except KeyError:
            found = self.read[key] = read(value)
            return found
        except TypeError:  # a list or object within the value, which no dictionary takes as a key
            return read(value)

    def _countries(self, value: Any) -> list[str]:
        return _distinct(code for name in _strings(value) if (code := self._once(state_code, name)))

    def _codes_of(self, value: Any) -> tuple[list[str], list[str]]:
        known, unknown = [], []
        for name in _strings(value):
            code = self._once(state_code, name)
            (known if code else unknown).append(code or name)
        return _distinct(known), unknown

    def take(self, *, last: bool = False) -> Harvest:
        """A harvest of what is pending; the counts of records placed nowhere go with the last."""
        skipped = self.skipped
        if last:
            skipped += [
                f"{_records(n)} of {body!r}, a body the tracker follows no items of"
                for body, n in sorted(self.other_bodies.items())
            ]
            skipped += [
                f"{_records(n)} annotated {kind!r}, neither recommendations nor concerns"
                for kind, n in sorted(self.other_types.items())
            ]
        records: list[Record] = [*self.documents.values(), *self.recommendations.values()]
        harvest = Harvest(records=records, context=self.context, skipped=skipped)
        if not last:
            self.taken.update(self.recommendations)
        self.documents, self.recommendations, self.context, self.skipped = {}, {}, 0, []
        return harvest


def plain_text(text: str) -> str:
    """A text without its HTML: tags dropped, entities read, a line per block, spaces collapsed."""
    text = text.replace("\x00", "")  # no store of ours takes NUL, and one would fail the whole load
    if "<" in text:
        text = _html_text(text)
    elif "&" in text:
        text = html.unescape(text)
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _html_text(text: str) -> str:
    try:
        root = lxml.html.fragment_fromstring(text, create_parent="div")
    except etree.ParserError:  # nothing but markup, such as a lone comment
        return ""
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    return root.text_content()


def paragraph_number(text: str) -> tuple[str | None, str]:
    """``"4.The Committee…"`` → (``"4"``, ``"The Committee…"``); ``"16 (a) Ensure…"`` → (``"16a"``, ``"Ensure…"``).

    A number followed by a dot is the paragraph even when ``(a)`` follows (``"16. (a) …; (b) …"``
    is the whole paragraph 16); only ``"16 (a)"`` and ``"16(a)"`` name a sub-paragraph.
    """
    match = _CO_PARAGRAPH.match(text)
    if not match:
        return None, text
    paragraph = ids.normalize_paragraph(match[1] + (match[2] or ""))
    return paragraph, text[match.end() :].lstrip(_LEFTOVER)


def upr_number(text: str) -> tuple[str | None, str]:
    """``"120.45 Ratify…"`` → (``"120.45"``, ``"Ratify…"``)."""
    match = _UPR_NUMBER.match(text)
    if not match:
        return None, text
    return ids.normalize_upr_number(match[1]), text[match.end() :].lstrip(_LEFTOVER)


def _symbol_read(symbol: str) -> tuple[str | None, str]:
    """The State the symbol names (``CAT/C/KAZ/CO/3``, ``E/C.12/KAZ/CO/2``) if the tracker knows it,
    and the ID of its document ("" when it has none)."""
    state = symbols.parse(symbol).state
    try:
        document = ids.slug(symbol)
    except ValueError:
        document = ""
    return (state if state and is_state(state) else None, document)


def _label(value: Any) -> str:
    """``"- CAT"`` → ``"CAT"``: a body or annotation type as the index writes it, without its dash."""
    return _text(value).removeprefix("-").strip()


def _kind(body: Body, symbol: str) -> DocumentKind:
    """The kind of a document the index annotates: its UPR documents are Working Group reports
    (``A/HRC/43/10``, which the symbol alone does not tell), its SPT ones visit reports."""
    if body is Body.UPR:
        return DocumentKind.UPR_OUTCOME
    if body is Body.SPT:
        return DocumentKind.VISIT_REPORT
    read = symbols.parse(symbol)
    return read.kind if read.body is body else DocumentKind.OTHER


def _response(positions: Iterable[str]) -> UprResponse | None:
    """The State's position when the index gives one: ``Supported`` or ``Noted``, not both."""
    read = {p.strip().casefold() for p in positions}
    return UprResponse(read.pop()) if len(read) == 1 and read <= {"supported", "noted"} else None


def _cycle(value: Any) -> int | None:
    digits = re.search(r"\d+", str(value)) if value is not None else None
    cycle = int(digits[0]) if digits else None
    return cycle if cycle is not None and 1 <= cycle <= 100 else None


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return [v.replace("\x00", "").strip() for v in value if isinstance(v, str) and v.strip()]


def _tags(value: Any) -> list[str]:
    # One string for each theme or group, however many records name it.
    return [sys.intern(tag) for tag in _distinct(_strings(value))]


def _distinct(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _records(n: int) -> str:
    return f"{n} record" if n == 1 else f"{n:,} records"
