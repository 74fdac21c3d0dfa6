"""Public IDs follow the exact rules of docs/records.md (IDs), so they are the same in every installation."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tracker.domain import ids
from tracker.domain.enums import ActionKind, Body, DatePrecision, RemedyKind

GERASIMOV_AWARD = "Kostanay city court awards Gerasimov 2,000,000 tenge"
AWARD_DATE = dt.date(2013, 11, 21)


@pytest.mark.parametrize(
    ("symbol", "expected"),
    [
        ("CAT/C/KAZ/CO/3", "cat-c-kaz-co-3"),
        ("A/HRC/43/10", "a-hrc-43-10"),
        ("CAT/C/48/D/433/2010", "cat-c-48-d-433-2010"),
        ("CCPR/C/TJK/CO/3", "ccpr-c-tjk-co-3"),
        ("E/C.12/KAZ/CO/2", "e-c-12-kaz-co-2"),
        ("CAT/C/KAZ/CO/3/Add.1", "cat-c-kaz-co-3-add-1"),
        ("  CAT/C/KAZ/CO/3  ", "cat-c-kaz-co-3"),
        ("CAT//C -- KAZ", "cat-c-kaz"),
        ("/A/HRC/43/10/", "a-hrc-43-10"),
        ("CAT_C_KAZ", "cat-c-kaz"),
        ("CAT/C/KAZ/CO/3\u00a0(2014)", "cat-c-kaz-co-3-2014"),
    ],
)
def test_a_symbol_slug_is_lower_case_with_one_dash_per_run_of_other_characters(symbol: str, expected: str) -> None:
    assert ids.slug(symbol) == expected


@pytest.mark.parametrize("symbol", ["CAT/C/KAZ/CO/3", "A/HRC/43/10", "CAT/C/KAZ/CO/3/Add.1"])
def test_slugging_a_slug_changes_nothing(symbol: str) -> None:
    once = ids.slug(symbol)
    assert ids.slug(once) == once


@pytest.mark.parametrize("symbol", ["", "   ", "///", "-", "—", "()"])
def test_a_symbol_without_letters_or_digits_has_no_slug(symbol: str) -> None:
    with pytest.raises(ValueError, match="no letters or digits"):
        ids.slug(symbol)


@pytest.mark.parametrize(
    ("symbol", "paragraph", "expected"),
    [
        ("CAT/C/KAZ/CO/3", "8", "cat-c-kaz-co-3-p8"),
        ("CAT/C/KAZ/CO/3", "15", "cat-c-kaz-co-3-p15"),
        ("CAT/C/KAZ/CO/3", " 10 ", "cat-c-kaz-co-3-p10"),
        ("CCPR/C/TJK/CO/3", "16a", "ccpr-c-tjk-co-3-p16a"),
        ("CCPR/C/TJK/CO/3", "16 (a)", "ccpr-c-tjk-co-3-p16a"),
        ("CCPR/C/TJK/CO/3", "16(a)", "ccpr-c-tjk-co-3-p16a"),
        ("CCPR/C/TJK/CO/3", "16 (A)", "ccpr-c-tjk-co-3-p16a"),
        ("CCPR/C/TJK/CO/3", "16A", "ccpr-c-tjk-co-3-p16a"),
        ("CCPR/C/TJK/CO/3", "16 a", "ccpr-c-tjk-co-3-p16a"),
        ("CCPR/C/TJK/CO/3", "16 (b)", "ccpr-c-tjk-co-3-p16b"),
    ],
)
def test_a_concluding_observations_paragraph_id_is_the_symbol_slug_p_paragraph_and_sub_letter(
    symbol: str, paragraph: str, expected: str
) -> None:
    assert ids.recommendation_id(symbol, paragraph) == expected


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [("8", "8"), ("16a", "16a"), ("16 (a)", "16a"), (" 16 ( B ) ", "16b"), ("120", "120")],
)
def test_a_paragraph_is_normalized_to_digits_and_one_lower_case_sub_letter(paragraph: str, expected: str) -> None:
    assert ids.normalize_paragraph(paragraph) == expected


@pytest.mark.parametrize("paragraph", ["", "  ", "a", "(a)", "p8", "16ab", "16.1", "16-a", "sixteen", "16 (a)(i)", "8,"])
def test_a_malformed_paragraph_is_refused(paragraph: str) -> None:
    with pytest.raises(ValueError, match="paragraph"):
        ids.recommendation_id("CAT/C/KAZ/CO/3", paragraph)


@pytest.mark.parametrize(
    ("report", "number", "expected"),
    [
        ("A/HRC/43/10", "120.45", "a-hrc-43-10-r120.45"),
        ("A/HRC/43/10", " 120.45 ", "a-hrc-43-10-r120.45"),
        ("A/HRC/43/10", "120.1", "a-hrc-43-10-r120.1"),
        ("A/HRC/28/10", "122.1", "a-hrc-28-10-r122.1"),
    ],
)
def test_a_upr_recommendation_id_keeps_the_dot_of_its_number(report: str, number: str, expected: str) -> None:
    assert ids.upr_recommendation_id(report, number) == expected


@pytest.mark.parametrize("number", ["", "120", "120.", ".45", "120,45", "120.45a", "r120.45", "120.45.1", "120 .45", "one.two"])
def test_a_malformed_upr_recommendation_number_is_refused(number: str) -> None:
    with pytest.raises(ValueError, match="UPR recommendation number"):
        ids.upr_recommendation_id("A/HRC/43/10", number)


@pytest.mark.parametrize(
    ("body", "communication", "expected"),
    [
        ("CAT", "433/2010", "cat-433-2010"),
        ("CCPR", "2146/2012", "ccpr-2146-2012"),
        (Body.CAT, "441/2010", "cat-441-2010"),
        (Body.CCPR, " 2146/2012 ", "ccpr-2146-2012"),
        ("cat", "497/2012", "cat-497-2012"),
    ],
)
def test_a_decision_id_is_the_body_and_the_communication_number_with_dashes(body: str, communication: str, expected: str) -> None:
    assert ids.decision_id(body, communication) == expected


@pytest.mark.parametrize(
    "communication", ["", "433", "433-2010", "433/10", "433/20100", "abc/2010", "433/2010/1", "433 /2010", "/2010"]
)
def test_a_malformed_communication_number_is_refused(communication: str) -> None:
    with pytest.raises(ValueError, match="communication number"):
        ids.decision_id("CAT", communication)


@pytest.mark.parametrize(
    ("decision", "kind", "ordinal", "expected"),
    [
        ("cat-433-2010", "compensation", 1, "cat-433-2010-compensation"),
        ("cat-441-2010", "investigation", 1, "cat-441-2010-investigation"),
        ("cat-433-2010", "non_repetition", 1, "cat-433-2010-non-repetition"),
        ("cat-433-2010", RemedyKind.NON_REPETITION, 1, "cat-433-2010-non-repetition"),
        ("ccpr-2146-2012", RemedyKind.RETRIAL_OR_RELEASE, 1, "ccpr-2146-2012-retrial-or-release"),
        ("cat-433-2010", RemedyKind.RETURN_OR_PROTECTION, 1, "cat-433-2010-return-or-protection"),
        ("cat-433-2010", "compensation", 2, "cat-433-2010-compensation-2"),
        ("cat-433-2010", "non_repetition", 3, "cat-433-2010-non-repetition-3"),
    ],
)
def test_a_remedy_id_is_the_decision_id_and_its_kind_with_an_ordinal_from_the_second(
    decision: str, kind: str, ordinal: int, expected: str
) -> None:
    assert ids.remedy_id(decision, kind, ordinal) == expected


def test_the_first_remedy_of_a_kind_has_no_ordinal_suffix_by_default() -> None:
    assert ids.remedy_id("cat-433-2010", RemedyKind.COMPENSATION) == "cat-433-2010-compensation"


@pytest.mark.parametrize("ordinal", [0, -1])
def test_a_remedy_ordinal_below_one_is_refused(ordinal: int) -> None:
    with pytest.raises(ValueError, match="ordinal"):
        ids.remedy_id("cat-433-2010", "compensation", ordinal)


@pytest.mark.parametrize(
    ("body", "state", "cycle", "expected"),
    [
        ("UPR", "KAZ", 3, "upr-kaz-3"),
        ("CAT", "TJK", 3, "cat-tjk-3"),
        (Body.CCPR, "KAZ", 2, "ccpr-kaz-2"),
        (Body.UPR, "tjk", 4, "upr-tjk-4"),
    ],
)
def test_a_review_id_is_body_state_and_cycle_in_lower_case(body: str, state: str, cycle: int, expected: str) -> None:
    assert ids.review_id(body, state, cycle) == expected


def test_an_action_id_shows_the_state_and_the_date_then_a_short_hash() -> None:
    action = ids.action_id("KAZ", AWARD_DATE, DatePrecision.DAY, ActionKind.COURT_RULING, GERASIMOV_AWARD)
    assert re.fullmatch(r"act-kaz-2013-11-21-[0-9a-f]{8}", action)


def test_an_action_id_is_the_same_in_every_installation() -> None:
    # A pinned value: changing the derivation would break IDs already cited elsewhere.
    action = ids.action_id("KAZ", AWARD_DATE, DatePrecision.DAY, "court_ruling", GERASIMOV_AWARD)
    assert action == "act-kaz-2013-11-21-79a32b35"


@pytest.mark.parametrize(
    "title",
    [
        "KOSTANAY CITY COURT AWARDS GERASIMOV 2,000,000 TENGE",
        "kostanay city court awards gerasimov 2,000,000 tenge",
        "  Kostanay   city court awards Gerasimov 2,000,000 tenge  ",
        "Kostanay city court awards Gerasimov: 2 000 000 tenge.",
        "Kostanay city-court awards Gerasimov 2.000.000 tenge!",
        "Kostanay\tcity court\nawards Gerasimov 2,000,000 tenge",
    ],
)
def test_an_action_id_does_not_change_with_case_punctuation_or_spacing_of_the_title(title: str) -> None:
    reference = ids.action_id("KAZ", AWARD_DATE, DatePrecision.DAY, ActionKind.COURT_RULING, GERASIMOV_AWARD)
    assert ids.action_id("KAZ", AWARD_DATE, DatePrecision.DAY, ActionKind.COURT_RULING, title) == reference


def test_cyrillic_letters_with_marks_stay_distinct_in_action_ids() -> None:
    with_short_i = ids.action_id("KAZ", AWARD_DATE, DatePrecision.DAY, ActionKind.COURT_RULING, "Решение по делу Зайцева")
    with_i = ids.action_id("KAZ", AWARD_DATE, DatePrecision.DAY, ActionKind.COURT_RULING, "Решение по делу Заицева")
    assert with_short_i != with_i


def test_an_action_id_does_not_change_with_the_case_of_the_state_code() -> None:
    upper = ids.action_id("KAZ", AWARD_DATE, DatePrecision.DAY, ActionKind.COURT_RULING, GERASIMOV_AWARD)
    lower = ids.action_id("kaz", AWARD_DATE, DatePrecision.DAY, ActionKind.COURT_RULING, GERASIMOV_AWARD)
    assert upper == lower


@pytest.mark.parametrize(
    ("state", "date", "precision", "kind", "title"),
    [
        pytest.param("KAZ", AWARD_DATE, DatePrecision.DAY, ActionKind.COMPENSATION_PAID, GERASIMOV_AWARD, id="other-kind"),
        pytest.param("KAZ", dt.date(2013, 11, 22), DatePrecision.DAY, ActionKind.COURT_RULING, GERASIMOV_AWARD, id="other-day"),
        pytest.param("KAZ", AWARD_DATE, DatePrecision.MONTH, ActionKind.COURT_RULING, GERASIMOV_AWARD, id="month-precision"),
        pytest.param("KAZ", AWARD_DATE, DatePrecision.YEAR, ActionKind.COURT_RULING, GERASIMOV_AWARD, id="year-precision"),
        pytest.param("TJK", AWARD_DATE, DatePrecision.DAY, ActionKind.COURT_RULING, GERASIMOV_AWARD, id="other-state"),
        pytest.param(
            "KAZ",
            AWARD_DATE,
            DatePrecision.DAY,
            ActionKind.COURT_RULING,
            "Kostanay regional court upholds the award to Gerasimov",
            id="other-title",
        ),
    ],
)
def test_an_action_id_differs_for_a_different_natural_key(
    state: str, date: dt.date, precision: DatePrecision, kind: str, title: str
) -> None:
    reference = ids.action_id("KAZ", AWARD_DATE, DatePrecision.DAY, ActionKind.COURT_RULING, GERASIMOV_AWARD)
    assert ids.action_id(state, date, precision, kind, title) != reference


@pytest.mark.parametrize(
    ("precision", "prefix"),
    [
        (DatePrecision.DAY, "act-kaz-2013-11-21-"),
        (DatePrecision.MONTH, "act-kaz-2013-11-"),
        (DatePrecision.YEAR, "act-kaz-2013-"),
    ],
)
def test_an_action_id_shows_the_date_only_as_far_as_it_is_known(precision: DatePrecision, prefix: str) -> None:
    action = ids.action_id("KAZ", AWARD_DATE, precision, ActionKind.COURT_RULING, GERASIMOV_AWARD)
    assert action.startswith(prefix)
    assert re.fullmatch(re.escape(prefix) + r"[0-9a-f]{8}", action)


@pytest.mark.parametrize(
    ("precision", "other_day"),
    [(DatePrecision.MONTH, dt.date(2013, 11, 1)), (DatePrecision.YEAR, dt.date(2013, 2, 14))],
)
def test_an_imprecise_action_date_ignores_the_unknown_part(precision: DatePrecision, other_day: dt.date) -> None:
    assert ids.action_id("KAZ", AWARD_DATE, precision, ActionKind.COURT_RULING, GERASIMOV_AWARD) == ids.action_id(
        "KAZ", other_day, precision, ActionKind.COURT_RULING, GERASIMOV_AWARD
    )


@pytest.mark.parametrize(
    ("precision", "expected"),
    [(DatePrecision.DAY, "2013-11-21"), (DatePrecision.MONTH, "2013-11"), (DatePrecision.YEAR, "2013")],
)
def test_a_partial_date_is_written_to_its_precision(precision: DatePrecision, expected: str) -> None:
    assert ids.partial_date(AWARD_DATE, precision) == expected


ITEM = "cat-c-kaz-co-3-p8"
ASSESSOR = "CAT Rapporteur for follow-up"
ASSESSED = dt.date(2016, 5, 13)


def test_an_assessment_id_is_asm_and_a_short_hash() -> None:
    assert re.fullmatch(r"asm-[0-9a-f]{10}", ids.assessment_id(ITEM, ASSESSOR, ASSESSED))


def test_an_assessment_id_is_the_same_each_time_it_is_derived() -> None:
    assert ids.assessment_id(ITEM, ASSESSOR, ASSESSED) == ids.assessment_id(ITEM, ASSESSOR, ASSESSED)


@pytest.mark.parametrize(
    "assessor", ["cat rapporteur for follow-up", "CAT  Rapporteur for follow up", " CAT Rapporteur, for follow-up. "]
)
def test_an_assessment_id_does_not_change_with_how_the_assessor_is_written(assessor: str) -> None:
    assert ids.assessment_id(ITEM, assessor, ASSESSED) == ids.assessment_id(ITEM, ASSESSOR, ASSESSED)


@pytest.mark.parametrize(
    ("item", "assessor", "date"),
    [
        pytest.param("cat-c-kaz-co-3-p10", ASSESSOR, ASSESSED, id="other-item"),
        pytest.param(ITEM, "Kazakhstan International Bureau for Human Rights", ASSESSED, id="other-assessor"),
        pytest.param(ITEM, ASSESSOR, dt.date(2016, 5, 14), id="other-date"),
    ],
)
def test_an_assessment_id_differs_for_a_different_natural_key(item: str, assessor: str, date: dt.date) -> None:
    assert ids.assessment_id(item, assessor, date) != ids.assessment_id(ITEM, ASSESSOR, ASSESSED)
