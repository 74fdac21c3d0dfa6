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

from tracker import item_filter
from tracker.domain import symbols
from tracker.domain.entities import ItemLink
from tracker.domain.enums import ActionKind, AssessorKind, Body, DocumentKind, Effect, UprResponse, Verification
from tracker.domain.ids import recommendation_id
from tracker.domain.symbols import Form
from tracker.errors import InvalidInput, NotFound
from tracker.records import ActionRecord, AssessmentRecord, DocumentRecord, RecommendationRecord, Record, SourceRef
from tracker_scrapers.documents.concluding_observations import dates_in, read_concluding_observations
from tracker_scrapers.documents.follow_up import read_follow_up_reply, read_follow_up_report
from tracker_scrapers.documents.upr_addendum import read_upr_addendum
from tracker_scrapers.documents.upr_matrix import read_upr_matrix
from tracker_scrapers.documents.upr_report import read_upr_report
from tracker_scrapers.harvest import ParseError
from tracker_scrapers.states import state_name
from tracker_scrapers.texts import DocumentText, read_text

#: The date a UN document was distributed, on its first page: "Distr.: General 4 March 2015".
_DISTRIBUTED = re.compile(r"Distr\.\s*:?\s*\w+\s+(?=\d)")
#: How far into a document its own symbol is looked for.
_HEAD = 40


class DocumentReading(Struct, frozen=True, kw_only=True):
    """What one document gave: its symbol, the kind of reading, the records, and what could not be placed."""

    symbol: str
    reader: str
    records: list[Record]
    unplaced: list[str] = []
    #: The Working Group report whose recommendations the records are (the symbol itself, but
    #: for an addendum or a matrix); for a follow-up reply, the concluding observations it answers.
    report: str = ""
    #: An addendum's response to each recommendation, by number: they complete the stored items.
    responses: dict[str, UprResponse] = {}
    #: The language of the version read (``en``, ``ru``).
    language: str = "en"
    #: Each recommendation's text in that language, by paragraph (``"8"``, ``"10a"``).
    texts: dict[str, str] = {}
    #: What was read that is no record, counted: ``{"concern": 12}``.
    context: dict[str, int] = {}
    #: A follow-up report's assessments: where each item stands, by item ID ("TJK, CCPR/C/TJK/CO/3, para. 7a").
    assessed: dict[str, str] = {}

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

    Raises :class:`~tracker_scrapers.harvest.ParseError` with a one-line reason for a file that cannot be
    read, a document of a kind no reader knows yet, or a language not read yet.
    """
    if language not in ("en", "ru"):
        raise ParseError(f"only English and Russian versions are read, not {language!r}")
    text = read_text(body)
    named = symbols.parse((symbol or "").strip() or symbol_in(text) or "")
    chosen = named.text
    if named.form is Form.CONCLUDING_OBSERVATIONS:
        return _concluding_observations(text, chosen, language)
    if named.form is Form.FOLLOW_UP_REPLY and named.body in _FOLLOW_UP_REPORTS:
        return _follow_up_reply(text, chosen, language)
    if named.form is Form.SESSION_DOCUMENT and named.body in _FOLLOW_UP_REPORTS:
        if language != "en":
            raise ParseError("only English versions of the committees' follow-up reports are read so far")
        return _follow_up_report(text, chosen)
    if _is_matrix(text):
        if language != "en":
            raise ParseError("OHCHR matrices are published in English only")
        report = (symbol or "").strip() or _report_of_matrix(text)
        if not report or not _is_upr_report(report):
            raise ParseError(
                "an OHCHR matrix names its Working Group report only in its rows; give it with --symbol A/HRC/<session>/<n>"
            )
        return _upr_matrix(text, symbols.normalize(report))
    chosen = (symbol or "").strip() or symbol_in(text)
    if not chosen:
        raise ParseError("the document prints no symbol that can be read; give it with --symbol")
    if _is_upr_report(chosen):
        return _upr_report(text, symbols.normalize(chosen), language)
    if _is_upr_addendum(chosen):
        if language != "en":
            raise ParseError(
                f"the {language!r} version of an addendum says what the English one says: import the English version"
            )
        return _upr_addendum(text, symbols.normalize(chosen))
    raise ParseError(
        f"no reader yet for {chosen}: UPR Working Group reports (A/HRC/<session>/<n>), their addenda (…/Add.1),"
        " OHCHR matrices, treaty-body concluding observations (…/CO/<n>), follow-up replies (…/FCO/<n>,"
        " …/CO/<n>/Add.<n>) and follow-up reports (CCPR/C/<session>/<n>) are read so far"
    )


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
    head = " ".join(text.paragraphs[:_HEAD])
    if found := _DISTRIBUTED.search(head):
        dated = dates_in(head[found.end() : found.end() + 40])
        return dated[0][0] if dated and dated[0][1].start() == 0 else None
    return None


def _upr_addendum(text: DocumentText, symbol: str) -> DocumentReading:
    report = symbols.parse(symbol).parent or symbol
    addendum = read_upr_addendum(text, symbol=symbol, report=report, date=distributed_on(text))
    return DocumentReading(
        symbol=symbol,
        reader="upr-addendum",
        records=list(addendum.claims),
        unplaced=addendum.unplaced,
        report=report,
        responses=dict(addendum.responses),
    )


def _upr_matrix(text: DocumentText, report: str) -> DocumentReading:
    matrix = read_upr_matrix(text, report=report)
    told = [
        SourceRef(
            url="https://www.ohchr.org/en/hr-bodies/upr/upr-main",
            title=f"OHCHR thematic list of recommendations ({report})",
            publisher="OHCHR",
        )
    ]
    recommendations = [structs.replace(r, sources=told, verification=Verification.VERIFIED) for r in matrix.recommendations]
    return DocumentReading(
        symbol=report, reader="upr-matrix", records=list(recommendations), unplaced=matrix.unplaced, report=report
    )


async def with_stored(tracker: Any, reading: DocumentReading) -> DocumentReading:
    """The records completed by what the tracker holds of the same recommendations.

    A recommendation keeps the sources it has and gains the new one, so that importing the
    report, its addendum and its matrix in any order, again and again, changes nothing the
    second time. The Working Group report is the UN's own text: where it was imported, its
    wording stays; a matrix adds its position, themes and affected persons, an addendum the
    State's response. Raises :class:`~tracker.errors.InvalidInput` for an addendum or a matrix
    whose report is not in the tracker.
    """
    if reading.reader in _TREATY_BODY_READERS:
        return await _TREATY_BODY_READERS[reading.reader](tracker, reading)
    if reading.language != "en":
        return await _stored_version(tracker, reading)
    try:
        await tracker.documents.get(reading.report)
    except NotFound:
        if reading.reader != "upr-report":
            raise InvalidInput(
                f"{reading.symbol} answers or lists the recommendations of {reading.report}, which is not in "
                "the tracker: import that Working Group report first"
            ) from None
        return reading
    stored = {item.paragraph: item async for item in tracker.items.each(item_filter(document=reading.report))}
    told = _told_by(reading.symbol, "the State's responses to the recommendations")
    merged: list[Record] = []
    for number, response in reading.responses.items():
        held = stored.get(number)
        if held is not None:
            merged.append(
                RecommendationRecord(
                    document=reading.report,
                    paragraph=number,
                    text=held.text,
                    response=response,
                    sources=[*held.sources, *(s for s in told if s not in held.sources)],
                    verification=held.verification,
                )
            )
    unplaced = [
        *reading.unplaced,
        *(f"{n}: no such recommendation of {reading.report} in the tracker" for n in reading.responses if n not in stored),
    ]
    for record in reading.records:
        held = stored.get(getattr(record, "paragraph", None))
        if isinstance(record, RecommendationRecord) and held is not None:
            sources = [*held.sources, *(s for s in record.sources if s not in held.sources)]
            text = held.text if reading.reader == "upr-matrix" else record.text
            record = structs.replace(
                record, text=text, sources=sources, notes=_note_on_text(held, structs.replace(record, text=text), reading.symbol)
            )
        merged.append(record)
    return structs.replace(reading, records=merged, unplaced=unplaced)


async def import_document(
    tracker: Any, body: bytes, *, symbol: str | None = None, language: str = "en", dry_run: bool = False
) -> tuple[DocumentReading, Any]:
    """Read one document file, complete it with what is stored, and load it in one transaction.

    Returns the reading and the load report (None with ``dry_run``). What ``tracker
    import-document`` and the scheduled reading of fetched texts both run. Raises
    :class:`~tracker_scrapers.harvest.ParseError` for a file that cannot be read and
    :class:`~tracker.errors.InvalidInput` for one that cannot be placed; nothing is loaded then.
    """
    reading = await with_stored(tracker, read_document(body, symbol=symbol, language=language))
    report = None if dry_run else await tracker.load(reading.records, fill_only=True)
    return reading, report


def _note_on_text(held: Any, record: RecommendationRecord, symbol: str) -> str | None:
    """The item's note once the document's text replaces the text it had (a summary, another source's
    wording): what was said of the old text no longer holds. None keeps the stored note."""
    if record.language != held.language or " ".join(record.text.split()) == " ".join(held.text.split()):
        return None
    return f"Text as printed in {symbol}, read from the UN's document; it replaced the text held before."


def _told_by(symbol: str, what: str) -> list[SourceRef]:
    return [SourceRef(url=f"https://undocs.org/{symbol}", title=f"{symbol} — {what}")]


def _upr_report(text: DocumentText, symbol: str, language: str = "en") -> DocumentReading:
    if language != "en":
        return _upr_report_version(text, symbol, language)
    report = read_upr_report(text, symbol=symbol)
    if report.state is None:
        raise ParseError(f"{symbol}: the State under review cannot be read from the report's title")
    told = _told_by(symbol, "report of the Working Group on the Universal Periodic Review")
    # Read from the UN's own document: verified by its source.
    document = DocumentRecord(
        symbol=symbol,
        body=Body.UPR,
        state=report.state,
        kind=DocumentKind.UPR_OUTCOME,
        title="Report of the Working Group on the Universal Periodic Review",
        sources=told,
        published_on=distributed_on(text),
        verification=Verification.VERIFIED,
    )
    recommendations = [structs.replace(r, sources=told, verification=Verification.VERIFIED) for r in report.recommendations]
    return DocumentReading(
        symbol=symbol, reader="upr-report", records=[document, *recommendations], unplaced=report.unplaced, report=symbol
    )


def _upr_report_version(text: DocumentText, symbol: str, language: str) -> DocumentReading:
    """A Working Group report in another language: each recommendation's text by number, to align with the English."""
    report = read_upr_report(text, symbol=symbol, language=language)
    if not report.recommendations:
        raise ParseError(f"{symbol}: no recommendation found in the {language!r} version; is this the report's text?")
    return DocumentReading(
        symbol=symbol,
        reader="upr-report",
        records=[],
        unplaced=report.unplaced,
        report=symbol,
        language=language,
        texts={r.paragraph: r.text for r in report.recommendations},
    )


async def _english_version(tracker: Any, reading: DocumentReading) -> Any:
    """The stored document a version in another language adds to; InvalidInput when it is not stored."""
    try:
        return (await tracker.documents.get(reading.symbol)).document
    except NotFound:
        raise InvalidInput(
            f"{reading.symbol} in {reading.language!r} adds to the English version, which is not in the "
            "tracker: import the English version first"
        ) from None


async def _stored_version(tracker: Any, reading: DocumentReading) -> DocumentReading:
    """A version in another language aligned by number with the stored items of its document.

    Each item keeps its text of record and gains the version's text under ``texts`` and the
    version as a source. A number of the version that is no stored item, and a stored item the
    version does not have, are reported. Raises :class:`~tracker.errors.InvalidInput` when the
    document is not in the tracker.
    """
    await _english_version(tracker, reading)
    stored = {item.paragraph: item async for item in tracker.items.each(item_filter(document=reading.symbol))}
    told = [_source(reading.symbol, reading.language, "report of the Working Group on the Universal Periodic Review")]
    records: list[Record] = [
        RecommendationRecord(
            document=reading.symbol,
            paragraph=number,
            text=held.text,
            language=held.language,
            texts={**held.texts, reading.language: reading.texts[number]},
            sources=_merged(held.sources, told),
            verification=held.verification,
        )
        for number, held in stored.items()
        if number in reading.texts
    ]
    unplaced = [
        *reading.unplaced,
        *(
            f"{number}: in the {reading.language!r} version but no recommendation of {reading.symbol} in the tracker"
            for number in reading.texts
            if number not in stored
        ),
        *(
            f"{number}: a recommendation of {reading.symbol} that the {reading.language!r} version does not have"
            for number in stored
            if number not in reading.texts
        ),
    ]
    return structs.replace(reading, records=records, unplaced=unplaced)


# --- treaty bodies: concluding observations, follow-up replies, follow-up reports ------------------

#: The bodies whose follow-up replies and follow-up reports are read (their assessors' names).
_FOLLOW_UP_REPORTS = {Body.CCPR: "Human Rights Committee", Body.CAT: "Committee against Torture"}


def _source(symbol: str, language: str, what: str) -> SourceRef:
    path = symbol if language == "en" else f"{language}/{symbol}"
    return SourceRef(
        url=f"https://undocs.org/{path}", title=f"{symbol} — {what}", language=None if language == "en" else language
    )


def _concluding_observations(text: DocumentText, symbol: str, language: str) -> DocumentReading:
    read = read_concluding_observations(text, symbol=symbol, language=language)
    if read.body is None or read.state is None:
        raise ParseError(f"{symbol}: the body and State cannot be told from the symbol")
    if not read.recommendations:
        raise ParseError(
            f"{symbol}: no recommendation found under a section of concerns and recommendations; is this the document's text?"
        )
    told = [_source(symbol, language, "concluding observations")]
    # Read from the UN's own document: verified by its source.
    document = DocumentRecord(
        symbol=symbol,
        body=read.body,
        state=read.state,
        kind=DocumentKind.CONCLUDING_OBSERVATIONS,
        title=read.title if language == "en" else None,
        adopted_on=read.adopted_on,
        published_on=distributed_on(text),
        follow_up_due=read.follow_up_due,
        follow_up_due_basis=read.follow_up_due_basis,
        sources=told,
        verification=Verification.VERIFIED,
    )
    recommendations = [structs.replace(r, sources=told, verification=Verification.VERIFIED) for r in read.recommendations]
    return DocumentReading(
        symbol=symbol,
        reader="concluding-observations",
        records=[document, *recommendations],
        unplaced=read.unplaced,
        report=symbol,
        language=language,
        texts=read.texts,
        context={"concern": read.concerns},
    )


def _follow_up_reply(text: DocumentText, symbol: str, language: str) -> DocumentReading:
    read = read_follow_up_reply(text, symbol=symbol, language=language)
    named = symbols.parse(symbol)
    # An addendum answers the concluding observations it is added to; an FCO those it names,
    # else those of its number (FCO/3 answers CO/3).
    answers = (named.answers if named.addendum else read.answers or named.answers) or ""
    published = distributed_on(text)
    date = read.received_on or published
    if date is None or read.state is None:
        raise ParseError(f"{symbol}: neither the date received nor the date of distribution can be read")
    body = named.body
    assert body is not None  # a follow-up reply is read only of the bodies that have a reader
    told = [
        _source(
            symbol, language, f"information received from {state_name(read.state)} on follow-up to the concluding observations"
        )
    ]
    when = f"received {read.received_on.isoformat()}" if read.received_on else f"issued {date.isoformat()}"
    action = ActionRecord(
        state=read.state,
        kind=ActionKind.FOLLOW_UP_REPLY_SUBMITTED,
        date=date,
        title=f"{state_name(read.state)}'s follow-up reply to {answers or 'the concluding observations'} ({symbol})",
        description=(
            f"The State's information on paragraphs {', '.join(read.parts) or '(none named)'} of "
            f"{answers or 'the concluding observations'}, {when}, issued as {symbol}."
        ),
        language=language,
        actor=f"Government of {state_name(read.state)}",
        addressed_to=body,
        sources=told,
        verification=Verification.VERIFIED,
        verified_by=f"source: {told[0].url}",
    )
    document = DocumentRecord(
        symbol=symbol,
        body=body,
        state=read.state,
        kind=DocumentKind.FOLLOW_UP_REPLY,
        title=action.title,
        published_on=published,
        sources=told,
        verification=Verification.VERIFIED,
    )
    return DocumentReading(
        symbol=symbol,
        reader="follow-up-reply",
        records=[document, action],
        unplaced=read.unplaced,
        report=answers,
        language=language,
        texts=dict(read.parts),
    )


def _note(said: str) -> str:
    return said if len(said) <= _NOTE else said[: _NOTE - 1].rsplit(" ", 1)[0] + "…"


_NOTE = 1000


def _follow_up_report(text: DocumentText, symbol: str) -> DocumentReading:
    read = read_follow_up_report(text, symbol=symbol)
    date = distributed_on(text)
    if date is None:
        raise ParseError(f"{symbol}: the date of the report cannot be read from its first page")
    told = [_source(symbol, "en", "report on follow-up to concluding observations")]
    assessor = _FOLLOW_UP_REPORTS[symbols.parse(symbol).body]  # type: ignore[index]
    assessments = [
        AssessmentRecord(
            item=recommendation_id(grade.document, grade.paragraph),
            date=date,
            assessor_kind=AssessorKind.COMMITTEE,
            assessor=assessor,
            scale=grade.scale,
            grade=grade.grade,
            rationale=grade.rationale or None,
            sources=told,
            verification=Verification.VERIFIED,
            verified_by=f"source: {told[0].url}",
        )
        for grade in read.grades
    ]
    where = {a.item: f"{g.state}, {g.document}, para. {g.paragraph}" for a, g in zip(assessments, read.grades, strict=True)}
    return DocumentReading(
        symbol=symbol, reader="follow-up-report", records=list(assessments), unplaced=read.unplaced, report=symbol, assessed=where
    )


async def _stored_concluding_observations(tracker: Any, reading: DocumentReading) -> DocumentReading:
    """A CO's records completed by the tracker: stored sources kept; a Russian version adds to the English one.

    The English text is the UN's own and replaces a stored summary; a Russian version keeps each
    stored item's English text, adds its own text under ``texts``, its source and what it says of
    follow-up, and needs the English version (or the items) in the tracker first.
    """
    if reading.language != "en":
        held_document = await _english_version(tracker, reading)
    else:
        try:
            held_document = (await tracker.documents.get(reading.symbol)).document
        except NotFound:
            return reading
    stored = {item.paragraph: item async for item in tracker.items.each(item_filter(document=reading.symbol))}
    merged: list[Record] = []
    unplaced = list(reading.unplaced)
    for record in reading.records:
        if isinstance(record, DocumentRecord):
            record = structs.replace(record, sources=_merged(held_document.sources, record.sources))
            if reading.language != "en":
                # The English version's words stay those of record; the version adds its source.
                record = structs.replace(
                    record, follow_up_due_basis=held_document.follow_up_due_basis or record.follow_up_due_basis
                )
        elif isinstance(record, RecommendationRecord):
            held = stored.get(record.paragraph)
            if held is not None:
                record = structs.replace(
                    record, sources=_merged(held.sources, record.sources), notes=_note_on_text(held, record, reading.symbol)
                )
                if reading.language != "en":
                    record = structs.replace(
                        record,
                        text=held.text,
                        language=held.language,
                        title=held.title,
                        texts={**held.texts, reading.language: record.text},
                        due_date_basis=held.due_date_basis if held.due_date == record.due_date else record.due_date_basis,
                    )
            elif reading.language != "en":
                unplaced.append(f"{record.paragraph}: not in the tracker; import the English version first")
                continue
        merged.append(record)
    return structs.replace(reading, records=merged, unplaced=unplaced)


def _merged(held: list[SourceRef], new: list[SourceRef]) -> list[SourceRef]:
    return [*held, *(source for source in new if source not in held)]


async def _stored_reply(tracker: Any, reading: DocumentReading) -> DocumentReading:
    """A reply linked to the stored items it answers; an action already recorded for the same reply is completed, not doubled.

    Raises :class:`~tracker.errors.InvalidInput` when the concluding observations it answers, or
    all the paragraphs it names, are not in the tracker.
    """
    document, action = reading.records[0], reading.records[1]
    assert isinstance(document, DocumentRecord) and isinstance(action, ActionRecord)
    answers = reading.report or await _latest_concluding_observations(tracker, document.state, document.body)
    try:
        await tracker.documents.get(answers or "")
    except NotFound:
        raise InvalidInput(
            f"{reading.symbol} answers {answers or 'concluding observations'} of {document.state}, which "
            "the tracker does not hold: import the concluding observations first"
        ) from None
    try:
        document = structs.replace(
            document, sources=_merged((await tracker.documents.get(reading.symbol)).document.sources, document.sources)
        )
    except NotFound:
        pass
    stored = {item.paragraph: item async for item in tracker.items.each(item_filter(document=answers))}
    unplaced = list(reading.unplaced)
    links = []
    for paragraph, said in reading.texts.items():
        held = stored.get(paragraph)
        if held is None:
            unplaced.append(f"{paragraph}: the reply answers paragraph {paragraph}, which is no item of {answers} in the tracker")
            continue
        links.append(ItemLink(item=held.id, effect=Effect.NO_EFFECT, note=_note(said)))
    if reading.texts and not links:
        raise InvalidInput(
            f"{reading.symbol} answers paragraphs {', '.join(reading.texts)} of {answers}, none of which is an "
            "item in the tracker: import the concluding observations first"
        )
    if not reading.texts:
        # A reply that names no paragraph answers the follow-up request as a whole.
        note = f"the reply {reading.symbol} names no paragraph; it answers the follow-up request of {answers}"
        links = [ItemLink(item=item.id, effect=Effect.NO_EFFECT, note=note) for item in stored.values() if item.follow_up]
    action = structs.replace(action, links=links)
    recorded = await tracker.actions.list(state=action.state, kind=action.kind.value, since=action.date, until=action.date)
    for held_action in recorded:
        if held_action.addressed_to in (None, action.addressed_to):
            kept = {link.item: link for link in held_action.links}
            kept.update({link.item: link for link in links})
            action = structs.replace(
                action,
                id=held_action.id,
                title=held_action.title,
                sources=_merged(held_action.sources, action.sources),
                links=list(kept.values()),
            )
            break
    return structs.replace(reading, records=[document, action], unplaced=unplaced, report=answers)


async def _latest_concluding_observations(tracker: Any, state: str | None, body: Body) -> str | None:
    page = await tracker.documents.list(state=state, body=body.value, kind=DocumentKind.CONCLUDING_OBSERVATIONS.value, limit=200)
    dated = [d for d in page if d.symbol and symbols.parse(d.symbol).form is Form.CONCLUDING_OBSERVATIONS]
    latest = max(dated, key=lambda d: (d.adopted_on or d.published_on or dt.date.min, d.symbol), default=None)
    return latest.symbol if latest else None


async def _stored_assessments(tracker: Any, reading: DocumentReading) -> DocumentReading:
    """Only the grades of items the tracker holds are loaded; the others are listed, by State and paragraph."""
    held: dict[str, set[str]] = {}
    records: list[Record] = []
    unplaced = list(reading.unplaced)
    for record in reading.records:
        assert isinstance(record, AssessmentRecord)
        document = reading.assessed[record.item].split(", ")[1]
        if document not in held:
            try:
                await tracker.documents.get(document)
                held[document] = {item.id async for item in tracker.items.each(item_filter(document=document))}
            except NotFound:
                held[document] = set()
        if record.item in held[document]:
            records.append(record)
        else:
            unplaced.append(f"{reading.assessed[record.item]} [{record.grade}]: no such item in the tracker")
    return structs.replace(reading, records=records, unplaced=unplaced)


_TREATY_BODY_READERS = {
    "concluding-observations": _stored_concluding_observations,
    "follow-up-reply": _stored_reply,
    "follow-up-report": _stored_assessments,
}
