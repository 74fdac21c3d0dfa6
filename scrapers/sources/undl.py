"""UN Digital Library (digitallibrary.un.org): MARCXML search results and RSS feeds → documents.

Both adapters turn library records into document records
(:class:`~tracker.records.DocumentRecord`) of the bodies the tracker follows. What a document
is (body, kind, State) is read from its symbol by the UN symbol grammar
(:mod:`tracker.domain.symbols`); :func:`classify_document` adds what only the record says (a
Council report that is a UPR Working Group report, or a special procedure's).

The library knows a document's symbol, title, publication date, files and record id; editors
know more (the review, the follow-up deadline, sources). So ``prepare`` reads the stored
documents, and a document the tracker already holds keeps what is stored and gains only the
library's record id, its language versions and the fields it lacked.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, BinaryIO, NamedTuple
from urllib.parse import urlencode

import feedparser
import msgspec
from lxml import etree
from msgspec import Meta

from tracker import every
from tracker.domain import ids, symbols
from tracker.domain.entities import Document, LanguageVersion
from tracker.domain.enums import Body, DocumentKind
from tracker.domain.symbols import Form
from tracker.records import DocumentRecord
from tracker_scrapers.harvest import BodyCode, Harvest, Params, ParseContext, ParseError, StateCode, Text, read_params
from tracker_scrapers.states import state_code, state_named_in

MARC = "http://www.loc.gov/MARC21/slim"
_RECORD = f"{{{MARC}}}record"
_CONTROLFIELD = f"{{{MARC}}}controlfield"
_DATAFIELD = f"{{{MARC}}}datafield"
_TOTAL = re.compile(r"Search-Engine-Total-Number-Of-Results:\s*(\d+)")
_RECID = re.compile(r"/record/(\d+)")


# ---------------------------------------------------------------- what a record says besides its symbol


class Classification(NamedTuple):
    """What a library record says of its document: the body (None if not one the tracker follows),
    the kind, and the State's ISO 3166-1 alpha-3 code (None if none)."""

    body: Body | None
    kind: DocumentKind
    state: str | None


#: Kinds of document that only exist for one State; without it the document is not recorded.
PER_STATE_KINDS = frozenset(
    {
        DocumentKind.CONCLUDING_OBSERVATIONS,
        DocumentKind.UPR_OUTCOME,
        DocumentKind.STATE_REPORT,
        DocumentKind.FOLLOW_UP_REPLY,
        DocumentKind.FOLLOW_UP_LETTER,
        DocumentKind.LIST_OF_ISSUES,
        DocumentKind.VISIT_REPORT,
    }
)
_COUNCIL_REPORTS = frozenset({Form.COUNCIL_REPORT, Form.COUNCIL_REPORT_ADDENDUM})


_UPR_WORKING_GROUP = re.compile(r"Working Group on the Universal Periodic Review", re.IGNORECASE)
#: Mandates as the library capitalizes them; intergovernmental working groups are not special procedures.
_MANDATE = re.compile(
    r"\b(?:Special Rapporteur|Independent Expert|Special Representative|(?<![Ii]ntergovernmental )Working Group on)\b"
)
_MISSION = re.compile(r"\b(?:mission|visit) to\b", re.IGNORECASE)


def classify_document(
    symbol: str, *, title: str | None = None, authors: Iterable[str] = (), places: Iterable[str] = ()
) -> Classification:
    """Body, kind and State of a document: what its symbol says (:func:`tracker.domain.symbols.parse`),
    completed by what the record says besides the symbol.

    A report to the Human Rights Council (``A/HRC/28/10``) is a UPR outcome when its title or
    its authors name the Working Group on the Universal Periodic Review, and a special
    procedure's document when they name a mandate (a Special Rapporteur, an Independent
    Expert …); an addendum of a UPR report (the State's views) is kind ``other``. Where the
    symbol names no State, the State is the one the title names, else the one geographic
    subject (``places``) that is a State.
    """
    read = symbols.parse(symbol)
    found = Classification(read.body, read.kind, read.state)
    title = title or ""
    authors = list(authors)
    if read.form in _COUNCIL_REPORTS:
        said = " ".join([title, *authors])
        if _UPR_WORKING_GROUP.search(said):
            kind = DocumentKind.UPR_OUTCOME if read.form is Form.COUNCIL_REPORT else DocumentKind.OTHER
            found = Classification(Body.UPR, kind, None)
        elif any(_MANDATE.search(author) for author in authors) or _MANDATE.match(title.removeprefix("Report of the ")):
            found = Classification(Body.SP, DocumentKind.OTHER, None)
    if found.body is None or found.state is not None:
        return found
    state = state_named_in(title) or _only(state_code(place) for place in places)
    if found.body is Body.SP and state and _MISSION.search(title):
        return Classification(Body.SP, DocumentKind.VISIT_REPORT, state)
    return found._replace(state=state)


def _only(values: Iterable[str | None]) -> str | None:
    distinct = {v for v in values if v}
    return distinct.pop() if len(distinct) == 1 else None


# ---------------------------------------------------------------- States by code and by name

# ---------------------------------------------------------------- what the library says, and what is stored


_LONGEST_SYMBOL = 200  # what a DocumentRecord takes


def document_of(
    symbol: str, *, title: str | None, authors: Iterable[str] = (), places: Iterable[str] = ()
) -> DocumentRecord | str:
    """A document record for a library record with this symbol, or the reason there is none."""
    if len(symbol.strip()) > _LONGEST_SYMBOL:
        return f"a symbol longer than {_LONGEST_SYMBOL} characters"
    body, kind, state = classify_document(symbol, title=title, authors=authors, places=places)
    if body is None:
        return "not a document of a body the tracker follows"
    if state is not None and state_code(state) is None:
        return f"unknown State code {state!r}"
    if state is None and kind in PER_STATE_KINDS:
        return f"{kind.value.replace('_', ' ')} of no State the record names"
    return DocumentRecord(symbol=symbols.normalize(symbol), body=body, state=state, kind=kind, title=title)


async def stored_documents(tracker: Any) -> dict[str, Document]:
    """Every stored document by ID, for :func:`merged_with_stored`."""
    return {d.id: d async for d in every(tracker.documents.list)}


_RECORD_FIELDS = [f for f in DocumentRecord.__struct_fields__ if f not in ("id", "url")]


def merged_with_stored(found: DocumentRecord, stored: Document | None) -> DocumentRecord:
    """The stored document, with the library's record ids and language versions added and the
    title and publication date filled in where it had none; ``found`` itself if nothing is stored."""
    if stored is None:
        return found
    fill: dict[str, Any] = {}
    if stored.title is None:
        fill["title"] = found.title
    if stored.published_on is None and found.published_on is not None:
        fill["published_on"] = found.published_on
        if found.notes:
            fill["notes"] = f"{stored.notes} {found.notes}" if stored.notes else found.notes
    urls = {v.url for v in stored.languages}
    return msgspec.structs.replace(
        DocumentRecord(**{name: getattr(stored, name) for name in _RECORD_FIELDS}),
        languages=[*stored.languages, *(v for v in found.languages if v.url not in urls)],
        library_ids={**stored.library_ids, **found.library_ids},
        **fill,
    )


class _Documents:
    """The documents of one harvest: one per ID, each merged with the stored one."""

    def __init__(self, known: Any) -> None:
        self.stored: Mapping[str, Document] = known if isinstance(known, Mapping) else {}
        self.records: list[DocumentRecord] = []
        self.skipped: list[str] = []
        self._seen: dict[str, str] = {}

    def add(self, found: DocumentRecord | str, entry: str) -> None:
        if isinstance(found, str):
            self.skipped.append(f"{entry}: {found}")
            return
        try:
            key = ids.slug(found.symbol)
        except ValueError:
            self.skipped.append(f"{entry}: a symbol without letters or digits")
            return
        if key in self._seen:
            self.skipped.append(f"{entry}: the same document as {self._seen[key]}")
            return
        self._seen[key] = entry
        self.records.append(merged_with_stored(found, self.stored.get(key)))

    def harvest(self, total: int | None = None) -> Harvest:
        return Harvest(records=list(self.records), skipped=self.skipped, total=total)


# ---------------------------------------------------------------- MARCXML


def _search_url(base_url: str, path: str, query: dict[str, str]) -> str:
    return f"{base_url.rstrip('/')}/{path}?{urlencode(query)}"


_QUERY = "What to search for in the library, e.g. CAT/C/KAZ."
_STATE = "The State the search is about: after a run finds documents, the document-texts sources of this State run."
_BODY = "The treaty body (or UPR) the search is about, for the people who read the source list."


class MarcXmlParams(Params, frozen=True, kw_only=True):
    """The parameters of an ``undl-marcxml`` source."""

    query: Annotated[Text, Meta(description=_QUERY)]
    field: Annotated[Text, Meta(description="The library's search field.")] = "documentsymbol"
    rows: Annotated[int, Meta(ge=1, description="How many records to ask for (the library returns 200 at most).")] = 200
    state: Annotated[StateCode | None, Meta(description=_STATE)] = None
    body: Annotated[BodyCode | None, Meta(description=_BODY)] = None


class RssParams(Params, frozen=True, kw_only=True):
    """The parameters of an ``undl-rss`` source."""

    query: Annotated[Text, Meta(description=_QUERY)]
    rows: Annotated[int, Meta(ge=1, description="How many items to ask for.")] = 50
    state: Annotated[StateCode | None, Meta(description=_STATE)] = None
    body: Annotated[BodyCode | None, Meta(description=_BODY)] = None


_LANGUAGES = {"English": "en", "Français": "fr", "Español": "es", "Русский": "ru", "العربية": "ar", "中文": "zh", "Deutsch": "de"}
#: Attached files are named <symbol>-<LANG>.pdf; the label of some is just "Other".
_FILE_LANGUAGE = re.compile(r"-([A-Z]{2})\.\w+$")
_DATE = re.compile(r"(\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?")
#: ISBD punctuation that ends a title part: "Statement /", "… of Kazakhstan :".
_TITLE_END = " \t\n/:;=,"
_TITLE_PARTS = ("a", "n", "p", "b")
_LONGEST_URL = 4000  # what a LanguageVersion takes


class _MarcRecord:
    """The fields of one MARCXML record that matter here: the record id and data fields by tag."""

    WANTED = frozenset({"191", "245", "269", "651", "710", "791", "856"})

    def __init__(self, element: etree._Element) -> None:
        self.recid: str | None = None
        self.fields: dict[str, list[list[tuple[str, str]]]] = {}
        for child in element:
            tag = child.get("tag")
            if child.tag == _CONTROLFIELD and tag == "001":
                self.recid = (child.text or "").strip() or None
            elif child.tag == _DATAFIELD and tag in self.WANTED:
                subfields = [(sub.get("code", ""), (sub.text or "").strip()) for sub in child]
                self.fields.setdefault(tag, []).append(subfields)

    def values(self, tag: str, code: str) -> list[str]:
        return [text for field in self.fields.get(tag, ()) for c, text in field if c == code and text]


def _published_on(text: str | None) -> tuple[dt.date | None, str | None]:
    """269$a as a date, and a note when the library gives only a month or a year.

    A partial date becomes the first day of its month or year, so documents still sort and
    filter by period; the note says how much of the date is the library's.
    """
    match = _DATE.fullmatch(text or "")
    if not match:
        return None, None
    year, month, day = int(match[1]), int(match[2] or 1), int(match[3] or 1)
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None, None
    if match[3]:
        return date, None
    return (
        date,
        f"The UN Digital Library dates it only to {text}; published_on is the first day of that {'month' if match[2] else 'year'}.",
    )


def _title(record: _MarcRecord) -> str | None:
    field = next(iter(record.fields.get("245", ())), [])
    return " ".join(text for code, text in field if code in _TITLE_PARTS and text).rstrip(_TITLE_END) or None


def _languages(record: _MarcRecord) -> list[LanguageVersion]:
    versions: dict[str, LanguageVersion] = {}
    for field in record.fields.get("856", ()):
        subfields = dict(field)
        url, label = subfields.get("u", ""), unicodedata.normalize("NFC", subfields.get("y", ""))
        by_file = _FILE_LANGUAGE.search(url)
        language = _LANGUAGES.get(label) or (by_file[1].lower() if by_file else None)
        if language and url.startswith(("http://", "https://")) and len(url) <= _LONGEST_URL and url not in versions:
            versions[url] = LanguageVersion(language=language, url=url, label=label or None)
    return list(versions.values())


def _document(record: _MarcRecord) -> DocumentRecord | str:
    symbols = [s for s in record.values("191", "a") or record.values("791", "a") if s.strip("*")]
    if not symbols:
        return "no document symbol (191/791)"
    title, authors, places = _title(record), record.values("710", "a"), record.values("651", "a")
    found = [document_of(s, title=title, authors=authors, places=places) for s in symbols]
    document = next((d for d in found if isinstance(d, DocumentRecord)), None)
    if document is None:
        return f"{symbols[0]}: {found[0]}"
    published_on, note = _published_on(next(iter(record.values("269", "a")), None))
    return msgspec.structs.replace(
        document,
        published_on=published_on,
        notes=note,
        languages=_languages(record),
        library_ids={"undl": record.recid} if record.recid else {},
    )


class UndlMarcXml:
    """Search results of the UN Digital Library in MARCXML (``of=xm``).

    Parameters (:class:`MarcXmlParams`): ``query`` (``CAT/C/KAZ``), ``field`` (``documentsymbol``
    by default), ``rows`` (200 by default, the most the library returns at once). Each record with the symbol of a
    document the tracker follows becomes a document: symbol (191$a, else 791$a), title (245),
    publication date (269), language versions (856) and the library's record id (001); the
    others are skipped with the reason. The total is the library's count of hits.
    """

    name = "undl-marcxml"
    Params = MarcXmlParams

    def url(self, base_url: str, params: Mapping[str, str]) -> str:
        """The search URL, newest first."""
        read = read_params(MarcXmlParams, params, adapter=self.name)
        query = {"ln": "en", "p": read.query, "f": read.field, "rg": str(read.rows), "of": "xm", "sf": "year", "so": "d"}
        return _search_url(base_url, "search", query)

    async def prepare(self, tracker: Any) -> dict[str, Document]:
        """The stored documents, so that what editors recorded is kept."""
        return await stored_documents(tracker)

    def parse(self, body: BinaryIO, context: ParseContext) -> Harvest:
        """Read a MARCXML ``collection``; raises :class:`ParseError` for a body that is not one."""
        documents = _Documents(context.known)
        total: int | None = None
        records = etree.iterparse(
            body,
            events=("end", "comment"),
            tag=(_RECORD, etree.Comment),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
        )
        position = 0
        try:
            for event, element in records:
                if event == "comment":
                    if total is None and (said := _TOTAL.search(element.text or "")):
                        total = int(said[1])
                    continue
                position += 1
                record = _MarcRecord(element)
                entry = f"record {record.recid}" if record.recid else f"record #{position} (no 001)"
                documents.add(_document(record), entry)
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
        except etree.XMLSyntaxError as exc:
            raise ParseError(f"not well-formed MARCXML: {exc}") from None
        root = records.root
        if root is None or root.tag not in (f"{{{MARC}}}collection", _RECORD):
            raise ParseError(
                f"not MARCXML: the document element is {root.tag if root is not None else 'missing'}, "
                f"not a MARC21 slim collection"
            )
        return documents.harvest(total)


# ---------------------------------------------------------------- RSS


def _pub_date(entry: Any) -> dt.date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.UTC).date() if parsed else None


class UndlRss:
    """The UN Digital Library's RSS feed of a search (``/rss``).

    Parameters (:class:`RssParams`): ``query`` and ``rows`` (50 by default). An item becomes a document when its
    title or description holds the symbol of a document the tracker follows: symbol, title,
    the library's record id (from the link) and, for want of the document's own date, the
    item's ``pubDate`` (when the library listed it) as the publication date. Other items are
    skipped with the reason.
    """

    name = "undl-rss"
    Params = RssParams

    def url(self, base_url: str, params: Mapping[str, str]) -> str:
        """The feed URL of the search."""
        read = read_params(RssParams, params, adapter=self.name)
        return _search_url(base_url, "rss", {"ln": "en", "p": read.query, "rg": str(read.rows)})

    async def prepare(self, tracker: Any) -> dict[str, Document]:
        """The stored documents, so that what editors recorded is kept."""
        return await stored_documents(tracker)

    def parse(self, body: BinaryIO, context: ParseContext) -> Harvest:
        """Read an RSS (or Atom) feed; raises :class:`ParseError` for a body that is not a feed."""
        feed = feedparser.parse(
            io.BytesIO(body.read()), response_headers={"content-type": context.content_type or "application/rss+xml"}
        )
        if not feed.entries and (feed.get("bozo") or not feed.get("version")):
            reason = feed.get("bozo_exception") or "no RSS or Atom feed in the body"
            raise ParseError(f"not a readable feed: {reason}")
        documents = _Documents(context.known)
        for position, entry in enumerate(feed.entries, start=1):
            link = entry.get("link") or entry.get("id") or ""
            recid = _RECID.search(link)
            label = f"item {recid[1]}" if recid else f"item #{position}"
            documents.add(self._document(entry, recid[1] if recid else None), label)
        return documents.harvest()

    @staticmethod
    def _document(entry: Any, recid: str | None) -> DocumentRecord | str:
        title = (entry.get("title") or "").replace("\x00", "").strip() or None
        named = [
            s
            for s in symbols.find_symbols(f"{title or ''} {entry.get('description') or ''}")
            if symbols.parse(s).form is not Form.UNKNOWN
        ]
        if not named:
            return "no document symbol of a body the tracker follows in its title or description"
        found = [document_of(s, title=title) for s in named]
        document = next((d for d in found if isinstance(d, DocumentRecord)), None)
        if document is None:
            return f"{named[0]}: {found[0]}"
        published_on = _pub_date(entry)
        return msgspec.structs.replace(
            document,
            published_on=published_on,
            library_ids={"undl": recid} if recid else {},
            notes="published_on is the date the UN Digital Library listed the record (RSS pubDate)." if published_on else None,
        )
