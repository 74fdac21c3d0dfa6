"""Native grades map onto the normalized status, and an item's status is derived from its record."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain.enums import AssessorKind, Effect, Scale, Status, StatusRule
from tracker.domain.status import (
    GRADES,
    AssessmentFact,
    LinkFact,
    UnknownGrade,
    canonical_grade,
    derive_status,
    is_disputed,
    normalize_grade,
)

COMMITTEE = AssessorKind.COMMITTEE
STATE = AssessorKind.STATE
NGO = AssessorKind.NGO
NHRI = AssessorKind.NHRI

IMPLEMENTED = Status.IMPLEMENTED
PARTIALLY = Status.PARTIALLY_IMPLEMENTED
NOT_IMPLEMENTED = Status.NOT_IMPLEMENTED
NO_INFORMATION = Status.NO_INFORMATION

# Written out from DOMAIN.md "Status", not derived from GRADES.
GRADE_TABLE: list[tuple[Scale, str, Status | None]] = [
    (Scale.CAT_FOLLOWUP, "A", Status.IMPLEMENTED),
    (Scale.CAT_FOLLOWUP, "B", Status.PARTIALLY_IMPLEMENTED),
    (Scale.CAT_FOLLOWUP, "C", Status.NOT_IMPLEMENTED),
    (Scale.CAT_FOLLOWUP, "D", Status.NO_INFORMATION),
    (Scale.CAT_FOLLOWUP, "E", Status.CONTRARY),
    (Scale.CCPR_FOLLOWUP, "A", Status.IMPLEMENTED),
    (Scale.CCPR_FOLLOWUP, "B", Status.PARTIALLY_IMPLEMENTED),
    (Scale.CCPR_FOLLOWUP, "B1", Status.PARTIALLY_IMPLEMENTED),
    (Scale.CCPR_FOLLOWUP, "B2", Status.PARTIALLY_IMPLEMENTED),
    (Scale.CCPR_FOLLOWUP, "C", Status.NOT_IMPLEMENTED),
    (Scale.CCPR_FOLLOWUP, "C1", Status.NOT_IMPLEMENTED),
    (Scale.CCPR_FOLLOWUP, "C2", Status.NOT_IMPLEMENTED),
    (Scale.CCPR_FOLLOWUP, "D", Status.NO_INFORMATION),
    (Scale.CCPR_FOLLOWUP, "D1", Status.NO_INFORMATION),
    (Scale.CCPR_FOLLOWUP, "D2", Status.NO_INFORMATION),
    (Scale.CCPR_FOLLOWUP, "E", Status.CONTRARY),
    (Scale.TB_DECISION_FOLLOWUP, "dialogue_ongoing", None),
    (Scale.TB_DECISION_FOLLOWUP, "closed_satisfactory", Status.IMPLEMENTED),
    (Scale.TB_DECISION_FOLLOWUP, "closed_partially_satisfactory", Status.PARTIALLY_IMPLEMENTED),
    (Scale.TB_DECISION_FOLLOWUP, "closed_unsatisfactory", Status.NOT_IMPLEMENTED),
    (Scale.UPR_INFO, "fully", Status.IMPLEMENTED),
    (Scale.UPR_INFO, "partially", Status.PARTIALLY_IMPLEMENTED),
    (Scale.UPR_INFO, "not", Status.NOT_IMPLEMENTED),
    (Scale.NORMALIZED, "no_information", Status.NO_INFORMATION),
    (Scale.NORMALIZED, "not_implemented", Status.NOT_IMPLEMENTED),
    (Scale.NORMALIZED, "partially_implemented", Status.PARTIALLY_IMPLEMENTED),
    (Scale.NORMALIZED, "implemented", Status.IMPLEMENTED),
    (Scale.NORMALIZED, "contrary", Status.CONTRARY),
    (Scale.NORMALIZED, "closed", Status.CLOSED),
]


@pytest.mark.parametrize(("scale", "grade", "expected"), GRADE_TABLE, ids=[f"{s.value}-{g}" for s, g, _ in GRADE_TABLE])
def test_each_native_grade_means_the_normalized_status_of_the_domain_table(
    scale: Scale, grade: str, expected: Status | None
) -> None:
    assert normalize_grade(scale, grade) is expected


def test_the_grade_table_covers_every_grade_of_every_scale() -> None:
    known = {(scale, grade) for scale, grades in GRADES.items() for grade in grades}
    assert known == {(scale, grade) for scale, grade, _ in GRADE_TABLE}
    assert set(GRADES) == set(Scale)


@pytest.mark.parametrize(
    ("scale", "grade", "expected"),
    [
        (Scale.CCPR_FOLLOWUP, "b1", "B1"),
        (Scale.CCPR_FOLLOWUP, " b2 ", "B2"),
        (Scale.CCPR_FOLLOWUP, "B1", "B1"),
        (Scale.CCPR_FOLLOWUP, "e", "E"),
        (Scale.CAT_FOLLOWUP, "a", "A"),
        (Scale.CAT_FOLLOWUP, " C ", "C"),
        (Scale.TB_DECISION_FOLLOWUP, "Closed satisfactory", "closed_satisfactory"),
        (Scale.TB_DECISION_FOLLOWUP, "closed_satisfactory", "closed_satisfactory"),
        (Scale.TB_DECISION_FOLLOWUP, "CLOSED PARTIALLY SATISFACTORY", "closed_partially_satisfactory"),
        (Scale.TB_DECISION_FOLLOWUP, " Closed unsatisfactory ", "closed_unsatisfactory"),
        (Scale.TB_DECISION_FOLLOWUP, "Dialogue ongoing", "dialogue_ongoing"),
        (Scale.UPR_INFO, "Fully", "fully"),
        (Scale.UPR_INFO, "NOT", "not"),
        (Scale.NORMALIZED, "Partially implemented", "partially_implemented"),
    ],
)
def test_a_grade_is_spelled_as_its_scale_spells_it(scale: Scale, grade: str, expected: str) -> None:
    assert canonical_grade(scale, grade) == expected


@pytest.mark.parametrize(
    ("scale", "grade", "expected"),
    [
        (Scale.CCPR_FOLLOWUP, "b1", Status.PARTIALLY_IMPLEMENTED),
        (Scale.TB_DECISION_FOLLOWUP, "Closed satisfactory", Status.IMPLEMENTED),
        (Scale.UPR_INFO, "Partially", Status.PARTIALLY_IMPLEMENTED),
    ],
)
def test_a_grade_in_another_spelling_still_means_its_status(scale: Scale, grade: str, expected: Status) -> None:
    assert normalize_grade(scale, grade) is expected


@pytest.mark.parametrize(
    ("scale", "grade"),
    [
        (Scale.CAT_FOLLOWUP, "F"),
        (Scale.CAT_FOLLOWUP, "B1"),
        (Scale.CAT_FOLLOWUP, "partially"),
        (Scale.CAT_FOLLOWUP, ""),
        (Scale.CCPR_FOLLOWUP, "B3"),
        (Scale.CCPR_FOLLOWUP, "F"),
        (Scale.CCPR_FOLLOWUP, "A1"),
        (Scale.TB_DECISION_FOLLOWUP, "closed"),
        (Scale.TB_DECISION_FOLLOWUP, "A"),
        (Scale.UPR_INFO, "B"),
        (Scale.UPR_INFO, "supported"),
        (Scale.NORMALIZED, "done"),
    ],
)
def test_a_grade_that_is_not_on_its_scale_is_refused(scale: Scale, grade: str) -> None:
    with pytest.raises(UnknownGrade) as caught:
        normalize_grade(scale, grade)
    assert caught.value.scale is scale
    assert caught.value.grade == grade
    assert scale.value in str(caught.value)


def test_an_unknown_grade_is_a_value_error_that_lists_the_allowed_grades() -> None:
    with pytest.raises(ValueError, match=r"allowed: A, B, C, D, E"):
        canonical_grade(Scale.CAT_FOLLOWUP, "F")


def assessment(key: str, date: dt.date, kind: AssessorKind, status: Status | None) -> AssessmentFact:
    return AssessmentFact(id=key, date=date, assessor_kind=kind, status=status)


def link(action: str, date: dt.date, effect: Effect) -> LinkFact:
    return LinkFact(action=action, date=date, effect=effect)


D2016 = dt.date(2016, 5, 13)
D2019 = dt.date(2019, 3, 1)
D2021 = dt.date(2021, 8, 12)
D2022 = dt.date(2022, 11, 30)


@pytest.mark.parametrize(
    ("assessments", "status", "basis_assessment"),
    [
        pytest.param(
            [assessment("cat", D2016, COMMITTEE, PARTIALLY), assessment("ngo", D2022, NGO, NOT_IMPLEMENTED)],
            PARTIALLY, "cat", id="later-ngo",
        ),
        pytest.param(
            [assessment("state", D2022, STATE, IMPLEMENTED), assessment("cat", D2019, COMMITTEE, NOT_IMPLEMENTED)],
            NOT_IMPLEMENTED, "cat", id="later-state",
        ),
        pytest.param(
            [
                assessment("cat-2016", D2016, COMMITTEE, NOT_IMPLEMENTED),
                assessment("cat-2021", D2021, COMMITTEE, PARTIALLY),
                assessment("nhri", D2022, NHRI, IMPLEMENTED),
            ],
            PARTIALLY, "cat-2021", id="latest-of-two-committee-ones",
        ),
        pytest.param(
            [
                assessment("cat-2016", D2016, COMMITTEE, NOT_IMPLEMENTED),
                assessment("cat-2021", D2021, COMMITTEE, None),
                assessment("state", D2022, STATE, IMPLEMENTED),
            ],
            NOT_IMPLEMENTED, "cat-2016", id="ongoing-dialogue-keeps-the-last-committee-grade",
        ),
    ],
)
def test_a_committee_assessment_outranks_a_later_ngo_or_state_one(
    assessments: list[AssessmentFact], status: Status, basis_assessment: str
) -> None:
    derived = derive_status(assessments, [])
    assert derived.status is status
    assert derived.basis.rule is StatusRule.BODY_ASSESSMENT
    assert derived.basis.assessment == basis_assessment
    assert derived.basis.action is None


@pytest.mark.parametrize(
    ("assessments", "status", "basis_assessment"),
    [
        pytest.param(
            [assessment("state", D2019, STATE, IMPLEMENTED), assessment("ngo", D2021, NGO, NOT_IMPLEMENTED)],
            NOT_IMPLEMENTED, "ngo", id="ngo-after-state",
        ),
        pytest.param(
            [assessment("ngo", D2021, NGO, NOT_IMPLEMENTED), assessment("state", D2022, STATE, PARTIALLY)],
            PARTIALLY, "state", id="state-after-ngo",
        ),
        pytest.param(
            [
                assessment("ngo", D2019, NGO, NOT_IMPLEMENTED),
                assessment("cat-dialogue", D2021, COMMITTEE, None),
                assessment("state-dialogue", D2022, STATE, None),
            ],
            NOT_IMPLEMENTED, "ngo", id="later-statusless-ones-ignored",
        ),
    ],
)
def test_without_a_committee_grade_the_latest_assessment_by_anyone_gives_the_status(
    assessments: list[AssessmentFact], status: Status, basis_assessment: str
) -> None:
    derived = derive_status(assessments, [])
    assert derived.status is status
    assert derived.basis.rule is StatusRule.LATEST_ASSESSMENT
    assert derived.basis.assessment == basis_assessment


def test_any_assessment_outranks_linked_actions() -> None:
    derived = derive_status(
        [assessment("ngo", D2019, NGO, NOT_IMPLEMENTED)],
        [link("act-law", D2022, Effect.ADVANCES)],
    )
    assert derived.status is NOT_IMPLEMENTED
    assert derived.basis.rule is StatusRule.LATEST_ASSESSMENT


@pytest.mark.parametrize(
    ("links", "basis_action"),
    [
        pytest.param([link("act-award", D2016, Effect.ADVANCES)], "act-award", id="one-advances"),
        pytest.param([link("act-bill", D2016, Effect.PARTIAL)], "act-bill", id="one-partial"),
        pytest.param(
            [link("act-bill", D2016, Effect.PARTIAL), link("act-amendment", D2019, Effect.ADVANCES)],
            "act-amendment", id="latest-of-two-by-date",
        ),
        pytest.param(
            [
                link("act-amendment", D2019, Effect.ADVANCES),
                link("act-bill", D2016, Effect.PARTIAL),
                link("act-repeal", D2022, Effect.REGRESSES),
                link("act-statement", D2021, Effect.NO_EFFECT),
            ],
            "act-amendment", id="later-non-implementing-ones-are-not-the-basis",
        ),
    ],
)
def test_an_advancing_or_partial_action_makes_an_unassessed_item_partially_implemented(
    links: list[LinkFact], basis_action: str
) -> None:
    derived = derive_status([], links)
    assert derived.status is PARTIALLY
    assert derived.basis.rule is StatusRule.LINKED_ACTIONS
    assert derived.basis.action == basis_action
    assert derived.basis.assessment is None


def test_statusless_assessments_leave_the_status_to_linked_actions() -> None:
    derived = derive_status(
        [assessment("cat-dialogue", D2021, COMMITTEE, None)],
        [link("act-award", D2016, Effect.ADVANCES)],
    )
    assert derived.status is PARTIALLY
    assert derived.basis.rule is StatusRule.LINKED_ACTIONS
    assert derived.basis.action == "act-award"


@pytest.mark.parametrize(
    "links",
    [
        pytest.param([link("act-statement", D2019, Effect.NO_EFFECT)], id="no-effect"),
        pytest.param([link("act-repeal", D2019, Effect.REGRESSES)], id="regresses"),
        pytest.param(
            [link("act-statement", D2019, Effect.NO_EFFECT), link("act-repeal", D2021, Effect.REGRESSES)],
            id="both",
        ),
    ],
)
def test_only_non_implementing_actions_leave_an_item_without_information(links: list[LinkFact]) -> None:
    derived = derive_status([], links)
    assert derived.status is NO_INFORMATION
    assert derived.basis.rule is StatusRule.LINKED_ACTIONS
    assert derived.basis.action is None


@pytest.mark.parametrize(
    "assessments",
    [pytest.param([], id="nothing"), pytest.param([assessment("cat-dialogue", D2021, COMMITTEE, None)], id="only-dialogue")],
)
def test_an_item_with_nothing_recorded_has_no_information_by_the_linked_actions_rule(
    assessments: list[AssessmentFact],
) -> None:
    derived = derive_status(assessments, [])
    assert derived.status is NO_INFORMATION
    assert derived.basis.rule is StatusRule.LINKED_ACTIONS
    assert derived.basis.assessment is None
    assert derived.basis.action is None
    assert derived.disputed is False


@pytest.mark.parametrize(
    ("assessments", "disputed"),
    [
        pytest.param(
            [assessment("cat", D2019, COMMITTEE, PARTIALLY), assessment("state", D2021, STATE, IMPLEMENTED)],
            True, id="committee-and-state-disagree",
        ),
        pytest.param(
            [assessment("state", D2019, STATE, IMPLEMENTED), assessment("ngo", D2021, NGO, NOT_IMPLEMENTED)],
            True, id="state-and-ngo-disagree",
        ),
        pytest.param(
            [
                assessment("cat", D2019, COMMITTEE, PARTIALLY),
                assessment("state", D2021, STATE, PARTIALLY),
                assessment("ngo", D2022, NGO, NOT_IMPLEMENTED),
            ],
            True, id="one-of-three-kinds-disagrees",
        ),
        pytest.param(
            [assessment("cat", D2019, COMMITTEE, PARTIALLY), assessment("state", D2021, STATE, PARTIALLY)],
            False, id="kinds-agree",
        ),
        pytest.param([assessment("ngo", D2019, NGO, NOT_IMPLEMENTED)], False, id="one-assessment"),
        pytest.param(
            [assessment("cat-2016", D2016, COMMITTEE, NOT_IMPLEMENTED), assessment("cat-2021", D2021, COMMITTEE, PARTIALLY)],
            False, id="one-kind-changing-its-mind",
        ),
        pytest.param(
            [
                assessment("cat", D2019, COMMITTEE, PARTIALLY),
                assessment("state-2016", D2016, STATE, IMPLEMENTED),
                assessment("state-2021", D2021, STATE, PARTIALLY),
            ],
            False, id="older-disagreement-of-the-same-kind-does-not-count",
        ),
        pytest.param(
            [assessment("cat", D2019, COMMITTEE, IMPLEMENTED), assessment("state-dialogue", D2021, STATE, None)],
            False, id="statusless-assessment-does-not-count",
        ),
        pytest.param(
            [
                assessment("cat", D2019, COMMITTEE, IMPLEMENTED),
                assessment("state-2016", D2016, STATE, NOT_IMPLEMENTED),
                assessment("state-dialogue", D2021, STATE, None),
            ],
            True, id="statusless-assessment-does-not-hide-an-older-disagreement",
        ),
        pytest.param([], False, id="no-assessments"),
    ],
)
def test_an_item_is_disputed_when_the_latest_assessments_of_different_kinds_disagree(
    assessments: list[AssessmentFact], disputed: bool
) -> None:
    assert derive_status(assessments, []).disputed is disputed
    assert is_disputed(assessments) is disputed


def test_a_dispute_is_reported_whichever_rule_gives_the_status() -> None:
    derived = derive_status(
        [assessment("state", D2019, STATE, IMPLEMENTED), assessment("ngo", D2021, NGO, NOT_IMPLEMENTED)],
        [link("act-law", D2022, Effect.ADVANCES)],
    )
    assert derived.basis.rule is StatusRule.LATEST_ASSESSMENT
    assert derived.disputed is True
