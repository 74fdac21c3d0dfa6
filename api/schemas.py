"""Response bodies that are not domain Structs themselves.

Every list route answers with the library's :class:`~tracker.domain.entities.Page` of its entity
(``items``, ``next_cursor``, ``total``). The aliases below only give each its own name in the
OpenAPI document (``ItemList``, ``SourceList`` …), where Litestar would otherwise name it after
the entity's module path.
"""

from __future__ import annotations

from typing import Annotated, TypeVar

from litestar.params import KwargDefinition
from msgspec import Struct

from tracker.domain.entities import (
    Action,
    AuditEntry,
    Candidate,
    Change,
    Decision,
    Document,
    FetchRun,
    Item,
    Page,
    Source,
    StateOverview,
)

T = TypeVar("T")

ItemList = Annotated[Page[Item], KwargDefinition(schema_component_key="ItemList")]
StateList = Annotated[Page[StateOverview], KwargDefinition(schema_component_key="StateList")]
DocumentList = Annotated[Page[Document], KwargDefinition(schema_component_key="DocumentList")]
DecisionList = Annotated[Page[Decision], KwargDefinition(schema_component_key="DecisionList")]
ActionList = Annotated[Page[Action], KwargDefinition(schema_component_key="ActionList")]
CandidateList = Annotated[Page[Candidate], KwargDefinition(schema_component_key="CandidateList")]
AuditList = Annotated[Page[AuditEntry], KwargDefinition(schema_component_key="AuditList")]
SourceList = Annotated[Page[Source], KwargDefinition(schema_component_key="SourceList")]
RunList = Annotated[Page[FetchRun], KwargDefinition(schema_component_key="RunList")]
ChangeList = Annotated[Page[Change], KwargDefinition(schema_component_key="ChangeList")]


def whole(entries: list[T]) -> Page[T]:
    """A list the route answers in full, as one page."""
    return Page(items=entries, next_cursor=None, total=len(entries))


class Health(Struct, kw_only=True):
    status: str


class Readiness(Struct, kw_only=True):
    status: str
    schema_revision: str | None


class Accepted(Struct, kw_only=True):
    """A candidate accepted, and the action made of it."""

    candidate: Candidate
    action: Action


class Queued(Struct, kw_only=True):
    """A run started in the background; its record appears under ``runs``."""

    source: str
    status: str
    runs: str
