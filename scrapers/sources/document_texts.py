"""Document texts: what the discovery sources found, fetched by symbol and language, read and loaded.

The UN Digital Library and the Treaty Body Database say that a document exists (symbol, kind,
State, language versions); what the tracker follows is in its text. A ``document-texts``
source, one per State, takes the State's documents of the kinds the tracker reads (UPR Working
Group reports and their addenda, concluding observations, follow-up replies and letters) and
fetches each one's English text, then its Russian one, from the first place that has it:

1. UN ODS by symbol, ``<ods>/api/symbol/access?s=<SYMBOL>&l=<en|ru>&t=pdf`` (the source's URL);
2. the document's own file links for that language, as the library sources keep them
   (``…/record/<id>/files/<SYMBOL>-<LANG>.pdf``; the ``library`` parameter points them at a mirror);
3. the Treaty Body Database page of the document (``<tbdb>/Download.aspx?symbolno=…``), whose
   file in that language it follows.

Each file is read by :func:`tracker_scrapers.documents.reading.read_document`, completed by
:func:`~tracker_scrapers.documents.reading.with_stored` and loaded in the run's one transaction, under
what is stored: a value the tracker holds (an editor's correction) stays, a reading only fills
the gaps. A fault (a file found nowhere, a PDF without text, a kind or a language no reader
knows yet, a record the loader refuses) stops that version alone; the others load. Each
version's file, reader, counts, unplaced lines or fault are kept (:func:`texts_read`), so the
next run fetches conditionally and reads again only a file that changed, a version that failed
to load, or one whose reading failed under older reading code.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import logging
import re
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple
from urllib.parse import quote, urljoin, urlsplit

import lxml.html
from msgspec import Meta, structs
from sqlalchemy.ext.asyncio import AsyncSession

import tracker
import tracker_scrapers.documents
import tracker_scrapers.texts
from tracker import Actions, Decisions, Documents, Items, LoadReport, States, every, item_filter
from tracker.domain.entities import Document, FetchRun, Item, Source
from tracker.domain.enums import Body, DocumentKind, Verification
from tracker.errors import NotFound, TrackerError
from tracker.ingest import TextRead, load_records, reader_of, remember_texts, utcnow
from tracker.ingest import texts_read as _texts_read
from tracker.records import DocumentRecord, RecommendationRecord, Record
from tracker_scrapers.documents.reading import DocumentReading, read_document, with_stored
from tracker_scrapers.harvest import Params, ParseError, StateCode, Text, read_params
from tracker_scrapers.http import Fetched, Fetcher, FetchError
from tracker_scrapers.runner import Loaded, merge_reports

log = logging.getLogger("tracker_scrapers.document_texts")

#: Kinds of document whose texts are fetched: a reader exists, or is being written, for each.
READ_KINDS = frozenset(
    {
        DocumentKind.UPR_OUTCOME,
        DocumentKind.CONCLUDING_OBSERVATIONS,
        DocumentKind.FOLLOW_UP_REPLY,
        DocumentKind.FOLLOW_UP_LETTER,
    }
)
#: The State's views on the recommendations of a UPR Working Group report (kind ``other`` in the library).
_UPR_ADDENDUM = re.compile(r"A/HRC/\d{1,3}/\d{1,4}/Add\.\d+")
TBDB = "https://tbinternet.ohchr.org/_layouts/15/treatybodyexternal"
#: Languages by the names the Treaty Body Database gives their files ("Russian pdf").
LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "fr": "French", "es": "Spanish", "ar": "Arabic", "zh": "Chinese"}
#: Formats on a Treaty Body Database page, the best first.
_FORMATS = ("pdf", "docx", "doc", "html")
#: How many lines a reader could not place are kept with its reading.
KEPT_UNPLACED = 20


def is_read(document: Document) -> bool:
    """Whether the chain fetches this document's texts: a kind the tracker reads, or a UPR addendum."""
    return document.kind in READ_KINDS or (document.body is Body.UPR and _UPR_ADDENDUM.fullmatch(document.symbol) is not None)


def text_locations(document: Document, language: str, *, ods: str, library: str | None = None, tbdb: str = TBDB) -> list[str]:
    """Where to fetch a document's text in one language, the first place first: ODS by symbol, the
    document's own file links (on the ``library`` mirror if one is given), the Treaty Body Database page."""
    places = [f"{ods.rstrip('/')}/api/symbol/access?s={quote(document.symbol, safe='/')}&l={language}&t=pdf"]
    for version in document.languages:
        if version.language == language and not _is_tbdb_page(version.url):
            places.append(_on_mirror(version.url, library) if library else version.url)
    places.append(f"{tbdb.rstrip('/')}/Download.aspx?symbolno={quote(document.symbol, safe='')}&Lang=en")
    return list(dict.fromkeys(places))


def _on_mirror(url: str, base: str) -> str:
    parts = urlsplit(url)
    if not parts.path.startswith("/record/"):
        return url
    return f"{base.rstrip('/')}{parts.path}" + (f"?{parts.query}" if parts.query else "")


def _is_tbdb_page(url: str) -> bool:
    return urlsplit(url).path.lower().endswith("/download.aspx")


@functools.cache
def readers_version() -> str:
    """The version of the reading code: tracker's, and a digest of the readers' sources. A version
    whose reading failed is read again once it changes (a reader for its kind may have come)."""
    digest = hashlib.sha256()
    for path in [*sorted(Path(tracker_scrapers.documents.__file__).parent.glob("*.py")), Path(tracker_scrapers.texts.__file__)]:
        digest.update(path.read_bytes())
    return f"{tracker.__version__}+{digest.hexdigest()[:12]}"


class _Settings(NamedTuple):
    state: str
    languages: list[str]
    ods: str
    library: str | None
    tbdb: str


class TextsParams(Params, frozen=True, kw_only=True):
    """The parameters of a ``document-texts`` source."""

    state: Annotated[StateCode, Meta(description="The State whose documents' texts to read.")]
    languages: Annotated[
        tuple[Literal["en", "ru", "fr", "es", "ar", "zh"], ...],
        Meta(min_length=1, description="The language versions to read (English is always read first)."),
    ] = ("en", "ru")
    library: Annotated[Text | None, Meta(description="A mirror of the UN Digital Library to fetch files from.")] = None
    tbdb: Annotated[Text, Meta(description="The Treaty Body Database's address.")] = TBDB


def _settings(base_url: str, params: Mapping[str, str]) -> _Settings:
    read = read_params(TextsParams, params, adapter=DocumentTexts.name)
    # The other versions align on the English one by paragraph number: English is read first.
    languages = sorted(dict.fromkeys(read.languages), key=lambda code: code != "en")
    return _Settings(read.state, languages, base_url, read.library, read.tbdb)


@dataclass
class Version:
    """One language version of one document in a run: where it came from, and what reading and loading it gave."""

    document: Document
    language: str
    held: TextRead | None = None
    url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    snapshot: str | None = None
    #: Bytes fetched anew (0 for an answer "not modified").
    size: int = 0
    reading: DocumentReading | None = None
    fault: str | None = None
    error: str | None = None

    @property
    def read(self) -> bool:
        """Read, in this run or (the same file) before."""
        if self.reading is not None:
            return self.fault is None
        return self.fault is None and self.held is not None and self.held.fault is None

    @property
    def new(self) -> bool:
        """Something new happened to it in this run: read, or a fault other than the one before."""
        if self.reading is not None:
            return True
        return self.fault is not None and (self.held is None or (self.held.fault, self.held.error) != (self.fault, self.error))

    def described(self) -> str:
        return f"{self.document.symbol} ({self.language}): {self.fault}: {self.error}"


@dataclass
class Gathered:
    """What a run fetched and read, before anything is loaded."""

    source: str
    versions: list[Version] = field(default_factory=list)

    @property
    def bytes(self) -> int:
        return sum(v.size for v in self.versions)


class DocumentTexts:
    """The texts of a State's documents: parameters ``state`` (required), ``languages`` (``en,ru`` by
    default), ``library`` (a mirror of the UN Digital Library's files) and ``tbdb`` (the Treaty Body
    Database's base); the source's URL is UN ODS's."""

    name = "document-texts"
    Params = TextsParams

    def url(self, base_url: str, params: Mapping[str, str]) -> str:
        """ODS's address, once the parameters are checked; the run fetches one file per document and language."""
        _settings(base_url, params)
        return base_url

    async def gather(self, opened: tracker.Tracker, fetcher: Fetcher, source: Source) -> Gathered:
        """Fetch and read the State's documents, English first: nothing is written yet."""
        settings = _settings(source.url, source.params)
        async with opened.reader() as reader:
            held = {(t.document, t.language): t for t in await _texts_read(reader, state=settings.state)}
        gathered = Gathered(source=source.name)
        for document in sorted(await _documents_of(opened, settings.state), key=lambda d: d.symbol):
            english: Version | None = None
            for language in settings.languages:
                if language != "en":
                    english_read = english.read if english is not None else _held_read(held.get((document.symbol, "en")))
                    if not english_read:
                        break
                version = await self._version(fetcher, document, language, held.get((document.symbol, language)), settings)
                gathered.versions.append(version)
                if language == "en":
                    english = version
        return gathered

    async def _version(
        self, fetcher: Fetcher, document: Document, language: str, held: TextRead | None, settings: _Settings
    ) -> Version:
        version = Version(document=document, language=language, held=held)
        places = text_locations(document, language, ods=settings.ods, library=settings.library, tbdb=settings.tbdb)
        if held is not None and held.url:  # where it came from last time is asked first, with its validators
            places = [held.url, *(p for p in places if p != held.url)]
        try:
            place, got = await _first_file(fetcher, places, version)
        except FetchError as exc:
            version.fault, version.error = "fetch", str(exc)
            return version
        if got.status == 304 and held is not None:
            version.url, version.snapshot = place, held.snapshot
            version.etag, version.last_modified = got.etag or held.etag, held.last_modified
        else:
            version.url, version.snapshot = got.url if _is_tbdb_page(place) else place, got.snapshot
            version.etag, version.last_modified = got.etag, got.last_modified
        if held is not None and version.snapshot == held.snapshot and not _again(held):
            return version
        body = fetcher.store.path(version.snapshot or "").read_bytes()
        try:
            version.reading = await asyncio.to_thread(read_document, body, symbol=document.symbol, language=language)
        except ParseError as exc:
            version.fault, version.error = "read", str(exc)
        except Exception as exc:  # a reader's bug must not stop the other documents
            log.exception("%s (%s): unexpected error while reading", document.symbol, language)
            version.fault, version.error = "read", f"unexpected {type(exc).__name__}: {exc}"
        return version

    async def load(self, session: AsyncSession, gathered: Gathered) -> Loaded:
        """Load what was read, in the run's transaction, one document's versions after the other.

        A version the loader refuses is rolled back alone (a savepoint) and tried once more after
        the others, for a document that answers one read later in the same run."""
        stored = InTransaction(session)
        report = LoadReport()
        by_document: dict[str, list[Version]] = {}
        for version in gathered.versions:
            if version.reading is not None:
                by_document.setdefault(version.document.symbol, []).append(version)
        pending = list(by_document.values())
        for last_try in (False, True):
            refused = []
            for versions in pending:
                rest = await _load_versions(session, stored, versions, report)
                if rest:
                    refused.append(rest)
            if not refused or last_try:
                break
            pending = refused
        return Loaded(
            report=report,
            faults=[v.described() for v in gathered.versions if v.fault],
            changed=any(v.new for v in gathered.versions),
        )

    async def remember(self, session: AsyncSession, gathered: Gathered, run: FetchRun) -> None:
        """Keep, per document and language, what this run read or why it could not."""
        now = utcnow()
        reads = []
        for version in gathered.versions:
            held = version.held
            if not version.new or (version.fault == "fetch" and held is not None and held.fault is None):
                if held is not None:  # the same file as before (or none to be had now): only the check is new
                    reads.append(
                        structs.replace(
                            held,
                            checked_at=now,
                            etag=version.etag or held.etag,
                            last_modified=version.last_modified or held.last_modified,
                        )
                    )
                continue
            reading = version.reading
            unplaced = list(reading.unplaced) if reading is not None else []
            reads.append(
                TextRead(
                    document=version.document.symbol,
                    language=version.language,
                    state=version.document.state,
                    source=gathered.source,
                    run=run.id,
                    url=version.url,
                    etag=version.etag,
                    last_modified=version.last_modified,
                    snapshot=version.snapshot,
                    reader=reading.reader if reading is not None else None,
                    readers=readers_version(),
                    read_at=now,
                    checked_at=now,
                    counts=reading.counts() if reading is not None else {},
                    unplaced=len(unplaced),
                    unplaced_lines=unplaced[:KEPT_UNPLACED],
                    fault=version.fault,
                    error=version.error,
                )
            )
        await remember_texts(session, reads)


def _held_read(held: TextRead | None) -> bool:
    return held is not None and held.fault is None


def _again(held: TextRead) -> bool:
    """Whether an unchanged file is read again: its load was refused (what is stored may have
    changed since), or its reading failed under other reading code."""
    return held.fault == "load" or (held.fault == "read" and held.readers != readers_version())


async def _first_file(fetcher: Fetcher, places: list[str], version: Version) -> tuple[str, Fetched]:
    """The file from the first place that has it: the place asked and its answer (``304`` for the
    file read before); counts the bytes fetched. Raises :class:`FetchError` with every place's answer."""
    held, tried = version.held, []
    for place in places:
        known = held is not None and held.url == place and held.snapshot is not None and fetcher.store.has(held.snapshot)
        try:
            got = await fetcher.get(
                place, etag=held.etag if known and held else None, last_modified=held.last_modified if known and held else None
            )
            version.size += got.size
            if got.status != 304 and _is_tbdb_page(place):
                page, got = got, await _file_on_page(fetcher, got, version.language)
                version.size += got.size if got is not page else 0
        except FetchError as exc:
            tried.append(f"{_named(place)}: {exc}")
            continue
        return place, got
    raise FetchError("; ".join(tried) or "no place to fetch it from")


def _named(place: str) -> str:
    host = urlsplit(place).netloc
    return f"{host}{'/Download.aspx' if _is_tbdb_page(place) else ''}"


async def _file_on_page(fetcher: Fetcher, page: Fetched, language: str) -> Fetched:
    """The file in ``language`` that a Treaty Body Database page links to (or the page itself, when it
    is the file): a PDF first, then Word, then HTML."""
    body = fetcher.store.path(page.snapshot).read_bytes()  # type: ignore[arg-type]
    if body.startswith((b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return page
    name = LANGUAGE_NAMES[language]
    links: list[tuple[int, str]] = []
    try:
        root = lxml.html.fromstring(body)
    except (lxml.etree.ParserError, ValueError):
        root = None
    for anchor in root.iter("a") if root is not None else ():
        label = " ".join((anchor.get("title") or anchor.text_content() or "").split()).lower()
        href = anchor.get("href")
        if href and label.startswith(name.lower()) and label.split()[-1] in _FORMATS:
            links.append((_FORMATS.index(label.split()[-1]), urljoin(page.url, href)))
    if not links:
        raise FetchError(f"the page lists no {name} file", status=page.status)
    return await fetcher.get(min(links)[1])


async def _documents_of(opened: tracker.Tracker, state: str) -> list[Document]:
    return [d async for d in every(opened.documents.list, state=state) if is_read(d)]


async def _load_versions(
    session: AsyncSession, stored: InTransaction, versions: list[Version], report: LoadReport
) -> list[Version]:
    """Load a document's versions in order; returns the one refused and those after it (they align on it)."""
    for position, version in enumerate(versions):
        version.fault = version.error = None
        try:
            async with session.begin_nested():
                reading = await with_stored(stored, version.reading)  # type: ignore[arg-type]
                records = await keep_stored(stored, reading.records)
                merge_reports(report, await load_records(session, records, fill_only=True))
        except TrackerError as exc:
            version.fault, version.error = "load", str(exc)
            for later in versions[position + 1 :]:
                later.fault, later.error = "load", f"not loaded: the {version.language} version was refused"
            return versions[position:]
        version.reading = reading
    return []


class InTransaction:
    """The tracker as the run's transaction sees it, for :func:`with_stored` and :func:`keep_stored`: what
    the run loaded before (a report, before its addendum) counts. It reads only."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self.items = Items(self)  # type: ignore[arg-type]
        self.documents = Documents(self)  # type: ignore[arg-type]
        self.decisions = Decisions(self)  # type: ignore[arg-type]
        self.actions = Actions(self)  # type: ignore[arg-type]
        self.states = States(self)  # type: ignore[arg-type]

    @asynccontextmanager
    async def reader(self) -> AsyncIterator[Any]:
        yield await reader_of(self._session)

    async def read(self, query: Any, *args: Any, **kwargs: Any) -> Any:
        """``query`` run inside the run's transaction, as :meth:`tracker.Tracker.read` runs it outside."""
        async with self.reader() as reader:
            return await query(reader, *args, **kwargs)

    look_up = read


#: Fields that name a record (or that the tracker derives), never taken from what is stored.
_NOT_KEPT = frozenset({"id", "url", "symbol", "document", "paragraph", "due_date", "due_date_basis"})
#: What a recommendation read from the UN's document vouches for: kept values that differ leave it unverified.
_VOUCHED_FOR = frozenset({"text", "response", "recommending_states"})


async def keep_stored(opened: Any, records: Sequence[Record]) -> list[Record]:
    """The records, with every value the tracker already holds kept over what a document says.

    The texts fill gaps: a stored text, response, deadline or title (read before, or corrected
    by an editor) stays; lists of sources and language versions gain what is new; a stored kind
    ``other`` takes the document's own kind. A recommendation keeps ``verified`` only where the
    text, response and recommending States it was read with are the ones kept."""
    documents: dict[str, Document | None] = {}
    items: dict[str, dict[str | None, Item]] = {}
    kept: list[Record] = []
    for record in records:
        stored: Document | Item | None = None
        if isinstance(record, DocumentRecord):
            if record.symbol not in documents:
                documents[record.symbol] = await _stored_document(opened, record.symbol)
            stored = documents[record.symbol]
        elif isinstance(record, RecommendationRecord):
            if record.document not in items:
                items[record.document] = {i.paragraph: i async for i in opened.items.each(item_filter(document=record.document))}
            stored = items[record.document].get(record.paragraph)
        kept.append(_kept(record, stored) if stored is not None else record)
    return kept


async def _stored_document(opened: Any, symbol: str) -> Document | None:
    try:
        return (await opened.documents.get(symbol)).document  # type: ignore[no-any-return]
    except NotFound:
        return None


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {} or value is False or value is DocumentKind.OTHER


def _kept(record: Record, stored: Document | Item) -> Record:
    changes: dict[str, Any] = {}
    overridden = False
    for name in record.__struct_fields__:
        if name in _NOT_KEPT or name == "verification" or not hasattr(stored, name):
            continue
        held, found = getattr(stored, name), getattr(record, name)
        if name in ("sources", "languages"):
            changes[name] = [*held, *(x for x in found if x not in held)]
        elif isinstance(held, dict):
            changes[name] = {**found, **held}
        elif not _empty(held):
            changes[name] = held
            overridden = overridden or (name in _VOUCHED_FOR and not _empty(found) and found != held)
    verified = stored.verification is Verification.VERIFIED or (
        getattr(record, "verification", None) is Verification.VERIFIED and not overridden
    )
    changes["verification"] = Verification.VERIFIED if verified else stored.verification
    return structs.replace(record, **changes)


async def texts_read(opened: tracker.Tracker, *, state: str | None = None, document: str | None = None) -> list[TextRead]:
    """What was read of the documents' texts, per document and language: when, from which snapshot,
    by which reader, with its counts and unplaced lines, or the fault that stopped it."""
    async with opened.reader() as reader:
        return await _texts_read(reader, state=state, document=document)
