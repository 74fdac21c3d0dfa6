"""Grades of native scales, and the derivation of an item's status from its record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from msgspec import Struct

from tracker.domain.enums import AssessorKind, Effect, Scale, Status, StatusRule
from tracker.domain.entities import StatusBasis

_CCPR = {
    "A": Status.IMPLEMENTED,
    "B": Status.PARTIALLY_IMPLEMENTED,
    "B1": Status.PARTIALLY_IMPLEMENTED,
    "B2": Status.PARTIALLY_IMPLEMENTED,
    "C": Status.NOT_IMPLEMENTED,
    "C1": Status.NOT_IMPLEMENTED,
    "C2": Status.NOT_IMPLEMENTED,
    "D": Status.NO_INFORMATION,
    "D1": Status.NO_INFORMATION,
    "D2": Status.NO_INFORMATION,
    "E": Status.CONTRARY,
}

#: Each native scale's grades and the normalized status they mean. ``None`` means the grade
#: says nothing new about implementation (a dialogue still going on keeps the last status).
GRADES: Mapping[Scale, Mapping[str, Status | None]] = {
    Scale.CAT_FOLLOWUP: {
        "A": Status.IMPLEMENTED,
        "B": Status.PARTIALLY_IMPLEMENTED,
        "C": Status.NOT_IMPLEMENTED,
        "D": Status.NO_INFORMATION,
        "E": Status.CONTRARY,
    },
    Scale.CCPR_FOLLOWUP: _CCPR,
    Scale.TB_DECISION_FOLLOWUP: {
        "dialogue_ongoing": None,
        "closed_satisfactory": Status.IMPLEMENTED,
        "closed_partially_satisfactory": Status.PARTIALLY_IMPLEMENTED,
        "closed_unsatisfactory": Status.NOT_IMPLEMENTED,
    },
    Scale.UPR_INFO: {
        "fully": Status.IMPLEMENTED,
        "partially": Status.PARTIALLY_IMPLEMENTED,
        "not": Status.NOT_IMPLEMENTED,
    },
    Scale.NORMALIZED: {status.value: status for status in Status},
}

_LETTER_SCALES = {Scale.CAT_FOLLOWUP, Scale.CCPR_FOLLOWUP}


class UnknownGrade(ValueError):
    """A grade that does not belong to the scale it was given on."""

    def __init__(self, scale: Scale, grade: str) -> None:
        allowed = ", ".join(GRADES[scale])
        super().__init__(f"grade {grade!r} is not on the {scale.value} scale (allowed: {allowed})")
        self.scale = scale
        self.grade = grade


def canonical_grade(scale: Scale, grade: str) -> str:
    """The grade as the scale spells it: ``" b1 "`` → ``"B1"`` on the CCPR scale."""
    value = grade.strip()
    value = value.upper() if scale in _LETTER_SCALES else value.lower().replace(" ", "_")
    if value not in GRADES[scale]:
        raise UnknownGrade(scale, grade)
    return value


def normalize_grade(scale: Scale, grade: str) -> Status | None:
    """The normalized status a native grade means; raises :class:`UnknownGrade`."""
    return GRADES[scale][canonical_grade(scale, grade)]


class AssessmentFact(Struct, frozen=True, kw_only=True):
    """What status derivation needs to know of one assessment."""

    id: str
    date: dt.date
    assessor_kind: AssessorKind
    status: Status | None


class LinkFact(Struct, frozen=True, kw_only=True):
    """What status derivation needs to know of one action linked to the item."""

    action: str
    date: dt.date
    effect: Effect


class DerivedStatus(Struct, frozen=True, kw_only=True):
    """An item's status, the basis for it, and whether assessors disagree."""
    status: Status
    basis: StatusBasis
    disputed: bool


def _latest(assessments: Iterable[AssessmentFact]) -> AssessmentFact | None:
    return max(assessments, key=lambda a: (a.date, a.id), default=None)


def is_disputed(assessments: Sequence[AssessmentFact]) -> bool:
    """True where the latest assessments of different assessor kinds disagree."""
    latest_by_kind: dict[AssessorKind, AssessmentFact] = {}
    for assessment in assessments:
        if assessment.status is None:
            continue
        held = latest_by_kind.get(assessment.assessor_kind)
        if held is None or (assessment.date, assessment.id) > (held.date, held.id):
            latest_by_kind[assessment.assessor_kind] = assessment
    return len({a.status for a in latest_by_kind.values()}) > 1


def derive_status(assessments: Sequence[AssessmentFact], links: Sequence[LinkFact]) -> DerivedStatus:
    """An item's status from its record.

    The latest assessment by the body itself wins; else the latest assessment by anyone;
    else any ``advances`` or ``partial`` action makes it ``partially_implemented``; else
    ``no_information``. Assessments whose grade carries no status are passed over.
    """
    graded = [a for a in assessments if a.status is not None]
    disputed = is_disputed(graded)
    by_body = _latest(a for a in graded if a.assessor_kind is AssessorKind.COMMITTEE)
    if by_body is not None:
        basis = StatusBasis(rule=StatusRule.BODY_ASSESSMENT, assessment=by_body.id)
        return DerivedStatus(status=by_body.status, basis=basis, disputed=disputed)  # type: ignore[arg-type]
    by_anyone = _latest(graded)
    if by_anyone is not None:
        basis = StatusBasis(rule=StatusRule.LATEST_ASSESSMENT, assessment=by_anyone.id)
        return DerivedStatus(status=by_anyone.status, basis=basis, disputed=disputed)  # type: ignore[arg-type]
    implementing = [link for link in links if link.effect in (Effect.ADVANCES, Effect.PARTIAL)]
    latest = max(implementing, key=lambda link: (link.date, link.action), default=None)
    if latest is not None:
        basis = StatusBasis(rule=StatusRule.LINKED_ACTIONS, action=latest.action)
        return DerivedStatus(status=Status.PARTIALLY_IMPLEMENTED, basis=basis, disputed=disputed)
    basis = StatusBasis(rule=StatusRule.LINKED_ACTIONS)
    return DerivedStatus(status=Status.NO_INFORMATION, basis=basis, disputed=disputed)
