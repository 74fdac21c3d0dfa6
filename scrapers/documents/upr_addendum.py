"""The State's responses to its UPR recommendations, from the addendum to the Working Group report.

The addendum (``A/HRC/28/15/Add.1``: "Views on conclusions and/or recommendations, voluntary
commitments and replies presented by the State under review") is written by the State in its own
layout. What it says is read from sentences and headings that give a response and then list the
recommendations they apply to, in any of the forms States write them:

- a statement followed by its list: "The Government … accepts the recommendations 1–5, 14– 16,
  …", "The Government accepts the following recommendations: 140.7, 140.8, …", "… takes note of
  recommendations 140.1, …", "… does not support recommendations 115.1, 115.5 and 115.9";
- a list followed by its response: "Recommendations 140.1 to 140.5 are accepted and considered
  already implemented";
- a heading or sentence ending with a colon ("Slovenia supports the following
  recommendations:", "Noted recommendations") followed by paragraphs that are only lists.

Numbers are full (``115.17``) or short (``17``, ``Rec. 24``): a short number is the rank in
the report's paragraph of recommendations, the paragraph of the last full number of the same
list or else the document's (given, named by the addendum as in Slovenia's "The serial numbers
of recommendations follow the list in paragraph 115 of the Report", or the one its full numbers
use). Ranges are written ``115.17-18``, ``115.34- 35``, ``115.30–33``, ``14– 16``, ``150 – 152``,
``140.1 to 140.5``. A range that goes backwards or across paragraphs, a number of another
paragraph or beyond the number of recommendations of the report (given, or stated by the
addendum: "The Working Group's report contains 163 recommendations", "Slovenia received 254
recommendations") is never guessed: it is listed in :attr:`UprAddendum.unplaced`, as is a
number given two different responses.

After the lists the State comments on recommendations, in blocks headed by their numbers
("Rec. 18 We consider that this recommendation is implemented. …", or a line ``140.11-14``
before the text). See ``docs/documents.md`` and ``docs/sources.md`` §10.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from msgspec import Struct

from tracker.domain.entities import SourceRef
from tracker.domain.enums import AssessorKind, Scale, Status, UprResponse, Verification
from tracker.domain.ids import upr_recommendation_id
from tracker.records import AssessmentRecord
from tracker_scrapers.documents.upr_report import _title_state
from tracker_scrapers.states import state_code, state_name
from tracker_scrapers.texts import DocumentText

__all__ = ["UprAddendum", "read_upr_addendum"]


class UprAddendum(Struct, frozen=True, kw_only=True):
    """What :func:`read_upr_addendum` read from one addendum.

    ``state`` the State under review (ISO3; None if neither given nor readable from the title);
    ``responses`` the response to each recommendation, by number (``"115.17"``);
    ``claims`` the State's own assessments that a recommendation is implemented;
    ``stated_supported`` and ``stated_noted`` the totals the addendum states itself ("accepts 142
    recommendations", "of which 217 are supported and 37 noted"), None where it states none;
    ``unplaced`` what could not be read: a number or range that is not one of the report's
    recommendations, goes backwards or has two responses, each as written followed by the first
    100 characters of its paragraph.
    """

    state: str | None = None
    responses: dict[str, UprResponse] = {}
    claims: list[AssessmentRecord] = []
    stated_supported: int | None = None
    stated_noted: int | None = None
    unplaced: list[str] = []


# --- numbers and lists of numbers ---------------------------------------------------------------

_NUM = r"\d{1,3}(?:\.\d{1,3})?"
_DASH = r"\s*[-‐‑–—]\s*|\s+to\s+"
_ITEM = rf"(?:{_NUM})(?:(?:{_DASH})(?:{_NUM}))?"
_PREFIX = r"(?:(?:recommendations?|recs?\.?)\s*)"
_LIST = rf"{_ITEM}(?:(?:\s*[,;]\s*|\.\s+|\s*,?\s+and\s+|\s*&\s*){_PREFIX}?{_ITEM})*"
_ITEM_PARTS = re.compile(rf"({_NUM})(?:(?:{_DASH})({_NUM}))?")
#: A paragraph that is nothing but a list: ``115.1, 115.5 and 115.9``, ``Recs. 6–13``, ``140.82-85, 87``.
_LIST_ONLY = re.compile(rf"{_PREFIX}?(?P<list>{_LIST})\s*[.;:]?", re.IGNORECASE)
#: A list of full numbers closing a paragraph, heading the next one: "… in recent years. 140.38".
_TRAILING_LIST = re.compile(rf"(?<=[.!?\"”’)])\s+(?P<list>\d{{1,3}}\.\d{{1,3}}(?:(?:{_DASH})(?:{_NUM}))?(?:\s*,\s*{_ITEM})*)$")
#: The number that opens a commentary block inside a paragraph: "Rec. 18 We consider …", "Recs. 6–13 The …".
_MARK = re.compile(rf"(?:^|(?<=[.!?\"”’)]\s))(?:recommendations?|recs?\.)\s+(?P<list>{_LIST})\s+(?-i:(?=[A-Z]))", re.IGNORECASE)

# --- responses ------------------------------------------------------------------------------------

_VERBS = (
    r"does not support|do not support|did not support|does not accept|do not accept|did not accept"
    r"|rejects?|takes? note of|took note of|notes|supports?|accepts?|accepted|supported|noted"
)
#: A response, then the recommendations it names: "accepts the following recommendations: 140.7, …".
_RESPONSE_FIRST = re.compile(
    rf"\b(?P<verb>{_VERBS})(?:\s+(?:the|following|all|also|further|remaining))*\s+(?:recommendations?|recs?\.)"
    rf"(?P<clause>[^\d:;.]{{0,160}}:)?\s*(?P<list>{_LIST})",
    re.IGNORECASE,
)
#: The recommendations, then the response: "Recommendations 140.1 to 140.5 are accepted".
_LIST_FIRST = re.compile(
    rf"(?P<prefix>\b(?:recommendations?|recs?\.)\s+)?(?<![\d.])(?P<list>{_LIST})\s+(?:are|were|is|was|have been|has been)\s+(?:also\s+)?"
    r"(?P<verb>not supported|not accepted|rejected|noted|supported|accepted)\b",
    re.IGNORECASE,
)
_NOTED_WORDS = re.compile(r"\bnot\b|reject|\bnote", re.IGNORECASE)
_RESPONSE_WORDS = re.compile(r"support|accept|reject|\bnoted?\b|\bnotes\b|takes? note", re.IGNORECASE)
#: A heading or introducing sentence without its list: "Slovenia supports the following recommendations:".
_HEADING_MAX = 250

_SECTION_HEADING = re.compile(r"([IVX]{1,5}|[A-Z])\.\s+\S")
_NUMBERED = re.compile(r"\d{1,3}\.\s+\S")
#: The heading of the footnotes gathered at the end of the document, which ends the commentary.
_NOTES = re.compile(r"(Foot)?notes", re.IGNORECASE)

# --- what the document says of itself -------------------------------------------------------------

_PARAGRAPH = re.compile(r"in paragraph (\d{1,3}) of the (?:report|Report)")
_COUNT = re.compile(r"\b(?:contains|received|receives|made|includes)\s+(\d{1,4})\s+recommendations", re.IGNORECASE)
_STATED_SUPPORTED = re.compile(
    r"\b(?:accepts|accepted|supports|supported)\s+(\d{1,4})\s+recommendations|(?<![\d.])\b(\d{1,4})\s+(?:are|were)\s+(?:supported|accepted)",
    re.IGNORECASE,
)
_STATED_NOTED = re.compile(
    r"\b(?:notes|noted|takes note of)\s+(\d{1,4})\s+recommendations|(?<![\d.])\b(\d{1,4})\s+(?:are\s+|were\s+)?noted\b",
    re.IGNORECASE,
)

# --- the State's claims ---------------------------------------------------------------------------

_SUBJECT = rf"(?:(?:this|the|these|those|that|both|all|such|said)\s+)?recommendations?(?:\s+(?P<named>{_LIST}))?"
_DONE = r"(?:already\s+|fully\s+|now\s+)*(?:implemented|in place)\b"
_IMPLEMENTED = [
    re.compile(rf"\b{_SUBJECT}\s+(?:is|are|has been|have been|was|were)\s+{_DONE}", re.IGNORECASE),
    re.compile(
        rf"\bconsider(?:s|ed)?\s+(?:that\s+)?{_SUBJECT}\s+(?:(?:is|are|to be|as|has been|have been)\s+)?{_DONE}", re.IGNORECASE
    ),
    re.compile(r"\b(?:consider(?:s|ed)?|deemed)\s+(?:to be\s+|as\s+)?already\s+implemented\b", re.IGNORECASE),
    re.compile(r"^(?:accepted\s+(?:and\s+)?)?(?:considered\s+)?already\s+implemented\b", re.IGNORECASE),
]
#: What takes the "implemented" back: "already implemented or in the process of implementation".
_HEDGED = re.compile(
    r"\s*,?\s*(?:or|and/or)\s+(?:(?:is|are)\s+)?(?:in\s+(?:the\s+)?process|being|partially|under|ongoing)", re.IGNORECASE
)
_RATIONALE = 1000
_EXCERPT = 100


def read_upr_addendum(
    text: DocumentText,
    *,
    symbol: str,
    report: str | None = None,
    date: dt.date | None = None,
    state: str | None = None,
    paragraph: int | None = None,
    count: int | None = None,
) -> UprAddendum:
    """The responses and claims of the addendum ``symbol`` (``A/HRC/28/15/Add.1``) whose text is ``text``.

    ``report`` is the Working Group report the recommendations belong to (``symbol`` without its
    ``/Add.1`` when not given); ``paragraph`` the report's paragraph of recommendations and
    ``count`` how many it holds, both read from the addendum when not given (see the module).
    ``state`` (a name or ISO3 code) is read from the title when not given.

    ``responses`` maps each recommendation number to ``supported`` (accepted, supported,
    "accepted and considered already implemented") or ``noted`` (noted, taken note of, not
    supported, rejected).

    ``claims`` are the State's own assessments: an :class:`AssessmentRecord` of grade
    ``implemented`` on the normalized scale, by "Government of <State>", for each recommendation
    the State explicitly says is implemented, already implemented or in place ("We consider that
    this recommendation is implemented", "Slovenia considers recommendation 115.3 implemented",
    "accepted and considered already implemented"). Nothing else becomes a claim: no grade is
    ever guessed from what the State says it does ("activities … are already ongoing"), and a
    hedged statement ("already implemented or in the process of implementation") is none. A
    claim is verified, since its source is the State's own published document, and dated with
    ``date``, the addendum's date: without ``date`` (or without a State) there are no claims.
    """
    report = report or re.sub(r"/Add\.\d+$", "", symbol)
    paragraphs = [" ".join(p.split()) for p in text.paragraphs]
    paragraphs = [p for p in paragraphs if p]
    whole = "\n".join(paragraphs)
    reviewed = state_code(state) if state else _title_state(paragraphs)
    if paragraph is None:
        paragraph = _paragraph(whole)
    if count is None and (match := _COUNT.search(whole)):
        count = int(match[1])
    reader = _Reader(paragraph, count)

    for index, para in enumerate(paragraphs):
        reader.read_responses(index, para)
    responses = {number: response for number, response in reader.responses.items() if number not in reader.conflicts}

    claims: list[AssessmentRecord] = []
    if date is not None and reviewed is not None:
        claimed: set[str] = set()
        for block in _blocks(paragraphs, reader) + reader.statements:
            for number in _implemented(block, reader):
                if number in claimed:
                    continue
                claimed.add(number)
                claims.append(_claim(number, block.text, report=report, symbol=symbol, date=date, state=reviewed))
    return UprAddendum(
        state=reviewed,
        responses=dict(sorted(responses.items(), key=lambda item: _order(item[0]))),
        claims=claims,
        stated_supported=_stated(_STATED_SUPPORTED, whole),
        stated_noted=_stated(_STATED_NOTED, whole),
        unplaced=reader.unplaced,
    )


class _Block(NamedTuple):
    """A stretch of the State's commentary: the recommendations heading it (maybe none) and its text."""

    numbers: list[str]
    text: str


class _Reader:
    """Reads lists of numbers against the report's paragraph and count, collecting responses and what is unplaced."""

    def __init__(self, paragraph: int | None, count: int | None) -> None:
        self.paragraph = paragraph
        self.count = count
        self.responses: dict[str, UprResponse] = {}
        self.conflicts: set[str] = set()
        self.unplaced: list[str] = []
        #: Response statements that may themselves claim implementation ("… accepted and considered already implemented").
        self.statements: list[_Block] = []
        self._pending: UprResponse | None = None
        self._pending_text = ""

    def numbers(self, written: str, where: str, *, report: bool = True) -> list[str]:
        """The numbers ``written`` names (a list); items that are no recommendation of the report are unplaced when ``report``."""
        numbers: list[str] = []
        current = self.paragraph
        for match in _ITEM_PARTS.finditer(written):
            first = self._number(match[1], current)
            last = self._number(match[2], first[0] if first else current) if match[2] else first
            if first and "." in match[1]:
                current = first[0]
            if first is None or last is None or first[0] != last[0] or last[1] < first[1]:
                if report:
                    self.unplaced.append(f"{match[0]}: {where[:_EXCERPT]}")
                continue
            numbers.extend(f"{first[0]}.{n}" for n in range(first[1], last[1] + 1))
        return numbers

    def _number(self, written: str, current: int | None) -> tuple[int, int] | None:
        """(paragraph, rank) of one written number, None if it is not one of the report's recommendations."""
        if "." in written:
            para, rank = (int(part) for part in written.split("."))
        elif current is None:
            return None
        else:
            para, rank = current, int(written)
        if self.paragraph is not None and para != self.paragraph:
            return None
        if rank < 1 or (self.count is not None and rank > self.count):
            return None
        return para, rank

    def respond(self, numbers: list[str], response: UprResponse, where: str) -> None:
        for number in numbers:
            given = self.responses.setdefault(number, response)
            if given != response and number not in self.conflicts:
                self.conflicts.add(number)
                self.unplaced.append(f"{number} (both {given} and {response}): {where[:_EXCERPT]}")

    def read_responses(self, index: int, para: str) -> None:
        """Record the responses paragraph ``para`` gives."""
        if (only := _LIST_ONLY.fullmatch(para)) and self._pending is not None:
            numbers = self.numbers(only["list"], para)
            self.respond(numbers, self._pending, para)
            self.statements.append(_Block(numbers, self._pending_text))
            return
        self._pending = None
        found = False
        for pattern in (_RESPONSE_FIRST, _LIST_FIRST):
            for match in pattern.finditer(para):
                if not match.groupdict().get("prefix", True) and not re.match(r"\d+\.\d", match["list"]):
                    continue  # "In 2019, 45 were accepted": short numbers are read only after "Rec." or "recommendations"
                found = True
                response = UprResponse.NOTED if _NOTED_WORDS.search(match["verb"]) else UprResponse.SUPPORTED
                numbers = self.numbers(match["list"], para)
                self.respond(numbers, response, para)
                self.statements.append(_Block(numbers, _sentence(para, match.start(), match.end())))
        if (
            not found
            and len(para) <= _HEADING_MAX
            and "recommendation" in para.casefold()
            and _RESPONSE_WORDS.search(para)
            and (para.endswith(":") or not para.endswith("."))
        ):
            self._pending = UprResponse.NOTED if _NOTED_WORDS.search(para) else UprResponse.SUPPORTED
            self._pending_text = para


def _sentence(para: str, start: int, end: int) -> str:
    """The text of a statement: from the sentence it starts in to the end of that sentence after ``end``."""
    begin = max(para.rfind(". ", 0, start), para.rfind(": ", 0, start))
    stop = re.search(r"\.(?:\s+[A-Z]|$)", para[end:])
    return para[begin + 2 if begin >= 0 else 0 : end + (stop.start() + 1 if stop else len(para) - end)].strip()


def _blocks(paragraphs: list[str], reader: _Reader) -> list[_Block]:
    """The commentary blocks: text after ``Rec. 18``, or after a paragraph or closing line of numbers; and free paragraphs."""
    blocks: list[_Block] = []
    numbers: list[str] = []
    texts: list[str] = []

    def close() -> None:
        if texts:
            blocks.append(_Block(numbers, " ".join(texts)))

    for para in paragraphs:
        if _NOTES.fullmatch(para):
            break
        if only := _LIST_ONLY.fullmatch(para):
            close()
            numbers, texts = reader.numbers(only["list"], para, report=False), []
            continue
        heading = None
        if trailing := _TRAILING_LIST.search(para):
            heading, para = trailing["list"], para[: trailing.start()]
        marks = list(_MARK.finditer(para))
        head = para[: marks[0].start()] if marks else para
        if _SECTION_HEADING.match(para) or _NUMBERED.match(para) or not numbers:
            close()
            numbers, texts = [], []
        if head.strip():
            texts.append(head.strip())
        for position, mark in enumerate(marks):
            close()
            stop = marks[position + 1].start() if position + 1 < len(marks) else len(para)
            numbers, texts = reader.numbers(mark["list"], para, report=False), [para[mark.end() : stop].strip()]
        if heading is not None:
            close()
            numbers, texts = reader.numbers(heading, para, report=False), []
    close()
    return blocks


def _implemented(block: _Block, reader: _Reader) -> list[str]:
    """The recommendations ``block`` explicitly says are implemented: those it names there, else those heading it."""
    found: list[str] = []
    for pattern in _IMPLEMENTED:
        for match in pattern.finditer(block.text):
            if _HEDGED.match(block.text, match.end()):
                continue
            named = match.groupdict().get("named")
            for number in reader.numbers(named, block.text, report=False) if named else block.numbers:
                if number not in found:
                    found.append(number)
    return found


def _claim(number: str, text: str, *, report: str, symbol: str, date: dt.date, state: str) -> AssessmentRecord:
    url = f"https://undocs.org/{symbol}"
    rationale = text if len(text) <= _RATIONALE else text[: _RATIONALE - 1].rsplit(" ", 1)[0] + "…"
    return AssessmentRecord(
        item=upr_recommendation_id(report, number),
        date=date,
        assessor_kind=AssessorKind.STATE,
        assessor=f"Government of {state_name(state)}",
        scale=Scale.NORMALIZED,
        grade=Status.IMPLEMENTED.value,
        rationale=rationale,
        sources=[
            SourceRef(
                url=url,
                title=f"{symbol} — views on conclusions and/or recommendations, voluntary commitments and replies "
                "presented by the State under review",
            )
        ],
        verification=Verification.VERIFIED,
        verified_by=f"source: {url}",
    )


def _paragraph(whole: str) -> int | None:
    """The report's paragraph of recommendations: as the addendum names it, else the one most of its full numbers use."""
    if match := _PARAGRAPH.search(whole):
        return int(match[1])
    counts: dict[int, int] = {}
    for match in re.finditer(r"(?<![\d.])(\d{1,3})\.(\d{1,3})(?![\d.]\d)", whole):
        counts[int(match[1])] = counts.get(int(match[1]), 0) + 1
    best = max(counts.items(), key=lambda item: item[1], default=None)
    return best[0] if best and best[1] >= 3 else None


def _stated(pattern: re.Pattern[str], whole: str) -> int | None:
    match = pattern.search(whole)
    return int(match[1] or match[2]) if match else None


def _order(number: str) -> tuple[int, int]:
    para, rank = number.split(".")
    return int(para), int(rank)
