"""Response bodies that are not domain Structs themselves."""

from __future__ import annotations

from msgspec import Struct

from tracker.domain.entities import Action, AuditEntry, Candidate, Decision, Document, FetchRun, Item, Source, StateOverview


class ItemList(Struct, kw_only=True):
    """One page of follow-up items."""

    items: list[Item]
    next_cursor: str | None
    total: int


class Health(Struct, kw_only=True):
    status: str


class Readiness(Struct, kw_only=True):
    status: str
    schema_revision: str | None


class StateList(Struct, kw_only=True):
    """The tracked States, with counts."""

    items: list[StateOverview]
    next_cursor: str | None
    total: int


class DocumentList(Struct, kw_only=True):
    """One page of documents."""

    items: list[Document]
    next_cursor: str | None
    total: int


class DecisionList(Struct, kw_only=True):
    """One page of individual decisions."""

    items: list[Decision]
    next_cursor: str | None
    total: int


class ActionList(Struct, kw_only=True):
    """One page of actions, latest first."""

    items: list[Action]
    next_cursor: str | None
    total: int


class CandidateList(Struct, kw_only=True):
    """One page of inbox candidates."""

    items: list[Candidate]
    next_cursor: str | None
    total: int


class Accepted(Struct, kw_only=True):
    """A candidate accepted, and the action made of it."""

    candidate: Candidate
    action: Action


class AuditList(Struct, kw_only=True):
    """One page of audit entries, latest first."""

    items: list[AuditEntry]
    next_cursor: str | None
    total: int


class SourceList(Struct, kw_only=True):
    """The configured sources with their health."""

    items: list[Source]
    next_cursor: str | None
    total: int


class RunList(Struct, kw_only=True):
    """One page of a source's runs, latest first."""

    items: list[FetchRun]
    next_cursor: str | None
    total: int


class Queued(Struct, kw_only=True):
    """A run started in the background; its record appears under ``runs``."""

    source: str
    status: str
    runs: str
