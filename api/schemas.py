"""Response bodies that are not domain Structs themselves."""

from __future__ import annotations

from msgspec import Struct

from tracker.domain.entities import Item


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
