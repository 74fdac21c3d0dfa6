"""Reading State follow-up replies and the committees' follow-up assessments (scrapers/documents/follow_up.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tracker.domain.enums import ActionKind, Body, Scale
from tracker_scrapers.documents.follow_up import Grade, read_follow_up_reply, read_follow_up_report
from tracker_scrapers.documents.reading import read_document
from tracker_scrapers.texts import DocumentText, read_text

DOCUMENTS = Path(__file__).parent.parent / "fixtures" / "documents"


def text_of(name: str) -> DocumentText:
    return read_text((DOCUMENTS / name).read_bytes())


def test_a_reply_is_read_part_by_part_under_the_paragraphs_its_headings_name():
    reply = read_follow_up_reply(text_of("CCPR_C_TJK_FCO_3.pdf"), symbol="CCPR/C/TJK/FCO/3")
    assert (reply.state, reply.received_on, reply.answers, reply.unplaced) == ("TJK", dt.date(2021, 7, 27), "CCPR/C/TJK/CO/3", [])
    assert list(reply.parts) == ["7a", "7b", "11c", "13"]
    assert reply.parts["7b"] == (
        "3. In 2019–2020, three officials were convicted under article 143-1 of the Criminal Code and "
        "sentenced to terms of imprisonment."
    )
    assert "formal editing" not in reply.parts["13"]  # the cover's footnote belongs to no part


def test_a_reply_in_russian_is_read_by_its_russian_headings():
    text = DocumentText(
        kind="text",
        paragraphs=[
            "CAT/C/KAZ/CO/3/Add.1",
            "Distr.: General 3 February 2016",
            "[Дата получения: 20 ноября 2015 года]",
            "Рекомендация, содержащаяся в пункте 8",
            "1. Все жалобы на пытки регистрируются.",
            "Информация по пункту 13 а) и б)",
            "2. Бюджет национального превентивного механизма увеличен.",
        ],
    )
    reply = read_follow_up_reply(text, symbol="CAT/C/KAZ/CO/3/Add.1", language="ru")
    assert (reply.received_on, list(reply.parts)) == (dt.date(2015, 11, 20), ["8", "13a", "13b"])
    assert reply.parts["13b"] == "2. Бюджет национального превентивного механизма увеличен."


def test_read_document_makes_a_reply_one_verified_action_addressed_to_the_body_dated_by_its_receipt():
    reading = read_document((DOCUMENTS / "CCPR_C_TJK_FCO_3.pdf").read_bytes())
    assert (reading.reader, reading.report, reading.counts()) == (
        "follow-up-reply",
        "CCPR/C/TJK/CO/3",
        {"document": 1, "action": 1},
    )
    document, action = reading.records
    assert (document.published_on, action.date, action.kind, action.addressed_to) == (
        dt.date(2021, 10, 15),
        dt.date(2021, 7, 27),
        ActionKind.FOLLOW_UP_REPLY_SUBMITTED,
        Body.CCPR,
    )
    assert action.verified_by == "source: https://undocs.org/CCPR/C/TJK/FCO/3" and list(reading.texts) == [
        "7a",
        "7b",
        "11c",
        "13",
    ]


def test_an_addendum_answers_the_concluding_observations_it_is_added_to():
    text = DocumentText(
        kind="text",
        paragraphs=[
            "CAT/C/KAZ/CO/3/Add.1",
            "Distr.: General 3 February 2016",
            "Information on paragraph 8 of the concluding observations",
            "1. All complaints of torture are registered.",
        ],
    )
    reading = read_document(text.paragraphs[0].encode() + b"\n\n" + "\n\n".join(text.paragraphs[1:]).encode())
    assert (reading.report, reading.records[1].date) == ("CAT/C/KAZ/CO/3", dt.date(2016, 2, 3))


def test_a_ccpr_follow_up_report_grades_each_states_paragraphs_and_sub_paragraphs():
    report = read_follow_up_report(text_of("CCPR_C_133_2.pdf"), symbol="CCPR/C/133/2")
    assert report.unplaced == []
    assert [(g.state, g.document, g.paragraph, g.grade) for g in report.grades] == [
        ("TJK", "CCPR/C/TJK/CO/3", "7a", "B"),
        ("TJK", "CCPR/C/TJK/CO/3", "7b", "A"),
        ("TJK", "CCPR/C/TJK/CO/3", "11c", "C"),
        ("TJK", "CCPR/C/TJK/CO/3", "13", "B"),
        ("KAZ", "CCPR/C/KAZ/CO/2", "20", "C"),
        ("KAZ", "CCPR/C/KAZ/CO/2", "44", "E"),
        ("KAZ", "CCPR/C/KAZ/CO/2", "52", "D"),
        ("SVN", "CCPR/C/SVN/CO/4", "8", "A"),
    ]
    first = report.grades[0]
    assert first.scale is Scale.CCPR_FOLLOWUP
    assert first.rationale.startswith("The Committee welcomes the registration of complaints but regrets that no independent")
    assert "Recommended action: A letter should be sent" in first.rationale


def test_older_grades_b1_and_c2_are_kept_as_printed():
    text = DocumentText(
        kind="text",
        paragraphs=[
            "Concluding observations: CCPR/C/KAZ/CO/1, 21 July 2011",
            "Paragraph 9: Torture",
            "[B1]: Initial steps taken.",
            "Paragraph 15",
            "[C2]: No action taken.",
        ],
    )
    report = read_follow_up_report(text, symbol="CCPR/C/112/2")
    assert [(g.paragraph, g.grade) for g in report.grades] == [("9", "B1"), ("15", "C2")]


def test_cat_verdicts_in_words_are_kept_in_the_rationale_on_the_cat_scale():
    text = DocumentText(
        kind="text",
        paragraphs=[
            "Concluding observations: CAT/C/TJK/CO/3, 14 May 2018",
            "The Committee considers that the recommendation in paragraph 10 has been partially implemented. "
            "The recommendation in paragraph 18 has not been implemented. As to paragraph 46, the dialogue is ongoing.",
        ],
    )
    report = read_follow_up_report(text, symbol="CAT/C/75/3")
    assert [(g.paragraph, g.scale, g.grade) for g in report.grades] == [
        ("10", Scale.CAT_FOLLOWUP, "B"),
        ("18", Scale.CAT_FOLLOWUP, "C"),
        ("46", Scale.TB_DECISION_FOLLOWUP, "dialogue_ongoing"),
    ]
    assert (
        report.grades[0].rationale
        == "The Committee considers that the recommendation in paragraph 10 has been partially implemented."
    )
    assert isinstance(report.grades[0], Grade)


def test_a_report_that_says_whose_paragraphs_it_grades_nowhere_is_unplaced():
    report = read_follow_up_report(
        DocumentText(kind="text", paragraphs=["Paragraph 9", "[B]: Steps taken."]), symbol="CCPR/C/112/2"
    )
    assert report.grades == [] and report.unplaced == [
        'CCPR/C/112/2: no "Concluding observations: <symbol>" line to tell whose paragraphs are assessed'
    ]
