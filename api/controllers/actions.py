"""``/api/v1/actions``: what States (and others about them) did, and recording it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, patch, post
from litestar.exceptions import HTTPException
from litestar.params import JSONBody, PathParameter, QueryParameter

from tracker.domain.entities import Action
from tracker.domain.enums import ActionKind, Role
from tracker.domain.writes import ActionChanges, NewAction
from tracker_api.controllers.resources import Cursor, Limit, StateCodes
from tracker_api.etags import conditional, if_match, with_etag
from tracker_api.plugin import TrackerDependency, Writer
from tracker_api.responses import BAD_REQUEST, NEEDS_KEY, NOT_FOUND, WRITE_PROBLEMS, IfMatch, problem_spec
from tracker_api.schemas import ActionList

ActionId = Annotated[str, PathParameter(description="Action id, e.g. act-kaz-2014-01-23-1a2b3c4d")]


class ActionController(Controller):
    path = "/actions"
    tags = ["actions"]

    @get("/{action_id:str}", operation_id="getAction", responses={400: BAD_REQUEST, 404: NOT_FOUND})
    async def get_action(
        self, request: Request[Any, Any, Any], tracker: TrackerDependency, action_id: ActionId
    ) -> Response[Action]:
        """One action with its court and amount details, sources and the items it bears on.

        The ETag it carries is what `PATCH` expects in `If-Match`."""
        return conditional(request, await tracker.actions.get(action_id))

    @get("/", operation_id="listActions", responses={400: BAD_REQUEST})
    async def list_actions(
        self,
        request: Request[Any, Any, Any],
        tracker: TrackerDependency,
        states: StateCodes = None,
        kind: Annotated[list[ActionKind] | None, QueryParameter(description="Kind of action; repeat for any of several")] = None,
        item: Annotated[str | None, QueryParameter(description="Only actions linked to this item id")] = None,
        since: Annotated[dt.date | None, QueryParameter(description="Only actions on or after this date")] = None,
        until: Annotated[dt.date | None, QueryParameter(description="Only actions on or before this date")] = None,
        q: Annotated[
            str | None,
            QueryParameter(
                description="Full-text search over titles and descriptions (same syntax as for items)", max_length=500
            ),
        ] = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Response[ActionList]:
        """What States (and others about them) did, latest first, with sources and the items each bears on."""
        page = await tracker.actions.list(
            state=states, kind=kind, item=item, since=since, until=until, q=q, limit=limit, cursor=cursor
        )
        return conditional(request, page)

    @post(
        "/",
        operation_id="recordAction",
        opt={"role": Role.EDITOR},
        security=NEEDS_KEY,
        status_code=201,
        responses=WRITE_PROBLEMS,
    )
    async def record_action(self, tracker: TrackerDependency, writer: Writer, data: JSONBody[NewAction]) -> Response[Action]:
        """Record an action with its sources and the items it bears on (editor key).

        Court and amount fields are checked (amounts not negative, an ISO 4217 currency,
        `appeal_of` an earlier ruling of the same State); every linked item must exist and be
        an item of the action's State. The linked items' statuses are re-derived, the change log
        and the audit trail record the write, all in one transaction. Returns 201 with the
        action, its `Location` and its ETag; 409 names the stored action if it exists already.
        """
        action = await tracker.actions.record(data, by=writer)
        return with_etag(action, status_code=201, location=f"/api/v1/actions/{action.id}")

    @patch(
        "/{action_id:str}",
        operation_id="updateAction",
        opt={"role": Role.EDITOR},
        security=NEEDS_KEY,
        responses={
            **WRITE_PROBLEMS,
            412: problem_spec("`If-Match` names a version that is no longer the stored one: read the action again"),
            428: problem_spec("`If-Match` is missing: send the ETag of the version you changed"),
        },
    )
    async def update_action(
        self,
        request: Request[Any, Any, Any],
        tracker: TrackerDependency,
        writer: Writer,
        action_id: ActionId,
        data: JSONBody[ActionChanges],
        expected: IfMatch = None,
    ) -> Response[Action]:
        """Change some fields of an action (editor key); it keeps its id.

        Send the ETag of the version you read in `If-Match`: if the action changed since,
        the answer is 412 and nothing is written. Fields left out stay as they are; `null`
        clears an optional field; `links` and `sources` replace the whole list.
        """
        tags = if_match(request)
        if tags is None:
            raise HTTPException(
                status_code=428, detail="send the action's ETag in If-Match, so that a change made meanwhile is not overwritten"
            )
        return with_etag(await tracker.actions.update(action_id, data, if_match=tags, by=writer))

    @post(
        "/{action_id:str}/verify",
        operation_id="verifyAction",
        opt={"role": Role.EDITOR},
        security=NEEDS_KEY,
        status_code=200,
        responses={
            **WRITE_PROBLEMS,
            403: problem_spec("The key's role does not allow this, or the key recorded the action itself"),
            409: problem_spec("The action is verified already"),
        },
    )
    async def verify_action(self, tracker: TrackerDependency, writer: Writer, action_id: ActionId) -> Response[Action]:
        """Confirm an action another editor recorded (editor key): from now on it counts toward
        the status of the items it bears on, which are re-derived in the same transaction.

        Only verified records move a status. The key that recorded the action cannot verify it
        (403); an action verified already answers 409. The audit trail records who verified it.
        """
        return with_etag(await tracker.actions.verify(action_id, by=writer))
