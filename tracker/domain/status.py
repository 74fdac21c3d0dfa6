"""Grades of native scales, and the derivation of an item's status from its record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from msgspec import Struct

from tracker.domain.entities import StatusBasis, StatusChange
from tracker.domain.enums import (
    COMMUNICATION_KINDS,
    INDEPENDENT_ASSESSORS,
    ActionKind,
    AssessorKind,
    Body,
    DatePrecision,
    Effect,
    Scale,
    Status,
    StatusRule,
)

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
    verified: bool


class LinkFact(Struct, frozen=True, kw_only=True):
    """What status derivation needs to know of one action linked to the item."""

    action: str
    date: dt.date
    precision: DatePrecision = DatePrecision.DAY
    kind: ActionKind
    effect: Effect
    verified: bool
    #: The body a statement or reply was addressed to.
    addressed_to: Body | None = None


class DerivedStatus(Struct, frozen=True, kw_only=True):
    """An item's status, the basis for it, and whether assessors disagree."""

    status: Status
    basis: StatusBasis
    disputed: bool


_POSITIVE = (Effect.IMPLEMENTS, Effect.ADVANCES, Effect.PARTIAL)


def _latest(assessments: Iterable[AssessmentFact]) -> AssessmentFact | None:
    return max(assessments, key=lambda a: (a.date, a.id), default=None)


def _latest_link(links: Iterable[LinkFact]) -> LinkFact | None:
    return max(links, key=lambda link: (link.date, link.action), default=None)


def is_disputed(assessments: Sequence[AssessmentFact]) -> bool:
    """True where the latest verified assessments of different assessor kinds disagree."""
    latest_by_kind: dict[AssessorKind, AssessmentFact] = {}
    for assessment in assessments:
        if assessment.status is None or not assessment.verified:
            continue
        held = latest_by_kind.get(assessment.assessor_kind)
        if held is None or (assessment.date, assessment.id) > (held.date, held.id):
            latest_by_kind[assessment.assessor_kind] = assessment
    return len({a.status for a in latest_by_kind.values()}) > 1


def evidence_of_actions(links: Sequence[LinkFact]) -> tuple[Status, LinkFact] | None:
    """What the verified actions linked to an item show, read in date order, and the link behind it.

    The latest ``regresses`` link with no later ``implements``, ``advances`` or ``partial``
    link makes the item ``contrary`` when the action is a measure and ``not_implemented`` when
    it is a refusal in words; otherwise an ``implements`` link since then makes it
    ``implemented``, and an ``advances`` or ``partial`` one ``partially_implemented``.
    ``no_effect`` links show nothing.
    """
    verified = [link for link in links if link.verified]
    regress = _latest_link(link for link in verified if link.effect is Effect.REGRESSES)
    since = [link for link in verified if link.effect in _POSITIVE and (regress is None or link.date > regress.date)]
    if regress is not None and not since:
        refused_in_words = regress.kind in COMMUNICATION_KINDS
        return (Status.NOT_IMPLEMENTED if refused_in_words else Status.CONTRARY), regress
    implementing = _latest_link(link for link in since if link.effect is Effect.IMPLEMENTS)
    if implementing is not None:
        return Status.IMPLEMENTED, implementing
    advancing = _latest_link(since)
    if advancing is not None:
        return Status.PARTIALLY_IMPLEMENTED, advancing
    return None


def derive_status(assessments: Sequence[AssessmentFact], links: Sequence[LinkFact]) -> DerivedStatus:
    """An item's status from its verified record, by the first rule that applies.

    1. the latest assessment by the body itself; 2. the latest by an independent assessor;
    3. the evidence of linked actions (:func:`evidence_of_actions`); 4. the State's own
    latest assessment of itself; 5. ``no_information``. Unverified records and assessments
    whose grade carries no status (a dialogue still going on) are passed over.
    """
    graded = [a for a in assessments if a.status is not None and a.verified]
    disputed = is_disputed(graded)
    for rule, kinds in (
        (StatusRule.BODY_ASSESSMENT, {AssessorKind.COMMITTEE}),
        (StatusRule.INDEPENDENT_ASSESSMENT, INDEPENDENT_ASSESSORS),
    ):
        latest = _latest(a for a in graded if a.assessor_kind in kinds)
        if latest is not None:
            return DerivedStatus(status=latest.status, basis=StatusBasis(rule=rule, assessment=latest.id), disputed=disputed)  # type: ignore[arg-type]
    evidence = evidence_of_actions(links)
    if evidence is not None:
        status, link = evidence
        return DerivedStatus(
            status=status, basis=StatusBasis(rule=StatusRule.LINKED_ACTIONS, action=link.action), disputed=disputed
        )
    claim = _latest(a for a in graded if a.assessor_kind is AssessorKind.STATE)
    if claim is not None:
        basis = StatusBasis(rule=StatusRule.STATE_ASSESSMENT, assessment=claim.id)
        return DerivedStatus(status=claim.status, basis=basis, disputed=disputed)  # type: ignore[arg-type]
    return DerivedStatus(status=Status.NO_INFORMATION, basis=StatusBasis(rule=StatusRule.NONE), disputed=disputed)


def status_history(assessments: Sequence[AssessmentFact], links: Sequence[LinkFact]) -> list[StatusChange]:
    """The statuses an item went through, replaying its verified records in the order of their dates.

    Each entry is dated by the event that changed the status (with that record's date
    precision), never by when the record was loaded, so loading the same records again gives
    the same history. An item starts with ``no_information``.
    """
    verified_assessments = [a for a in assessments if a.verified and a.status is not None]
    verified_links = [link for link in links if link.verified]
    precision = {link.action: link.precision for link in verified_links}
    history: list[StatusChange] = []
    current = Status.NO_INFORMATION
    for day in sorted({a.date for a in verified_assessments} | {link.date for link in verified_links}):
        derived = derive_status(
            [a for a in verified_assessments if a.date <= day], [link for link in verified_links if link.date <= day]
        )
        if derived.status is current:
            continue
        history.append(
            StatusChange(
                on=day,
                precision=precision.get(derived.basis.action or "", DatePrecision.DAY),
                from_=current,
                to=derived.status,
                basis=derived.basis,
            )
        )
        current = derived.status
    return history
