"""The recommendations of an OHCHR matrix: the "Thematic list of recommendations" of a UPR review.

A matrix is a Word ``.docx`` with one table. Its first row is the header ("Recommendation",
"Position", "Full list of themes", "Assessment/comments on level of implementation" in the second
cycle; "Recommendation and recommending State", "Position of the State under review", "Human
rights themes and groups of persons", "Relevant SDGs" in the fourth). Then come heading rows
``Theme: …`` (one cell merged across the width), each followed by the recommendations of that
theme, one row each:

- the first cell holds the number and the text with the recommending States in parentheses, as
  the Working Group report prints them (``115.1 Take further steps … (Croatia);``), then a line
  ``Source of position: A/HRC/28/15/Add.1 - Para. 3`` (the addendum where the State answered);
- the second the position, ``Supported`` or ``Noted``;
- the third the themes, one a line (``A12 Acceptance of international norms`` or ``- Ratification
  of & accession to international instruments``), then ``Affected persons:`` or ``Groups of
  Persons:`` and the groups, one a line (``- children``);
- the fourth an assessment (empty) or the SDGs, not read.

A matrix prints no symbol of its own: the caller names the Working Group report whose
recommendations it lists. See ``docs/documents.md``.

:func:`read_upr_matrix` reads what it can and never guesses: a row that it cannot read is listed
in :attr:`UprMatrix.unplaced`.
"""

from __future__ import annotations

import re

from msgspec import Struct, structs

from tracker.domain import symbols
from tracker.domain.enums import UprResponse
from tracker.records import RecommendationRecord
from tracker_scrapers.documents.upr_report import split_recommendation
from tracker_scrapers.texts import DocumentText

__all__ = ["UprMatrix", "read_upr_matrix"]


class UprMatrix(Struct, frozen=True, kw_only=True):
    """What :func:`read_upr_matrix` read from one matrix.

    ``recommendations`` the numbered recommendations, each number once, in number order;
    ``unplaced`` the first 100 characters of each row that could not be read: a row that is
    neither a heading nor a recommendation, a recommendation whose number is malformed, whose
    States cannot be told, whose source of position names another report than the one given,
    whose repetition under another theme disagrees with its first appearance; and a
    recommendation whose position is neither "Supported" nor "Noted" (it is kept, without
    response).
    """

    recommendations: list[RecommendationRecord] = []
    unplaced: list[str] = []


#: A heading row: ``Theme: A12 Acceptance of international norms``.
_HEADING = re.compile(r"Theme\s*:\s*(\S.*)", re.IGNORECASE | re.DOTALL)
#: The first cell of a recommendation row: its number, then its text.
_NUMBERED = re.compile(r"(\d{1,3})\.(\d{1,3})\s+(\S.*)", re.DOTALL)
#: The line giving the source of the position: ``Source of position: A/HRC/28/15/Add.1 - Para. 3``.
_SOURCE = re.compile(r"\bSource of position\s*:\s*(\S.*)", re.IGNORECASE | re.DOTALL)
#: The report symbol in the source of position, without its addendum: ``A/HRC/28/15`` of ``A/HRC/28/15/Add.1``.
#: The line after which the theme cell lists the persons affected rather than themes.
_GROUPS = re.compile(r"(Affected persons|Groups of persons)\s*:\s*", re.IGNORECASE)
_POSITIONS = {"supported": UprResponse.SUPPORTED, "noted": UprResponse.NOTED}

_EXCERPT = 100


def read_upr_matrix(text: DocumentText, *, report: str) -> UprMatrix:
    """The recommendations of the matrix whose text is ``text``, for the Working Group report ``report`` (``A/HRC/28/15``).

    Each recommendation becomes a :class:`RecommendationRecord` of document ``report``:
    ``paragraph`` its number (``115.1``); ``text`` its text without the recommending States that
    close it (read as the Working Group report's reader reads them); ``recommending_states``
    their ISO3 codes; ``response`` the position (``Supported``, ``Noted``); ``themes`` the
    heading it is listed under (without ``Theme:``) and the themes of its row, as the matrix
    words them, each once; ``affected_groups`` the affected persons of its row. A number listed
    under several themes gives one record with the themes (and groups) of all its rows.

    When a row's source of position names a report (``A/HRC/28/15/Add.1`` is an addendum of
    ``A/HRC/28/15``) other than ``report``, the row is not read and is listed in ``unplaced``.
    """
    records: dict[str, RecommendationRecord] = {}
    unplaced: list[str] = []
    for table in text.tables:
        position_column, themes_column = 1, 2
        heading: str | None = None
        for index, row in enumerate(table):
            cells = [cell.strip() for cell in row]
            if not any(cells):
                continue
            first = " ".join(cells[0].split())
            if index == 0 and first.casefold().startswith("recommendation") and not _NUMBERED.match(first):
                position_column, themes_column = _columns(cells, position_column, themes_column)
                continue
            if len(set(cells)) == 1 and (match := _HEADING.fullmatch(first)):
                heading = match[1]
                continue
            record = _record(cells, report, heading, position_column, themes_column, unplaced)
            if record is None:
                continue
            earlier = records.get(record.paragraph)
            if earlier is None:
                records[record.paragraph] = record
            elif (earlier.text, earlier.recommending_states, earlier.response) != (
                record.text,
                record.recommending_states,
                record.response,
            ):
                unplaced.append(first[:_EXCERPT])
            else:
                records[record.paragraph] = structs.replace(
                    earlier,
                    themes=_merge(earlier.themes, record.themes),
                    affected_groups=_merge(earlier.affected_groups, record.affected_groups),
                )
    ordered = sorted(records.values(), key=lambda r: tuple(int(part) for part in r.paragraph.split(".")))
    return UprMatrix(recommendations=ordered, unplaced=unplaced)


def _columns(header: list[str], position: int, themes: int) -> tuple[int, int]:
    """The columns of the position and of the themes, told from the header row (the defaults if it does not say)."""
    for index, cell in enumerate(header):
        name = cell.casefold()
        if "position" in name:
            position = index
        elif "theme" in name:
            themes = index
    return position, themes


def _record(
    cells: list[str], report: str, heading: str | None, position_column: int, themes_column: int, unplaced: list[str]
) -> RecommendationRecord | None:
    """The recommendation of one row, or None (and the row listed in ``unplaced``) if it cannot be read."""
    first = " ".join(cells[0].split())
    match = _NUMBERED.fullmatch(cells[0].strip())
    if match is None or len(cells) <= max(position_column, themes_column):
        unplaced.append(first[:_EXCERPT])
        return None
    body = match[3]
    source = _SOURCE.search(body)
    if source is not None:
        body = body[: source.start()]
        named = symbols.find_symbols(source[1])[:1]
        if not named or (symbols.parse(named[0]).parent or named[0]) != report:
            unplaced.append(first[:_EXCERPT])
            return None
    parsed = split_recommendation(" ".join(body.split()))
    if parsed is None:
        unplaced.append(first[:_EXCERPT])
        return None
    recommendation, states = parsed
    response = _POSITIONS.get(" ".join(cells[position_column].split()).casefold())
    if response is None:
        unplaced.append(first[:_EXCERPT])
    themes, groups = _themes(cells[themes_column])
    return RecommendationRecord(
        document=report,
        paragraph=f"{int(match[1])}.{int(match[2])}",
        text=recommendation,
        recommending_states=states,
        response=response,
        themes=_merge([heading] if heading else [], themes),
        affected_groups=groups,
    )


def _themes(cell: str) -> tuple[list[str], list[str]]:
    """(The themes, the affected persons) of a theme cell, one a line, without their leading dashes."""
    themes: list[str] = []
    groups: list[str] = []
    current = themes
    for line in cell.split("\n"):
        if match := _GROUPS.match(line.strip()):
            current = groups
            line = line.strip()[match.end() :]
        item = " ".join(line.strip().removeprefix("-").split())
        if item and item not in current:
            current.append(item)
    return themes, groups


def _merge(first: list[str], second: list[str]) -> list[str]:
    """``first`` then the items of ``second`` it lacks, in order."""
    return first + [item for item in second if item not in first]
