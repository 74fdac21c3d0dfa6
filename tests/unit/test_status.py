"""Native grades map onto the normalized status, and an item's status is derived from its record."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain.enums import ActionKind, AssessorKind, DatePrecision, Effect, Scale, Status, StatusRule
from tracker.domain.status import (
    GRADES,
    AssessmentFact,
    LinkFact,
    UnknownGrade,
    canonical_grade,
    derive_status,
    is_disputed,
    normalize_grade,
    status_history,
)

COMMITTEE = AssessorKind.COMMITTEE
STATE = AssessorKind.STATE
NGO = AssessorKind.NGO
NHRI = AssessorKind.NHRI

IMPLEMENTED = Status.IMPLEMENTED
PARTIALLY = Status.PARTIALLY_IMPLEMENTED
NOT_IMPLEMENTED = Status.NOT_IMPLEMENTED
NO_INFORMATION = Status.NO_INFORMATION
CONTRARY = Status.CONTRARY

# Written out from the native scales of docs/status.md, not derived from GRADES.
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


def assessment(key: str, date: dt.date, kind: AssessorKind, status: Status | None, *, verified: bool = True) -> AssessmentFact:
    return AssessmentFact(id=key, date=date, assessor_kind=kind, status=status, verified=verified)


def link(
    action: str,
    date: dt.date,
    effect: Effect,
    kind: ActionKind = ActionKind.LEGISLATION_AMENDED,
    *,
    verified: bool = True,
    precision: DatePrecision = DatePrecision.DAY,
) -> LinkFact:
    return LinkFact(action=action, date=date, effect=effect, kind=kind, verified=verified, precision=precision)


D2016 = dt.date(2016, 5, 13)
D2019 = dt.date(2019, 3, 1)
D2021 = dt.date(2021, 8, 12)
D2022 = dt.date(2022, 11, 30)
EDITOR = AssessorKind.EDITOR


@pytest.mark.parametrize(
    ("assessments", "status", "basis_assessment"),
    [
        pytest.param(
            [assessment("cat", D2016, COMMITTEE, PARTIALLY), assessment("ngo", D2022, NGO, NOT_IMPLEMENTED)],
            PARTIALLY,
            "cat",
            id="later-ngo",
        ),
        pytest.param(
            [assessment("state", D2022, STATE, IMPLEMENTED), assessment("cat", D2019, COMMITTEE, NOT_IMPLEMENTED)],
            NOT_IMPLEMENTED,
            "cat",
            id="later-state",
        ),
        pytest.param(
            [
                assessment("cat-2016", D2016, COMMITTEE, NOT_IMPLEMENTED),
                assessment("cat-2021", D2021, COMMITTEE, PARTIALLY),
                assessment("nhri", D2022, NHRI, IMPLEMENTED),
            ],
            PARTIALLY,
            "cat-2021",
            id="latest-of-two-committee-ones",
        ),
        pytest.param(
            [
                assessment("cat-2016", D2016, COMMITTEE, NOT_IMPLEMENTED),
                assessment("cat-2021", D2021, COMMITTEE, None),
                assessment("state", D2022, STATE, IMPLEMENTED),
            ],
            NOT_IMPLEMENTED,
            "cat-2016",
            id="ongoing-dialogue-keeps-the-last-committee-grade",
        ),
        pytest.param(
            [
                assessment("cat-2016", D2016, COMMITTEE, NOT_IMPLEMENTED),
                assessment("cat-2021", D2021, COMMITTEE, IMPLEMENTED, verified=False),
            ],
            NOT_IMPLEMENTED,
            "cat-2016",
            id="a-later-unverified-committee-grade-is-passed-over",
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
            [assessment("state", D2022, STATE, IMPLEMENTED), assessment("ngo", D2021, NGO, NOT_IMPLEMENTED)],
            NOT_IMPLEMENTED,
            "ngo",
            id="an-earlier-ngo-outranks-a-later-state-claim",
        ),
        pytest.param(
            [assessment("ngo", D2019, NGO, NOT_IMPLEMENTED), assessment("nhri", D2021, NHRI, PARTIALLY)],
            PARTIALLY,
            "nhri",
            id="latest-independent",
        ),
        pytest.param(
            [assessment("editor", D2022, EDITOR, IMPLEMENTED)],
            IMPLEMENTED,
            "editor",
            id="a-verified-editor-assessment",
        ),
        pytest.param(
            [
                assessment("ngo", D2019, NGO, NOT_IMPLEMENTED),
                assessment("cat-dialogue", D2021, COMMITTEE, None),
                assessment("editor", D2022, EDITOR, IMPLEMENTED, verified=False),
            ],
            NOT_IMPLEMENTED,
            "ngo",
            id="later-statusless-and-unverified-ones-ignored",
        ),
    ],
)
def test_without_a_body_grade_the_latest_independent_assessment_gives_the_status(
    assessments: list[AssessmentFact], status: Status, basis_assessment: str
) -> None:
    derived = derive_status(assessments, [])
    assert derived.status is status
    assert derived.basis.rule is StatusRule.INDEPENDENT_ASSESSMENT
    assert derived.basis.assessment == basis_assessment


def test_an_independent_assessment_outranks_linked_actions_which_outrank_the_state_claim() -> None:
    derived = derive_status([assessment("ngo", D2019, NGO, NOT_IMPLEMENTED)], [link("act-law", D2022, Effect.ADVANCES)])
    assert (derived.status, derived.basis.rule) == (NOT_IMPLEMENTED, StatusRule.INDEPENDENT_ASSESSMENT)
    derived = derive_status([assessment("state", D2022, STATE, IMPLEMENTED)], [link("act-law", D2019, Effect.ADVANCES)])
    assert (derived.status, derived.basis.rule, derived.basis.action) == (PARTIALLY, StatusRule.LINKED_ACTIONS, "act-law")


def test_the_state_claim_gives_the_status_only_when_nothing_else_does() -> None:
    derived = derive_status(
        [assessment("state", D2021, STATE, IMPLEMENTED)], [link("act-statement", D2019, Effect.NO_EFFECT, ActionKind.STATEMENT)]
    )
    assert (derived.status, derived.basis.rule, derived.basis.assessment) == (IMPLEMENTED, StatusRule.STATE_ASSESSMENT, "state")


@pytest.mark.parametrize(
    ("links", "status", "basis_action"),
    [
        pytest.param([link("act-award", D2016, Effect.ADVANCES)], PARTIALLY, "act-award", id="one-advances"),
        pytest.param([link("act-bill", D2016, Effect.PARTIAL)], PARTIALLY, "act-bill", id="one-partial"),
        pytest.param(
            [link("act-bill", D2016, Effect.PARTIAL), link("act-amendment", D2019, Effect.ADVANCES)],
            PARTIALLY,
            "act-amendment",
            id="latest-of-two-by-date",
        ),
        pytest.param([link("act-payment", D2019, Effect.IMPLEMENTS)], IMPLEMENTED, "act-payment", id="implements"),
        pytest.param(
            [link("act-payment", D2016, Effect.IMPLEMENTS), link("act-bill", D2019, Effect.PARTIAL)],
            IMPLEMENTED,
            "act-payment",
            id="implements-then-partial-stays-implemented",
        ),
        pytest.param(
            [link("act-repeal", D2019, Effect.REGRESSES)], CONTRARY, "act-repeal", id="a-measure-against-it-is-contrary"
        ),
        pytest.param(
            [link("act-refusal", D2019, Effect.REGRESSES, ActionKind.STATEMENT)],
            NOT_IMPLEMENTED,
            "act-refusal",
            id="a-refusal-in-words-is-not-implemented",
        ),
        pytest.param(
            [link("act-reply", D2019, Effect.REGRESSES, ActionKind.FOLLOW_UP_REPLY_SUBMITTED)],
            NOT_IMPLEMENTED,
            "act-reply",
            id="a-reply-refusing-is-not-implemented",
        ),
        pytest.param(
            [link("act-law", D2016, Effect.ADVANCES), link("act-repeal", D2019, Effect.REGRESSES)],
            CONTRARY,
            "act-repeal",
            id="a-later-regression-undoes-progress",
        ),
        pytest.param(
            [link("act-repeal", D2016, Effect.REGRESSES), link("act-law", D2019, Effect.ADVANCES)],
            PARTIALLY,
            "act-law",
            id="later-progress-after-a-regression",
        ),
        pytest.param(
            [
                link("act-payment", D2016, Effect.IMPLEMENTS),
                link("act-repeal", D2019, Effect.REGRESSES),
                link("act-bill", D2021, Effect.PARTIAL),
            ],
            PARTIALLY,
            "act-bill",
            id="implementation-undone-counts-only-what-came-after",
        ),
        pytest.param(
            [link("act-law", D2016, Effect.ADVANCES), link("act-repeal", D2019, Effect.REGRESSES, verified=False)],
            PARTIALLY,
            "act-law",
            id="an-unverified-regression-does-not-count",
        ),
    ],
)
def test_linked_actions_read_in_date_order_give_the_status(links: list[LinkFact], status: Status, basis_action: str) -> None:
    derived = derive_status([], links)
    assert derived.status is status
    assert derived.basis.rule is StatusRule.LINKED_ACTIONS
    assert derived.basis.action == basis_action
    assert derived.basis.assessment is None


@pytest.mark.parametrize(
    ("assessments", "links"),
    [
        pytest.param([], [], id="nothing"),
        pytest.param([assessment("cat-dialogue", D2021, COMMITTEE, None)], [], id="only-dialogue"),
        pytest.param([], [link("act-statement", D2019, Effect.NO_EFFECT, ActionKind.STATEMENT)], id="no-effect"),
        pytest.param(
            [assessment("editor", D2021, EDITOR, IMPLEMENTED, verified=False)],
            [link("act-award", D2019, Effect.IMPLEMENTS, verified=False)],
            id="only-unverified",
        ),
    ],
)
def test_an_item_with_nothing_verified_that_shows_anything_has_no_information(
    assessments: list[AssessmentFact], links: list[LinkFact]
) -> None:
    derived = derive_status(assessments, links)
    assert derived.status is NO_INFORMATION
    assert derived.basis.rule is StatusRule.NONE
    assert derived.basis.assessment is None
    assert derived.basis.action is None
    assert derived.disputed is False


@pytest.mark.parametrize(
    ("assessments", "disputed"),
    [
        pytest.param(
            [assessment("cat", D2019, COMMITTEE, PARTIALLY), assessment("state", D2021, STATE, IMPLEMENTED)],
            True,
            id="committee-and-state-disagree",
        ),
        pytest.param(
            [assessment("state", D2019, STATE, IMPLEMENTED), assessment("ngo", D2021, NGO, NOT_IMPLEMENTED)],
            True,
            id="state-and-ngo-disagree",
        ),
        pytest.param(
            [
                assessment("cat", D2019, COMMITTEE, PARTIALLY),
                assessment("state", D2021, STATE, PARTIALLY),
                assessment("ngo", D2022, NGO, NOT_IMPLEMENTED),
            ],
            True,
            id="one-of-three-kinds-disagrees",
        ),
        pytest.param(
            [assessment("cat", D2019, COMMITTEE, PARTIALLY), assessment("state", D2021, STATE, PARTIALLY)],
            False,
            id="kinds-agree",
        ),
        pytest.param([assessment("ngo", D2019, NGO, NOT_IMPLEMENTED)], False, id="one-assessment"),
        pytest.param(
            [assessment("cat-2016", D2016, COMMITTEE, NOT_IMPLEMENTED), assessment("cat-2021", D2021, COMMITTEE, PARTIALLY)],
            False,
            id="one-kind-changing-its-mind",
        ),
        pytest.param(
            [
                assessment("cat", D2019, COMMITTEE, PARTIALLY),
                assessment("state-2016", D2016, STATE, IMPLEMENTED),
                assessment("state-2021", D2021, STATE, PARTIALLY),
            ],
            False,
            id="older-disagreement-of-the-same-kind-does-not-count",
        ),
        pytest.param(
            [assessment("cat", D2019, COMMITTEE, IMPLEMENTED), assessment("state-dialogue", D2021, STATE, None)],
            False,
            id="statusless-assessment-does-not-count",
        ),
        pytest.param(
            [
                assessment("cat", D2019, COMMITTEE, IMPLEMENTED),
                assessment("editor", D2021, EDITOR, NOT_IMPLEMENTED, verified=False),
            ],
            False,
            id="an-unverified-assessment-disputes-nothing",
        ),
        pytest.param([], False, id="no-assessments"),
    ],
)
def test_an_item_is_disputed_when_the_latest_verified_assessments_of_different_kinds_disagree(
    assessments: list[AssessmentFact], disputed: bool
) -> None:
    assert derive_status(assessments, []).disputed is disputed
    assert is_disputed(assessments) is disputed


def test_history_replays_verified_records_in_the_order_of_their_dates() -> None:
    history = status_history(
        [assessment("cat-2022", D2022, COMMITTEE, PARTIALLY), assessment("editor", D2021, EDITOR, IMPLEMENTED, verified=False)],
        [
            link("act-award", dt.date(2013, 11, 1), Effect.PARTIAL, ActionKind.COURT_RULING, precision=DatePrecision.MONTH),
            link("act-appeal", dt.date(2014, 1, 23), Effect.PARTIAL, ActionKind.COURT_RULING),
            link("act-refusal", D2019, Effect.REGRESSES, ActionKind.STATEMENT),
        ],
    )
    assert [(h.on, h.precision, h.from_, h.to, h.basis.rule, h.basis.action or h.basis.assessment) for h in history] == [
        (dt.date(2013, 11, 1), DatePrecision.MONTH, NO_INFORMATION, PARTIALLY, StatusRule.LINKED_ACTIONS, "act-award"),
        (D2019, DatePrecision.DAY, PARTIALLY, NOT_IMPLEMENTED, StatusRule.LINKED_ACTIONS, "act-refusal"),
        (D2022, DatePrecision.DAY, NOT_IMPLEMENTED, PARTIALLY, StatusRule.BODY_ASSESSMENT, "cat-2022"),
    ]


def test_history_does_not_depend_on_the_order_records_arrive_in() -> None:
    links = [link("a", D2016, Effect.ADVANCES), link("b", D2019, Effect.REGRESSES), link("c", D2021, Effect.IMPLEMENTS)]
    assert status_history([], links) == status_history([], list(reversed(links)))
    assert [h.to for h in status_history([], links)] == [PARTIALLY, CONTRARY, IMPLEMENTED]


def test_the_last_history_entry_is_the_status() -> None:
    assessments = [assessment("ngo", D2019, NGO, NOT_IMPLEMENTED), assessment("state", D2016, STATE, IMPLEMENTED)]
    links = [link("act", D2021, Effect.ADVANCES)]
    assert status_history(assessments, links)[-1].to is derive_status(assessments, links).status
