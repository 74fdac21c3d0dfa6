"""``/api/v1/items``: follow-up items."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import JSONBody, PathParameter, QueryParameter

from tracker import ItemFilter
from tracker.domain.entities import Assessment, ItemDetail
from tracker.domain.enums import Role
from tracker.domain.writes import NewAssessment
from tracker_api.controllers.filters import item_filter_parameters
from tracker_api.etags import conditional, with_etag
from tracker_api.plugin import TrackerDependency, Writer
from tracker_api.responses import BAD_REQUEST, NEEDS_KEY, WRITE_PROBLEMS, problem_spec
from tracker_api.schemas import ItemList

ItemId = Annotated[str, PathParameter(description="Item id, e.g. cat-433-2010-compensation")]

_PROBLEMS = {
    400: BAD_REQUEST,
    404: problem_spec("No item has this id"),
}


class ItemController(Controller):
    path = "/items"
    tags = ["items"]
    dependencies = {"where": Provide(item_filter_parameters)}

    @get("/", operation_id="listItems", responses={400: _PROBLEMS[400]})
    async def list_items(
        self,
        request: Request[Any, Any, Any],
        tracker: TrackerDependency,
        where: NamedDependency[ItemFilter],
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
        page = await tracker.items.list(where=where, sort=sort, limit=limit, cursor=cursor, as_of=as_of)
        return conditional(request, page)

    @get("/{item_id:str}", operation_id="getItem", responses=_PROBLEMS)
    async def get_item(
        self,
        request: Request[Any, Any, Any],
        tracker: TrackerDependency,
        item_id: ItemId,
        as_of: Annotated[dt.date | None, QueryParameter(description="Judge `overdue` on this date instead of today")] = None,
    ) -> Response[ItemDetail]:
        """One follow-up item: its text, source document or decision, status with its basis,
        deadline, assessments, the timeline of linked actions with sources, and its status history."""
        return conditional(request, await tracker.items.get(item_id, as_of=as_of))

    @post(
        "/{item_id:str}/assessments",
        operation_id="assessItem",
        opt={"role": Role.EDITOR},
        security=NEEDS_KEY,
        status_code=201,
        responses=WRITE_PROBLEMS,
    )
    async def assess_item(
        self, tracker: TrackerDependency, writer: Writer, item_id: ItemId, data: JSONBody[NewAssessment]
    ) -> Response[Assessment]:
        """Add an assessment of the item (editor key): who judged it, when, on which scale, with what grade.

        The grade must belong to the scale (`cat_followup`: A–E; `ccpr_followup`: A, B1, B2, C1,
        C2, D, E …; `tb_decision_followup`; `upr_info`; `normalized`). The normalized status is
        derived from it, never sent. The item's status is re-derived in the same transaction;
        409 if the assessor already assessed the item on that date.
        """
        assessment = await tracker.items.assess(item_id, data, by=writer)
        return with_etag(assessment, status_code=201, location=f"/api/v1/items/{item_id}")
