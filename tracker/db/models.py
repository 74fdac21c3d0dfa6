"""SQLAlchemy models. The schema itself is only ever created by the Alembic migrations.

Backend-specific search machinery (FTS5 tables on SQLite, ``search_vector`` columns on
PostgreSQL) lives in the migrations and :mod:`tracker.db.search`, not here.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timestamps are stored in UTC and always come back timezone-aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where a UTC timestamp is required")
        value = value.astimezone(dt.UTC)
        return value if dialect.name == "postgresql" else value.replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    """The current time, timezone-aware, in UTC."""
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    """Declarative base with a constraint naming convention (Alembic batch mode on SQLite needs one)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON, dt.datetime: UTCDateTime}

    if TYPE_CHECKING:
        # Every model here is mapped to a Table (SQLAlchemy types it as any FromClause).
        __table__: ClassVar[Table]


class Timestamped:
    """When a row was created and last changed, and the digest of the record it was loaded from."""

    #: Digest of the record last loaded into the row; writes that bypass loading must clear it.
    content_hash: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Indexed: the change log finds the rows a write touched by it.
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class Provenance:
    """Where a row's facts come from and whether they are verified."""

    sources: Mapped[list[Any]] = mapped_column(JSON, default=list)
    verification: Mapped[str] = mapped_column(String(16), default="unverified")
    notes: Mapped[str | None] = mapped_column(Text)


class StateRow(Base):
    """A State, by ISO 3166-1 alpha-3 code."""

    __tablename__ = "states"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    content_hash: Mapped[str | None] = mapped_column(String(32))
    names: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    region: Mapped[str | None] = mapped_column(Text)


class ReviewRow(Timestamped, Provenance, Base):
    """A periodic review of a State by a body."""

    __tablename__ = "reviews"
    __table_args__ = (UniqueConstraint("body", "state", "cycle"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    body: Mapped[str] = mapped_column(String(8))
    state: Mapped[str] = mapped_column(ForeignKey("states.code"))
    cycle: Mapped[int] = mapped_column(Integer)
    reviewed_on: Mapped[dt.date | None] = mapped_column(Date)
    adopted_on: Mapped[dt.date | None] = mapped_column(Date)
    session: Mapped[str | None] = mapped_column(Text)
    document: Mapped[str | None] = mapped_column(String(200))
    summary: Mapped[str | None] = mapped_column(Text)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    recommendation_groups: Mapped[list[Any]] = mapped_column(JSON, default=list)


class DocumentRow(Timestamped, Provenance, Base):
    """A UN document; its id is the slug of its symbol."""

    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    symbol: Mapped[str] = mapped_column(String(200), unique=True)
    body: Mapped[str] = mapped_column(String(8))
    state: Mapped[str | None] = mapped_column(ForeignKey("states.code"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str | None] = mapped_column(Text)
    adopted_on: Mapped[dt.date | None] = mapped_column(Date)
    published_on: Mapped[dt.date | None] = mapped_column(Date)
    session: Mapped[str | None] = mapped_column(Text)
    review: Mapped[str | None] = mapped_column(ForeignKey("reviews.id"))
    follow_up_due: Mapped[dt.date | None] = mapped_column(Date)
    follow_up_due_basis: Mapped[str | None] = mapped_column(Text)
    languages: Mapped[list[Any]] = mapped_column(JSON, default=list)
    library_ids: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    summary: Mapped[str | None] = mapped_column(Text)


class DecisionRow(Timestamped, Provenance, Base):
    """An individual decision, keyed by body and communication number."""

    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("body", "communication"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    body: Mapped[str] = mapped_column(String(8))
    communication: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(ForeignKey("states.code"), index=True)
    symbol: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(Text)
    authors: Mapped[list[Any]] = mapped_column(JSON, default=list)
    victims: Mapped[list[Any]] = mapped_column(JSON, default=list)
    counsel: Mapped[str | None] = mapped_column(Text)
    submitted_on: Mapped[dt.date | None] = mapped_column(Date)
    adopted_on: Mapped[dt.date | None] = mapped_column(Date)
    transmitted_on: Mapped[dt.date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(16))
    articles_violated: Mapped[list[Any]] = mapped_column(JSON, default=list)
    reply_days: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str | None] = mapped_column(Text)


class ItemRow(Timestamped, Provenance, Base):
    """A follow-up item, with its derived status and deadline stored for fast reads."""

    __tablename__ = "items"
    __table_args__ = (
        UniqueConstraint("document", "paragraph"),
        UniqueConstraint("decision", "remedy_kind", "ordinal"),
        Index("ix_items_state_id", "state", "id"),
        Index("ix_items_state_body_id", "state", "body", "id"),
        Index("ix_items_state_status", "state", "status"),
        Index("ix_items_state_due_date", "state", "due_date"),
    )

    id: Mapped[str] = mapped_column(String(220), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(ForeignKey("states.code"))
    body: Mapped[str] = mapped_column(String(8))
    document: Mapped[str | None] = mapped_column(ForeignKey("documents.id"))
    decision: Mapped[str | None] = mapped_column(ForeignKey("decisions.id"))
    paragraph: Mapped[str | None] = mapped_column(String(20))
    remedy_kind: Mapped[str | None] = mapped_column(String(24))
    ordinal: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(3), default="en")
    #: The same text in other languages, by language code: ``{"ru": "..."}``.
    texts: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, server_default="{}")
    #: The stems the item is found by beyond its own words (:func:`tracker.db.search.search_stems`), for full-text search.
    search_stems: Mapped[str] = mapped_column(Text, default="", server_default="", deferred=True)
    themes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    vocabulary_themes: Mapped[list[Any]] = mapped_column(JSON, default=list, server_default="[]")
    affected_groups: Mapped[list[Any]] = mapped_column(JSON, default=list)
    follow_up: Mapped[bool] = mapped_column(Boolean, default=False)
    recommending_states: Mapped[list[Any]] = mapped_column(JSON, default=list)
    response: Mapped[str | None] = mapped_column(String(16))
    cycle: Mapped[int | None] = mapped_column(Integer)
    stated_due_date: Mapped[dt.date | None] = mapped_column(Date)
    stated_due_basis: Mapped[str | None] = mapped_column(Text)
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    due_date_basis: Mapped[str | None] = mapped_column(Text)
    reply_date: Mapped[dt.date | None] = mapped_column(Date)
    reply_precision: Mapped[str] = mapped_column(String(8), default="day", server_default="day")
    status: Mapped[str] = mapped_column(String(24), default="no_information")
    status_rule: Mapped[str] = mapped_column(String(24), default="none")
    status_assessment: Mapped[str | None] = mapped_column(String(40))
    status_action: Mapped[str | None] = mapped_column(String(80))
    disputed: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The paragraphs or recommendation numbers followed together as this one item.
    covers: Mapped[list[Any]] = mapped_column(JSON, default=list, server_default="[]")
    #: The latest action the State took on the item (derived, for lists that show it).
    latest_action: Mapped[str | None] = mapped_column(String(80))
    #: How many of the item's linked actions and assessments await verification (derived).
    awaiting_verification: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ActionRow(Timestamped, Provenance, Base):
    """A dated action, with the structured fields of court rulings and amounts."""

    __tablename__ = "actions"
    __table_args__ = (
        UniqueConstraint("state", "date_key", "kind", "title_key"),
        Index("ix_actions_state_date", "state", "date"),
    )

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    state: Mapped[str] = mapped_column(ForeignKey("states.code"))
    kind: Mapped[str] = mapped_column(String(32))
    date: Mapped[dt.date] = mapped_column(Date)
    date_precision: Mapped[str] = mapped_column(String(8), default="day")
    date_key: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(Text)
    title_key: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(3), default="en")
    actor: Mapped[str | None] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(Text)
    legal_reference: Mapped[str | None] = mapped_column(Text)
    court_name: Mapped[str | None] = mapped_column(Text)
    court_instance: Mapped[str | None] = mapped_column(String(16))
    case_number: Mapped[str | None] = mapped_column(Text)
    claimant: Mapped[str | None] = mapped_column(Text)
    defendant: Mapped[str | None] = mapped_column(Text)
    court_outcome: Mapped[str | None] = mapped_column(String(16))
    appeal_of: Mapped[str | None] = mapped_column(ForeignKey("actions.id"))
    currency: Mapped[str | None] = mapped_column(String(3))
    amount_claimed: Mapped[float | None] = mapped_column(Numeric(20, 2, asdecimal=False))
    amount_awarded: Mapped[float | None] = mapped_column(Numeric(20, 2, asdecimal=False))
    amount_recommended: Mapped[float | None] = mapped_column(Numeric(20, 2, asdecimal=False))
    amount_paid: Mapped[float | None] = mapped_column(Numeric(20, 2, asdecimal=False))
    outcome: Mapped[str | None] = mapped_column(Text)
    #: The body a State communication was addressed to: a statement to it is a reply.
    addressed_to: Mapped[str | None] = mapped_column(String(8))
    recorded_by: Mapped[str | None] = mapped_column(Text)
    verified_by: Mapped[str | None] = mapped_column(Text)
    verified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class ActionItemRow(Base):
    """An action's link to one item, with its effect on that item."""

    __tablename__ = "action_items"

    action: Mapped[str] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True)
    item: Mapped[str] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), primary_key=True, index=True)
    effect: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)


class AssessmentRow(Timestamped, Base):
    """A judgement of one item on a native scale, with the normalized status it means."""

    __tablename__ = "assessments"
    __table_args__ = (UniqueConstraint("item", "assessor_key", "date"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    item: Mapped[str] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    assessor_kind: Mapped[str] = mapped_column(String(16))
    assessor: Mapped[str] = mapped_column(Text)
    assessor_key: Mapped[str] = mapped_column(Text)
    scale: Mapped[str] = mapped_column(String(24))
    grade: Mapped[str] = mapped_column(String(40))
    status: Mapped[str | None] = mapped_column(String(24))
    rationale: Mapped[str | None] = mapped_column(Text)
    sources: Mapped[list[Any]] = mapped_column(JSON, default=list)
    verification: Mapped[str] = mapped_column(String(16), default="unverified")
    recorded_by: Mapped[str | None] = mapped_column(Text)
    verified_by: Mapped[str | None] = mapped_column(Text)
    verified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class StatusChangeRow(Base):
    """One entry of an item's status history, as replaying its verified records gives it: dated
    by the event that changed the status, never by when it was loaded."""

    __tablename__ = "item_status_changes"
    __table_args__ = (Index("ix_item_status_changes_occurred_on", "occurred_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item: Mapped[str] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    precision: Mapped[str] = mapped_column(String(8), default="day")
    from_status: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(24))
    rule: Mapped[str] = mapped_column(String(24))
    assessment: Mapped[str | None] = mapped_column(String(40))
    action: Mapped[str | None] = mapped_column(String(80))


class ChangeRow(Base):
    """One entry of the append-only change log: an entity created or updated, and when."""

    __tablename__ = "changes"
    __table_args__ = (Index("ix_changes_state_id", "state", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    entity: Mapped[str] = mapped_column(String(16))
    entity_id: Mapped[str] = mapped_column(String(220))
    kind: Mapped[str] = mapped_column(String(16))
    state: Mapped[str | None] = mapped_column(String(3))
    body: Mapped[str | None] = mapped_column(String(8))
    title: Mapped[str | None] = mapped_column(Text)


class ChangeItemRow(Base):
    """The items a change of another entity concerns (an assessed item, an action's linked items)."""

    __tablename__ = "change_items"

    change: Mapped[int] = mapped_column(ForeignKey("changes.id", ondelete="CASCADE"), primary_key=True)
    item: Mapped[str] = mapped_column(String(220), primary_key=True, index=True)


class ApiKeyRow(Base):
    """An API key: only the SHA-256 digest of the secret is kept."""

    __tablename__ = "api_keys"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class AuditRow(Base):
    """One write, attributed: who, when, which entity, and its value before and after."""

    __tablename__ = "audit"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"), Index("ix_audit_actor_id", "actor", "id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(80))
    operation: Mapped[str] = mapped_column(String(16))
    entity: Mapped[str] = mapped_column(String(16))
    entity_id: Mapped[str] = mapped_column(String(220))
    state: Mapped[str | None] = mapped_column(String(3))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class CandidateRow(Base):
    """Something a scraper found that a person must confirm before it becomes an action."""

    __tablename__ = "inbox"
    __table_args__ = (Index("ix_inbox_status_id", "status", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(80))
    entry_key: Mapped[str] = mapped_column(String(64), unique=True)
    url: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    published_on: Mapped[dt.date | None] = mapped_column(Date)
    excerpt: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(3))
    state: Mapped[str | None] = mapped_column(String(3))
    matches: Mapped[list[Any]] = mapped_column(JSON, default=list)
    kind: Mapped[str | None] = mapped_column(String(32))
    legal_reference: Mapped[str | None] = mapped_column(Text)
    titles: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    found_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(80))
    reason: Mapped[str | None] = mapped_column(Text)
    action: Mapped[str | None] = mapped_column(ForeignKey("actions.id"))


class SourceRow(Base):
    """A place the scrapers read, with its schedule, what it last sent, and its health."""

    __tablename__ = "sources"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    adapter: Mapped[str] = mapped_column(String(32))
    url: Mapped[str] = mapped_column(Text)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    every_seconds: Mapped[int | None] = mapped_column(Integer)
    cron: Mapped[str | None] = mapped_column(String(120))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_snapshot: Mapped[str | None] = mapped_column(String(64))
    cursor: Mapped[str | None] = mapped_column(Text)
    last_success_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_error_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class FetchRunRow(Base):
    """One run of a source: what came back, and what it created, updated or found unchanged."""

    __tablename__ = "fetch_runs"
    __table_args__ = (Index("ix_fetch_runs_source_id", "source", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    #: No foreign key: the runs of a removed source may be kept (`tracker sources remove --keep-runs`).
    source: Mapped[str] = mapped_column(String(80))
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    trigger: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(String(16))
    url: Mapped[str | None] = mapped_column(Text)
    http_status: Mapped[int | None] = mapped_column(Integer)
    bytes: Mapped[int | None] = mapped_column(Integer)
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    candidates: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    snapshot: Mapped[str | None] = mapped_column(String(64))


class SourceLeaseRow(Base):
    """Who runs a source now, since and until when (SQLite; PostgreSQL uses an advisory lock instead).
    The process and host let a runner on the same host see that the holder has died."""

    __tablename__ = "source_leases"

    source: Mapped[str] = mapped_column(String(80), primary_key=True)
    holder: Mapped[str] = mapped_column(String(120))
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    host: Mapped[str | None] = mapped_column(String(255))
    pid: Mapped[int | None] = mapped_column(Integer)
    taken_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class DocumentTextRow(Base):
    """What the tracker read of one language version of a document: the file (its snapshot), the
    reader, when, what it gave and what it could not place, or the fault that stopped it."""

    __tablename__ = "document_texts"

    document: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    language: Mapped[str] = mapped_column(String(3), primary_key=True)
    #: The source whose run read it, and that run.
    source: Mapped[str | None] = mapped_column(String(80))
    run: Mapped[int | None] = mapped_column(ForeignKey("fetch_runs.id", ondelete="SET NULL"))
    #: Where the file came from, and what the server said of its version (sent back on the next fetch).
    url: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    snapshot: Mapped[str | None] = mapped_column(String(64))
    reader: Mapped[str | None] = mapped_column(String(40))
    #: The version of the reading code that read the snapshot (or failed to).
    readers: Mapped[str | None] = mapped_column(String(40))
    read_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    checked_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    #: Records the reading gave, by type.
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    unplaced: Mapped[int] = mapped_column(Integer, default=0)
    #: The first lines the reader could not place.
    unplaced_lines: Mapped[list[Any]] = mapped_column(JSON, default=list)
    #: Where it stopped (``fetch``, ``read`` or ``load``) and why; both empty when it was read.
    fault: Mapped[str | None] = mapped_column(String(8))
    error: Mapped[str | None] = mapped_column(Text)


class DataVersionRow(Base):
    """The data's version: one row whose number every committed write that can change a read
    advances in its own transaction (see :meth:`tracker.Tracker.version`)."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
