"""A UN document at hand, read into records: which reader its symbol and file call for, and what it gave.

This is what ``tracker import-document FILE`` runs: :func:`read_document` is a pure function of
the file's bytes and the symbol, so the same file always gives the same records;
:func:`with_stored` completes them with what the tracker holds of the same recommendations, and
loading them is the caller's business.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from msgspec import Struct, structs

from scrapers.documents.upr_addendum import read_upr_addendum
from scrapers.documents.upr_matrix import read_upr_matrix
from scrapers.documents.upr_report import read_upr_report
from scrapers.harvest import ParseError
from scrapers.texts import DocumentText, read_text
from tracker.domain import symbols
from tracker.domain.enums import Body, DocumentKind, UprResponse, Verification
from tracker.domain.symbols import Form
from tracker.errors import InvalidInput, NotFound
from tracker.library import item_filter
from tracker.records import DocumentRecord, RecommendationRecord, Record, SourceRef

#: The date a UN document was distributed, on its first page: "Distr.: General 4 March 2015".
_DISTRIBUTED = re.compile(r"Distr\.\s*:?\s*\w+\s+(\d{1,2} [A-Z][a-z]+ \d{4})")
#: How far into a document its own symbol is looked for.
_HEAD = 40


class DocumentReading(Struct, frozen=True, kw_only=True):
    """What one document gave: its symbol, the kind of reading, the records, and what could not be placed."""

    symbol: str
    reader: str
    records: list[Record]
    unplaced: list[str] = []
    #: The Working Group report whose recommendations the records are (the symbol itself, but
    #: for an addendum or a matrix).
    report: str = ""
    #: An addendum's response to each recommendation, by number: they complete the stored items.
    responses: dict[str, UprResponse] = {}

    def counts(self) -> dict[str, int]:
        """Records by type: ``{"document": 1, "recommendation": 163}``."""
        counted: dict[str, int] = {}
        for record in self.records:
            tag = type(record).__struct_config__.tag
            counted[str(tag)] = counted.get(str(tag), 0) + 1
        return counted


def symbol_in(text: DocumentText) -> str | None:
    """The document symbol a document prints near its start, if it prints one the symbol grammar reads."""
    for paragraph in text.paragraphs[:_HEAD]:
        for found in symbols.find_symbols(paragraph):
            if symbols.parse(found).form is not Form.UNKNOWN:
                return found
    return None


def _is_upr_report(symbol: str) -> bool:
    """A UPR Working Group report is a report to the Council: ``A/HRC/28/15``."""
    read = symbols.parse(symbol)
    return read.form is Form.COUNCIL_REPORT and read.text.startswith("A/HRC/")


def _is_upr_addendum(symbol: str) -> bool:
    """The addendum of a UPR Working Group report: ``A/HRC/28/15/Add.1``."""
    read = symbols.parse(symbol)
    return read.form is Form.COUNCIL_REPORT_ADDENDUM and read.addendum == 1 and read.text.startswith("A/HRC/")


def read_document(body: bytes, *, symbol: str | None = None, language: str = "en") -> DocumentReading:
    """The records one document file gives, chosen by its symbol (given, or read from the document).

    Raises :class:`~scrapers.harvest.ParseError` with a one-line reason for a file that cannot be
    read, a document of a kind no reader knows yet, or a language not read yet.
    """
    if language != "en":
        raise ParseError(f"only English versions are read so far, not {language!r}")
    text = read_text(body)
    if _is_matrix(text):
        report = (symbol or "").strip() or _report_of_matrix(text)
        if not report or not _is_upr_report(report):
            raise ParseError("an OHCHR matrix names its Working Group report only in its rows; give it with --symbol A/HRC/<session>/<n>")
        return _upr_matrix(text, symbols.normalize(report))
    chosen = (symbol or "").strip() or symbol_in(text)
    if not chosen:
        raise ParseError("the document prints no symbol that can be read; give it with --symbol")
    if _is_upr_report(chosen):
        return _upr_report(text, symbols.normalize(chosen))
    if _is_upr_addendum(chosen):
        return _upr_addendum(text, symbols.normalize(chosen))
    raise ParseError(f"no reader yet for {chosen}: UPR Working Group reports (A/HRC/<session>/<n>), their addenda (…/Add.1)"
                     " and OHCHR matrices are read so far")


def _is_matrix(text: DocumentText) -> bool:
    """An OHCHR "thematic list of recommendations": a Word table with ``Theme:`` heading rows."""
    return any(row and row[0].strip().lower().startswith("theme") for table in text.tables for row in table[:5])


def _report_of_matrix(text: DocumentText) -> str | None:
    for table in text.tables:
        for row in table:
            for cell in row:
                for found in symbols.find_symbols(cell):
                    if _is_upr_report(found) or _is_upr_addendum(found):
                        return symbols.parse(found).parent or found
    return None


def distributed_on(text: DocumentText) -> dt.date | None:
    """The date on the document's first page ("Distr.: General 4 March 2015"), if it prints one."""
    # "Distr.: General" and its date often stand on lines of their own.
    if found := _DISTRIBUTED.search(" ".join(text.paragraphs[:_HEAD])):
        try:
            return dt.datetime.strptime(found.group(1), "%d %B %Y").date()
        except ValueError:
            return None
    return None


def _upr_addendum(text: DocumentText, symbol: str) -> DocumentReading:
    report = symbols.parse(symbol).parent or symbol
    addendum = read_upr_addendum(text, symbol=symbol, report=report, date=distributed_on(text))
    return DocumentReading(symbol=symbol, reader="upr-addendum", records=list(addendum.claims), unplaced=addendum.unplaced,
                           report=report, responses=dict(addendum.responses))


def _upr_matrix(text: DocumentText, report: str) -> DocumentReading:
    matrix = read_upr_matrix(text, report=report)
    told = [SourceRef(url="https://www.ohchr.org/en/hr-bodies/upr/upr-main", title=f"OHCHR thematic list of recommendations ({report})",
                      publisher="OHCHR")]
    recommendations = [structs.replace(r, sources=told, verification=Verification.VERIFIED) for r in matrix.recommendations]
    return DocumentReading(symbol=report, reader="upr-matrix", records=list(recommendations), unplaced=matrix.unplaced,
                           report=report)


async def with_stored(tracker: Any, reading: DocumentReading) -> DocumentReading:
    """The records completed by what the tracker holds of the same recommendations.

    A recommendation keeps the sources it has and gains the new one, so that importing the
    report, its addendum and its matrix in any order, again and again, changes nothing the
    second time. The Working Group report is the UN's own text: where it was imported, its
    wording stays; a matrix adds its position, themes and affected persons, an addendum the
    State's response. Raises :class:`~tracker.errors.InvalidInput` for an addendum or a matrix
    whose report is not in the tracker.
    """
    try:
        await tracker.documents.get(reading.report)
    except NotFound:
        if reading.reader != "upr-report":
            raise InvalidInput(f"{reading.symbol} answers or lists the recommendations of {reading.report}, which is not in "
                               "the tracker: import that Working Group report first") from None
        return reading
    stored = {item.paragraph: item async for item in tracker.items.each(item_filter(document=reading.report))}
    told = _told_by(reading.symbol, "the State's responses to the recommendations")
    merged: list[Record] = []
    for number, response in reading.responses.items():
        held = stored.get(number)
        if held is not None:
            merged.append(RecommendationRecord(
                document=reading.report, paragraph=number, text=held.text, response=response,
                sources=[*held.sources, *(s for s in told if s not in held.sources)], verification=held.verification,
            ))
    unplaced = [*reading.unplaced, *(f"{n}: no such recommendation of {reading.report} in the tracker"
                                     for n in reading.responses if n not in stored)]
    for record in reading.records:
        held = stored.get(getattr(record, "paragraph", None))
        if isinstance(record, RecommendationRecord) and held is not None:
            sources = [*held.sources, *(s for s in record.sources if s not in held.sources)]
            text = held.text if reading.reader == "upr-matrix" else record.text
            record = structs.replace(record, text=text, sources=sources)
        merged.append(record)
    return structs.replace(reading, records=merged, unplaced=unplaced)


def _told_by(symbol: str, what: str) -> list[SourceRef]:
    return [SourceRef(url=f"https://undocs.org/{symbol}", title=f"{symbol} — {what}")]


def _upr_report(text: DocumentText, symbol: str) -> DocumentReading:
    report = read_upr_report(text, symbol=symbol)
    if report.state is None:
        raise ParseError(f"{symbol}: the State under review cannot be read from the report's title")
    told = _told_by(symbol, "report of the Working Group on the Universal Periodic Review")
    # Read from the UN's own document: verified by its source.
    document = DocumentRecord(
        symbol=symbol, body=Body.UPR, state=report.state, kind=DocumentKind.UPR_OUTCOME,
        title="Report of the Working Group on the Universal Periodic Review", sources=told, published_on=distributed_on(text),
        verification=Verification.VERIFIED,
    )
    recommendations = [structs.replace(r, sources=told, verification=Verification.VERIFIED) for r in report.recommendations]
    return DocumentReading(symbol=symbol, reader="upr-report", records=[document, *recommendations], unplaced=report.unplaced,
                           report=symbol)
