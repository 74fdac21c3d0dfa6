"""Response bodies that are not domain Structs themselves."""

from __future__ import annotations

from msgspec import Struct

from tracker.domain.entities import Action, Decision, Document, Item, StateOverview


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
