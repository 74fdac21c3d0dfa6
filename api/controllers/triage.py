"""``/api/v1/inbox`` (what scrapers found, for editors to triage) and ``/api/v1/audit`` (who wrote what, for admins)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.params import JSONBody, PathParameter, QueryParameter

from tracker.domain.entities import Candidate
from tracker.domain.enums import CandidateStatus, Role
from tracker.domain.writes import Acceptance, Rejection
from tracker_api.controllers.resources import Cursor, Limit, StateCodes
from tracker_api.etags import conditional, with_etag
from tracker_api.plugin import TrackerDependency, Writer
from tracker_api.responses import BAD_REQUEST, FORBIDDEN, NEEDS_KEY, UNAUTHORIZED, WRITE_PROBLEMS
from tracker_api.schemas import Accepted, AuditList, CandidateList

CandidateId = Annotated[int, PathParameter(description="Inbox candidate id", ge=1, le=2**31 - 1)]
_READ_PROBLEMS = {400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN}


class InboxController(Controller):
    path = "/inbox"
    tags = ["inbox"]
    opt = {"role": Role.EDITOR}
    security = NEEDS_KEY

    @get("/", operation_id="listInbox", responses=_READ_PROBLEMS)
    async def list_candidates(
        self,
        request: Request[Any, Any, Any],
        tracker: TrackerDependency,
        status: Annotated[
            list[CandidateStatus] | None,
            QueryParameter(description="pending (the default), accepted or rejected; repeat for several"),
        ] = None,
        states: StateCodes = None,
        source: Annotated[str | None, QueryParameter(description="Only candidates found by this source")] = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Response[CandidateList]:
        """What scrapers found that a person must confirm (editor key), oldest first: title, URL,
        date, excerpt, and the items each may concern with a score and the reason."""
        page = await tracker.inbox.list(status=status or "pending", state=states, source=source, limit=limit, cursor=cursor)
        return conditional(request, page)

    @get("/{candidate_id:int}", operation_id="getInboxCandidate", responses={**_READ_PROBLEMS, 404: WRITE_PROBLEMS[404]})
    async def get_candidate(
        self, request: Request[Any, Any, Any], tracker: TrackerDependency, candidate_id: CandidateId
    ) -> Response[Candidate]:
        """One candidate, whatever became of it (editor key)."""
        return conditional(request, await tracker.inbox.get(candidate_id))

    @post("/{candidate_id:int}/accept", operation_id="acceptInboxCandidate", status_code=200, responses=WRITE_PROBLEMS)
    async def accept(
        self, tracker: TrackerDependency, writer: Writer, candidate_id: CandidateId, data: JSONBody[Acceptance]
    ) -> Response[Accepted]:
        """Turn a candidate into an action (editor key), with the fields you confirm or correct.

        `links` are yours to give, and `kind` unless the candidate proposes one; `state`, `date`,
        `title`, `sources`, `kind` and `legal_reference` default to the candidate's. The action is
        recorded, linked and audited as by `POST /api/v1/actions`; one from a State's official
        register of legal acts is verified by that source (`verified_by` names it). A candidate
        accepted or rejected before is a 409 (`existing` names its action).
        """
        candidate, action = await tracker.inbox.accept(candidate_id, data, by=writer)
        return with_etag(Accepted(candidate=candidate, action=action))

    @post("/{candidate_id:int}/reject", operation_id="rejectInboxCandidate", status_code=200, responses=WRITE_PROBLEMS)
    async def reject(
        self, tracker: TrackerDependency, writer: Writer, candidate_id: CandidateId, data: JSONBody[Rejection]
    ) -> Response[Candidate]:
        """Set a candidate aside with a reason (editor key); it is not proposed again. 409 if triaged before."""
        return with_etag(await tracker.inbox.reject(candidate_id, data.reason, by=writer))


class AuditController(Controller):
    path = "/audit"
    tags = ["audit"]
    opt = {"role": Role.ADMIN}
    security = NEEDS_KEY

    @get("/", operation_id="listAudit", responses=_READ_PROBLEMS)
    async def list_audit(
        self,
        request: Request[Any, Any, Any],
        tracker: TrackerDependency,
        actor_name: Annotated[
            str | None, QueryParameter(name="actor", description="Who wrote: `key:NAME`, `library:USER`, `cli:USER`")
        ] = None,
        entity: Annotated[str | None, QueryParameter(description="action, assessment, candidate or api_key")] = None,
        entity_id: Annotated[str | None, QueryParameter(description="The id of one entity, e.g. an action id")] = None,
        operation: Annotated[str | None, QueryParameter(description="create, update, accept, reject or revoke")] = None,
        states: StateCodes = None,
        since: Annotated[dt.datetime | None, QueryParameter(description="Entries at or after this UTC timestamp")] = None,
        until: Annotated[dt.datetime | None, QueryParameter(description="Entries before this UTC timestamp")] = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Response[AuditList]:
        """Every write, latest first (admin key): who made it, when, to which entity, and its value before and after."""
        page = await tracker.audit.list(
            actor=actor_name,
            entity=entity,
            entity_id=entity_id,
            operation=operation,
            state=states,
            since=since,
            until=until,
            limit=limit,
            cursor=cursor,
        )
        return conditional(request, page)
