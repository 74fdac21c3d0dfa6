"""What a person sends to record something: new actions, changes to them, assessments, triage.

These are the bodies of the HTTP writes and what the library's write methods accept. They
reject unknown fields; the server fills in what it owns (ids, who recorded, statuses).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from msgspec import UNSET, Meta, UnsetType

from tracker.domain.entities import (
    Amounts,
    CandidateMatch,
    CourtRuling,
    Frozen,
    ItemLink,
    LanguageCode,
    SourceRef,
    StateCode,
    Url,
)
from tracker.domain.enums import ActionKind, AdapterName, AssessorKind, Body, DatePrecision, Scale, Verification

Title = Annotated[str, Meta(min_length=1, max_length=500)]
Text = Annotated[str, Meta(max_length=100_000)]
Sources = Annotated[list[SourceRef], Meta(min_length=1, max_length=50, description="at least one source")]
Links = Annotated[list[ItemLink], Meta(max_length=500, description="the items the action bears on, each with its effect")]
SourceParams = dict[Annotated[str, Meta(min_length=1, max_length=80)], Annotated[str, Meta(max_length=2000)]]
EverySeconds = Annotated[int, Meta(ge=60, le=366 * 86400)]
Cron = Annotated[str, Meta(min_length=9, max_length=120)]


class NewAction(Frozen, frozen=True, kw_only=True):
    """An action to record, with its sources and the items it bears on."""

    state: StateCode
    kind: ActionKind
    date: dt.date
    date_precision: DatePrecision = DatePrecision.DAY
    title: Title
    description: Text | None = None
    language: LanguageCode = "en"
    actor: Text | None = None
    place: Text | None = None
    legal_reference: Text | None = None
    court: CourtRuling | None = None
    amounts: Amounts | None = None
    outcome: Text | None = None
    addressed_to: Body | None = None
    sources: Sources
    links: Links = []
    verification: Verification = Verification.UNVERIFIED
    notes: Text | None = None


class ActionChanges(Frozen, frozen=True, kw_only=True):
    """A partial update of an action: only the fields given change; ``links`` and ``sources``
    given replace the whole list; ``null`` clears an optional field."""

    state: StateCode | UnsetType = UNSET
    kind: ActionKind | UnsetType = UNSET
    date: dt.date | UnsetType = UNSET
    date_precision: DatePrecision | UnsetType = UNSET
    title: Title | UnsetType = UNSET
    description: Text | None | UnsetType = UNSET
    language: LanguageCode | UnsetType = UNSET
    actor: Text | None | UnsetType = UNSET
    place: Text | None | UnsetType = UNSET
    legal_reference: Text | None | UnsetType = UNSET
    court: CourtRuling | None | UnsetType = UNSET
    amounts: Amounts | None | UnsetType = UNSET
    outcome: Text | None | UnsetType = UNSET
    addressed_to: Body | None | UnsetType = UNSET
    sources: Sources | UnsetType = UNSET
    links: Links | UnsetType = UNSET
    verification: Verification | UnsetType = UNSET
    notes: Text | None | UnsetType = UNSET


class NewAssessment(Frozen, frozen=True, kw_only=True):
    """A judgement of one item's implementation, on a native scale; the normalized status is derived."""

    date: dt.date
    assessor_kind: AssessorKind
    assessor: Annotated[str, Meta(min_length=1, max_length=500)]
    scale: Scale
    grade: Annotated[str, Meta(min_length=1, max_length=40)]
    rationale: Text | None = None
    sources: Sources
    verification: Verification = Verification.UNVERIFIED


class NewCandidate(Frozen, frozen=True, kw_only=True):
    """Something found by a scraper, for triage; ``entry`` identifies it within its source
    (a feed entry's id, else its URL), so it is never proposed twice."""

    source: Annotated[str, Meta(min_length=1, max_length=80)]
    entry: Annotated[str, Meta(min_length=1, max_length=4000)]
    url: Url
    title: Title
    published_on: dt.date | None = None
    excerpt: Text | None = None
    language: LanguageCode | None = None
    state: StateCode | None = None
    matches: list[CandidateMatch] = []
    #: The kind of action proposed, where the source can tell (a legal act adopted or amended).
    kind: ActionKind | None = None
    legal_reference: Text | None = None
    #: The title in other languages, by ISO 639 code.
    titles: dict[LanguageCode, Title] = {}


class Acceptance(Frozen, frozen=True, kw_only=True):
    """The action an editor makes of a candidate. ``state``, ``date``, ``title``, ``sources``,
    and ``kind`` and ``legal_reference`` where the candidate proposes them, default to the
    candidate's own; everything else is as for :class:`NewAction`."""

    state: StateCode | UnsetType = UNSET
    kind: ActionKind | UnsetType = UNSET
    date: dt.date | UnsetType = UNSET
    date_precision: DatePrecision = DatePrecision.DAY
    title: Title | UnsetType = UNSET
    description: Text | None = None
    language: LanguageCode | UnsetType = UNSET
    actor: Text | None = None
    place: Text | None = None
    legal_reference: Text | None | UnsetType = UNSET
    court: CourtRuling | None = None
    amounts: Amounts | None = None
    outcome: Text | None = None
    addressed_to: Body | None = None
    sources: Sources | UnsetType = UNSET
    links: Links = []
    verification: Verification = Verification.UNVERIFIED
    notes: Text | None = None


class Rejection(Frozen, frozen=True, kw_only=True):
    """Why a candidate is not an action (a duplicate, off topic, another State)."""

    reason: Annotated[str, Meta(min_length=1, max_length=2000)]


SourceName = Annotated[
    str, Meta(pattern=r"^[a-z0-9][a-z0-9._-]{0,79}$(?!\n)", description="lower-case letters, digits, '.', '_', '-'")
]


class NewSource(Frozen, frozen=True, kw_only=True):
    """A source to read: ``every_seconds`` or ``cron`` (five fields, UTC) schedules it; neither
    means it runs only when asked."""

    name: SourceName
    adapter: AdapterName
    url: Url
    params: SourceParams = {}
    every_seconds: EverySeconds | None = None
    cron: Cron | None = None
    enabled: bool = True


class SourceChanges(Frozen, frozen=True, kw_only=True):
    """A partial update of a source: only the fields given change; ``params`` given replace them all.
    A new ``every_seconds`` drops the cron schedule and a new ``cron`` the interval; ``null`` for
    either leaves the source to run only when asked."""

    url: Url | UnsetType = UNSET
    params: SourceParams | UnsetType = UNSET
    every_seconds: EverySeconds | None | UnsetType = UNSET
    cron: Cron | None | UnsetType = UNSET
    enabled: bool | UnsetType = UNSET
