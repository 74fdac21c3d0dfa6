"""Rows to domain Structs: the only place that knows both shapes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum
from functools import lru_cache
from typing import Any, TypeAlias, TypeVar

import msgspec
from sqlalchemy import Row

from tracker.db.models import (
    ActionRow,
    ApiKeyRow,
    AssessmentRow,
    AuditRow,
    CandidateRow,
    DecisionRow,
    DocumentRow,
    FetchRunRow,
    ReviewRow,
    SourceRow,
    StateRow,
    StatusChangeRow,
)
from tracker.domain.deadlines import is_late, is_overdue
from tracker.domain.entities import (
    Action,
    ActionBrief,
    Amounts,
    ApiKey,
    Assessment,
    AuditEntry,
    Candidate,
    CandidateMatch,
    CourtRuling,
    Decision,
    Document,
    FetchRun,
    Item,
    ItemLink,
    LanguageVersion,
    RecommendationGroup,
    Review,
    Source,
    SourceHealth,
    SourceRef,
    State,
    StatusBasis,
    StatusChange,
)
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
from tracker.domain.wording import deadline_note, item_label
from tracker.records import RecommendationRecord, RemedyRecord

E = TypeVar("E", bound=StrEnum)
M = TypeVar("M")

#: A model's row: the ORM object a session loads, or the plain row a reader returns (same attribute names).
RowOf: TypeAlias = M | Row[*tuple[Any, ...]]


def _maybe(enum: type[E], value: str | None) -> E | None:
    return None if value is None else enum(value)


def _money(value: float | int | None) -> float | None:
    # SQLite hands back whole amounts as int, PostgreSQL as float: one type, so both dump alike.
    return None if value is None else float(value)


def sources(value: object) -> list[SourceRef]:
    """Stored source references as Structs."""
    # msgspec.convert costs microseconds even for an empty list, and most rows have none.
    return msgspec.convert(value, list[SourceRef]) if value else []


def state(row: RowOf[StateRow]) -> State:
    """A State row as a domain value."""
    return State(code=row.code, names=dict(row.names or {}), region=row.region)


def review(row: RowOf[ReviewRow]) -> Review:
    """A review row as a domain value."""
    return Review(
        id=row.id,
        body=Body(row.body),
        state=row.state,
        cycle=row.cycle,
        reviewed_on=row.reviewed_on,
        adopted_on=row.adopted_on,
        session=row.session,
        document=row.document,
        summary=row.summary,
        counts=dict(row.counts or {}),
        recommendation_groups=msgspec.convert(row.recommendation_groups or [], list[RecommendationGroup]),
        sources=sources(row.sources),
        verification=Verification(row.verification),
        notes=row.notes,
    )


def document(row: RowOf[DocumentRow]) -> Document:
    """A document row as a domain value."""
    return Document(
        id=row.id,
        symbol=row.symbol,
        body=Body(row.body),
        state=row.state,
        kind=DocumentKind(row.kind),
        title=row.title,
        adopted_on=row.adopted_on,
        published_on=row.published_on,
        session=row.session,
        review=row.review,
        follow_up_due=row.follow_up_due,
        follow_up_due_basis=row.follow_up_due_basis,
        languages=msgspec.convert(row.languages or [], list[LanguageVersion]),
        library_ids=dict(row.library_ids or {}),
        summary=row.summary,
        sources=sources(row.sources),
        verification=Verification(row.verification),
        notes=row.notes,
    )


def decision(row: RowOf[DecisionRow]) -> Decision:
    """A decision row as a domain value."""
    return Decision(
        id=row.id,
        body=Body(row.body),
        communication=row.communication,
        state=row.state,
        symbol=row.symbol,
        title=row.title,
        authors=list(row.authors or []),
        victims=list(row.victims or []),
        counsel=row.counsel,
        submitted_on=row.submitted_on,
        adopted_on=row.adopted_on,
        transmitted_on=row.transmitted_on,
        outcome=_maybe(DecisionOutcome, row.outcome),
        articles_violated=list(row.articles_violated or []),
        reply_days=row.reply_days,
        summary=row.summary,
        sources=sources(row.sources),
        verification=Verification(row.verification),
        notes=row.notes,
    )


#: The stored fields an :class:`Item` is made of, in the order :func:`stored_item` takes them.
ITEM_FIELDS = (
    "id",
    "kind",
    "state",
    "body",
    "decision",
    "paragraph",
    "remedy_kind",
    "ordinal",
    "title",
    "text",
    "language",
    "texts",
    "themes",
    "vocabulary_themes",
    "affected_groups",
    "follow_up",
    "recommending_states",
    "response",
    "cycle",
    "covers",
    "status",
    "status_rule",
    "status_assessment",
    "status_action",
    "disputed",
    "due_date",
    "due_date_basis",
    "reply_date",
    "reply_precision",
    "awaiting_verification",
    "sources",
    "verification",
    "notes",
    "updated_at",
)
#: Those of :data:`ITEM_FIELDS` stored as JSON: :func:`stored_item` takes them decoded or as JSON text.
ITEM_JSON_FIELDS = frozenset(
    {"texts", "themes", "vocabulary_themes", "affected_groups", "recommending_states", "covers", "sources"}
)


def _by_value(enum: type[E]) -> dict[Any, Any]:
    # A dict lookup costs a tenth of an enum call, which counts at 50 items of ten enums a page. The
    # values typed Any: stored values come untyped from a row, and None (no row joined) maps to None.
    return {None: None, **{member.value: member for member in enum}}


_KINDS = _by_value(ItemKind)
_BODIES = _by_value(Body)
_REMEDY_KINDS = _by_value(RemedyKind)
_RESPONSES = _by_value(UprResponse)
_STATUSES = _by_value(Status)
_RULES = _by_value(StatusRule)
_PRECISIONS = _by_value(DatePrecision)
_VERIFICATIONS = _by_value(Verification)
_ACTION_KINDS = _by_value(ActionKind)
_JSON = msgspec.json.Decoder()
# A pure function of a few dates: items of one document share them, so a page mostly finds its notes here.
_deadline_note = lru_cache(maxsize=4096)(deadline_note)
_SOURCES = msgspec.json.Decoder(list[SourceRef] | None)


def _json(value: object) -> Any:
    """A JSON column's value, whether read as text or already decoded."""
    return _JSON.decode(value) if isinstance(value, str) else value


def _sources(value: object) -> list[SourceRef]:
    """Stored source references, read as JSON text or already decoded, as Structs."""
    if isinstance(value, str):
        return _SOURCES.decode(value) or []
    return sources(value)


#: The stored item fields a record of the item holds (:func:`item_record`), in the order it takes them.
ITEM_RECORD_FIELDS = (
    "id",
    "kind",
    "decision",
    "paragraph",
    "remedy_kind",
    "ordinal",
    "title",
    "text",
    "language",
    "texts",
    "themes",
    "affected_groups",
    "follow_up",
    "covers",
    "stated_due_date",
    "stated_due_basis",
    "recommending_states",
    "response",
    "cycle",
    "sources",
    "verification",
    "notes",
)


def item_record(values: Sequence[Any], *, document_symbol: str | None, url: str | None) -> RecommendationRecord | RemedyRecord:
    """An item as the record it was loaded from (what an export writes), from the values of its
    :data:`ITEM_RECORD_FIELDS`, in that order; nothing derived is worked out."""
    (
        id_,
        kind,
        decision,
        paragraph,
        remedy_kind,
        ordinal,
        title,
        text,
        language,
        texts,
        themes,
        affected_groups,
        follow_up,
        covers,
        stated_due_date,
        stated_due_basis,
        recommending_states,
        response,
        cycle,
        stored_sources,
        verification,
        notes,
    ) = values
    # Items' texts come only from records, so their languages are the records' own.
    record_texts = dict(_json(texts) or {})
    if _KINDS[kind] is ItemKind.RECOMMENDATION:
        return RecommendationRecord(
            id=id_,
            url=url,
            document=document_symbol or "",
            paragraph=paragraph or "",
            title=title,
            text=text,
            language=language,
            texts=record_texts,
            themes=list(_json(themes) or []),
            affected_groups=list(_json(affected_groups) or []),
            follow_up=follow_up,
            covers=list(_json(covers) or []),
            due_date=stated_due_date,
            due_date_basis=stated_due_basis,
            recommending_states=list(_json(recommending_states) or []),
            response=_RESPONSES[response],
            cycle=cycle,
            sources=_sources(stored_sources),
            verification=_VERIFICATIONS[verification],
            notes=notes,
        )
    kind_of_remedy = _REMEDY_KINDS[remedy_kind]
    assert kind_of_remedy is not None, "every remedy has a kind"
    return RemedyRecord(
        id=id_,
        url=url,
        decision=decision or "",
        kind=kind_of_remedy,
        ordinal=ordinal or 1,
        title=title,
        text=text,
        language=language,
        texts=record_texts,
        themes=list(_json(themes) or []),
        due_date=stated_due_date,
        due_date_basis=stated_due_basis,
        sources=_sources(stored_sources),
        verification=_VERIFICATIONS[verification],
        notes=notes,
    )


def stored_item(
    values: Sequence[Any],
    *,
    document_symbol: str | None,
    decision_title: str | None,
    latest_action: ActionBrief | None,
    as_of: dt.date,
) -> Item:
    """An item from the values of its :data:`ITEM_FIELDS`, in that order, with `overdue`, `late`
    and the deadline in words judged on ``as_of``."""
    (
        id_,
        kind,
        state,
        body,
        decision,
        paragraph,
        remedy_kind,
        ordinal,
        title,
        text,
        language,
        texts,
        themes,
        vocabulary_themes,
        affected_groups,
        follow_up,
        recommending_states,
        response,
        cycle,
        covers,
        status,
        status_rule,
        status_assessment,
        status_action,
        disputed,
        due_date,
        due_date_basis,
        reply_date,
        reply_precision,
        awaiting_verification,
        stored_sources,
        verification,
        notes,
        updated_at,
    ) = values
    status = _STATUSES[status]
    body = _BODIES[body]
    reply_precision = _PRECISIONS[reply_precision]
    remedy_kind = _REMEDY_KINDS[remedy_kind]
    covers = list(_json(covers) or [])
    return Item(
        id=id_,
        kind=_KINDS[kind],
        state=state,
        body=body,
        document=document_symbol,
        decision=decision,
        paragraph=paragraph,
        remedy_kind=remedy_kind,
        ordinal=ordinal,
        title=title,
        text=text,
        language=language,
        texts=dict(_json(texts) or {}),
        themes=list(_json(themes) or []),
        vocabulary_themes=list(_json(vocabulary_themes) or []),
        affected_groups=list(_json(affected_groups) or []),
        follow_up=follow_up,
        recommending_states=list(_json(recommending_states) or []),
        response=_RESPONSES[response],
        cycle=cycle,
        covers=covers,
        label=item_label(
            title=title,
            text=text,
            document_symbol=document_symbol,
            paragraph=paragraph,
            covers=covers,
            body=body,
            decision=decision,
            decision_title=decision_title,
            remedy_kind=remedy_kind,
            ordinal=ordinal,
        ),
        status=status,
        status_basis=StatusBasis(rule=_RULES[status_rule], assessment=status_assessment, action=status_action),
        disputed=disputed,
        due_date=due_date,
        due_date_basis=due_date_basis,
        reply_date=reply_date,
        reply_precision=reply_precision,
        overdue=is_overdue(due_date, reply_date, as_of, status),
        late=is_late(due_date, reply_date, as_of, reply_precision),
        deadline_note=_deadline_note(due_date, reply_date, status, as_of, reply_precision),
        latest_action=latest_action,
        awaiting_verification=awaiting_verification or 0,
        sources=_sources(stored_sources),
        verification=_VERIFICATIONS[verification],
        notes=notes,
        updated_at=updated_at,
    )


def status_change(row: RowOf[StatusChangeRow]) -> StatusChange:
    """A history row as a domain value."""
    return StatusChange(
        on=row.occurred_on,
        precision=DatePrecision(row.precision),
        from_=Status(row.from_status),
        to=Status(row.status),
        basis=StatusBasis(rule=StatusRule(row.rule), assessment=row.assessment, action=row.action),
    )


def action_brief(row: RowOf[ActionRow]) -> ActionBrief:
    """An action in one line, with its first source."""
    return stored_action_brief(row.id, row.kind, row.date, row.date_precision, row.title, row.verification, row.sources)


def stored_action_brief(
    id_: str, kind: str, date: dt.date, date_precision: str, title: str, verification: str, stored_sources: object
) -> ActionBrief:
    """An action in one line from its stored fields (sources as JSON text or decoded), with its first source."""
    told = _sources(stored_sources)
    return ActionBrief(
        id=id_,
        kind=_ACTION_KINDS[kind],
        date=date,
        date_precision=_PRECISIONS[date_precision],
        title=title,
        verification=_VERIFICATIONS[verification],
        source=told[0] if told else None,
    )


def action(row: RowOf[ActionRow], links: Sequence[ItemLink]) -> Action:
    """An action row and its item links as a domain value."""
    court = None
    if row.court_name is not None:
        court = CourtRuling(
            name=row.court_name,
            instance=_maybe(CourtInstance, row.court_instance),
            case_number=row.case_number,
            claimant=row.claimant,
            defendant=row.defendant,
            outcome=_maybe(CourtOutcome, row.court_outcome),
            appeal_of=row.appeal_of,
        )
    amounts = None
    if row.currency is not None:
        amounts = Amounts(
            currency=row.currency,
            claimed=_money(row.amount_claimed),
            awarded=_money(row.amount_awarded),
            recommended=_money(row.amount_recommended),
            paid=_money(row.amount_paid),
        )
    return Action(
        id=row.id,
        state=row.state,
        kind=ActionKind(row.kind),
        date=row.date,
        date_precision=DatePrecision(row.date_precision),
        title=row.title,
        description=row.description,
        language=row.language,
        actor=row.actor,
        place=row.place,
        legal_reference=row.legal_reference,
        court=court,
        amounts=amounts,
        outcome=row.outcome,
        addressed_to=_maybe(Body, row.addressed_to),
        sources=sources(row.sources),
        links=list(links),
        verification=Verification(row.verification),
        recorded_by=row.recorded_by,
        verified_by=row.verified_by,
        verified_at=row.verified_at,
        notes=row.notes,
    )


def assessment(row: RowOf[AssessmentRow]) -> Assessment:
    """An assessment row as a domain value."""
    return Assessment(
        id=row.id,
        item=row.item,
        date=row.date,
        assessor_kind=AssessorKind(row.assessor_kind),
        assessor=row.assessor,
        scale=Scale(row.scale),
        grade=row.grade,
        status=_maybe(Status, row.status),
        rationale=row.rationale,
        sources=sources(row.sources),
        verification=Verification(row.verification),
        recorded_by=row.recorded_by,
        verified_by=row.verified_by,
        verified_at=row.verified_at,
    )


def api_key(row: RowOf[ApiKeyRow]) -> ApiKey:
    """A key row as listed, without its digest."""
    return ApiKey(
        name=row.name, role=Role(row.role), created_at=row.created_at, revoked_at=row.revoked_at, last_used_at=row.last_used_at
    )


def audit_entry(row: RowOf[AuditRow]) -> AuditEntry:
    """An audit row as a domain value."""
    return AuditEntry(
        id=row.id,
        at=row.at,
        actor=row.actor,
        operation=row.operation,
        entity=row.entity,
        entity_id=row.entity_id,
        state=row.state,
        before=row.before,
        after=row.after,
    )


def candidate(row: RowOf[CandidateRow]) -> Candidate:
    """An inbox row as a domain value."""
    return Candidate(
        id=row.id,
        source=row.source,
        url=row.url,
        title=row.title,
        published_on=row.published_on,
        excerpt=row.excerpt,
        language=row.language,
        state=row.state,
        matches=msgspec.convert(row.matches or [], list[CandidateMatch]),
        kind=ActionKind(row.kind) if row.kind else None,
        legal_reference=row.legal_reference,
        titles=dict(row.titles or {}),
        found_at=row.found_at,
        status=CandidateStatus(row.status),
        decided_at=row.decided_at,
        decided_by=row.decided_by,
        reason=row.reason,
        action=row.action,
    )


def source(row: RowOf[SourceRow]) -> Source:
    """A source row as a domain value, with its health."""
    return Source(
        name=row.name,
        adapter=AdapterName(row.adapter),
        url=row.url,
        params=dict(row.params or {}),
        every_seconds=row.every_seconds,
        cron=row.cron,
        enabled=row.enabled,
        last_snapshot=row.last_snapshot,
        cursor=row.cursor,
        etag=row.etag,
        last_modified=row.last_modified,
        health=SourceHealth(
            last_success_at=row.last_success_at,
            last_error_at=row.last_error_at,
            last_error=row.last_error,
            consecutive_failures=row.consecutive_failures,
        ),
    )


def fetch_run(row: RowOf[FetchRunRow]) -> FetchRun:
    """A run row as a domain value."""
    return FetchRun(
        id=row.id,
        source=row.source,
        started_at=row.started_at,
        finished_at=row.finished_at,
        trigger=row.trigger,
        outcome=RunOutcome(row.outcome),
        url=row.url,
        http_status=row.http_status,
        bytes=row.bytes,
        created=row.created,
        updated=row.updated,
        unchanged=row.unchanged,
        candidates=row.candidates,
        skipped=row.skipped,
        error=row.error,
        snapshot=row.snapshot,
    )
