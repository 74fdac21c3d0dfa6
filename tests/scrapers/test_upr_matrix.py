"""Reading OHCHR matrices, the thematic lists of UPR recommendations (scrapers/documents/upr_matrix.py)."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from tracker.domain.enums import UprResponse
from tracker_scrapers.documents.upr_matrix import UprMatrix, read_upr_matrix
from tracker_scrapers.documents.upr_report import UprReport, read_upr_report
from tracker_scrapers.texts import DocumentText, read_text

REAL = Path(__file__).parent.parent / "fixtures" / "real" / "upr-svn"
#: The matrix of each review and the Working Group report it lists.
MATRICES = {"UPR20": "A/HRC/28/15", "UPR48": "A/HRC/59/15"}


@cache
def real_matrix(name: str) -> UprMatrix:
    text = read_text((REAL / f"{name}_Slovenia_Thematic_list.docx").read_bytes())
    return read_upr_matrix(text, report=MATRICES[name])


@cache
def real_report(symbol: str) -> UprReport:
    text = read_text((REAL / f"{symbol.replace('/', '_')}.pdf").read_bytes())
    return read_upr_report(text, symbol=symbol)


def word_positions(name: str) -> Counter[str]:
    """The positions counted straight from the Word XML, without read_text: runs that are exactly "Supported"/"Noted"."""
    with zipfile.ZipFile(REAL / f"{name}_Slovenia_Thematic_list.docx") as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    return Counter(re.findall(r"<w:t(?:\s[^>]*)?>(Supported|Noted)</w:t>", xml))


def by_number(matrix: UprMatrix) -> dict[str, object]:
    return {r.paragraph: r for r in matrix.recommendations}


# --- the real matrices ------------------------------------------------------------------------


def test_second_cycle_matrix_yields_its_163_recommendations():
    matrix = real_matrix("UPR20")
    assert [r.paragraph for r in matrix.recommendations] == [f"115.{n}" for n in range(1, 164)]
    assert matrix.unplaced == []
    assert {r.document for r in matrix.recommendations} == {"A/HRC/28/15"}
    assert all(r.recommending_states and r.response for r in matrix.recommendations)


def test_fourth_cycle_matrix_yields_its_254_recommendations():
    matrix = real_matrix("UPR48")
    assert [r.paragraph for r in matrix.recommendations] == [f"140.{n}" for n in range(1, 255)]
    assert matrix.unplaced == []
    assert {r.document for r in matrix.recommendations} == {"A/HRC/59/15"}
    assert all(r.recommending_states and r.response for r in matrix.recommendations)


@pytest.mark.parametrize(("name", "supported", "noted"), [("UPR20", 142, 21), ("UPR48", 217, 37)])
def test_responses_split_as_in_the_word_file(name, supported, noted):
    responses = Counter(r.response for r in real_matrix(name).recommendations)
    assert responses == {UprResponse.SUPPORTED: supported, UprResponse.NOTED: noted}
    assert word_positions(name) == {"Supported": supported, "Noted": noted}


def test_second_cycle_rows_read_text_states_themes_and_persons():
    records = by_number(real_matrix("UPR20"))
    first = records["115.1"]
    assert first.text == (
        "Take further steps for the ratification of several international treaties in the field of human rights"
        " that were signed by Slovenia since the first UPR cycle"
    )
    assert first.recommending_states == ["HRV"]
    assert first.response is UprResponse.SUPPORTED
    assert first.themes == ["A12 Acceptance of international norms"]
    assert first.affected_groups == ["general"]
    assert records["115.4"].recommending_states == ["ESP", "TUN", "PRT"]
    last = records["115.163"]
    assert last.response is UprResponse.NOTED
    assert last.themes == ["G4 Migrants"]
    assert last.affected_groups == ["migrants"]
    # Listed under A12, with more themes in its row; "Affected persons:" left empty on 115.34.
    assert records["115.2"].themes == [
        "A12 Acceptance of international norms",
        "B32 Racial discrimination",
        "G1 Members of minorities",
    ]
    assert records["115.34"].affected_groups == []


def test_fourth_cycle_rows_read_groups_of_persons():
    matrix = real_matrix("UPR48")
    records = by_number(matrix)
    first = records["140.1"]
    assert first.recommending_states == ["DZA", "CPV", "PRY", "SSD", "LKA", "TGO", "URY", "VEN"]
    assert first.response is UprResponse.NOTED
    assert first.themes[0] == "Ratification of & accession to international instruments"
    assert "Migrants" in first.themes
    assert first.affected_groups == ["Public officials", "Migrants"]
    assert records["140.254"].affected_groups == ["Public officials", "Stateless persons"]
    assert all(r.affected_groups for r in matrix.recommendations)
    # The SDG column is not read into the themes.
    assert not any("POVERTY" in theme for r in matrix.recommendations for theme in r.themes)


@pytest.mark.parametrize(
    ("name", "number", "start"),
    [
        ("UPR20", "115.1", "Take further steps for the ratification"),
        ("UPR20", "115.38", "Ensure the compliance of its National Ombudsman with the Paris Principles (Egypt);"),
        ("UPR20", "115.163", "Establish conventions that will guarantee"),
        ("UPR48", "140.1", "Ratify the International Convention on the Protection of the Rights of All Migrant Workers"),
        ("UPR48", "140.100", "Step up efforts to identify victims of trafficking"),
        ("UPR48", "140.254", "Strengthen measures to reduce statelessness"),
    ],
)
def test_text_starts_as_in_the_working_group_report(name, number, start):
    matrix = by_number(real_matrix(name))[number]
    report = by_number(real_report(MATRICES[name]))[number]
    assert matrix.text.startswith(start)
    assert report.text.startswith(start)
    assert matrix.text[:40] == report.text[:40]


@pytest.mark.parametrize("name", MATRICES)
def test_states_equal_the_working_group_reports_for_every_number(name):
    report = {r.paragraph: r.recommending_states for r in real_report(MATRICES[name]).recommendations}
    matrix = {r.paragraph: r.recommending_states for r in real_matrix(name).recommendations}
    assert matrix.keys() == report.keys()
    mismatches = {number: (states, report[number]) for number, states in matrix.items() if states != report[number]}
    assert mismatches == {}


def test_a_source_naming_another_report_is_unplaced():
    matrix = read_upr_matrix(read_text((REAL / "UPR20_Slovenia_Thematic_list.docx").read_bytes()), report="A/HRC/59/15")
    assert matrix.recommendations == []
    assert len(matrix.unplaced) == 163


# --- hand-made tables -------------------------------------------------------------------------

HEADER = ["Recommendation", "Position", "Full list of themes", "Assessment/comments on level of implementation"]


def row(number: str, text: str, position: str = "Supported", themes: str = "", source: str = "A/HRC/28/15/Add.1 - Para. 3"):
    return [f"{number} {text}\nSource of position: {source}", position, themes, ""]


def table(*rows: list[str]) -> DocumentText:
    return DocumentText(kind="docx", tables=[[HEADER, *rows]])


def test_a_number_repeated_under_two_themes_gives_one_record_with_both():
    text = table(
        ["Theme: A12 Acceptance of international norms"],
        row(
            "115.2",
            "Ratify the amendment (Belgium);",
            themes="A12 Acceptance of international norms\nAffected persons:\n- general",
        ),
        ["Theme: B32 Racial discrimination"],
        row("115.2", "Ratify the amendment (Belgium);", themes="B32 Racial discrimination\nAffected persons:\n- minorities"),
    )
    matrix = read_upr_matrix(text, report="A/HRC/28/15")
    assert matrix.unplaced == []
    [record] = matrix.recommendations
    assert record.paragraph == "115.2"
    assert record.text == "Ratify the amendment"
    assert record.recommending_states == ["BEL"]
    assert record.themes == ["A12 Acceptance of international norms", "B32 Racial discrimination"]
    assert record.affected_groups == ["general", "minorities"]


def test_a_repetition_that_disagrees_is_unplaced():
    text = table(
        ["Theme: A"],
        row("115.2", "Ratify the amendment (Belgium);"),
        ["Theme: B"],
        row("115.2", "Ratify the amendment (Belgium);", position="Noted"),
    )
    matrix = read_upr_matrix(text, report="A/HRC/28/15")
    assert [r.response for r in matrix.recommendations] == [UprResponse.SUPPORTED]
    assert matrix.recommendations[0].themes == ["A"]
    assert len(matrix.unplaced) == 1


@pytest.mark.parametrize("number", ["115", "115.", "115,3", "115.3a", "l15.3", "Ratify"])
def test_a_malformed_number_is_unplaced(number):
    text = table(["Theme: A"], row(number, "Ratify the Convention (Spain);"), row("115.4", "Ratify it (Chile);"))
    matrix = read_upr_matrix(text, report="A/HRC/28/15")
    assert [r.paragraph for r in matrix.recommendations] == ["115.4"]
    assert len(matrix.unplaced) == 1
    assert matrix.unplaced[0].startswith(number)


def test_unreadable_states_and_positions():
    text = table(
        ["Theme: A"],
        row("115.5", "Ratify the Convention (Atlantis);"),
        row("115.6", "Ratify the Convention (Spain);", position="Pending"),
    )
    matrix = read_upr_matrix(text, report="A/HRC/28/15")
    # An unknown State: not read; an unknown position: kept without response, and listed.
    assert [(r.paragraph, r.response) for r in matrix.recommendations] == [("115.6", None)]
    assert [u[:5] for u in matrix.unplaced] == ["115.5", "115.6"]


def test_a_mismatching_source_is_unplaced_and_an_addendum_paragraph_agrees():
    text = table(
        row("115.7", "Ratify it (Spain);", source="A/HRC/28/15/Add.1, para. 3 - Para. 3"),
        row("115.8", "Ratify it (Chile);", source="A/HRC/29/15/Add.1 - Para. 3"),
        row("115.9", "Ratify it (Peru);", source="A/HRC/28/15 - Para. 3"),
        ["115.10 Ratify it (Chile); Source of position: A/HRC/28/15/Add.1 - Para. 3", "Supported", "", ""],
    )
    matrix = read_upr_matrix(text, report="A/HRC/28/15")
    # The source may also run on in the same line as the recommendation.
    assert [r.paragraph for r in matrix.recommendations] == ["115.7", "115.9", "115.10"]
    assert matrix.recommendations[-1].text == "Ratify it"
    assert [u[:5] for u in matrix.unplaced] == ["115.8"]


def test_fourth_cycle_columns_are_told_from_the_header():
    header = [
        "Recommendation and recommending State",
        "Position of the State under review",
        "Human rights themes and groups of persons",
        "Relevant SDGs",
    ]
    text = DocumentText(
        kind="docx",
        tables=[
            [
                header,
                ["Theme: Migrants"],
                [
                    "140.1 Ratify the Convention (Algeria) (Cabo Verde);\nSource of Position: A/HRC/59/15/Add.1 - Para.5",
                    "Noted",
                    "- Migrants\nGroups of Persons: \n- Public officials",
                    "- 10 - REDUCED INEQUALITIES",
                ],
            ]
        ],
    )
    [record] = read_upr_matrix(text, report="A/HRC/59/15").recommendations
    assert record.recommending_states == ["DZA", "CPV"]
    assert record.response is UprResponse.NOTED
    assert record.themes == ["Migrants"]
    assert record.affected_groups == ["Public officials"]
