"""Reading the State's responses and claims from UPR addenda (scrapers/documents/upr_addendum.py)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from tracker.domain.enums import AssessorKind, Scale, UprResponse, Verification
from tracker.domain.ids import upr_recommendation_id
from tracker_scrapers.documents.upr_addendum import UprAddendum, read_upr_addendum
from tracker_scrapers.texts import DocumentText, read_text

REAL = Path(__file__).parent.parent / "fixtures" / "real" / "upr-svn"
S, N = UprResponse.SUPPORTED, UprResponse.NOTED
TITLE = ["Report of the Working Group on the Universal Periodic", "Review*", "Slovenia", "Addendum"]


@cache
def real_addendum(name: str, date: dt.date | None = None) -> UprAddendum:
    text = read_text((REAL / f"{name}.pdf").read_bytes())
    return read_upr_addendum(text, symbol=name.replace("_", "/"), date=date)


def read(*paragraphs: str, **options) -> UprAddendum:
    options.setdefault("symbol", "A/HRC/28/15/Add.1")
    return read_upr_addendum(DocumentText(kind="text", paragraphs=[*TITLE, *paragraphs]), **options)


def numbers(paragraph: int, *ranks: int) -> set[str]:
    return {f"{paragraph}.{rank}" for rank in ranks}


# --- A/HRC/28/15/Add.1: Slovenia, second cycle ---------------------------------------------------


def test_second_cycle_addendum_answers_each_of_the_163_recommendations():
    addendum = real_addendum("A_HRC_28_15_Add.1")
    assert set(addendum.responses) == numbers(115, *range(1, 164))
    assert addendum.unplaced == []
    assert addendum.state == "SVN"


def test_second_cycle_split_is_the_one_the_addendum_states():
    # Paragraph 2: "The Government of Slovenia accepts 142 recommendations. … notes 21 recommendations."
    addendum = real_addendum("A_HRC_28_15_Add.1")
    assert (addendum.stated_supported, addendum.stated_noted) == (142, 21)
    assert Counter(addendum.responses.values()) == {S: 142, N: 21}
    # Paragraph 5: "… notes recommendations 6–13, 17, 19, 26–28, 41, 132, 144, 153, 154, 156, 157, 163."
    noted = {number for number, response in addendum.responses.items() if response == N}
    assert noted == numbers(115, *range(6, 14), 17, 19, 26, 27, 28, 41, 132, 144, 153, 154, 156, 157, 163)


def test_second_cycle_claims_are_the_three_recommendations_said_to_be_implemented():
    addendum = real_addendum("A_HRC_28_15_Add.1", dt.date(2015, 3, 4))
    # "Rec. 18/43/46 We consider that this recommendation is implemented." Everything else is
    # "activities … already ongoing", "See recommendation 71." or the hedged "already implemented
    # or in the process of implementation", none of which is a claim.
    assert [claim.item for claim in addendum.claims] == ["a-hrc-28-15-r115.18", "a-hrc-28-15-r115.43", "a-hrc-28-15-r115.46"]
    first = addendum.claims[0]
    assert first.rationale.startswith("We consider that this recommendation is implemented. The National Assembly ratified")
    assert "Rec. 24" not in first.rationale
    assert first.assessor == "Government of Slovenia"
    assert first.date == dt.date(2015, 3, 4)


def test_second_cycle_without_a_date_gives_no_claims():
    assert real_addendum("A_HRC_28_15_Add.1").claims == []


# --- A/HRC/59/15/Add.1: Slovenia, fourth cycle ---------------------------------------------------


def test_fourth_cycle_addendum_answers_each_of_the_254_recommendations():
    addendum = real_addendum("A_HRC_59_15_Add.1")
    assert set(addendum.responses) == numbers(140, *range(1, 255))
    assert addendum.unplaced == []


def test_fourth_cycle_split_is_the_one_the_addendum_states():
    # Paragraph 2: "… of which 217 are supported and 37 noted."
    addendum = real_addendum("A_HRC_59_15_Add.1")
    assert (addendum.stated_supported, addendum.stated_noted) == (217, 37)
    assert Counter(addendum.responses.values()) == {S: 217, N: 37}


def test_fourth_cycle_commentary_headings_do_not_change_responses():
    # "140.240-241" heads a comment among the noted ones, but 140.241 is accepted in paragraph 4.
    addendum = real_addendum("A_HRC_59_15_Add.1", dt.date(2025, 4, 8))
    assert addendum.responses["140.241"] == S
    assert addendum.responses["140.240"] == N
    # Its comments say what Slovenia does, never that a recommendation is implemented.
    assert addendum.claims == []


# --- the forms of lists and responses ------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("115.1", numbers(115, 1)),
        ("115.17-18", numbers(115, 17, 18)),
        ("115.34- 35", numbers(115, 34, 35)),
        ("115.30–33", numbers(115, 30, 31, 32, 33)),
        ("115.1, 115.5 and 115.9", numbers(115, 1, 5, 9)),
        ("115.35. 115.36, 115.40.", numbers(115, 35, 36, 40)),
        ("Recommendations 115.1 to 115.5", numbers(115, 1, 2, 3, 4, 5)),
        ("115.82-85, 87", numbers(115, 82, 83, 84, 85, 87)),
    ],
)
def test_list_forms_under_an_introducing_sentence(written, expected):
    addendum = read("Slovenia supports the following recommendations:", written, paragraph=115, count=163)
    assert addendum.responses == dict.fromkeys(sorted(expected, key=lambda n: int(n.split(".")[1])), S)
    assert addendum.unplaced == []


def test_list_after_its_response_in_the_same_sentence():
    addendum = read("3. The Government accepts the following recommendations: 140.7, 140.8, 140.10-12.")
    assert set(addendum.responses) == numbers(140, 7, 8, 10, 11, 12)
    assert set(addendum.responses.values()) == {S}


def test_list_before_its_response():
    addendum = read("Recommendations 140.1 to 140.5 are accepted and considered already implemented.", symbol="A/HRC/59/15/Add.1")
    assert addendum.responses == dict.fromkeys(sorted(numbers(140, 1, 2, 3, 4, 5)), S)


def test_short_numbers_are_ranks_in_the_paragraph_the_addendum_names():
    addendum = read(
        "3. The Government of the Republic of Slovenia accepts the recommendations 1–5, 14– 16, 150 – 152, 161.",
        "5. For the time being, the Government of the Republic of Slovenia notes recommendations 6–13, 17.",
        "1 The serial numbers of recommendations follow the list in paragraph 115 of the Report of the Working Group.",
    )
    assert {n for n, r in addendum.responses.items() if r == S} == numbers(115, 1, 2, 3, 4, 5, 14, 15, 16, 150, 151, 152, 161)
    assert {n for n, r in addendum.responses.items() if r == N} == numbers(115, *range(6, 14), 17)


def test_short_numbers_without_a_known_paragraph_are_unplaced():
    addendum = read("The Government accepts the recommendations 1–5.")
    assert addendum.responses == {}
    assert addendum.unplaced == ["1–5: The Government accepts the recommendations 1–5."]


@pytest.mark.parametrize(
    "sentence",
    [
        "Slovenia does not support recommendations 115.2 and 115.4.",
        "The Government takes note of recommendations 115.2, 115.4.",
        "Recommendations 115.2 and 115.4 are noted.",
    ],
)
def test_noted_forms(sentence):
    assert read(sentence).responses == {"115.2": N, "115.4": N}


def test_noted_heading_then_list_paragraphs():
    addendum = read("III. Noted recommendations", "115.7, 115.8", "115.20-21", "Some text.", "115.30")
    # The run of lists ends at the first paragraph that is not one: 115.30 heads a comment.
    assert addendum.responses == {"115.7": N, "115.8": N, "115.20": N, "115.21": N}


def test_backwards_or_outside_ranges_are_unplaced_not_guessed():
    addendum = read(
        "Slovenia supports the following recommendations:",
        "115.1, 115.18-17, 115.170, 116.3, 115.160-165",
        paragraph=115,
        count=163,
    )
    assert addendum.responses == {"115.1": S}
    assert [entry.split(":")[0] for entry in addendum.unplaced] == ["115.18-17", "115.170", "116.3", "115.160-165"]


def test_the_count_the_addendum_states_bounds_the_numbers():
    addendum = read(
        "The Working Group's report contains 163 recommendations.",
        "The Government accepts the following recommendations: 115.1, 115.2, 115.164.",
    )
    assert set(addendum.responses) == numbers(115, 1, 2)
    assert addendum.unplaced[0].startswith("115.164: ")


def test_two_responses_to_one_number_are_unplaced():
    addendum = read("The Government accepts the recommendations 115.1, 115.2.", "The Government notes recommendations 115.2.")
    assert addendum.responses == {"115.1": S}
    assert addendum.unplaced[0].startswith("115.2 (both supported and noted)")


# --- claims --------------------------------------------------------------------------------------


def test_a_statement_that_a_recommendation_is_implemented_is_a_verified_state_claim():
    addendum = read("Slovenia considers recommendation 115.3 implemented.", date=dt.date(2015, 3, 4))
    assert len(addendum.claims) == 1
    claim = addendum.claims[0]
    assert claim.item == "a-hrc-28-15-r115.3" == upr_recommendation_id("A/HRC/28/15", "115.3")
    assert claim.assessor_kind == AssessorKind.STATE
    assert claim.assessor == "Government of Slovenia"
    assert claim.scale == Scale.NORMALIZED
    assert claim.grade == "implemented"
    assert claim.date == dt.date(2015, 3, 4)
    assert claim.rationale == "Slovenia considers recommendation 115.3 implemented."
    assert claim.verification == Verification.VERIFIED
    assert claim.verified_by == "source: https://undocs.org/A/HRC/28/15/Add.1"
    assert [source.url for source in claim.sources] == ["https://undocs.org/A/HRC/28/15/Add.1"]
    assert claim.sources[0].title == (
        "A/HRC/28/15/Add.1 — views on conclusions and/or recommendations, voluntary commitments and replies "
        "presented by the State under review"
    )


def test_no_date_no_claims():
    assert read("Slovenia considers recommendation 115.3 implemented.").claims == []


def test_the_state_may_be_given():
    addendum = read_upr_addendum(
        DocumentText(kind="text", paragraphs=["Recommendation 140.9 is already in place."]),
        symbol="A/HRC/59/15/Add.1",
        state="SVN",
        date=dt.date(2025, 4, 8),
    )
    assert [(c.item, c.assessor) for c in addendum.claims] == [("a-hrc-59-15-r140.9", "Government of Slovenia")]


def test_commentary_block_claims_for_the_numbers_heading_it():
    addendum = read(
        "The serial numbers of recommendations follow the list in paragraph 115 of the Report.",
        "Rec. 18 We consider that this recommendation is implemented. The convention was ratified. Rec. 24 We consider "
        "that the activities for the implementation of this recommendation are already ongoing.",
        "140.82-85",
        "Slovenia implements anti-trafficking measures.",
        date=dt.date(2015, 3, 4),
    )
    assert [c.item for c in addendum.claims] == ["a-hrc-28-15-r115.18"]
    assert addendum.claims[0].rationale == "We consider that this recommendation is implemented. The convention was ratified."


def test_accepted_and_considered_already_implemented_is_a_claim():
    addendum = read(
        "Recommendations 140.1 to 140.3 are accepted and considered already implemented.",
        symbol="A/HRC/59/15/Add.1",
        date=dt.date(2025, 4, 8),
    )
    assert [c.item for c in addendum.claims] == [f"a-hrc-59-15-r140.{n}" for n in (1, 2, 3)]


@pytest.mark.parametrize(
    "hedged",
    [
        "Recommendations 115.1 to 115.3 are accepted and considered already implemented or in the process of implementation.",
        "Rec. 115.2 Several programmes in this area are implemented.",
        "Rec. 115.2 The line ministry is putting in place additional measures.",
        "Rec. 115.2 This recommendation is not yet implemented.",
        "Rec. 115.2 This recommendation is partially implemented.",
    ],
)
def test_no_claim_without_an_explicit_statement(hedged):
    assert read(hedged, date=dt.date(2015, 3, 4)).claims == []


def test_long_rationale_is_trimmed():
    addendum = read(
        "Rec. 115.4 We consider that this recommendation is implemented. " + "More detail. " * 200, date=dt.date(2015, 3, 4)
    )
    rationale = addendum.claims[0].rationale
    assert len(rationale) <= 1000
    assert rationale.endswith("…")


def test_rec_short_form_in_a_response():
    addendum = read("Recs. 2 and 4 are noted. Rec. 24 is supported.", paragraph=115)
    assert addendum.responses == {"115.2": N, "115.4": N, "115.24": S}


def test_bare_short_numbers_in_prose_are_no_response():
    addendum = read("In 2019, 45 were accepted into the programme.", paragraph=115)
    assert addendum.responses == {}


def test_stated_totals_are_not_read_from_numbers_of_recommendations():
    addendum = read("Recommendations 115.2 and 115.4 are noted.")
    assert addendum.stated_noted is None
