"""What the tracker knows, as frozen value objects.

These Structs are what queries return and what the library hands to its users; ORM rows
never leave the ``tracker`` package.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Generic, TypeVar

import msgspec
from msgspec import Meta, Struct

from tracker.domain.enums import (
    ActionKind,
    AdapterName,
    AssessorKind,
    Body,
    CandidateStatus,
    CourtInstance,
    CourtOutcome,
    DatePrecision,
    DecisionOutcome,
    DocumentKind,
    Effect,
    ItemKind,
    RemedyKind,
    Role,
    RunOutcome,
    Scale,
    Status,
    StatusRule,
    UprResponse,
    Verification,
)

# "$(?!\n)": Python's "$" also matches before a final newline, which must not pass.
StateCode = Annotated[str, Meta(pattern=r"^[A-Z]{3}$(?!\n)", description="ISO 3166-1 alpha-3 code")]
CurrencyCode = Annotated[str, Meta(pattern=r"^[A-Z]{3}$(?!\n)", description="ISO 4217 currency code")]
LanguageCode = Annotated[str, Meta(pattern=r"^[a-z]{2,3}$(?!\n)", description="ISO 639 language code")]
Money = Annotated[float, Meta(ge=0, le=1e15, description="an amount in the currency's units")]
Url = Annotated[str, Meta(pattern=r"^https?://", max_length=4000)]


class Frozen(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Base of every domain value: immutable, keyword-only, strict about its fields.

    Subclasses repeat ``frozen=True``: msgspec inherits it, but type checkers (PEP 681) do not.
    """


class SourceRef(Frozen, frozen=True, kw_only=True):
    """Where a claim comes from."""

    url: Url
    title: str | None = None
    publisher: str | None = None
    date: dt.date | None = None
    language: LanguageCode | None = None


class State(Frozen, frozen=True, kw_only=True):
    """A UN member State."""

    code: StateCode
    names: dict[str, str] = {}
    region: str | None = None


class LanguageVersion(Frozen, frozen=True, kw_only=True):
    """A language version of a document and where to get it."""

    language: LanguageCode
    url: Url
    label: str | None = None


class RecommendationGroup(Frozen, frozen=True, kw_only=True):
    """Recommendations of a review known only as a group (numbers or texts not retrieved)."""

    title: str
    response: UprResponse | None = None
    recommending_states: list[str] = []
    numbers: list[str] = []
    themes: list[str] = []
    summary: str | None = None


class Review(Frozen, frozen=True, kw_only=True):
    """One periodic review of a State by a body (a UPR cycle, a treaty-body report cycle)."""

    id: str
    body: Body
    state: StateCode
    cycle: Annotated[int, Meta(ge=1)]
    reviewed_on: dt.date | None = None
    adopted_on: dt.date | None = None
    session: str | None = None
    document: str | None = None
    summary: str | None = None
    counts: dict[str, int] = {}
    recommendation_groups: list[RecommendationGroup] = []
    sources: list[SourceRef] = []
    verification: Verification = Verification.UNVERIFIED
    notes: str | None = None


class Document(Frozen, frozen=True, kw_only=True):
    """A UN document, keyed by its symbol."""

    id: str
    symbol: str
    body: Body
    state: StateCode | None = None
    kind: DocumentKind
    title: str | None = None
    adopted_on: dt.date | None = None
    published_on: dt.date | None = None
    session: str | None = None
    review: str | None = None
    follow_up_due: dt.date | None = None
    follow_up_due_basis: str | None = None
    languages: list[LanguageVersion] = []
    library_ids: dict[str, str] = {}
    summary: str | None = None
    sources: list[SourceRef] = []
    verification: Verification = Verification.UNVERIFIED
    notes: str | None = None


class Decision(Frozen, frozen=True, kw_only=True):
    """A treaty body's decision on an individual complaint (CAT decision, CCPR Views)."""

    id: str
    body: Body
    communication: str
    state: StateCode
    symbol: str | None = None
    title: str
    authors: list[str] = []
    victims: list[str] = []
    counsel: str | None = None
    submitted_on: dt.date | None = None
    adopted_on: dt.date | None = None
    transmitted_on: dt.date | None = None
    outcome: DecisionOutcome | None = None
    articles_violated: list[str] = []
    reply_days: Annotated[int, Meta(ge=1, le=3650)] | None = None
    summary: str | None = None
    sources: list[SourceRef] = []
    verification: Verification = Verification.UNVERIFIED
    notes: str | None = None


class StatusBasis(Frozen, frozen=True, kw_only=True):
    """Which derivation rule gave the status, and the assessment or action behind it."""

    rule: StatusRule
    assessment: str | None = None
    action: str | None = None


class ActionBrief(Frozen, frozen=True, kw_only=True):
    """An action in one line: what, when, whether it is verified, and where it is told."""

    id: str
    kind: ActionKind
    date: dt.date
    date_precision: DatePrecision = DatePrecision.DAY
    title: str
    verification: Verification = Verification.UNVERIFIED
    source: SourceRef | None = None


class Item(Frozen, frozen=True, kw_only=True):
    """A follow-up item: one recommendation, or one remedy of one decision, with its status."""

    id: str
    kind: ItemKind
    state: StateCode
    body: Body
    document: str | None = None
    decision: str | None = None
    paragraph: str | None = None
    remedy_kind: RemedyKind | None = None
    ordinal: int | None = None
    title: str | None = None
    text: str
    language: LanguageCode = "en"
    #: The same item in other languages, by ISO 639-1 code (``{"ru": "..."}``), as the document's
    #: version in that language says it; ``text`` stays the text of record.
    texts: dict[str, str] = {}
    themes: list[str] = []
    #: Slugs of the controlled vocabulary (:data:`tracker.domain.themes.THEMES`) the item falls
    #: under, derived from its themes, title and text; ``other`` when none.
    vocabulary_themes: list[str] = []
    affected_groups: list[str] = []
    #: The body selected this recommendation for its follow-up procedure (always false for remedies).
    follow_up: bool = False
    recommending_states: list[str] = []
    response: UprResponse | None = None
    cycle: int | None = None
    #: The paragraphs or recommendation numbers followed together as this one item
    #: (``["11", "12", "13", "14", "15"]``); empty when it is just its own ``paragraph``.
    covers: list[str] = []
    #: The item as readers know it: ``CAT/C/KAZ/CO/4, para. 11: legal safeguards``.
    label: str = ""
    status: Status
    status_basis: StatusBasis
    disputed: bool = False
    due_date: dt.date | None = None
    due_date_basis: str | None = None
    reply_date: dt.date | None = None
    #: How much of the reply's date is known (a report known only by its year).
    reply_precision: DatePrecision = DatePrecision.DAY
    overdue: bool = False
    late: bool = False
    #: Where the item stands against its deadline, in words: "State reply overdue since 22 Aug 2012 (over 14 years)".
    deadline_note: str | None = None
    #: The latest thing the State did about the item, verified or not.
    latest_action: ActionBrief | None = None
    #: How many of its linked actions and assessments await verification (they do not count yet).
    awaiting_verification: int = 0
    sources: list[SourceRef] = []
    verification: Verification = Verification.UNVERIFIED
    notes: str | None = None
    updated_at: dt.datetime | None = None


class CourtRuling(Frozen, frozen=True, kw_only=True):
    """The structured part of a court ruling: the amount is often the point."""

    name: str
    instance: CourtInstance | None = None
    case_number: str | None = None
    claimant: str | None = None
    defendant: str | None = None
    outcome: CourtOutcome | None = None
    appeal_of: str | None = None


class Amounts(Frozen, frozen=True, kw_only=True):
    """Money at stake in a ruling or payment, in one ISO 4217 currency."""

    currency: CurrencyCode
    claimed: Money | None = None
    awarded: Money | None = None
    recommended: Money | None = None
    paid: Money | None = None


class ItemLink(Frozen, frozen=True, kw_only=True):
    """An action's bearing on one item."""

    item: str
    effect: Effect
    note: str | None = None


class Action(Frozen, frozen=True, kw_only=True):
    """A dated thing that happened in or about a State, linked to the items it bears on."""

    id: str
    state: StateCode
    kind: ActionKind
    date: dt.date
    date_precision: DatePrecision = DatePrecision.DAY
    title: str
    description: str | None = None
    language: LanguageCode = "en"
    actor: str | None = None
    place: str | None = None
    legal_reference: str | None = None
    court: CourtRuling | None = None
    amounts: Amounts | None = None
    outcome: str | None = None
    #: The body a statement or reply was addressed to; a statement to the body is a reply.
    addressed_to: Body | None = None
    sources: list[SourceRef] = []
    links: list[ItemLink] = []
    verification: Verification = Verification.UNVERIFIED
    recorded_by: str | None = None
    verified_by: str | None = None
    verified_at: dt.datetime | None = None
    notes: str | None = None


class Assessment(Frozen, frozen=True, kw_only=True):
    """Someone's judgement of an item's implementation at a date; the native grade is kept."""

    id: str
    item: str
    date: dt.date
    assessor_kind: AssessorKind
    assessor: str
    scale: Scale
    grade: str
    status: Status | None
    rationale: str | None = None
    sources: list[SourceRef] = []
    verification: Verification = Verification.UNVERIFIED
    recorded_by: str | None = None
    verified_by: str | None = None
    verified_at: dt.datetime | None = None


class StatusChange(Frozen, frozen=True, kw_only=True):
    """One entry of an item's status history: on the date of the event that changed it (with
    that date's precision), from one status to another, and the record behind the change."""

    on: dt.date
    precision: DatePrecision = DatePrecision.DAY
    from_: Status = msgspec.field(name="from")
    to: Status
    basis: StatusBasis


class TimelineEntry(Frozen, frozen=True, kw_only=True):
    """An action as it bears on one item."""

    action: Action
    effect: Effect
    note: str | None = None


class ItemDetail(Frozen, frozen=True, kw_only=True):
    """One item with everything needed to judge it: source text, assessments, timeline, history."""

    item: Item
    document: Document | None = None
    decision: Decision | None = None
    assessments: list[Assessment] = []
    timeline: list[TimelineEntry] = []
    history: list[StatusChange] = []


T = TypeVar("T")


class Page(Struct, Generic[T], frozen=True, kw_only=True):
    """One page of a list: ``items``, the ``next_cursor`` to pass back for the next page (null on
    the last one) and the ``total`` number of entries the list holds. Iterate over it, or read
    every page with :func:`tracker.every`."""

    items: list[T]
    next_cursor: str | None
    total: int

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def to_builtins(value: object) -> object:
    """A domain value as plain JSON-ready Python objects."""
    return msgspec.to_builtins(value)


class StateOverview(Frozen, frozen=True, kw_only=True):
    """A tracked State at a glance: how many items, by status, and how many overdue."""

    state: State
    items: int
    overdue: int
    by_status: dict[str, int]


class StateSummary(Frozen, frozen=True, kw_only=True):
    """One State in depth: counts by body and status, overdue items, deadlines ahead, latest actions."""

    state: State
    items: int
    overdue: int
    by_status: dict[str, int]
    by_body: dict[str, dict[str, int]]
    overdue_items: list[Item]
    upcoming_deadlines: list[Item]
    latest_actions: list[Action]


class DocumentDetail(Frozen, frozen=True, kw_only=True):
    """A document with the follow-up items it contains."""

    document: Document
    items: list[Item]


class DecisionDetail(Frozen, frozen=True, kw_only=True):
    """An individual decision with its remedies, each remedy's status, and what was done on them."""

    decision: Decision
    remedies: list[Item]
    #: Every action linked to one of its remedies, oldest first, each once.
    actions: list[Action] = []


class Change(Frozen, frozen=True, kw_only=True):
    """One entry of the change log."""

    id: int
    at: dt.datetime
    entity: str
    entity_id: str
    kind: str
    state: StateCode | None = None
    body: str | None = None
    title: str | None = None
    items: list[str] = []


class BriefingItem(Frozen, frozen=True, kw_only=True):
    """An item as a briefing names it: its label, status in words, deadline in a sentence."""

    id: str
    label: str
    body: Body
    kind: ItemKind
    status: Status
    status_rule: StatusRule
    follow_up: bool = False
    due_date: dt.date | None = None
    #: The State's reply and how much of its date is known, from which a renderer words the deadline in its language.
    reply_date: dt.date | None = None
    reply_precision: DatePrecision = DatePrecision.DAY
    overdue: bool = False
    deadline_note: str | None = None
    #: Vocabulary theme slugs, as tags.
    themes: list[str] = []
    #: Linked actions and assessments that do not count yet, awaiting a second editor.
    awaiting_verification: int = 0
    #: Whether the item itself (its text, its selection for follow-up) is confirmed.
    verification: Verification = Verification.VERIFIED


class BriefingLink(Frozen, frozen=True, kw_only=True):
    """An item an action bears on, and how."""

    item: str
    label: str
    effect: Effect


class BriefingAction(Frozen, frozen=True, kw_only=True):
    """Something the State did in the period, with its sources and the items it bears on."""

    id: str
    date: dt.date
    date_precision: DatePrecision = DatePrecision.DAY
    kind: ActionKind
    title: str
    #: Court, outcome and amounts in words, where the action has them.
    detail: str | None = None
    #: The same as data, from which a renderer words them in its language.
    court: CourtRuling | None = None
    amounts: Amounts | None = None
    addressed_to: Body | None = None
    verification: Verification
    recorded_by: str | None = None
    sources: list[SourceRef] = []
    items: list[BriefingLink] = []


class BriefingChange(Frozen, frozen=True, kw_only=True):
    """A status change dated in the period (by the event that made it), and why."""

    item: str
    label: str
    on: dt.date
    precision: DatePrecision = DatePrecision.DAY
    from_: Status = msgspec.field(name="from")
    to: Status
    basis: StatusBasis
    #: The record behind the change, in words.
    because: str
    #: The action that made the change, when an action did.
    action: ActionBrief | None = None
    #: The assessment that made the change, when an assessment did.
    assessment: Assessment | None = None


class BriefingClaim(Frozen, frozen=True, kw_only=True):
    """An unverified assessment: shown, marked, and not counted in any status."""

    item: str
    label: str
    date: dt.date
    assessor: str
    assessor_kind: AssessorKind
    grade: str
    status: Status | None = None
    recorded_by: str | None = None


class BriefingNew(Frozen, frozen=True, kw_only=True):
    """A document or decision adopted in the period."""

    id: str
    label: str
    body: Body
    adopted_on: dt.date | None = None
    #: For a document: its recommendations, and those selected for follow-up; for a decision: its remedies.
    items: int = 0
    follow_up: int = 0


class BriefingCase(Frozen, frozen=True, kw_only=True):
    """An individual case with a remedy still open."""

    decision: str
    label: str
    symbol: str | None = None
    adopted_on: dt.date | None = None
    remedies: list[BriefingItem]


class BriefingSummary(Frozen, frozen=True, kw_only=True):
    """Counts at a glance, and one line each on coverage and verification."""

    items: int
    by_status: dict[str, int]
    by_body: dict[str, dict[str, int]]
    replies_overdue: int
    #: Of the replies overdue, those on remedies (listed under their cases).
    replies_overdue_on_remedies: int = 0
    new_recommendations: int
    #: Which mechanisms it covers and how recent its records are, in words (English).
    coverage: str
    #: How many of the records listed await verification, in words (English).
    verification: str
    latest_document: dt.date | None = None
    latest_action: dt.date | None = None
    latest_action_precision: DatePrecision = DatePrecision.DAY
    #: Unverified actions listed, and unverified assessments listed as claims.
    unverified_actions: int = 0
    unverified_assessments: int = 0


class Briefing(Frozen, frozen=True, kw_only=True):
    """What a dialogue preparer needs on one State since a date: what is new, what the State did,
    what changed, what is outstanding (each item once), and the individual cases still open.

    Lists longer than a briefing can print are cut; each ``*_total`` says how many there are.
    """

    state: State
    since: dt.date | None
    until: dt.date
    as_of: dt.date
    themes: list[str] = []
    bodies: list[Body] = []
    summary: BriefingSummary
    new: list[BriefingNew] = []
    actions: list[BriefingAction] = []
    actions_total: int = 0
    changes: list[BriefingChange] = []
    changes_total: int = 0
    replies_overdue: list[BriefingItem] = []
    replies_overdue_total: int = 0
    outstanding: list[BriefingItem] = []
    outstanding_total: int = 0
    cases: list[BriefingCase] = []
    cases_total: int = 0
    unverified: list[BriefingClaim] = []


class ApiKey(Frozen, frozen=True, kw_only=True):
    """An API key as listed: its name and role, never its secret."""

    name: str
    role: Role
    created_at: dt.datetime
    revoked_at: dt.datetime | None = None
    last_used_at: dt.datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class AuditEntry(Frozen, frozen=True, kw_only=True):
    """One write, attributed: who made it, when, to what, and the value before and after."""

    id: int
    at: dt.datetime
    actor: str
    operation: str
    entity: str
    entity_id: str
    state: StateCode | None = None
    before: dict[str, object] | None = None
    after: dict[str, object] | None = None


class CandidateMatch(Frozen, frozen=True, kw_only=True):
    """An item a candidate may concern, how strongly (0 to 1), and why."""

    item: str
    score: Annotated[float, Meta(ge=0, le=1)]
    reason: Annotated[str, Meta(min_length=1, max_length=500)]


class Candidate(Frozen, frozen=True, kw_only=True):
    """Something a scraper found that a person must confirm before it becomes an action."""

    id: int
    source: str
    url: str
    title: str
    published_on: dt.date | None = None
    excerpt: str | None = None
    language: str | None = None
    state: StateCode | None = None
    matches: list[CandidateMatch] = []
    #: The kind of action the source proposes (a legal act adopted or amended), if it says.
    kind: ActionKind | None = None
    #: The act's requisites ("Закон Республики Казахстан от … № …"), for a legal act.
    legal_reference: str | None = None
    #: The title in other languages, by ISO 639 code (``{"kk": "…"}``); ``title`` is in ``language``.
    titles: dict[str, str] = {}
    found_at: dt.datetime
    status: CandidateStatus = CandidateStatus.PENDING
    decided_at: dt.datetime | None = None
    decided_by: str | None = None
    reason: str | None = None
    action: str | None = None


class FetchRun(Frozen, frozen=True, kw_only=True):
    """One run of a source: how it ended, what came back, and what it created, updated or left unchanged."""

    id: int
    source: str
    started_at: dt.datetime
    finished_at: dt.datetime
    trigger: str
    outcome: RunOutcome
    url: str | None = None
    http_status: int | None = None
    bytes: int | None = None
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    candidates: int = 0
    skipped: int = 0
    error: str | None = None
    snapshot: str | None = None


class SourceHealth(Frozen, frozen=True, kw_only=True):
    """How a source has been doing: last success, last error, failures in a row."""

    last_success_at: dt.datetime | None = None
    last_error_at: dt.datetime | None = None
    last_error: str | None = None
    consecutive_failures: int = 0


class Source(Frozen, frozen=True, kw_only=True):
    """A place the scrapers read: its adapter, address, parameters, schedule and health."""

    name: str
    adapter: AdapterName
    url: str
    params: dict[str, str] = {}
    every_seconds: int | None = None
    cron: str | None = None
    enabled: bool = True
    health: SourceHealth = SourceHealth()
    #: What the server said of the version last read, sent back on the next fetch.
    etag: str | None = None
    last_modified: str | None = None
    #: The SHA-256 of the body last read; an identical body is not parsed again.
    last_snapshot: str | None = None
    #: Where the last successful run stopped reading a paged register (the newest entry it saw),
    #: for sources that read only what is new; kept by the runner after a successful run.
    cursor: str | None = None
