"""OHCHR Treaty Body Database listing pages: the documents of a treaty body, by type and country.

``TBSearch.aspx`` answers with a Telerik RadGrid (docs/sources.md §3, known from third-party code,
not from a page we saw): one ``tr.rgRow``/``tr.rgAltRow`` per document, with the title, the
country, the symbol(s) linked to ``Download.aspx?symbolno=…`` and the date (``12 Dec 2014``).
Cells are found by the header labels, the Download link and the date pattern before their
usual positions, so an extra or missing column does not shift what is read.

Each symbol becomes a document. A State's follow-up reply (``…/FCO/n``, ``…/CO/n/Add.1``) also
becomes a ``follow_up_reply_submitted`` action linked to the follow-up items of the
concluding observations it answers, unless the tracker already records that reply.

The tracker's loader replaces a stored record whole, so a document the tracker already holds
is given back as stored, with only its gaps filled from the listing (title, date, English
version): a listing never erases a deadline or a review that an editor recorded.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, BinaryIO
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import lxml.etree
import lxml.html
from msgspec import Meta, Struct, structs

from tracker import every, item_filter
from tracker.domain import symbols
from tracker.domain.entities import Action, Document, ItemLink, LanguageVersion, SourceRef
from tracker.domain.enums import ActionKind, Body, DocumentKind, Effect, Verification
from tracker.domain.ids import slug
from tracker.domain.symbols import Form, Symbol
from tracker.records import ActionRecord, DocumentRecord
from tracker_scrapers.harvest import Harvest, Params, ParseContext, ParseError, StateCode, read_params
from tracker_scrapers.states import state_code, state_name

#: ``TreatyID`` of the search page (docs/sources.md §3, C2: CCPR 8 and CESCR 9 corroborated several times).
TREATY_IDS = {"CAT": 1, "CED": 2, "CEDAW": 3, "CRPD": 4, "CRC": 5, "CERD": 6, "CMW": 7, "CCPR": 8, "CESCR": 9}
DOWNLOAD = "https://tbinternet.ohchr.org/_layouts/15/treatybodyexternal/Download.aspx"
#: A reply already recorded for the same concluding observations within this many days of the
#: listed date is the same reply: the listing gives the document's date, not the day it was sent.
SAME_REPLY_DAYS = 180

_TREATY_BODIES = [body for body in Body if body not in (Body.UPR, Body.SP)]
_LETTER = re.compile(r"\bletter\b", re.IGNORECASE)
_FROM_COMMITTEE = re.compile(r"follow[- ]?up|rapporteur", re.IGNORECASE)
_FROM_STATE = re.compile(r"information received|permanent mission|note verbale|reply of|replies of", re.IGNORECASE)
_COUNTER = re.compile(r"(\d[\d,]*)\s+items?\s+in\s+\d+\s+pages?", re.IGNORECASE)
_DATE_FORMATS = ("%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%d-%b-%Y")
_ROWS = (
    "//tr[contains(concat(' ', normalize-space(@class), ' '), ' rgRow ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' rgAltRow ')]"
)


class Known(Struct, frozen=True, kw_only=True):
    """What a listing's parse needs from the tracker (read by :meth:`TreatyBodyListing.prepare`)."""

    #: Stored treaty-body documents by ID (the slug of the symbol, so that ``Add.1`` finds ``ADD.1``):
    #: a listing fills their gaps, never overwrites them.
    documents: Mapping[str, Document] = {}
    #: IDs of the follow-up items of each document (concluding observations), by its symbol.
    follow_up_items: Mapping[str, tuple[str, ...]] = {}
    #: Follow-up replies already recorded as actions, so that a listed reply is not recorded twice.
    replies: tuple[Action, ...] = ()


class _Row(Struct, frozen=True, kw_only=True):
    symbols: list[str]
    title: str | None
    country: str | None
    date: dt.date | None


#: A treaty body as the search form knows it: its code, or the form's numeric TreatyID.
Treaty = Annotated[
    str,
    Meta(
        pattern=rf"^({'|'.join(TREATY_IDS)}|\d+)$",
        extra={"must": f"one of {', '.join(TREATY_IDS)} or the numeric TreatyID of the search form", "capitals": True},
    ),
]

#: A numeric id of the search form.
FormId = Annotated[int, Meta(ge=0)]


class ListingParams(Params, frozen=True, kw_only=True):
    """The parameters of a ``tb-listing`` source."""

    body: Annotated[Treaty | None, Meta(description="The treaty body whose documents to list (the search form's treaty).")] = None
    doc_type: Annotated[FormId | None, Meta(description="The numeric document type id of the search form (DocTypeID).")] = None
    country_id: Annotated[FormId | None, Meta(description="The numeric country id of the search form (CountryID).")] = None
    state: Annotated[StateCode | None, Meta(description="Keep only the rows of this State.")] = None


class TreatyBodyListing:
    """The OHCHR Treaty Body Database search results (``TBSearch.aspx``) for a treaty, type and country.

    Parameters (:class:`ListingParams`): ``body`` (``CAT`` or the numeric TreatyID), ``doc_type``
    and ``country_id`` (numeric ids of the search form, optional), and ``state`` (ISO3: rows of
    other States are left out).
    """

    name = "tb-listing"
    Params = ListingParams

    def url(self, base_url: str, params: Mapping[str, str]) -> str:
        """``{base}/TBSearch.aspx?Lang=en&TreatyID=…&DocTypeID=…&CountryID=…``, or the base as is if it has a query."""
        if urlsplit(base_url).query:
            return base_url
        read = read_params(ListingParams, params, adapter=self.name)
        query: dict[str, str | int] = {"Lang": "en"}
        if read.body:
            query["TreatyID"] = _treaty_id(read.body)
        for value, field in ((read.doc_type, "DocTypeID"), (read.country_id, "CountryID")):
            if value is not None:
                query[field] = value
        return f"{base_url.rstrip('/')}/TBSearch.aspx?{urlencode(query)}"

    async def prepare(self, tracker: Any) -> Known:
        """The stored treaty-body documents, the follow-up items of each, and the recorded follow-up replies."""
        documents = {document.id: document async for document in every(tracker.documents.list, body=_TREATY_BODIES)}
        follow_up: dict[str, list[str]] = {}
        async for item in tracker.items.each(item_filter(follow_up=True, kind="recommendation")):
            if item.document is not None:
                follow_up.setdefault(item.document, []).append(item.id)
        replies = [reply async for reply in every(tracker.actions.list, kind=ActionKind.FOLLOW_UP_REPLY_SUBMITTED.value)]
        return Known(
            documents=documents,
            follow_up_items={symbol: tuple(ids) for symbol, ids in follow_up.items()},
            replies=tuple(replies),
        )

    def parse(self, body: BinaryIO, context: ParseContext) -> Harvest:
        """Documents (and follow-up replies as actions) of one listing page."""
        page = _read_page(body.read())
        known = context.known if isinstance(context.known, Known) else Known()
        read = read_params(ListingParams, context.params, adapter=self.name)
        wanted_state = read.state
        treaty_body = _body_of_treaty(read.body)
        harvest = Harvest(total=_total(page))
        seen: set[str] = set()
        columns = _columns(page)
        for number, tr in enumerate(page.xpath(_ROWS), start=1):
            row = _read_row(tr, columns)
            if not row.symbols:
                harvest.skipped.append(f"row {number} ({row.title or 'no title'}): no document symbol")
                continue
            for symbol in row.symbols:
                if slug(symbol) in seen:
                    continue
                seen.add(slug(symbol))
                found = _classify(symbol, row.title, treaty_body)
                if found is None:
                    harvest.skipped.append(f"{symbol}: neither the symbol nor the source names the treaty body")
                    continue
                state = found.state or state_code(row.country or "")
                if wanted_state and state and state != wanted_state:
                    continue
                document = _document(symbol, found, state, row, known)
                harvest.records.append(document)
                if found.kind is DocumentKind.FOLLOW_UP_REPLY:
                    _record_reply(harvest, document, found, known)
        return harvest


def _treaty_id(treaty: str) -> int | str:
    if treaty.isdigit():
        return treaty
    try:
        return TREATY_IDS[treaty.upper()]
    except KeyError:
        raise ValueError(f"unknown treaty {treaty!r}: one of {', '.join(TREATY_IDS)} or a numeric TreatyID") from None


def _body_of_treaty(treaty: str | None) -> Body | None:
    if not treaty:
        return None
    if treaty.isdigit():
        return next((Body(name) for name, number in TREATY_IDS.items() if str(number) == treaty), None)
    return Body.__members__.get(treaty.upper())


def _read_page(data: bytes) -> lxml.html.HtmlElement:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ParseError("the body is UTF-16; a Treaty Body Database listing is UTF-8 HTML")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(f"the body is not UTF-8 (byte {exc.start}); a listing is UTF-8 HTML") from None
    if not text.strip():
        raise ParseError("the body is empty")
    if "<html" not in text[:5000].lower():
        raise ParseError("not an HTML page")
    if "</html>" not in text[-2000:].lower():
        raise ParseError("the page is truncated: it does not end with </html>")
    try:
        page = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ParseError(f"not HTML: {exc}") from None
    grid = page.xpath("//*[contains(@id, 'radResultsGrid') or contains(@class, 'rgMasterTable')]")
    if not grid:
        title = " ".join((page.findtext(".//title") or "").split())
        raise ParseError(f"not a Treaty Body Database listing (no result grid){f': {title!r}' if title else ''}")
    return page


def _total(page: lxml.html.HtmlElement) -> int | None:
    match = _COUNTER.search(" ".join(page.xpath("//*[contains(@class, 'rgInfoPart') or contains(@class, 'rgPager')]//text()")))
    return int(match[1].replace(",", "")) if match else None


def _text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def _columns(page: lxml.html.HtmlElement) -> dict[str, int]:
    """Column positions by their header labels (C3: "Title", "Country", "Symbol", "Date" are expected)."""
    headers = [_text(th).lower() for th in page.xpath("(//table[contains(@class, 'rgMasterTable')]//tr[th])[last()]/th")]
    found: dict[str, int] = {}
    for field in ("title", "country", "symbol", "date"):
        found[field] = next((i for i, label in enumerate(headers) if field in label), -1)
    return found


def _read_row(tr: lxml.html.HtmlElement, columns: Mapping[str, int]) -> _Row:
    cells = tr.xpath("./td")
    texts = [_text(cell) for cell in cells]

    def at(field: str, usual: int) -> int | None:
        index = columns.get(field, -1)
        index = index if index >= 0 else usual
        return index if index < len(cells) else None

    linked = [_symbol_of_link(href) for href in tr.xpath(".//a/@href") if "download.aspx" in href.lower()]
    symbol_cell = next((i for i, text in enumerate(texts) if any(s and s in text for s in linked)), at("symbol", 4))
    written = symbols.find_symbols(texts[symbol_cell]) if symbol_cell is not None else []
    found = list(dict.fromkeys(s for s in [*linked, *written] if s and re.search(r"[A-Za-z0-9]", s)))

    date_cell = at("date", 5)
    date = _date(texts[date_cell]) if date_cell is not None else None
    if date is None:
        date = next((d for d in map(_date, texts) if d is not None), None)
    title_cell, country_cell = at("title", 0), at("country", 3)
    title = texts[title_cell] if title_cell is not None and title_cell != symbol_cell else None
    country = texts[country_cell] if country_cell is not None else None
    if not (country and state_code(country)):
        country = next((text for text in texts if state_code(text)), country)
    return _Row(symbols=found, title=title or None, country=country or None, date=date)


def _symbol_of_link(href: str) -> str | None:
    query = parse_qs(urlsplit(href).query)
    values = next((v for k, v in query.items() if k.lower() == "symbolno"), [])
    return symbols.normalize(values[0]) if values and values[0].strip() else None


def _date(text: str) -> dt.date | None:
    for form in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), form).date()
        except ValueError:
            continue
    return None


def _classify(symbol: str, title: str | None, treaty_body: Body | None) -> Symbol | None:
    """What the symbol says; the listing's treaty body stands in for a symbol the grammar does not
    read, and a title that says it is the Committee's follow-up letter makes it one."""
    found = symbols.parse(symbol)
    if found.body is None and treaty_body is not None:
        found = structs.replace(found, form=Form.OTHER, body=treaty_body, kind=DocumentKind.OTHER)
    if found.body is None:
        return None
    if (
        found.kind is DocumentKind.OTHER
        and title
        and _LETTER.search(title)
        and _FROM_COMMITTEE.search(title)
        and not _FROM_STATE.search(title)
    ):
        return structs.replace(found, form=Form.FOLLOW_UP_LETTER, kind=DocumentKind.FOLLOW_UP_LETTER)
    return found


def download_url(symbol: str) -> str:
    """The Treaty Body Database page of a document: every language and format of it."""
    return f"{DOWNLOAD}?symbolno={quote(symbol, safe='')}&Lang=en"


def _document(symbol: str, found: Symbol, state: str | None, row: _Row, known: Known) -> DocumentRecord:
    english = LanguageVersion(language="en", url=download_url(symbol))
    stored = known.documents.get(slug(symbol))
    if stored is not None:
        fields = structs.asdict(stored)
        del fields["id"]
        return DocumentRecord(
            **{
                **fields,
                "title": stored.title or row.title,
                "published_on": stored.published_on or row.date,
                "languages": stored.languages
                if any(v.language == "en" for v in stored.languages)
                else [*stored.languages, english],
            }
        )
    answered = known.documents.get(slug(found.answers)) if found.answers else None
    return DocumentRecord(
        symbol=symbol,
        body=found.body,
        state=state,
        kind=found.kind,
        title=row.title,
        published_on=row.date,
        review=answered.review if answered is not None and answered.state == state else None,
        languages=[english],
        sources=[SourceRef(url=english.url, publisher="OHCHR", title=row.title, date=row.date)],
        notes="From the OHCHR Treaty Body Database listing; the date is the document's date as listed.",
    )


def _record_reply(harvest: Harvest, reply: DocumentRecord, found: Symbol, known: Known) -> None:
    """The State's follow-up reply as an action on the follow-up items of what it answers."""
    answered = known.documents.get(slug(found.answers)) if found.answers else None
    if answered is None:
        harvest.skipped.append(
            f"{reply.symbol}: what it answers ({found.answers or 'not in its symbol'}) is not in the tracker; recorded the document only"
        )
        return
    date = reply.published_on
    if reply.state is None or date is None:
        harvest.skipped.append(f"{reply.symbol}: no {'State' if reply.state is None else 'date'}; recorded the document only")
        return
    items = known.follow_up_items.get(answered.symbol, ())
    if _already_recorded(known.replies, reply.state, reply.symbol, answered.symbol, items, date):
        return
    name = state_name(reply.state)
    harvest.records.append(
        ActionRecord(
            state=reply.state,
            kind=ActionKind.FOLLOW_UP_REPLY_SUBMITTED,
            date=date,
            title=f"{name} submits follow-up information on {answered.symbol} ({reply.symbol})",
            actor=f"Government of {name}",
            sources=[SourceRef(url=download_url(reply.symbol), publisher="OHCHR", title=reply.title, date=date)],
            links=[ItemLink(item=item, effect=Effect.NO_EFFECT, note="State reply; content not assessed here") for item in items],
            addressed_to=found.body,
            # The State's own document, as the body publishes it: verified by its source.
            verification=Verification.VERIFIED,
            recorded_by="scraper: tb-listing",
            verified_by=f"source: {download_url(reply.symbol)}",
            notes="Dated as the Treaty Body Database lists the document; the State may have sent it earlier.",
        )
    )


def _names(title: str, symbol: str) -> bool:
    return re.search(re.escape(symbol) + r"(?!\d)", title) is not None


def _already_recorded(
    replies: Iterable[Action], state: str, symbol: str, answered: str, items: Iterable[str], date: dt.date
) -> bool:
    """A recorded reply names this document, or answers the same text at about the same date."""
    items = set(items)
    for action in replies:
        if action.state != state:
            continue
        if _names(action.title, symbol):
            return True
        same_text = _names(action.title, answered) or bool(items & {link.item for link in action.links})
        if same_text and abs((action.date - date).days) <= SAME_REPLY_DAYS:
            return True
    return False


# State names. Listings give the country in English; UPR Info gives States by name too.

#: Names the sources may use besides the ones the tracker bundles: former and short names.
