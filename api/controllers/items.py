"""``/api/v1/items``: follow-up items."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from litestar import Controller, Request, Response, get
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import PathParameter, QueryParameter

from api.caching import conditional
from api.errors import Problem
from api.plugin import TrackerDependency
from api.schemas import ItemList
from tracker.domain.entities import ItemDetail
from tracker.domain.enums import Body, ItemKind, Status

_PROBLEMS = {
    400: ResponseSpec(data_container=Problem, description="A parameter is malformed; `errors` names it"),
    404: ResponseSpec(data_container=Problem, description="No item has this id"),
}


class ItemController(Controller):
    path = "/api/v1/items"
    tags = ["items"]

    @get("/", operation_id="listItems", responses={400: _PROBLEMS[400]})
    async def list_items(
        self,
        request: Request[Any, Any, Any],
        tracker: TrackerDependency,
        states: Annotated[
            list[str] | None,
            QueryParameter(name="state", description="ISO 3166-1 alpha-3 State code; repeat for any of several",
                      examples=[Example(value="KAZ")]),
        ] = None,
        bodies: Annotated[
            list[Body] | None, QueryParameter(name="body", description="Issuing body or mechanism; repeat for any of several")
        ] = None,
        kind: Annotated[list[ItemKind] | None, QueryParameter(description="`recommendation` or `remedy`")] = None,
        status: Annotated[list[Status] | None, QueryParameter(description="Normalized status; repeat for any of several")] = None,
        follow_up: Annotated[bool | None, QueryParameter(description="Only items selected (or not) for a follow-up procedure")] = None,
        overdue: Annotated[bool | None, QueryParameter(description="Only items whose reply deadline passed with no State reply (or the opposite)")] = None,
        document: Annotated[str | None, QueryParameter(description="Symbol of the source document, e.g. CAT/C/KAZ/CO/3")] = None,
        decision: Annotated[str | None, QueryParameter(description="ID of the source decision, e.g. cat-433-2010")] = None,
        theme: Annotated[list[str] | None, QueryParameter(description="Theme tag; repeat for any of several")] = None,
        due_before: Annotated[dt.date | None, QueryParameter(description="Only items due before this date")] = None,
        due_after: Annotated[dt.date | None, QueryParameter(description="Only items due after this date")] = None,
        updated_since: Annotated[
            dt.datetime | None, QueryParameter(description="Only items changed at or after this time (ISO 8601, UTC)")
        ] = None,
        q: Annotated[
            str | None,
            QueryParameter(description="Full-text search over item texts: words (all required), prefixes (`tortur*`)", max_length=500),
        ] = None,
        sort: Annotated[
            Literal["id", "due_date", "-updated_at", "relevance"],
            QueryParameter(description="Order: id, due_date (soonest first), -updated_at (latest first), relevance (needs q)"),
        ] = "id",
        as_of: Annotated[dt.date | None, QueryParameter(description="Judge `overdue` on this date instead of today")] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=500, description="Page size")] = 50,
        cursor: Annotated[str | None, QueryParameter(description="`next_cursor` of the previous page")] = None,
    ) -> Response[ItemList]:
        """List follow-up items (recommendations and remedies) with their status and deadline.

        Filters combine with AND; repeating a filter means any of its values. Pages follow
        the item id order; pass `next_cursor` back as `cursor` for the next page. The
        response carries an ETag; send it back in `If-None-Match` to get a 304 when nothing changed.
        """
        page = await tracker.items.list(
            state=states, body=bodies, kind=kind, status=status, follow_up=follow_up, overdue=overdue,
            document=document, decision=decision, theme=theme, due_before=due_before, due_after=due_after,
            updated_since=updated_since, q=q, sort=sort, limit=limit, cursor=cursor, as_of=as_of,
        )
        return conditional(request, ItemList(items=page.items, next_cursor=page.next_cursor, total=page.total))

    @get("/{item_id:str}", operation_id="getItem", responses=_PROBLEMS)
    async def get_item(
        self,
        request: Request[Any, Any, Any],
        tracker: TrackerDependency,
        item_id: Annotated[str, PathParameter(description="Item id, e.g. cat-433-2010-compensation")],
        as_of: Annotated[dt.date | None, QueryParameter(description="Judge `overdue` on this date instead of today")] = None,
    ) -> Response[ItemDetail]:
        """One follow-up item: its text, source document or decision, status with its basis,
        deadline, assessments, the timeline of linked actions with sources, and its status history."""
        return conditional(request, await tracker.items.get(item_id, as_of=as_of))
