"""Reading the recommendations of UPR Working Group reports (scrapers/documents/upr_report.py)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from tracker.domain.enums import UprResponse
from tracker_scrapers.documents.upr_report import UprReport, read_upr_report
from tracker_scrapers.texts import DocumentText, read_text

REAL = Path(__file__).parent.parent / "fixtures" / "real" / "upr-svn"


@cache
def real_report(name: str) -> UprReport:
    text = read_text((REAL / f"{name}.pdf").read_bytes())
    return read_upr_report(text, symbol=name.replace("_", "/"))


def by_number(report: UprReport) -> dict[str, object]:
    return {r.paragraph: r for r in report.recommendations}


# --- A/HRC/28/15: Slovenia, second cycle -------------------------------------------------------


def test_second_cycle_report_yields_its_163_recommendations_in_order():
    report = real_report("A_HRC_28_15")
    assert [r.paragraph for r in report.recommendations] == [f"115.{n}" for n in range(1, 164)]
    assert report.unplaced == []
    assert report.without_states == 0


def test_second_cycle_report_names_state_cycle_and_document():
    report = real_report("A_HRC_28_15")
    assert report.state == "SVN"
    assert report.cycle == 2
    assert {r.document for r in report.recommendations} == {"A/HRC/28/15"}
    assert {r.cycle for r in report.recommendations} == {2}


def test_second_cycle_recommendations_each_name_known_states():
    report = real_report("A_HRC_28_15")
    for record in report.recommendations:
        assert record.recommending_states, record.paragraph
        assert all(len(code) == 3 and code.isupper() for code in record.recommending_states)
        assert len(set(record.recommending_states)) == len(record.recommending_states)


def test_second_cycle_recommendations_match_the_pdf_text():
    records = by_number(real_report("A_HRC_28_15"))
    first = records["115.1"]
    assert first.text.startswith("Take further steps for the ratification of several international treaties")
    assert first.text.endswith("signed by Slovenia since the first UPR cycle")
    assert first.recommending_states == ["HRV"]
    # Parentheses that are not States stay in the text; "Iran (Islamic Republic of)" is one State.
    assert records["115.6"].text.endswith("Members of Their Families (ICRMW)")
    assert records["115.6"].recommending_states == ["IRN"]
    assert records["115.8"].text == "Ratify ICRMW"
    assert records["115.8"].recommending_states == ["SEN", "SLE", "VEN", "PER", "URY"]
    assert records["115.18"].recommending_states == ["TUR"]
    # Several clauses from several States under one number: all States, in order.
    assert records["115.38"].recommending_states == ["EGY", "PER", "AZE"]
    assert records["115.106"].recommending_states == ["NLD", "BHR"]
    assert records["115.163"].text == "Establish conventions that will guarantee the non-violation of migrants’ rights"
    assert records["115.163"].recommending_states == ["NGA"]


def test_second_cycle_recommendations_await_examination_so_have_no_response():
    # Paragraph 115 of the report: all 163 "will be examined by Slovenia which will provide
    # responses in due time"; the report gives no answer (the addendum does).
    report = real_report("A_HRC_28_15")
    assert [r.response for r in report.recommendations] == [None] * 163


# --- A/HRC/59/15: Slovenia, fourth cycle -------------------------------------------------------


def test_fourth_cycle_report_yields_its_254_recommendations_in_order():
    report = real_report("A_HRC_59_15")
    assert [r.paragraph for r in report.recommendations] == [f"140.{n}" for n in range(1, 255)]
    assert report.unplaced == []
    assert report.without_states == 0
    assert report.state == "SVN"
    assert report.cycle == 4
    assert all(r.recommending_states for r in report.recommendations)
    # Paragraph 140: all "will be examined by Slovenia".
    assert {r.response for r in report.recommendations} == {None}


def test_fourth_cycle_states_each_in_their_own_parentheses():
    records = by_number(real_report("A_HRC_59_15"))
    assert records["140.1"].recommending_states == ["DZA", "CPV", "PRY", "SSD", "LKA", "TGO", "URY", "VEN"]
    assert records["140.1"].text.endswith("Members of Their Families")
    assert records["140.11"].recommending_states == ["MKD"]
    # Semicolons inside one State's recommendation do not split it.
    assert "addressing low prosecution and conviction rates;" in records["140.112"].text
    assert records["140.112"].recommending_states == ["BRA"]


# --- hand-made reports -------------------------------------------------------------------------


def made_report(*section: str) -> DocumentText:
    return DocumentText(
        kind="text",
        paragraphs=[
            "Human Rights Council",
            "Report of the Working Group on the Universal Periodic Review — Slovenia",
            "1. The Working Group on the Universal Periodic Review, established in accordance with Human Rights "
            "Council resolution 5/1, held its thirty-fourth session from 4 to 15 November 2019.",
            "I. Summary of the proceedings of the review process",
            "10. Slovenia thanked the delegations.",
            "II. Conclusions and/or recommendations",
            *section,
            "Annex",
            "Composition of the delegation",
        ],
    )


def test_states_in_their_un_forms_are_read_as_iso_codes():
    text = made_report(
        "90. The following recommendations have been examined by Slovenia and enjoy the support of Slovenia:",
        "90.1 Complete the process of ratification (Ukraine); increase efforts against trafficking (Slovakia, Iran (Islamic Republic of));",
        "90.2 Protect holy sites (Türkiye) (State of Palestine) (Holy See);",
        "90.3 Cooperate with the treaty bodies (United Kingdom of Great Britain and Northern Ireland, Republic of Korea, "
        "Bolivarian Republic of Venezuela).",
    )
    report = read_upr_report(text, symbol="A/HRC/43/15")
    records = by_number(report)
    assert records["90.1"].recommending_states == ["UKR", "SVK", "IRN"]
    assert records["90.1"].text == "Complete the process of ratification (Ukraine); increase efforts against trafficking"
    assert records["90.2"].recommending_states == ["TUR", "PSE", "VAT"]
    assert records["90.2"].text == "Protect holy sites"
    assert records["90.3"].recommending_states == ["GBR", "KOR", "VEN"]
    assert report.unplaced == []


def test_responses_follow_the_introducing_paragraphs():
    text = made_report(
        "90. The following recommendations have been examined by Slovenia and enjoy the support of Slovenia:",
        "90.1 Ratify the Convention (Spain);",
        "90.2 Adopt a law (France, France);",
        "91. The following recommendations will be examined by Slovenia, which will provide responses in due time:",
        "91.1 Consider ratifying the Convention (Peru);",
        "92. The following recommendations did not enjoy the support of Slovenia and would thus be noted:",
        "92.1 Withdraw its reservations (Chile);",
        "93. All conclusions and/or recommendations contained in the present report reflect the position of the "
        "submitting State(s) and/or the State under review.",
    )
    report = read_upr_report(text, symbol="A/HRC/43/15", state="Slovenia")
    assert [(r.paragraph, r.response) for r in report.recommendations] == [
        ("90.1", UprResponse.SUPPORTED),
        ("90.2", UprResponse.SUPPORTED),
        ("91.1", None),
        ("92.1", UprResponse.NOTED),
    ]
    assert by_number(report)["90.2"].recommending_states == ["FRA"]
    assert report.state == "SVN"
    assert report.cycle == 3
    assert report.unplaced == []


def test_unreadable_paragraphs_of_the_section_are_listed_never_guessed():
    text = made_report(
        "90. The following recommendations have been examined by Slovenia and enjoy the support of Slovenia:",
        "90.1 Ratify the Convention (Spain);",
        "a stray line that is no recommendation at all",
        "90.2 Adopt a law (Neverland);",
        "90.3 Adopt a law (Spain) and report back;",
        "90.4 Adopt a law (Spain;",
        "90.1 Ratify the Convention again (Spain);",
        "91.1 A number under no introducing paragraph of its own (Spain);",
        "90.5 Raise awareness of the law.",
    )
    report = read_upr_report(text, symbol="A/HRC/43/15")
    assert [r.paragraph for r in report.recommendations] == ["90.1", "90.5"]
    assert report.unplaced == [
        "a stray line that is no recommendation at all",
        "90.2 Adopt a law (Neverland);",
        "90.3 Adopt a law (Spain) and report back;",
        "90.4 Adopt a law (Spain;",
        "90.1 Ratify the Convention again (Spain);",
        "91.1 A number under no introducing paragraph of its own (Spain);",
    ]
    # A recommendation that names no State is kept, without States, and counted.
    assert by_number(report)["90.5"].recommending_states == []
    assert by_number(report)["90.5"].text == "Raise awareness of the law"
    assert report.without_states == 1


def test_unplaced_paragraphs_are_cut_to_a_hundred_characters():
    long = "x" * 300
    report = read_upr_report(
        made_report("90. The recommendations below enjoy the support of Slovenia:", long), symbol="A/HRC/43/15"
    )
    assert report.unplaced == [long[:100]]


def test_an_introducing_paragraph_whose_response_cannot_be_told_is_listed():
    text = made_report(
        "90. The recommendations below are listed for information:",
        "90.1 Ratify the Convention (Spain);",
    )
    report = read_upr_report(text, symbol="A/HRC/43/15")
    assert [(r.paragraph, r.response) for r in report.recommendations] == [("90.1", None)]
    assert report.unplaced == ["90. The recommendations below are listed for information:"]


def test_a_text_without_the_section_yields_nothing():
    report = read_upr_report(DocumentText(kind="text", paragraphs=["Some other document"]), symbol="A/HRC/1/1")
    assert report == UprReport()


@pytest.mark.parametrize(("state", "code"), [("HRV", "HRV"), ("Croatia", "HRV"), ("SVN", "SVN")])
def test_a_given_state_wins_over_the_title(state, code):
    text = made_report("90. The recommendations below enjoy the support of Slovenia:", "90.1 Ratify (Spain);")
    assert read_upr_report(text, symbol="A/HRC/43/15", state=state).state == code


def test_footnotes_in_the_section_are_skipped_and_references_dropped():
    text = made_report(
        "90. The following recommendations have been examined by Slovenia and enjoy the support of Slovenia:",
        "90.1 Ratify the Convention (Spain);3",
        "** Conclusions and recommendations have not been edited.",
        "3 A/HRC/WG.6/34/SVN/1.",
        "90.2 Adopt a law (France).",
    )
    report = read_upr_report(text, symbol="A/HRC/43/15")
    assert [(r.paragraph, r.text, r.recommending_states) for r in report.recommendations] == [
        ("90.1", "Ratify the Convention", ["ESP"]),
        ("90.2", "Adopt a law", ["FRA"]),
    ]
    assert report.unplaced == []


def test_a_numbered_paragraph_that_is_neither_list_nor_closing_is_listed():
    text = made_report(
        "90. The following recommendations have been examined by Slovenia and enjoy the support of Slovenia:",
        "90.1 Ratify the Convention (Spain);",
        "91. Ratify the Convention (Spain);",
        "92. All conclusions and/or recommendations contained in the present report reflect the position of the "
        "submitting State(s) and/or the State under review.",
    )
    report = read_upr_report(text, symbol="A/HRC/43/15")
    assert [r.paragraph for r in report.recommendations] == ["90.1"]
    assert report.unplaced == ["91. Ratify the Convention (Spain);"]


def test_first_cycle_lists_numbered_inside_their_paragraph():
    text = made_report(
        "86. The recommendations formulated during the interactive dialogue have been examined by Slovenia "
        "and the recommendations listed below enjoy the support of Slovenia:",
        "1. Ratify the Convention against Torture (Spain, Iran (Islamic Republic of));",
        "2. Adopt a law on children (Holy See);",
        "87. The following recommendations will be examined by Slovenia, which will provide responses in due time:",
        "1. Consider ratifying ICRMW (Algeria);",
        "88. The following recommendations did not enjoy the support of Slovenia:",
        "1. Withdraw its reservations (Chile);",
        "2. Recognize the competence of the Committee (Türkiye);",
        "89. All conclusions and/or recommendations contained in the present report reflect the position of the "
        "submitting State(s) and/or the State under review.",
    )
    report = read_upr_report(text, symbol="A/HRC/8/38")
    assert [(r.paragraph, r.response, r.recommending_states) for r in report.recommendations] == [
        ("86.1", UprResponse.SUPPORTED, ["ESP", "IRN"]),
        ("86.2", UprResponse.SUPPORTED, ["VAT"]),
        ("87.1", None, ["DZA"]),
        ("88.1", UprResponse.NOTED, ["CHL"]),
        ("88.2", UprResponse.NOTED, ["TUR"]),
    ]
    assert by_number(report)["86.1"].text == "Ratify the Convention against Torture"
    assert report.unplaced == []


def test_first_cycle_list_as_long_as_its_paragraph_number_still_ends_at_the_next_paragraph():
    # Item 3 of paragraph 2's list and paragraph 3 share a number: the one that names States is the item.
    text = made_report(
        "2. The recommendations below enjoy the support of Slovenia:",
        "1. Ratify the Convention (Spain);",
        "2. Adopt a law (France);",
        "3. Train the police (Chile);",
        "3. The recommendations below did not enjoy the support of Slovenia:",
        "1. Withdraw its reservations (Peru);",
    )
    report = read_upr_report(text, symbol="A/HRC/8/38")
    assert [(r.paragraph, r.response) for r in report.recommendations] == [
        ("2.1", UprResponse.SUPPORTED),
        ("2.2", UprResponse.SUPPORTED),
        ("2.3", UprResponse.SUPPORTED),
        ("3.1", UprResponse.NOTED),
    ]
    assert report.unplaced == []


# --- Russian versions ------------------------------------------------------------------------

RUSSIAN = """A/HRC/28/15

Доклад Рабочей группы по универсальному периодическому обзору*

Словения

II. Выводы и/или рекомендации**

115. Следующие рекомендации, сформулированные в ходе интерактивного диалога, были рассмотрены Словенией и пользуются ее поддержкой:

115.1 Завершить процесс ратификации Факультативного протокола (Украина); Активизировать усилия по ратификации (Словакия);

115.2 Рассмотреть вопрос о ратификации Конвенции (Соединенное Королевство Великобритании и Северной Ирландии) (Иран (Исламская Республика));

115.3 Укрепить национальное превентивное учреждение (НПУ) (Венесуэла (Боливарианская Республика), Государство Палестина);

116. Следующие рекомендации не пользуются поддержкой Словении:

116.1 Отменить закон (Святой Престол).

117. Все выводы и/или рекомендации, содержащиеся в настоящем докладе, отражают позицию представивших их государств.

Приложение

Состав делегации
"""


def test_a_russian_version_gives_each_recommendation_its_russian_text_without_the_closing_states():
    report = read_upr_report(read_text(RUSSIAN.encode()), symbol="A/HRC/28/15", language="ru")
    texts = {r.paragraph: r.text for r in report.recommendations}
    assert texts == {
        "115.1": "Завершить процесс ратификации Факультативного протокола (Украина); Активизировать усилия по ратификации",
        "115.2": "Рассмотреть вопрос о ратификации Конвенции",
        "115.3": "Укрепить национальное превентивное учреждение (НПУ)",
        "116.1": "Отменить закон",
    }
    assert {r.language for r in report.recommendations} == {"ru"}
    assert report.unplaced == [] and report.without_states == 0


def test_a_russian_version_reads_the_response_its_introducing_paragraph_gives():
    report = read_upr_report(read_text(RUSSIAN.encode()), symbol="A/HRC/28/15", language="ru")
    responses = {r.paragraph: r.response for r in report.recommendations}
    assert responses == {
        "115.1": UprResponse.SUPPORTED,
        "115.2": UprResponse.SUPPORTED,
        "115.3": UprResponse.SUPPORTED,
        "116.1": UprResponse.NOTED,
    }


def test_an_abbreviation_closing_a_russian_recommendation_is_not_taken_for_a_state():
    text = RUSSIAN.replace("(Святой Престол).", "(ЮНЕСКО).")
    report = read_upr_report(read_text(text.encode()), symbol="A/HRC/28/15", language="ru")
    assert "116.1" not in {r.paragraph for r in report.recommendations}
    assert any(line.startswith("116.1 Отменить закон (ЮНЕСКО)") for line in report.unplaced)


RUSSIAN_FILES = Path(__file__).parent.parent / "fixtures" / "documents" / "ru"


@pytest.mark.parametrize("name", ["A_HRC_28_15-ru.pdf", "A_HRC_28_15-ru.docx"])
def test_the_russian_version_of_a_report_gives_every_recommendation_of_the_english_one(name: str):
    russian = read_upr_report(read_text((RUSSIAN_FILES / name).read_bytes()), symbol="A/HRC/28/15", language="ru")
    english = real_report("A_HRC_28_15")
    assert [r.paragraph for r in russian.recommendations] == [r.paragraph for r in english.recommendations]
    assert russian.unplaced == [] and russian.without_states == 0
    texts = {r.paragraph: r.text for r in russian.recommendations}
    # States named with an apostrophe or in their lowercase official form close these three.
    assert texts["115.54"].endswith("политику борьбы с дискриминацией и нетерпимостью")
    assert texts["115.72"].endswith("всем членам общины рома")
    # 115.6 closes with "(МКПТМ) (Иран (Исламская Республика))": the abbreviation is text, the State is not.
    assert texts["115.6"].endswith("членов их семей (МКПТМ)")
