"""The item filter parameters, declared once for every route that selects items."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from litestar.openapi.spec import Example
from litestar.params import QueryParameter

from tracker import ItemFilter, item_filter
from tracker.domain.enums import Body, ItemKind, Status
from tracker.errors import InvalidInput


async def item_filter_parameters(
    states: Annotated[
        list[str] | None,
        QueryParameter(
            name="state", description="ISO 3166-1 alpha-3 State code; repeat for any of several", examples=[Example(value="KAZ")]
        ),
    ] = None,
    bodies: Annotated[
        list[Body] | None, QueryParameter(name="body", description="Issuing body or mechanism; repeat for any of several")
    ] = None,
    kind: Annotated[list[ItemKind] | None, QueryParameter(description="`recommendation` or `remedy`")] = None,
    status: Annotated[list[Status] | None, QueryParameter(description="Normalized status; repeat for any of several")] = None,
    follow_up: Annotated[
        bool | None, QueryParameter(description="Only recommendations selected (or not) for a follow-up procedure")
    ] = None,
    overdue: Annotated[
        bool | None, QueryParameter(description="Only items whose reply deadline passed with no State reply (or the opposite)")
    ] = None,
    document: Annotated[str | None, QueryParameter(description="Symbol of the source document, e.g. CAT/C/KAZ/CO/3")] = None,
    decision: Annotated[str | None, QueryParameter(description="ID of the source decision, e.g. cat-433-2010")] = None,
    theme: Annotated[
        list[str] | None,
        QueryParameter(
            description="A theme of the vocabulary (e.g. `redress_and_compensation`, as in briefings) or a theme tag of the records; repeat for any of several"
        ),
    ] = None,
    due_before: Annotated[dt.date | None, QueryParameter(description="Only items due before this date")] = None,
    due_after: Annotated[dt.date | None, QueryParameter(description="Only items due after this date")] = None,
    # Read as text: Litestar would take a number such as 0.5 for seconds since 1970.
    updated_since: Annotated[
        str | None,
        QueryParameter(
            description="Only items changed at or after this time (ISO 8601, UTC)", schema_extra={"format": "date-time"}
        ),
    ] = None,
    q: Annotated[
        str | None,
        QueryParameter(
            description='Full-text search over item texts: words (all required), prefixes `tortur*`, phrases `"fair trial"`, `OR`, `-word` or `NOT word`',
            max_length=500,
        ),
    ] = None,
) -> ItemFilter:
    """Items matching every filter given; repeating a filter means any of its values."""
    return item_filter(
        state=states,
        body=bodies,
        kind=kind,
        status=status,
        follow_up=follow_up,
        overdue=overdue,
        document=document,
        decision=decision,
        theme=theme,
        due_before=due_before,
        due_after=due_after,
        updated_since=_moment(updated_since, "updated_since"),
        q=q,
    )


def _moment(value: str | None, field: str) -> dt.datetime | None:
    """An ISO 8601 date and time given as a query parameter; anything else is refused naming ``field``."""
    if value is None:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"`{field}` must be a date and time (ISO 8601), not {value!r}", field=field) from None
