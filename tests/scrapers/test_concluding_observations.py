"""Reading treaty-body concluding observations (scrapers/documents/concluding_observations.py).

The files are hand-made in the UN's layout (tests/fixtures/documents/README.md).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import pytest

from tracker.domain.enums import Body, Verification
from tracker_scrapers.documents.concluding_observations import (
    ConcludingObservations,
    Reference,
    read_concluding_observations,
    read_references,
)
from tracker_scrapers.documents.reading import read_document
from tracker_scrapers.texts import DocumentText, read_text

DOCUMENTS = Path(__file__).parent.parent / "fixtures" / "documents"


@cache
def read(name: str, symbol: str, language: str = "en") -> ConcludingObservations:
    return read_concluding_observations(read_text((DOCUMENTS / name).read_bytes()), symbol=symbol, language=language)


def kaz() -> ConcludingObservations:
    return read("CAT_C_KAZ_CO_3.pdf", "CAT/C/KAZ/CO/3")


def by_paragraph(co: ConcludingObservations) -> dict[str, object]:
    return {r.paragraph: r for r in co.recommendations}


def test_kazakhstan_2014_gives_twelve_recommendations_four_of_them_for_follow_up_by_28_november_2015():
    co = kaz()
    assert [r.paragraph for r in co.recommendations] == [str(n) for n in range(5, 17)]
    assert (co.body, co.state, co.adopted_on, co.concerns, co.unplaced) == (Body.CAT, "KAZ", dt.date(2014, 11, 27), 12, [])
    follow_up = [r for r in co.recommendations if r.follow_up]
    assert [r.paragraph for r in follow_up] == ["8", "10", "13", "15"] == co.follow_up
    assert {r.due_date for r in follow_up} == {dt.date(2015, 11, 28)} and co.follow_up_due == dt.date(2015, 11, 28)
    assert all(
        "paragraph 17 of CAT/C/KAZ/CO/3" in r.due_date_basis and "(see paras. 8, 10, 13 and 15 above)" in r.due_date_basis
        for r in follow_up
    )


def test_the_other_recommendations_are_due_with_the_next_periodic_report():
    others = [r for r in kaz().recommendations if not r.follow_up]
    assert len(others) == 8 and {r.due_date for r in others} == {dt.date(2018, 11, 28)}
    assert all(
        r.due_date_basis.startswith("the date paragraph 19 of CAT/C/KAZ/CO/3 sets for the next periodic report") for r in others
    )


def test_an_item_is_the_recommendation_under_its_topic_not_the_concern_before_it():
    item = by_paragraph(kaz())["8"]
    assert item.title == "Allegations of torture and ill-treatment and impunity"
    assert item.text.startswith("The State party should: (a) Ensure that all complaints of torture")
    assert item.text.endswith(
        "(d) Provide the Committee with information on the number of complaints, investigations, "
        "prosecutions and convictions for torture."
    )
    assert "concerned" not in item.text


def test_a_heading_the_pdf_glues_to_the_paragraph_before_it_is_read_as_the_next_topic():
    items = by_paragraph(kaz())
    # "… their grave nature. Statute of limitations" is one line of text in the PDF.
    assert items["5"].text.endswith("take into account their grave nature.")
    assert items["6"].title == "Statute of limitations"


def test_the_russian_version_names_the_same_follow_up_paragraphs_and_date_and_gives_russian_texts():
    english, russian = kaz(), read("CAT_C_KAZ_CO_3-ru.pdf", "CAT/C/KAZ/CO/3", "ru")
    assert (russian.follow_up, russian.follow_up_due, russian.next_report_due, russian.adopted_on) == (
        english.follow_up,
        english.follow_up_due,
        english.next_report_due,
        english.adopted_on,
    )
    assert [r.paragraph for r in russian.recommendations] == [r.paragraph for r in english.recommendations]
    assert russian.unplaced == [] and russian.concerns == english.concerns
    assert russian.texts["8"].startswith("Государству-участнику следует: а) обеспечить оперативное")
    assert all(r.language == "ru" for r in russian.recommendations)


def test_a_later_cat_layout_numbers_concern_and_recommendation_apart_word_file():
    co = read("CAT_C_TJK_CO_3.docx", "CAT/C/TJK/CO/3")
    assert [r.paragraph for r in co.recommendations] == [str(n) for n in range(8, 47, 2)]
    assert (co.concerns, co.follow_up, co.follow_up_due, co.adopted_on) == (
        21,
        ["10", "18", "46"],
        dt.date(2019, 5, 18),
        dt.date(2018, 5, 14),
    )
    assert by_paragraph(co)["8"].text.startswith("The Committee reiterates its previous recommendation")
    # "Other issues" (para. 48: the declaration under article 22) is no item.
    assert "48" not in by_paragraph(co)


def test_an_older_co_within_one_year_is_due_a_year_after_adoption():
    co = read("CAT_C_KAZ_CO_2.pdf", "CAT/C/KAZ/CO/2")
    assert [r.paragraph for r in co.recommendations] == ["5", "6", "7", "8", "9", "10", "12"]
    assert (co.adopted_on, co.follow_up, co.follow_up_due) == (dt.date(2008, 11, 18), ["6", "7", "8", "9"], dt.date(2009, 11, 18))
    assert co.follow_up_due_basis.startswith("within one year of the adoption on 2008-11-18, as paragraph 14")
    # One paragraph holds concern and recommendation: the item is the recommendation.
    assert by_paragraph(co)["6"].text == (
        "The State party should apply a zero-tolerance approach to torture and ensure that "
        "all allegations are promptly and impartially investigated."
    )


def test_ccpr_follow_up_on_sub_paragraphs_makes_them_items_of_their_own():
    co = read("CCPR_C_TJK_CO_3.pdf", "CCPR/C/TJK/CO/3")
    items = by_paragraph(co)
    assert list(items) == ["5", "7", "7a", "7b", "9", "11", "11c", "13"]
    assert co.follow_up == ["7a", "7b", "11c", "13"] and co.follow_up_due == dt.date(2021, 7, 26)
    assert items["7a"].text == (
        "The State party should: (a) Ensure that all allegations of torture and ill-treatment are "
        "promptly and thoroughly investigated by an independent and impartial body;"
    )
    assert items["11c"].follow_up and not items["11"].follow_up and items["11"].due_date == dt.date(2025, 7, 26)
    assert items["7"].text.count("(") >= 3  # the paragraph keeps all its sub-paragraphs


def co_text(*paragraphs: str) -> DocumentText:
    head = [
        "United Nations CAT/C/XYZ/CO/1",
        "Distr.: General 3 June 2020",
        "Original: English",
        "Concluding observations on the initial report of Somewhere*",
        "A. Introduction",
        "1. The Committee considered the report at its 100th meeting, held on 1 May 2020, and adopted the present concluding "
        "observations at its 110th meeting, held on 12 May 2020.",
        "C. Principal subjects of concern and recommendations",
    ]
    return DocumentText(kind="text", paragraphs=[*head, *paragraphs])


def test_a_paragraph_named_for_follow_up_that_is_no_recommendation_is_unplaced_not_guessed():
    co = read_concluding_observations(
        co_text(
            "Detention",
            "2. The Committee is concerned about detention.",
            "3. The State party should: (a) Register detainees; (b) Inform relatives.",
            "Follow-up procedure",
            "4. The Committee requests the State party to provide, by 12 May 2021, information on follow-up to the Committee's "
            "recommendations (see paras. 2, 3 (b) and 3 (c) above).",
        ),
        symbol="CAT/C/XYZ/CO/1",
    )
    assert [r.paragraph for r in co.recommendations] == ["3", "3b"] and co.follow_up == ["3b"]
    assert co.unplaced == [
        "2: named for follow-up in paragraph 4, but paragraph 2 is no recommendation of CAT/C/XYZ/CO/1",
        "3c: named for follow-up in paragraph 4, but paragraph 3 has no sub-paragraph (c)",
    ]


def test_a_follow_up_date_that_cannot_be_read_is_unplaced_and_no_due_date_is_invented():
    co = read_concluding_observations(
        co_text(
            "2. The State party should register detainees.",
            "3. The Committee requests the State party to provide, by the end of next year, information on paragraph 2 above.",
        ),
        symbol="CAT/C/XYZ/CO/1",
    )
    assert co.follow_up == ["2"] and co.recommendations[0].due_date is None and co.follow_up_due is None
    [problem] = co.unplaced
    assert problem.startswith(
        "paragraph 3 asks for follow-up by a date that cannot be read: The Committee requests the State "
        "party to provide, by the end of next year"
    )


def test_a_paragraph_of_the_section_that_neither_recommends_nor_voices_a_concern_is_unplaced():
    co = read_concluding_observations(
        co_text("2. The delegation comprised twelve officials.", "3. The State party should register detainees."),
        symbol="CAT/C/XYZ/CO/1",
    )
    assert [r.paragraph for r in co.recommendations] == ["3"]
    assert co.unplaced == ["paragraph 2, neither a recommendation nor a concern: The delegation comprised twelve officials."]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("8, 10, 13 and 15", ["8", "10", "13", "15"]),
        ("10 (a), 18 (b) and 46 (c)", ["10a", "18b", "46c"]),
        ("14 (a) and (b) (torture), 26 (c) (freedom of expression) and 40", ["14a", "14b", "26c", "40"]),
        ("10 а), 18 б) и 46 в)", ["10a", "18b", "46c"]),
        ("8, 10, 13 и 15", ["8", "10", "13", "15"]),
    ],
)
def test_references_in_english_and_russian(written: str, expected: list[str]):
    assert [str(r) for r in read_references(written)] == expected
    assert all(isinstance(r, Reference) for r in read_references(written))


def test_read_document_chooses_the_reader_by_the_printed_symbol_and_marks_records_verified_by_their_source():
    reading = read_document((DOCUMENTS / "CAT_C_KAZ_CO_3.pdf").read_bytes())
    assert (reading.symbol, reading.reader, reading.counts(), reading.context) == (
        "CAT/C/KAZ/CO/3",
        "concluding-observations",
        {"document": 1, "recommendation": 12},
        {"concern": 12},
    )
    document = reading.records[0]
    assert (document.published_on, document.adopted_on, document.follow_up_due) == (
        dt.date(2014, 12, 12),
        dt.date(2014, 11, 27),
        dt.date(2015, 11, 28),
    )
    assert all(
        r.verification is Verification.VERIFIED and r.sources[0].url == "https://undocs.org/CAT/C/KAZ/CO/3"
        for r in reading.records
    )
    russian = read_document((DOCUMENTS / "CAT_C_KAZ_CO_3-ru.pdf").read_bytes(), language="ru")
    assert russian.texts["15"].startswith("Государству-участнику следует обеспечить полную независимость")
    assert russian.records[1].sources[0].url == "https://undocs.org/ru/CAT/C/KAZ/CO/3"
