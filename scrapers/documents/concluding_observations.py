"""The recommendations of a treaty body's concluding observations, in English or Russian.

Concluding observations (``CAT/C/KAZ/CO/3``, ``CCPR/C/TJK/CO/3``, ``E/C.12/KAZ/CO/2``, …) are
numbered paragraphs under lettered sections: "A. Introduction" (which says when the Committee
adopted them), "B. Positive aspects", "C. Principal subjects of concern and recommendations",
then "Follow-up procedure", "Other issues", "Dissemination" (as headings of section C or as a
section D). Under C, a topic heading is followed by what the Committee is concerned about and what
it recommends, in one of three layouts:

- a concern paragraph and a recommendation paragraph, each numbered (CAT since about 2016, CCPR):
  ``9. The Committee is concerned …`` then ``10. The State party should: (a) … (b) …``;
- one number holding the concern, then the recommendation as unnumbered paragraphs (CAT about
  2010–2015): ``8. The Committee is concerned … The State party should: (a) …``;
- concern and recommendation in one paragraph (older documents).

The item is the recommendation: its text runs from the first sentence that recommends ("The
State party should", "The Committee recommends/urges/calls upon …", "Государству-участнику
следует", "Комитет рекомендует …") to the end of its number, sub-paragraphs included; what comes
before it under the same number is the concern, counted as context and not an item. A
sub-paragraph becomes an item of its own (``10a``) only when the follow-up request names it: its
text is the paragraph's opening words and the sub-paragraph (``The State party should: (a)
Ensure …``), and the paragraph stays an item with all its text.

The **follow-up request** ("The Committee requests the State party to provide, by 28 November
2015, information … (see paras. 8, 10, 13 and 15 above)", CCPR's "In accordance with rule 75 …
by <date> … in paragraphs 14 (a) and (b) … above", "within one year", "Комитет просит
государство-участник представить к 28 ноября 2015 года … (см. пункты 8, 10, 13 и 15 выше)")
selects the follow-up items and their due date. The **next periodic report**'s date gives the
other items theirs. Whatever cannot be placed (a paragraph of section C that neither recommends
nor voices a concern, a paragraph named for follow-up that is no recommendation, a date that
cannot be read) is listed in :attr:`ConcludingObservations.unplaced`, never guessed.

In Russian, sub-paragraphs are lettered ``а)``, ``б)``, ``в)`` …; they are read as ``a``, ``b``,
``c`` … by their place in the alphabet, so that both versions number their items alike.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from babel.dates import get_month_names
from msgspec import Struct

from tracker.domain import symbols
from tracker.domain.deadlines import add_months
from tracker.domain.enums import Body
from tracker.records import RecommendationRecord
from tracker_scrapers.texts import DocumentText

__all__ = [
    "ConcludingObservations",
    "Reference",
    "dates_in",
    "read_concluding_observations",
    "read_references",
    "paragraphs_of",
    "split_trailing_heading",
    "sub_letter",
]

_EXCERPT = 100
#: How much of the follow-up request a due date's basis quotes: the request whole, as a rule.
_QUOTE = 600


# --- dates, in English and Russian -------------------------------------------------------------


def _months(language: str) -> dict[str, int]:
    # Russian dates use the genitive ("28 ноября 2015 года"): the "format" context of the month names.
    names = get_month_names("wide", context="format", locale=language)
    return {str(name).casefold(): number for number, name in names.items()}


_MONTHS = {language: _months(language) for language in ("en", "ru")}
_DATE = {
    language: re.compile(r"\b(\d{1,2})\s+(" + "|".join(months) + r")\s+(\d{4})(?:\s+года|\s+г\.)?", re.IGNORECASE)
    for language, months in _MONTHS.items()
}


def dates_in(text: str, language: str = "en") -> list[tuple[dt.date, re.Match[str]]]:
    """The dates written in full in ``text`` ("28 November 2015", "28 ноября 2015 года"), in order, with where they stand."""
    found = []
    for match in _DATE[language].finditer(text):
        try:
            found.append((dt.date(int(match[3]), _MONTHS[language][match[2].casefold()], int(match[1])), match))
        except ValueError:
            continue
    return found


# --- paragraph references ("paras. 10 (a), 18 (b) and 46 (c)", "пункты 8, 10, 13 и 15") ------------

#: Russian sub-paragraph letters, in order; the UN's lists skip й.
_CYRILLIC = "абвгдежзиклмнопрст"
_LATIN = "abcdefghijklmnopqrs"


def sub_letter(letter: str) -> str | None:
    """A sub-paragraph letter as the tracker numbers items: ``b`` → ``b``, Russian ``б`` → ``b`` (by place)."""
    letter = letter.lower()
    if letter in _LATIN:
        return letter
    index = _CYRILLIC.find(letter)
    return _LATIN[index] if index >= 0 else None


class Reference(NamedTuple):
    """A paragraph, and maybe one of its sub-paragraphs, as a document names it."""

    paragraph: int
    letter: str | None = None

    def __str__(self) -> str:
        return f"{self.paragraph}{self.letter or ''}"


_REFERENCE_PARTS = re.compile(r"(?<![\w.])(\d{1,3})(?![\w.]\d)|\(([a-z])\)|(?<![\w(])([a-z]|[а-я])\)")


def read_references(written: str) -> list[Reference]:
    """The paragraphs a list names, in order: "8, 10, 13 and 15", "14 (a) and (b), 26 (c)", "10 а), 18 б) и 46".

    A letter belongs to the number before it; words in parentheses ("(torture)") are passed over.
    """
    references: list[Reference] = []
    current: int | None = None
    bare: int | None = None  # where the number just read stands, until a letter says it named a sub-paragraph
    for match in _REFERENCE_PARTS.finditer(written):
        if match[1]:
            current, bare = int(match[1]), len(references)
            references.append(Reference(current))
            continue
        letter = sub_letter(match[2] or match[3])
        if current is None or letter is None:
            continue
        if bare is not None:
            del references[bare]
            bare = None
        references.append(Reference(current, letter))
    return references


# --- the document's paragraphs -------------------------------------------------------------------

_NUMBERED = re.compile(r"(\d{1,3})\.\s+(\S.*)", re.DOTALL)
#: A section heading: "C. Principal subjects of concern and recommendations", "II. Assessment …".
_SECTION = re.compile(r"(?:[A-HА-Е]|[IVX]{1,4})\.\s+\S.{0,150}")
_PRINCIPAL = re.compile(r"(subjects|matters|areas) of concern|concerns and recommendations|обеспокоенност", re.IGNORECASE)
#: Headings after which paragraphs are no longer recommendations of the section on concerns.
_CLOSING = re.compile(
    r"(?:[A-HА-Е]\.\s+)?(?:Follow-up procedure|Follow-up|Dissemination|Other issues|Next periodic report|"
    r"Процедура последующей деятельности|Последующая деятельность|Распространение|Другие вопросы|Следующий периодический доклад)",
    re.IGNORECASE,
)
#: A paragraph asking to disseminate the text: the section on concerns is over, heading or not (older documents).
_DISSEMINATION = re.compile(r"\bdisseminate\b|\bшироко\w*\s+распростран", re.IGNORECASE)
_SENTENCE_END = (".", ";", ":", "!", "?", "»", '"')
_HEADING_MAX = 150

_RECOMMENDS = {
    "en": re.compile(
        r"(?:^|(?<=[.;:]\s))(?:The State party should|The State party is (?:urged|requested|encouraged|invited)|"
        r"The Committee (?:also |further |again |strongly |therefore )*(?:recommends|urges|calls (?:up)?on|requests|encourages|"
        r"invites|reiterates (?:its|the) (?:previous )?recommendation))"
    ),
    "ru": re.compile(
        r"(?:^|(?<=[.;:]\s))(?:Государству-участнику\s+(?:также\s+)?(?:следует|рекомендуется|предлагается)|"
        r"Комитет (?:(?:также|вновь|настоятельно|поэтому)\s)*(?:рекомендует|призывает|просит|предлагает|"
        r"повторяет свою (?:предыдущую )?рекомендацию))"
    ),
}
_CONCERN = {
    "en": re.compile(r"concern|regret|deplore|alarm|notes|noting|welcom|acknowledg|takes note", re.IGNORECASE),
    "ru": re.compile(r"обеспокоен|сожалеет|тревог|отмечает|принима\w* к сведению|приветств|признава", re.IGNORECASE),
}
_SUB_MARK = {"en": re.compile(r"(?:^|(?<=[\s:;]))\(([a-z])\)\s+"), "ru": re.compile(r"(?:^|(?<=[\s:;]))([а-я])\)\s+")}

#: The follow-up request, and the paragraphs it names up to "above"/"выше".
_REQUEST = {
    "en": re.compile(
        r"(?:requests? the State party to (?:provide|submit)|State party is requested to (?:provide|submit)|"
        r"State party should (?:provide|submit)[^.]{0,40}(?:within one year|by \d))",
        re.IGNORECASE,
    ),
    "ru": re.compile(
        r"(?:просит государство-участник|государству-участнику предлагается|государству-участнику следует)"
        r"\s+представить",
        re.IGNORECASE,
    ),
}
_NAMED = {
    "en": (re.compile(r"\b(?:paragraphs?|paras?\.)\s+", re.IGNORECASE), re.compile(r"\babove\b")),
    "ru": (re.compile(r"\bпункт\w*\s+", re.IGNORECASE), re.compile(r"\bвыше\b")),
}
_WITHIN_A_YEAR = {
    "en": re.compile(r"within one year", re.IGNORECASE),
    "ru": re.compile(r"в течение (?:одного )?года", re.IGNORECASE),
}
_BY = {"en": re.compile(r"\bby\s+$"), "ru": re.compile(r"\bк\s+$")}
_NEXT_REPORT = {
    "en": re.compile(r"(?:submit|present)\s+its\s+next\s+(?:periodic\s+|combined\s+)?report", re.IGNORECASE),
    "ru": re.compile(r"представить\s+(?:свой\s+)?следующий\b", re.IGNORECASE),
}
_ADOPTED = {
    "en": [re.compile(r"adopted\b[^.]*?\bheld on\s+$"), re.compile(r"\bheld on\s+$")],
    "ru": [re.compile(r"принял\w*\b[^.]*?состоявш\w+\s+$"), re.compile(r"состоявш\w+\s+$")],
}
_ADOPTING = {"en": re.compile(r"\badopt", re.IGNORECASE), "ru": re.compile(r"\bприня", re.IGNORECASE)}


class ConcludingObservations(Struct, frozen=True, kw_only=True):
    """What :func:`read_concluding_observations` read from one document.

    ``recommendations`` are the items in paragraph order, sub-paragraph items after their
    paragraph; ``texts`` each item's text by paragraph (``"8"``, ``"10a"``) in the document's
    language; ``concerns`` how many paragraphs voice a concern (context, not items);
    ``follow_up`` the items the follow-up request names, ``follow_up_due`` their due date and
    ``follow_up_due_basis`` where it comes from; ``next_report_due`` the date set for the next
    periodic report; ``unplaced`` what could not be placed, each with its first words.
    """

    body: Body | None = None
    state: str | None = None
    language: str = "en"
    title: str | None = None
    adopted_on: dt.date | None = None
    recommendations: list[RecommendationRecord] = []
    texts: dict[str, str] = {}
    concerns: int = 0
    follow_up: list[str] = []
    follow_up_due: dt.date | None = None
    follow_up_due_basis: str | None = None
    next_report_due: dt.date | None = None
    unplaced: list[str] = []


class _Unit:
    """A numbered paragraph with its unnumbered continuations, under a section and a topic heading."""

    def __init__(self, number: int, text: str, *, principal: bool, heading: str | None) -> None:
        self.number = number
        self.parts = [text]
        self.principal = principal
        self.heading = heading

    @property
    def text(self) -> str:
        return " ".join(self.parts)


_TRAILING_HEADING = re.compile(rf"^(.{{20,}}[.;:])\s+([A-ZА-ЯЁ][^.;:]{{1,{_HEADING_MAX}}})$", re.DOTALL)


def split_trailing_heading(paragraph: str) -> tuple[str, str | None]:
    """A paragraph and the heading glued to its end, if any: "… grave nature. Statute of limitations".

    A PDF's bold heading after a paragraph whose last line is long is read as part of it. A body
    paragraph of a UN document ends with a full stop, semicolon or colon: a short tail without
    one, after the last sentence, starting with a capital, is the heading of what follows.
    """
    if paragraph.endswith(_SENTENCE_END) or paragraph.endswith(")"):
        return paragraph, None
    match = _TRAILING_HEADING.search(paragraph)
    if match is None:
        return paragraph, None
    return match[1], match[2]


def paragraphs_of(text: DocumentText) -> list[str]:
    """The document's paragraphs, spaces squashed, with each heading glued to a paragraph's end set apart."""
    paragraphs = []
    for raw in text.paragraphs:
        body, glued = split_trailing_heading(" ".join(raw.split()))
        paragraphs += [piece for piece in (body, glued) if piece]
    return paragraphs


def _is_heading(paragraph: str) -> bool:
    return len(paragraph) <= _HEADING_MAX and not paragraph.endswith(_SENTENCE_END) and not _NUMBERED.match(paragraph)


def read_concluding_observations(text: DocumentText, *, symbol: str, language: str = "en") -> ConcludingObservations:
    """The recommendations of the concluding observations ``symbol`` whose text is ``text`` (``language`` ``en`` or ``ru``).

    Each recommendation becomes a :class:`RecommendationRecord` of document ``symbol``:
    ``paragraph`` its number (``8``, or ``10a`` for a sub-paragraph the follow-up request
    names), ``title`` the topic heading it stands under, ``text`` the recommendation (see the
    module), ``language``, ``follow_up`` whether the follow-up request names it, ``due_date`` the
    follow-up date for those and the next periodic report's date for the others, with
    ``due_date_basis`` saying which. Sources and verification are the caller's.
    """
    if language not in _RECOMMENDS:
        raise ValueError(f"concluding observations are read in English and Russian, not {language!r}")
    read = symbols.parse(symbol)
    units, unplaced, title = _units(text, language)
    adopted = _adopted(units, language)

    recommendations: dict[int, tuple[_Unit, str]] = {}
    concerns = 0
    request: _Unit | None = None
    next_report: tuple[_Unit, dt.date] | None = None
    closed = False
    for unit in units:
        body = unit.text
        if _REQUEST[language].search(body) and _NAMED[language][0].search(body):
            request = request or unit
            continue
        if _NEXT_REPORT[language].search(body):
            dated = _date_after(body, _NEXT_REPORT[language], language)
            if dated is not None and next_report is None:
                next_report = (unit, dated)
            continue
        if not unit.principal or closed:
            continue
        if _DISSEMINATION.search(body):
            closed = True
            continue
        start = _RECOMMENDS[language].search(body)
        if start is not None:
            recommendations[unit.number] = (unit, body[start.start() :].strip())
            concerns += bool(body[: start.start()].strip())
        elif _CONCERN[language].search(body):
            concerns += 1
        else:
            unplaced.append(f"paragraph {unit.number}, neither a recommendation nor a concern: {body[:_EXCERPT]}")

    follow_up: dict[str, str] = {}  # item paragraph → its text
    due: dt.date | None = None
    basis: str | None = None
    if request is not None:
        due, basis, problem = _request_due(request, adopted, symbol, language)
        if problem:
            unplaced.append(problem)
        for reference in _requested(request.text, language):
            held = recommendations.get(reference.paragraph)
            if held is None:
                unplaced.append(
                    f"{reference}: named for follow-up in paragraph {request.number}, but paragraph "
                    f"{reference.paragraph} is no recommendation of {symbol}"
                )
                continue
            if reference.letter is None:
                follow_up[str(reference)] = held[1]
                continue
            lead, subs = _sub_paragraphs(held[1], language)
            if reference.letter not in subs:
                unplaced.append(
                    f"{reference}: named for follow-up in paragraph {request.number}, but paragraph "
                    f"{reference.paragraph} has no sub-paragraph ({reference.letter})"
                )
                continue
            follow_up[str(reference)] = f"{lead} {subs[reference.letter]}".strip()

    records: list[RecommendationRecord] = []
    texts: dict[str, str] = {}
    next_basis = None
    if next_report is not None:
        next_basis = (
            f"the date paragraph {next_report[0].number} of {symbol} sets for the next periodic report "
            f"({_written(next_report[1])})"
        )

    def add(paragraph: str, heading: str | None, item_text: str) -> None:
        chosen = paragraph in follow_up
        stated, stated_basis = (due, basis) if chosen else (next_report[1] if next_report else None, next_basis)
        texts[paragraph] = item_text
        records.append(
            RecommendationRecord(
                document=symbol,
                paragraph=paragraph,
                title=heading,
                text=item_text,
                language=language,
                follow_up=chosen,
                due_date=stated,
                due_date_basis=stated_basis if stated else None,
            )
        )

    for number, (unit, recommendation) in sorted(recommendations.items()):
        add(str(number), unit.heading, recommendation)
        for paragraph in sorted(p for p in follow_up if re.fullmatch(rf"{number}[a-z]", p)):
            add(paragraph, unit.heading, follow_up[paragraph])
    return ConcludingObservations(
        body=read.body,
        state=read.state,
        language=language,
        title=title,
        adopted_on=adopted,
        recommendations=records,
        texts=texts,
        concerns=concerns,
        follow_up=[p for p in texts if p in follow_up],
        follow_up_due=due,
        follow_up_due_basis=basis,
        next_report_due=next_report[1] if next_report else None,
        unplaced=unplaced,
    )


def _units(text: DocumentText, language: str) -> tuple[list[_Unit], list[str], str | None]:
    """The numbered paragraphs, whether each stands in the section on concerns, and the document's title."""
    units: list[_Unit] = []
    unplaced: list[str] = []
    principal = False
    heading: str | None = None
    title: str | None = None
    cover: list[str] = []
    for piece in paragraphs_of(text):
        if piece.startswith("*"):
            continue
        numbered = _NUMBERED.fullmatch(piece)
        if numbered and (not units or int(numbered[1]) > units[-1].number):
            units.append(_Unit(int(numbered[1]), numbered[2], principal=principal, heading=heading))
        elif _SECTION.fullmatch(piece) and _is_heading(piece):
            principal = bool(_PRINCIPAL.search(piece)) and not _CLOSING.match(piece)
            heading = None
        elif _is_heading(piece):
            if not units:
                cover.append(piece)
                continue
            if _CLOSING.match(piece):
                principal = False
            heading = piece
        elif units:
            if heading is not None and units[-1].heading != heading:
                unplaced.append(f"unnumbered paragraph under {heading!r}: {piece[:_EXCERPT]}")
                continue
            units[-1].parts.append(piece)
    for index, line in enumerate(cover):
        if re.match(r"(Concluding observations|Заключительные замечания)", line, re.IGNORECASE):
            following = [] if line.endswith("*") else cover[index + 1 : index + 2]
            title = " ".join([line, *following]).rstrip("*").strip()
            break
    return units, unplaced, title


def _sub_paragraphs(recommendation: str, language: str) -> tuple[str, dict[str, str]]:
    """The opening words of a recommendation and its lettered sub-paragraphs (``a``, ``b`` … whatever the script).

    Letters count only in their order from the first: a stray "(c)" in a sentence is not one.
    """
    marks = []
    for match in _SUB_MARK[language].finditer(recommendation):
        letter = sub_letter(match[1])
        if letter == _LATIN[len(marks)]:
            marks.append((letter, match))
    if not marks:
        return recommendation, {}
    lead = recommendation[: marks[0][1].start()].strip()
    subs = {}
    for index, (letter, match) in enumerate(marks):
        end = marks[index + 1][1].start() if index + 1 < len(marks) else len(recommendation)
        subs[letter] = recommendation[match.start() : end].strip()
    return lead, subs


def _requested(request: str, language: str) -> list[Reference]:
    """The paragraphs a follow-up request names: those between the last "paragraphs"/"paras." and "above"."""
    keyword, closing = _NAMED[language]
    end = closing.search(request)
    stop = end.start() if end else len(request)
    starts = [match.end() for match in keyword.finditer(request, 0, stop)]
    if not starts:
        return []
    return read_references(request[starts[-1] : stop])


def _date_after(text: str, anchor: re.Pattern[str], language: str) -> dt.date | None:
    """The first date after ``anchor`` that ``text`` gives with "by"/"к" before it."""
    found = anchor.search(text)
    if found is None:
        return None
    for date, match in dates_in(text, language):
        if match.start() > found.start() and _BY[language].search(text[: match.start()]):
            return date
    return None


def _request_due(
    request: _Unit, adopted: dt.date | None, symbol: str, language: str
) -> tuple[dt.date | None, str | None, str | None]:
    """(due date, basis in words, what could not be read) of the follow-up request."""
    body = request.text
    quoted = body if len(body) <= _QUOTE else body[: _QUOTE - 1].rsplit(" ", 1)[0] + "…"
    stated = _date_after(body, _REQUEST[language], language)
    if stated is not None:
        return stated, f"the date paragraph {request.number} of {symbol} sets for follow-up: “{quoted}”", None
    if _WITHIN_A_YEAR[language].search(body):
        if adopted is None:
            return (
                None,
                None,
                (
                    f"paragraph {request.number} asks for follow-up within one year, but the adoption date "
                    f"cannot be read: {body[:_EXCERPT]}"
                ),
            )
        return (
            add_months(adopted, 12),
            f"within one year of the adoption on {adopted.isoformat()}, as paragraph "
            f"{request.number} of {symbol} requests: “{quoted}”",
            None,
        )
    return None, None, f"paragraph {request.number} asks for follow-up by a date that cannot be read: {body[:_EXCERPT]}"


def _adopted(units: list[_Unit], language: str) -> dt.date | None:
    """The date the Committee adopted the text, from the introduction: "adopted … at its 1286th meeting, held on 27 November 2014"."""
    for unit in units[:5]:
        body = unit.text
        if not _ADOPTING[language].search(body):
            continue
        dated = dates_in(body, language)
        after_adopting, before_adopting = _ADOPTED[language]
        for date, match in dated:
            if after_adopting.search(body[: match.start()]):
                return date
        for date, match in dated:
            following = body[match.end() : match.end() + 40]
            if before_adopting.search(body[: match.start()]) and _ADOPTING[language].search(following):
                return date
    return None


def _written(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"
