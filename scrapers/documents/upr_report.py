"""The recommendations of a report of the Working Group on the Universal Periodic Review.

The report's section "II. Conclusions and/or recommendations" holds numbered paragraphs
(``115.``) that each introduce a list of recommendations and say what the State under review
did with them ("… have been examined by Slovenia and enjoy the support of Slovenia:", "… will be
examined by Slovenia …", "… did not enjoy the support of …"), then the recommendations numbered
``115.1``, ``115.2``, … Each recommendation is its text followed by the recommending State(s) in
parentheses, in the UN's forms: ``(Spain, Tunisia, Portugal)``, ``(Algeria) (Cabo Verde)``,
``(Iran (Islamic Republic of))``. One number may hold several clauses, each from its own
State(s): ``Complete the process … (Ukraine); Increase efforts … (Slovakia);``. See
``docs/documents.md`` and ``docs/sources.md`` §10.

The first cycle (2008–2011) numbered the recommendations inside the introducing paragraph
(``86. … enjoy the support of …:`` then ``1. …``, ``2. …``): they are read as ``86.1``, ``86.2``.

:func:`read_upr_report` reads what it can and never guesses: a paragraph of the section that it
cannot read is listed in :attr:`UprReport.unplaced`.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from msgspec import Struct

from scrapers.states import state_code
from scrapers.texts import DocumentText
from tracker.domain.enums import UprResponse
from tracker.records import RecommendationRecord

__all__ = ["UprReport", "read_upr_report", "split_recommendation"]


class UprReport(Struct, frozen=True, kw_only=True):
    """What :func:`read_upr_report` read from one Working Group report.

    ``state`` is the State under review (ISO3; None if neither given nor readable from the title);
    ``cycle`` the UPR cycle, told from the Working Group session (None if it cannot be told);
    ``recommendations`` the numbered recommendations in the order of the report;
    ``unplaced`` the first 100 characters of each paragraph of the recommendations section that
    could not be read: a recommendation whose States cannot be told, whose number repeats or
    belongs to no introducing paragraph, a paragraph that is no recommendation, an introducing
    paragraph whose response cannot be told (its recommendations are kept, without response);
    ``without_states`` how many recommendations name no recommending State.
    """

    state: str | None = None
    cycle: int | None = None
    recommendations: list[RecommendationRecord] = []
    unplaced: list[str] = []
    without_states: int = 0


# --- the section and its paragraphs ---------------------------------------------------------

_SECTION = re.compile(r"[IVX]{1,5}\.\s*Conclusions\s+(and/or|and)\s+recommendations\W*", re.IGNORECASE)
#: A heading that ends the section: the next part (``III.``) or the annex.
_END = re.compile(r"([IVX]{1,5}\.\s+\S|Annex(es)?\b)")
_RECOMMENDATION = re.compile(r"(\d{1,3})\.(\d{1,3})\.?\s+(\S.*)", re.DOTALL)
_INTRODUCTION = re.compile(r"(\d{1,3})\.\s+(\S.*)", re.DOTALL)
#: A footnote of the section: "** Conclusions and recommendations have not been edited.", "1 A/HRC/WG.6/48/SVN/1."
_FOOTNOTE = re.compile(r"(\*+\s*|\d{1,3}\s+(?=[A-Z]{1,8}/|See\b|Ibid\b))\S.{0,400}", re.DOTALL)
#: The paragraph that closes the section: "All conclusions and/or recommendations … reflect the position of …".
_CLOSING = re.compile(r"reflect the position of", re.IGNORECASE)
#: A footnote reference after the closing punctuation of a recommendation: "(Spain);12".
_REFERENCE = re.compile(r"(?<=[;.)])\d{1,3}$")

#: What the introducing paragraph says about the recommendations after it (read in this order).
_NOTED = re.compile(
    r"(did|does|do) not (enjoy|have) the support|not (been )?(supported|accepted)|(were|was|been|be|are|is) noted"
    r"|(has|have) noted|took note|takes note|rejected",
    re.IGNORECASE,
)
_SUPPORTED = re.compile(
    r"enjoys? the support|(are|were|is|was|been) supported|(has|have) accepted|(are|were) accepted", re.IGNORECASE
)
_PENDING = re.compile(r"(will|to) be examined|will examine|will provide (its )?responses", re.IGNORECASE)

_EXCERPT = 100


def read_upr_report(text: DocumentText, *, symbol: str, state: str | None = None) -> UprReport:
    """The recommendations of the Working Group report ``symbol`` (``A/HRC/28/15``) whose text is ``text``.

    Each recommendation becomes a :class:`RecommendationRecord` of document ``symbol``:
    ``paragraph`` its number (``115.1``); ``text`` its whole text without the recommending States
    that close it (the States of earlier clauses stay in the text, where the report puts them);
    ``recommending_states`` the ISO3 codes of all the States it names in parentheses, in order,
    each once (empty, and counted in ``without_states``, when it names none); ``response`` what
    the introducing paragraph it falls under says: ``supported`` ("enjoy the support of"),
    ``noted`` ("noted", "did not enjoy the support of"), or None for recommendations the State
    "will examine" and answers later (in the addendum), since the report itself gives no answer
    for them; ``cycle`` the cycle when it can be told. A footnote reference after the closing
    punctuation (``(Spain);12``) is dropped; footnotes (``** …``, ``1 A/HRC/…``) are skipped.

    ``state`` is read from the report's title ("Report of the Working Group on the Universal
    Periodic Review — Slovenia") when not given.
    """
    paragraphs = [" ".join(p.split()) for p in text.paragraphs]
    cycle = _cycle(paragraphs)
    reviewed = state_code(state) if state else _title_state(paragraphs)
    records: list[RecommendationRecord] = []
    unplaced: list[str] = []
    without_states = 0
    seen: set[str] = set()
    intro: _Intro | None = None
    # First-cycle layout: the number the next item of the current introducing paragraph's list would have.
    expected = 0

    def add(paragraph: str, under: str, number: str, body: str) -> None:
        nonlocal without_states
        parsed = split_recommendation(body)
        if intro is None or intro.number != under or number in seen or parsed is None:
            unplaced.append(paragraph[:_EXCERPT])
            return
        text, states = parsed
        seen.add(number)
        without_states += not states
        records.append(
            RecommendationRecord(
                document=symbol, paragraph=number, text=text, recommending_states=states, response=intro.response, cycle=cycle
            )
        )

    for paragraph in _section(paragraphs):
        if not paragraph or _FOOTNOTE.fullmatch(paragraph):
            continue
        if match := _RECOMMENDATION.fullmatch(paragraph):
            add(paragraph, str(int(match[1])), f"{int(match[1])}.{int(match[2])}", match[3])
            expected = 0
        elif match := _INTRODUCTION.fullmatch(paragraph):
            number = int(match[1])
            if intro is not None and expected and number == expected and not _introduces(intro, number, match[2]):
                add(paragraph, intro.number, f"{intro.number}.{number}", match[2])
                expected += 1
                continue
            response, understood = _response(match[2])
            intro = _Intro(str(number), response)
            expected = 1 if match[2].rstrip().endswith(":") else 0
            if not understood and not _CLOSING.search(match[2]):
                unplaced.append(paragraph[:_EXCERPT])
        else:
            unplaced.append(paragraph[:_EXCERPT])
    return UprReport(state=reviewed, cycle=cycle, recommendations=records, unplaced=unplaced, without_states=without_states)


class _Intro(NamedTuple):
    """An introducing paragraph: its number and the response it gives the recommendations after it."""

    number: str
    response: UprResponse | None


def _introduces(intro: _Intro, number: int, text: str) -> bool:
    """Whether paragraph ``number``, which could be item ``number`` of the list of ``intro`` (first-cycle
    layout), is rather the next paragraph of the section: it follows ``intro``, and names no States."""
    if number != int(intro.number) + 1:
        return False
    parsed = split_recommendation(text)
    return parsed is None or not parsed[1]


def _section(paragraphs: list[str]) -> list[str]:
    """The paragraphs of "Conclusions and/or recommendations", without its heading (none if there is no such section)."""
    for index, paragraph in enumerate(paragraphs):
        # The table of contents names the section too, followed by dot leaders and page numbers.
        if _SECTION.fullmatch(paragraph) and "..." not in paragraph:
            section = []
            for following in paragraphs[index + 1 :]:
                if _END.match(following) and not _INTRODUCTION.match(following):
                    break
                section.append(following)
            return section
    return []


def _response(introduction: str) -> tuple[UprResponse | None, bool]:
    """(The response an introducing paragraph gives its recommendations, whether the paragraph was understood)."""
    if "recommendation" not in introduction.casefold():
        return None, False
    if _NOTED.search(introduction):
        return UprResponse.NOTED, True
    if _SUPPORTED.search(introduction):
        return UprResponse.SUPPORTED, True
    if _PENDING.search(introduction):
        return None, True
    return None, False


# --- one recommendation ---------------------------------------------------------------------


def split_recommendation(body: str) -> tuple[str, list[str]] | None:
    """Split a recommendation's ``body`` into (its text without the closing States, the States' ISO3 codes).

    The closing parenthesised groups that name States (``(Spain, Tunisia)``, ``(Algeria) (Cabo
    Verde)``, ``(Iran (Islamic Republic of))``) are taken off the end; the States named in earlier
    clauses stay in the text but are counted, in order, each once. A footnote reference after the
    closing punctuation (``(Spain);12``) and the closing ``;``/``.``/``,`` are dropped. None when it
    cannot be read: unbalanced parentheses, States named but none closing it, a closing group that
    is not a known State, or nothing left once the States are taken off.
    """
    core = _REFERENCE.sub("", body.strip()).rstrip(";.,").rstrip()
    groups = _groups(core)
    if groups is None:
        return None
    named = [(start, end, codes) for start, end, content in groups if (codes := _states(content))]
    text = core
    closing = False
    for start, end, _ in reversed(named):
        if end != len(text):
            break
        text = text[:start].rstrip().rstrip(",").rstrip()
        closing = True
    if not closing and (named or core.endswith(")")):
        # States named inside but not at the end, or a closing name that is not a known State.
        return None
    if not text:
        return None
    states: list[str] = []
    for _, _, codes in named:
        states.extend(code for code in codes if code not in states)
    return text, states


def _groups(text: str) -> list[tuple[int, int, str]] | None:
    """The outermost parenthesised groups of ``text`` as (start, end, content); None if the parentheses do not balance."""
    groups, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char == "(":
            if depth == 0:
                start = index
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return None
            if depth == 0:
                groups.append((start, index + 1, text[start + 1 : index]))
    return groups if depth == 0 else None


def _states(content: str) -> list[str]:
    """The codes of the States a parenthesised group names, each piece between commas a State; [] otherwise."""
    pieces, depth, current = [], 0, ""
    for char in content:
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            pieces.append(current)
            current = ""
        else:
            current += char
    pieces.append(current)
    codes = [state_code(piece.strip()) for piece in pieces]
    return [code for code in codes if code] if all(codes) else []


# --- the State and the cycle ----------------------------------------------------------------

_TITLE = re.compile(r"Working Group on the Universal\s+Periodic\s+Review[\s*]*[—–:\-]?\s*", re.IGNORECASE)


def _title_state(paragraphs: list[str]) -> str | None:
    """The State named after the report's title, in the same paragraph or the next ones."""
    head = "\n".join(paragraphs[:25])
    match = _TITLE.search(head)
    if match is None:
        return None
    for line in head[match.end() :].split("\n")[:3]:
        name = line.strip(" *—–-:")
        if name:
            return state_code(name)
    return None


_UNITS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
}  # fmt: skip
_TENS = {"twent": 20, "thirt": 30, "fort": 40, "fift": 50, "sixt": 60, "sevent": 70}
_SESSION = re.compile(r"Working Group on the Universal Periodic Review.{0,200}?held its ([a-z\-]+) session", re.IGNORECASE)
_SESSION_SYMBOL = re.compile(r"A/HRC/WG\.6/(\d{1,3})/")
#: The last Working Group session of each cycle.
_CYCLE_ENDS = [(12, 1), (26, 2), (40, 3), (54, 4)]


def _ordinal(word: str) -> int | None:
    word = word.casefold()
    if word in _UNITS:
        return _UNITS[word]
    tens, _, unit = word.partition("-")
    for stem, value in _TENS.items():
        if tens.startswith(stem) and (tens == stem + "ieth" or (tens == stem + "y" and unit in _UNITS and _UNITS[unit] < 10)):
            return value + (_UNITS[unit] if unit else 0)
    return None


def _cycle(paragraphs: list[str]) -> int | None:
    """The cycle, from the Working Group session the report names ("held its twentieth session"); None if unknown."""
    session = None
    for paragraph in paragraphs[:60]:
        if match := _SESSION.search(paragraph):
            session = _ordinal(match[1])
            break
    if session is None:
        for paragraph in paragraphs[:80]:
            if match := _SESSION_SYMBOL.search(paragraph):
                session = int(match[1])
                break
    if session is None:
        return None
    return next((cycle for last, cycle in _CYCLE_ENDS if session <= last), None)
