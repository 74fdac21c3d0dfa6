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

from tracker.domain import symbols
from tracker.domain.enums import Body, UprResponse
from tracker.records import RecommendationRecord
from tracker_scrapers.states import state_code
from tracker_scrapers.texts import DocumentText

__all__ = ["LANGUAGES", "UprReport", "read_upr_report", "split_recommendation"]


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


class _Wording(NamedTuple):
    """How a report in one language words what the reader looks for."""

    #: The section's heading, "II. Conclusions and/or recommendations".
    section: re.Pattern[str]
    #: A heading that ends the section: the next part (``III.``) or the annex.
    end: re.Pattern[str]
    #: A footnote of the section: "** Conclusions and recommendations have not been edited.", "1 A/HRC/WG.6/48/SVN/1."
    footnote: re.Pattern[str]
    #: The paragraph that closes the section: "All conclusions and/or recommendations … reflect the position of …".
    closing: re.Pattern[str]
    #: The word an introducing paragraph uses for the recommendations it introduces.
    recommendations: str
    #: What the introducing paragraph says about the recommendations after it (read in this order).
    noted: re.Pattern[str]
    supported: re.Pattern[str]
    pending: re.Pattern[str]


_WORDING = {
    "en": _Wording(
        section=re.compile(r"[IVX]{1,5}\.\s*Conclusions\s+(and/or|and)\s+recommendations\W*", re.IGNORECASE),
        end=re.compile(r"([IVX]{1,5}\.\s+\S|Annex(es)?\b)"),
        footnote=re.compile(r"(\*+\s*|\d{1,3}\s+(?=[A-Z]{1,8}/|See\b|Ibid\b))\S.{0,400}", re.DOTALL),
        closing=re.compile(r"reflect the position of", re.IGNORECASE),
        recommendations="recommendation",
        noted=re.compile(
            r"(did|does|do) not (enjoy|have) the support|not (been )?(supported|accepted)|(were|was|been|be|are|is) noted"
            r"|(has|have) noted|took note|takes note|rejected",
            re.IGNORECASE,
        ),
        supported=re.compile(
            r"enjoys? the support|(are|were|is|was|been) supported|(has|have) accepted|(are|were) accepted", re.IGNORECASE
        ),
        pending=re.compile(r"(will|to) be examined|will examine|will provide (its )?responses", re.IGNORECASE),
    ),
    # The Russian version: "II. Выводы и/или рекомендации", "… пользуются ее поддержкой:", "Приложение".
    "ru": _Wording(
        section=re.compile(r"[IVX]{1,5}\.\s*Выводы\s+и(/или)?\s+рекомендации\W*", re.IGNORECASE),
        end=re.compile(r"([IVX]{1,5}\.\s+\S|Приложени[ея]\b)"),
        footnote=re.compile(r"(\*+\s*|\d{1,3}\s+(?=[A-Z]{1,8}/|См\.|Там же\b))\S.{0,400}", re.DOTALL),
        closing=re.compile(r"отражают позицию", re.IGNORECASE),
        recommendations="рекомендаци",
        noted=re.compile(
            r"не (пользуются|пользовались|получили) (ее |его )?поддержк|принят[аы]? к сведению|отклонен", re.IGNORECASE
        ),
        supported=re.compile(
            r"пользуются (ее |его )?поддержкой|получили (ее |его )?поддержку|поддержан|принят[аы]\b", re.IGNORECASE
        ),
        pending=re.compile(r"будут (рассмотрены|изучены)|рассмотрит|изучит|представит (свои )?ответы", re.IGNORECASE),
    ),
}
#: The languages whose reports can be read.
LANGUAGES = frozenset(_WORDING)

_RECOMMENDATION = re.compile(r"(\d{1,3})\.(\d{1,3})\.?\s+(\S.*)", re.DOTALL)
_INTRODUCTION = re.compile(r"(\d{1,3})\.\s+(\S.*)", re.DOTALL)
#: A footnote reference after the closing punctuation of a recommendation: "(Spain);12".
_REFERENCE = re.compile(r"(?<=[;.)])\d{1,3}$")

_EXCERPT = 100


def read_upr_report(text: DocumentText, *, symbol: str, state: str | None = None, language: str = "en") -> UprReport:
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

    ``language`` is the version's language (``en`` or ``ru``, see :data:`LANGUAGES`). The States
    of a Russian version are named in Russian and are not read: its recommendations carry their
    Russian text (``language="ru"``) and no ``recommending_states``; they align with the English
    version by number.
    """
    wording = _WORDING[language]
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
        parsed = split_recommendation(body, language=language)
        if intro is None or intro.number != under or number in seen or parsed is None:
            unplaced.append(paragraph[:_EXCERPT])
            return
        text, states = parsed
        seen.add(number)
        without_states += not states
        records.append(
            RecommendationRecord(
                document=symbol,
                paragraph=number,
                text=text,
                language=language,
                recommending_states=states if language == "en" else [],
                response=intro.response,
                cycle=cycle,
            )
        )

    for paragraph in _section(paragraphs, wording):
        if not paragraph or wording.footnote.fullmatch(paragraph):
            continue
        if match := _RECOMMENDATION.fullmatch(paragraph):
            add(paragraph, str(int(match[1])), f"{int(match[1])}.{int(match[2])}", match[3])
            expected = 0
        elif match := _INTRODUCTION.fullmatch(paragraph):
            number = int(match[1])
            if intro is not None and expected and number == expected and not _introduces(intro, number, match[2], language):
                add(paragraph, intro.number, f"{intro.number}.{number}", match[2])
                expected += 1
                continue
            response, understood = _response(match[2], wording)
            intro = _Intro(str(number), response)
            expected = 1 if match[2].rstrip().endswith(":") else 0
            if not understood and not wording.closing.search(match[2]):
                unplaced.append(paragraph[:_EXCERPT])
        else:
            unplaced.append(paragraph[:_EXCERPT])
    return UprReport(state=reviewed, cycle=cycle, recommendations=records, unplaced=unplaced, without_states=without_states)


class _Intro(NamedTuple):
    """An introducing paragraph: its number and the response it gives the recommendations after it."""

    number: str
    response: UprResponse | None


def _introduces(intro: _Intro, number: int, text: str, language: str) -> bool:
    """Whether paragraph ``number``, which could be item ``number`` of the list of ``intro`` (first-cycle
    layout), is rather the next paragraph of the section: it follows ``intro``, and names no States."""
    if number != int(intro.number) + 1:
        return False
    parsed = split_recommendation(text, language=language)
    return parsed is None or not parsed[1]


def _section(paragraphs: list[str], wording: _Wording) -> list[str]:
    """The paragraphs of "Conclusions and/or recommendations", without its heading (none if there is no such section)."""
    for index, paragraph in enumerate(paragraphs):
        # The table of contents names the section too, followed by dot leaders and page numbers.
        if wording.section.fullmatch(paragraph) and "..." not in paragraph:
            section = []
            for following in paragraphs[index + 1 :]:
                if wording.end.match(following) and not _INTRODUCTION.match(following):
                    break
                section.append(following)
            return section
    return []


def _response(introduction: str, wording: _Wording) -> tuple[UprResponse | None, bool]:
    """(The response an introducing paragraph gives its recommendations, whether the paragraph was understood)."""
    if wording.recommendations not in introduction.casefold():
        return None, False
    if wording.noted.search(introduction):
        return UprResponse.NOTED, True
    if wording.supported.search(introduction):
        return UprResponse.SUPPORTED, True
    if wording.pending.search(introduction):
        return None, True
    return None, False


# --- one recommendation ---------------------------------------------------------------------


def split_recommendation(body: str, *, language: str = "en") -> tuple[str, list[str]] | None:
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
    named = [(start, end, codes) for start, end, content in groups if (codes := _states(content, language))]
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


def _states(content: str, language: str = "en") -> list[str]:
    """The codes of the States a parenthesised group names, each piece between commas a State; [] otherwise.

    In a Russian version the names themselves stand for the States (see :func:`_russian_names`)."""
    pieces, depth, current = [], 0, ""
    for char in content:
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            pieces.append(current)
            current = ""
        else:
            current += char
    pieces.append(current)
    if language != "en":
        return _russian_names(pieces)
    codes = [state_code(piece.strip()) for piece in pieces]
    return [code for code in codes if code] if all(codes) else []


#: A State's name in a Russian version: Cyrillic words, at least one capitalised, that are not an
#: abbreviation alone ("Соединенное Королевство Великобритании и Северной Ирландии", "Иран
#: (Исламская Республика)", "Кот-д'Ивуар", "бывшая югославская Республика Македония"; not
#: "(КЛДЖ)", "(ЮНЕСКО)", "(в том числе дети)").
_RUSSIAN_NAME = re.compile(r"(?=.*\b[А-ЯЁ][а-яё])[А-ЯЁа-яё][А-ЯЁа-яё'’\-]*(?:\s+[А-ЯЁа-яё'’\-]+|\s*\([^()]+\))*")


def _russian_names(pieces: list[str]) -> list[str]:
    names = [" ".join(piece.split()) for piece in pieces]
    return names if all(_RUSSIAN_NAME.fullmatch(name) for name in names) else []


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
            reviews = [read for found in symbols.find_symbols(paragraph) if (read := symbols.parse(found)).body is Body.UPR]
            if reviews and reviews[0].session:
                session = reviews[0].session
                break
    if session is None:
        return None
    return next((cycle for last, cycle in _CYCLE_ENDS if session <= last), None)
