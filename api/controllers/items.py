"""``/api/v1/items``: follow-up items."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from litestar import Controller, get
from litestar.params import Parameter

import tracker
from api.errors import Problem
from api.schemas import ItemList
from litestar.openapi.spec import Example
from litestar.openapi.datastructures import ResponseSpec
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
        tracker: tracker.Tracker,
        states: Annotated[
            list[str] | None,
            Parameter(query="state", description="ISO 3166-1 alpha-3 State code; repeat for any of several",
                      examples=[Example(value="KAZ")]),
        ] = None,
        bodies: Annotated[
            list[Body] | None, Parameter(query="body", description="Issuing body or mechanism; repeat for any of several")
        ] = None,
        kind: Annotated[list[ItemKind] | None, Parameter(description="`recommendation` or `remedy`")] = None,
        status: Annotated[list[Status] | None, Parameter(description="Normalized status; repeat for any of several")] = None,
        follow_up: Annotated[bool | None, Parameter(description="Only items selected (or not) for a follow-up procedure")] = None,
        overdue: Annotated[bool | None, Parameter(description="Only items whose reply deadline passed with no State reply (or the opposite)")] = None,
        document: Annotated[str | None, Parameter(description="Symbol of the source document, e.g. CAT/C/KAZ/CO/3")] = None,
        decision: Annotated[str | None, Parameter(description="ID of the source decision, e.g. cat-433-2010")] = None,
        q: Annotated[str | None, Parameter(description="Full-text search over item texts", max_length=500)] = None,
        as_of: Annotated[dt.date | None, Parameter(description="Judge `overdue` on this date instead of today")] = None,
        limit: Annotated[int, Parameter(ge=1, le=500, description="Page size")] = 50,
        cursor: Annotated[str | None, Parameter(description="`next_cursor` of the previous page")] = None,
    ) -> ItemList:
        """List follow-up items (recommendations and remedies) with their status and deadline.

        Filters combine with AND; repeating a filter means any of its values. Pages follow
        the item id order; pass `next_cursor` back as `cursor` for the next page.
        """
        page = await tracker.items.list(
            state=states, body=bodies, kind=kind, status=status, follow_up=follow_up, overdue=overdue,
            document=document, decision=decision, q=q, limit=limit, cursor=cursor, as_of=as_of,
        )
        return ItemList(items=page.items, next_cursor=page.next_cursor, total=page.total)

    @get("/{item_id:str}", operation_id="getItem", responses=_PROBLEMS)
    async def get_item(
        self,
        tracker: tracker.Tracker,
        item_id: Annotated[str, Parameter(description="Item id, e.g. cat-433-2010-compensation")],
        as_of: Annotated[dt.date | None, Parameter(description="Judge `overdue` on this date instead of today")] = None,
    ) -> tracker.ItemDetail:
        """One follow-up item: its text, source document or decision, status with its basis,
        deadline, assessments, the timeline of linked actions with sources, and its status history."""
        return await tracker.items.get(item_id, as_of=as_of)
