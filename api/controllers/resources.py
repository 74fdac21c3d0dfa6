"""``/api/v1/states``, ``/documents``, ``/decisions`` and ``/actions``: the read resources beside items."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from litestar import Controller, Request, Response, get
from litestar.params import PathParameter, QueryParameter

from tracker.domain.entities import DecisionDetail, DocumentDetail, StateSummary
from tracker.domain.enums import Body, DocumentKind
from tracker_api.etags import conditional
from tracker_api.plugin import TrackerDependency
from tracker_api.responses import BAD_REQUEST, NOT_FOUND
from tracker_api.schemas import DecisionList, DocumentList, StateList, whole

StateCodes = Annotated[
    list[str] | None, QueryParameter(name="state", description="ISO 3166-1 alpha-3 State code; repeat for any of several")
]
Bodies = Annotated[list[Body] | None, QueryParameter(name="body", description="Issuing body; repeat for any of several")]
Limit = Annotated[int, QueryParameter(ge=1, le=500, description="Page size")]
Cursor = Annotated[str | None, QueryParameter(description="`next_cursor` of the previous page")]
AsOf = Annotated[dt.date | None, QueryParameter(description="Judge `overdue` on this date instead of today")]


class StateController(Controller):
    path = "/states"
    tags = ["states"]

    @get("/", operation_id="listStates", responses={400: BAD_REQUEST})
    async def list_states(
        self, request: Request[Any, Any, Any], tracker: TrackerDependency, as_of: AsOf = None
    ) -> Response[StateList]:
        """The States that have follow-up items, each with its item counts by status and its overdue count."""
        states = await tracker.states.list(as_of=as_of)
        return conditional(request, whole(states))

    @get("/{code:str}", operation_id="getState", responses={400: BAD_REQUEST, 404: NOT_FOUND})
    async def get_state(
        self,
        request: Request[Any, Any, Any],
        tracker: TrackerDependency,
        code: Annotated[str, PathParameter(description="ISO 3166-1 alpha-3 code, e.g. KAZ", max_length=3)],
        as_of: AsOf = None,
    ) -> Response[StateSummary]:
        """One State's summary: counts by body × status, overdue items, upcoming deadlines and latest actions."""
        return conditional(request, await tracker.states.get(code, as_of=as_of))


class DocumentController(Controller):
    path = "/documents"
    tags = ["documents"]

    @get("/", operation_id="listDocuments", responses={400: BAD_REQUEST})
    async def list_documents(
        self,
        request: Request[Any, Any, Any],
        tracker: TrackerDependency,
        states: StateCodes = None,
        bodies: Bodies = None,
        kind: Annotated[
            list[DocumentKind] | None, QueryParameter(description="Kind of document; repeat for any of several")
        ] = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Response[DocumentList]:
        """UN documents (concluding observations, UPR outcomes, follow-up replies …) in id order."""
        page = await tracker.documents.list(state=states, body=bodies, kind=kind, limit=limit, cursor=cursor)
        return conditional(request, page)

    @get("/{symbol:path}", operation_id="getDocument", responses={400: BAD_REQUEST, 404: NOT_FOUND})
    async def get_document(
        self,
        request: Request[Any, Any, Any],
        tracker: TrackerDependency,
        symbol: Annotated[str, PathParameter(description="Document symbol, URL-encoded (CAT%2FC%2FKAZ%2FCO%2F3), or its id")],
        as_of: AsOf = None,
    ) -> Response[DocumentDetail]:
        """One document with its follow-up items and their status."""
        return conditional(request, await tracker.documents.get(symbol.lstrip("/"), as_of=as_of))


class DecisionController(Controller):
    path = "/decisions"
    tags = ["decisions"]

    @get("/", operation_id="listDecisions", responses={400: BAD_REQUEST})
    async def list_decisions(
        self,
        request: Request[Any, Any, Any],
        tracker: TrackerDependency,
        states: StateCodes = None,
        bodies: Bodies = None,
        q: Annotated[
            str | None,
            QueryParameter(
                description="Words to find in titles, communication numbers, symbols, authors and victims (same syntax as for items;"
                " a word matches the start of a word)",
                max_length=500,
            ),
        ] = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Response[DecisionList]:
        """Individual decisions of treaty bodies (CAT decisions, CCPR Views) in id order."""
        page = await tracker.decisions.list(state=states, body=bodies, q=q, limit=limit, cursor=cursor)
        return conditional(request, page)

    @get("/{decision_id:str}", operation_id="getDecision", responses={400: BAD_REQUEST, 404: NOT_FOUND})
    async def get_decision(
        self,
        request: Request[Any, Any, Any],
        tracker: TrackerDependency,
        decision_id: Annotated[str, PathParameter(description="Decision id, e.g. cat-433-2010")],
        as_of: AsOf = None,
    ) -> Response[DecisionDetail]:
        """One decision with its remedies, each with its status and reply deadline, and every action
        linked to one of them (`actions`, oldest first)."""
        return conditional(request, await tracker.decisions.get(decision_id, as_of=as_of))
