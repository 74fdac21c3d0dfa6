"""A UN document at hand, read into records: which reader its symbol and file call for, and what it gave.

This is what ``tracker import-document FILE`` runs: a pure function of the file's bytes and the
symbol, so the same file always gives the same records; loading them is the caller's business.
"""

from __future__ import annotations

import re

from msgspec import Struct, structs

from scrapers.documents.upr_report import read_upr_report
from scrapers.harvest import ParseError
from scrapers.texts import DocumentText, read_text
from tracker.domain.enums import Body, DocumentKind, Verification
from tracker.records import DocumentRecord, Record, SourceRef

#: A Working Group report of the UPR: ``A/HRC/28/15`` (its addendum adds ``/Add.1``).
_UPR_REPORT = re.compile(r"A/HRC/\d{1,3}/\d{1,4}")
_SYMBOL_IN_TEXT = re.compile(r"\bA/HRC/\d{1,3}/\d{1,4}(?:/Add\.\d)?\b")
#: How far into a document its own symbol is looked for.
_HEAD = 40


class DocumentReading(Struct, frozen=True, kw_only=True):
    """What one document gave: its symbol, the kind of reading, the records, and what could not be placed."""

    symbol: str
    reader: str
    records: list[Record]
    unplaced: list[str] = []

    def counts(self) -> dict[str, int]:
        """Records by type: ``{"document": 1, "recommendation": 163}``."""
        counted: dict[str, int] = {}
        for record in self.records:
            tag = type(record).__struct_config__.tag
            counted[str(tag)] = counted.get(str(tag), 0) + 1
        return counted


def symbol_in(text: DocumentText) -> str | None:
    """The document symbol a document prints near its start, if it prints one."""
    for paragraph in text.paragraphs[:_HEAD]:
        found = _SYMBOL_IN_TEXT.search(paragraph)
        if found:
            return found.group(0)
    return None


def read_document(body: bytes, *, symbol: str | None = None, language: str = "en") -> DocumentReading:
    """The records one document file gives, chosen by its symbol (given, or read from the document).

    Raises :class:`~scrapers.harvest.ParseError` with a one-line reason for a file that cannot be
    read, a document of a kind no reader knows yet, or a language not read yet.
    """
    if language != "en":
        raise ParseError(f"only English versions are read so far, not {language!r}")
    text = read_text(body)
    chosen = (symbol or "").strip() or symbol_in(text)
    if not chosen:
        raise ParseError("the document prints no symbol that can be read; give it with --symbol")
    if _UPR_REPORT.fullmatch(chosen):
        return _upr_report(text, chosen)
    raise ParseError(f"no reader yet for {chosen}: UPR Working Group reports (A/HRC/<session>/<n>) are read so far")


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
        title="Report of the Working Group on the Universal Periodic Review", sources=told,
        verification=Verification.VERIFIED,
    )
    recommendations = [structs.replace(r, sources=told, verification=Verification.VERIFIED) for r in report.recommendations]
    return DocumentReading(symbol=symbol, reader="upr-report", records=[document, *recommendations], unplaced=report.unplaced)
