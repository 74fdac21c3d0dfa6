"""What follows concluding observations: the State's follow-up reply and the body's assessment of it.

A **follow-up reply** (``CAT/C/KAZ/FCO/3``, ``CCPR/C/TJK/FCO/3``, or an addendum
``CAT/C/KAZ/CO/3/Add.1``) is the State's information on the paragraphs the Committee selected for
follow-up. Its cover gives the date it was distributed ("Distr.: General 15 October 2021") and
often the date it was received ("[Date received: 27 July 2021]"); its body is headed paragraph by
paragraph: "Information on paragraph 8 of the concluding observations", "Paragraph 10 (a)",
"Рекомендация, содержащаяся в пункте 8".

A **follow-up report** of the Human Rights Committee (``CCPR/C/133/2``) assesses the replies of
several States: for each, "Concluding observations: CCPR/C/TJK/CO/3, 18 July 2019", then
paragraph by paragraph ("Paragraph 7: Prohibition of torture") the Committee's evaluation with a
grade in brackets, for the paragraph (``[B]: The Committee …``) or a sub-paragraph (``(a) [B]:
…``), A to E (older reports B1/B2 and C1/C2), and a "Recommended action" or "Next follow-up
letter" line. A report of the Committee against Torture gives its verdict in words ("the
recommendation in paragraph 10 has been partially implemented", "dialogue ongoing").

Both readers are pure functions of the text; nothing that cannot be placed is guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from msgspec import Struct

from tracker.domain import symbols
from tracker.domain.enums import Body, Scale
from tracker.domain.symbols import Form
from tracker_scrapers.documents.concluding_observations import dates_in, paragraphs_of, read_references
from tracker_scrapers.texts import DocumentText

__all__ = ["FollowUpReply", "FollowUpReport", "Grade", "read_follow_up_reply", "read_follow_up_report"]

_EXCERPT = 100

_RECEIVED = {
    "en": re.compile(r"Date received\s*:?\s*", re.IGNORECASE),
    "ru": re.compile(r"Дата получения\s*:?\s*", re.IGNORECASE),
}
#: A heading naming the paragraphs the text under it answers.
_PART = {
    "en": re.compile(
        r"(?:(?:Information|Reply|Response|Follow-up information)\s+(?:on|to|relating to|concerning|regarding)\s+"
        r"(?:the\s+)?(?:recommendations?\s+(?:contained\s+|made\s+)?in\s+)?)?(?:paragraphs?|paras?\.)\s+"
        r"(?P<list>\d{1,3}(?:\s*\([a-z]\))?(?:\s*(?:,|and|to|-|–)\s*(?:\d{1,3})?(?:\s*\([a-z]\))?)*)",
        re.IGNORECASE,
    ),
    "ru": re.compile(
        r"(?:(?:Информация|Ответ)\s+(?:о|по|на)\s+)?(?:(?:рекомендаци\w+|информаци\w+),?\s+(?:содержащ\w+\s+)?(?:в\s+)?)?"
        r"пункт\w*\s+(?P<list>\d{1,3}(?:\s*[а-я]\))?(?:\s*(?:,|и)\s*(?:\d{1,3})?(?:\s*[а-я]\))?)*)",
        re.IGNORECASE,
    ),
}
_HEADING_MAX = 200


class FollowUpReply(Struct, frozen=True, kw_only=True):
    """What :func:`read_follow_up_reply` read from a State's follow-up reply.

    ``received_on`` the date the reply was received, if printed; ``answers`` the concluding
    observations it names (``CCPR/C/TJK/CO/3``), if it names one; ``parts`` the State's text on
    each paragraph it answers (``"7a"``, ``"13"``), in the order of the reply; ``unplaced`` what
    could not be read.
    """

    state: str | None = None
    received_on: dt.date | None = None
    answers: str | None = None
    parts: dict[str, str] = {}
    unplaced: list[str] = []


def read_follow_up_reply(text: DocumentText, *, symbol: str, language: str = "en") -> FollowUpReply:
    """The parts of the State's follow-up reply ``symbol`` whose text is ``text``, by the paragraph each answers."""
    paragraphs = paragraphs_of(text)
    state = symbols.parse(symbol).state
    received = None
    for paragraph in paragraphs[:40]:
        if found := _RECEIVED[language].search(paragraph):
            dated = dates_in(paragraph[found.end() :], language)
            received = dated[0][0] if dated else None
            break
    answers = None
    for paragraph in paragraphs:
        for found in symbols.find_symbols(paragraph):
            named = symbols.parse(found)
            if named.form is Form.CONCLUDING_OBSERVATIONS and (state is None or named.state == state):
                answers = named.text
                break
        if answers:
            break
    parts: dict[str, list[str]] = {}
    current: list[str] = []
    unplaced: list[str] = []
    for paragraph in paragraphs:
        if paragraph.startswith("*"):  # a footnote of the cover
            continue
        heading = _PART[language].match(paragraph)
        if heading and len(paragraph) <= _HEADING_MAX and not paragraph.endswith("."):
            references = read_references(heading["list"])
            if not references:
                unplaced.append(f"a heading that names no paragraph that can be read: {paragraph[:_EXCERPT]}")
                current = []
                continue
            current = []
            for reference in references:
                parts.setdefault(str(reference), current)
            continue
        if parts:
            current.append(paragraph)
    read = {number: " ".join(lines) for number, lines in parts.items()}
    for number, said in read.items():
        if not said:
            unplaced.append(f"{number}: named by a heading, but no text follows it")
    return FollowUpReply(
        state=state,
        received_on=received,
        answers=answers,
        parts={number: said for number, said in read.items() if said},
        unplaced=unplaced,
    )


# --- the committee's assessments ---------------------------------------------------------------------


class Grade(NamedTuple):
    """One assessment a follow-up report gives: whose paragraph, the grade on its scale, the Committee's words."""

    state: str
    document: str
    paragraph: str
    scale: Scale
    grade: str
    rationale: str


class FollowUpReport(Struct, frozen=True, kw_only=True):
    """What :func:`read_follow_up_report` read: the grades, State by State, and what could not be placed."""

    grades: list[Grade] = []
    unplaced: list[str] = []


#: Where a State's part of a report begins: "Concluding observations: CCPR/C/TJK/CO/3, 2019".
_STATE_DOCUMENT = re.compile(r"Concluding observations\s*(?:\([^)]*\))?\s*:\s*(?P<symbol>[A-Z][A-Z.\d]*(?:/[A-Za-z\d.\-]+)+)")
_PARAGRAPH = re.compile(r"(?:^|(?<=[.;]\s))Paragraph\s+(\d{1,3})\b", re.MULTILINE)
_BRACKETED = re.compile(r"(?:\((?P<letter>[a-z])\)\s*)?\[(?P<grade>[A-E][12]?)\]\s*:?\s*")
#: What ends the Committee's words on a grade.
_STOP = re.compile(
    r"(?:^|(?<=[.;]\s))(?:Paragraph\s+\d|Recommended action|Next follow-up letter|Next periodic report|"
    r"Committee's evaluation|Summary of|Concluding observations\s*:|Follow-up paragraphs|Information received)"
    r"|\n|(?:\([a-z]\)\s*)?\[[A-E][12]?\]",
    re.MULTILINE,
)
_ACTION = re.compile(r"(?:^|(?<=[.;]\s))(?P<line>(?:Recommended action|Next follow-up letter)\s*:[^\n]*)", re.MULTILINE)
#: The Committee against Torture's verdicts in words, on its follow-up scale (CAT/C/55/3), most specific first.
_VERDICTS = [
    (
        re.compile(r"largely implemented|fully implemented|has been implemented|was implemented", re.IGNORECASE),
        Scale.CAT_FOLLOWUP,
        "A",
    ),
    (re.compile(r"partially implemented", re.IGNORECASE), Scale.CAT_FOLLOWUP, "B"),
    (re.compile(r"not (?:been )?implemented", re.IGNORECASE), Scale.CAT_FOLLOWUP, "C"),
    (re.compile(r"contrary to the recommendation|counteracted", re.IGNORECASE), Scale.CAT_FOLLOWUP, "E"),
    (re.compile(r"dialogue (?:is )?ongoing", re.IGNORECASE), Scale.TB_DECISION_FOLLOWUP, "dialogue_ongoing"),
]
_RATIONALE = 1000


def read_follow_up_report(text: DocumentText, *, symbol: str) -> FollowUpReport:
    """The grades of the follow-up report ``symbol`` whose text is ``text``, for every State it covers.

    The Human Rights Committee's bracketed grades are kept as printed on the ``ccpr_followup``
    scale (``B``, ``C1``). The Committee against Torture's verdicts in words become grades of the
    ``cat_followup`` scale ("largely implemented" A, "partially implemented" B, "not implemented" C,
    "contrary" E) or, for "dialogue ongoing", the ``tb_decision_followup`` grade that moves no
    status; the rationale quotes the Committee's own words. A grade written before any
    "Concluding observations: <symbol>" line, or before any "Paragraph <n>", is unplaced.
    """
    whole = "\n".join(paragraphs_of(text))
    blocks = [b for b in _STATE_DOCUMENT.finditer(whole) if symbols.parse(b["symbol"]).form is Form.CONCLUDING_OBSERVATIONS]
    grades: list[Grade] = []
    unplaced: list[str] = []
    cat = symbols.parse(symbol).body is Body.CAT
    for index, block in enumerate(blocks):
        end = blocks[index + 1].start() if index + 1 < len(blocks) else len(whole)
        section = whole[block.end() : end]
        named = symbols.parse(block["symbol"])
        document, state = named.text, named.state or ""
        action = _ACTION.search(section)
        closing = f" {action['line'].strip()}" if action else ""
        found = _cat_verdicts(section, document, state) if cat else _ccpr_grades(section, document, state, unplaced)
        grades += [g._replace(rationale=_cut(g.rationale + closing)) for g in found]
    if not blocks:
        unplaced.append(f'{symbol}: no "Concluding observations: <symbol>" line to tell whose paragraphs are assessed')
    return FollowUpReport(grades=grades, unplaced=unplaced)


def _ccpr_grades(section: str, document: str, state: str, unplaced: list[str]) -> list[Grade]:
    found: list[Grade] = []
    paragraphs = list(_PARAGRAPH.finditer(section))
    for mark in _BRACKETED.finditer(section):
        before = [p for p in paragraphs if p.start() < mark.start()]
        if not before:
            unplaced.append(f"{state} ({document}): a grade [{mark['grade']}] under no paragraph")
            continue
        stop = _STOP.search(section, mark.end())
        words = section[mark.end() : stop.start() if stop else len(section)].strip()
        paragraph = f"{before[-1][1]}{mark['letter'] or ''}"
        found.append(Grade(state, document, paragraph, Scale.CCPR_FOLLOWUP, mark["grade"], words))
    return found


def _cat_verdicts(section: str, document: str, state: str) -> list[Grade]:
    found: list[Grade] = []
    for sentence in re.split(r"(?<=[.;])\s+|\n", section):
        named = re.search(r"paragraphs?\s+(?P<list>[\d\s,()a-z–-]+?(?:and\s+\d{1,3}(?:\s*\([a-z]\))?)?)(?=\s|$|[,.;])", sentence)
        if named is None:
            continue
        for pattern, scale, grade in _VERDICTS:
            if pattern.search(sentence):
                for reference in read_references(named["list"]):
                    found.append(Grade(state, document, str(reference), scale, grade, sentence.strip()))
                break
    return found


def _cut(text: str) -> str:
    return text if len(text) <= _RATIONALE else text[: _RATIONALE - 1].rsplit(" ", 1)[0] + "…"
