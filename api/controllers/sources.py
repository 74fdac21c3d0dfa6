"""``/api/v1/sources``: where the scrapers read, adding one, how each source is doing, its runs, and running one now."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import State
from litestar.params import JSONBody, PathParameter

from api.etags import conditional
from api.controllers.resources import Cursor, Limit
from api.responses import BAD_REQUEST, FORBIDDEN, NEEDS_KEY, NOT_FOUND, UNAUTHORIZED, problem_spec
from api.errors import FieldError, Problem, problem
from api.plugin import Actor, TrackerDependency
from api.scraping import Scraping
from api.schemas import Queued, RunList, SourceList, whole
from tracker.domain.entities import Source
from tracker.domain.enums import Role
from tracker.domain.writes import NewSource
from scrapers.harvest import BadParams
from scrapers.registry import check_source

SourceName = Annotated[str, PathParameter(description="Source name, e.g. undl-cat-kaz", max_length=80)]


class SourceController(Controller):
    path = "/sources"
    tags = ["sources"]

    @get("/", operation_id="listSources", responses={400: BAD_REQUEST})
    async def list_sources(self, request: Request[Any, Any, Any], tracker: TrackerDependency) -> Response[SourceList]:
        """Configured sources: adapter, URL, parameters, schedule, and health (last success, last error,
        consecutive failures)."""
        listed = await tracker.sources.list()
        return conditional(request, whole(listed))

    @post("/", operation_id="addSource", opt={"role": Role.ADMIN}, security=NEEDS_KEY, status_code=201,
          responses={400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN, 409: problem_spec("A source of that name exists already")})
    async def add_source(self, tracker: TrackerDependency, actor: Actor, data: JSONBody[NewSource]) -> Response[Source | Problem]:
        """Add a source (admin key). Its parameters are checked against what its adapter declares
        (`tracker sources adapters` lists them): an unknown name, a bad value or a missing one answers
        400 with one error per parameter, and nothing is stored."""
        try:
            params = check_source(data.adapter, data.url, data.params)
        except BadParams as exc:
            return problem(400, "; ".join(exc.problems), [
                FieldError(field=f"params.{name}" if name else "params", message=message) for name, message in zip(exc.names, exc.problems, strict=True)
            ])
        source = await tracker.sources.add(data.name, data.adapter.value, data.url, params=params, every=data.every_seconds, cron=data.cron,
                                           enabled=data.enabled, by=actor)
        return Response(source, status_code=201)

    @get("/{name:str}", operation_id="getSource", responses={400: BAD_REQUEST, 404: NOT_FOUND})
    async def get_source(self, request: Request[Any, Any, Any], tracker: TrackerDependency, name: SourceName) -> Response[Source]:
        """One source with its health."""
        return conditional(request, await tracker.sources.get(name))

    @get("/{name:str}/runs", operation_id="listSourceRuns", responses={400: BAD_REQUEST, 404: NOT_FOUND})
    async def list_runs(
        self, request: Request[Any, Any, Any], tracker: TrackerDependency, name: SourceName, limit: Limit = 20, cursor: Cursor = None
    ) -> Response[RunList]:
        """A source's recent runs, latest first: outcome (`ok`, `not_modified`, `failed`, `cancelled`), HTTP
        status, bytes, created / updated / unchanged counts, error, and the snapshot's SHA-256."""
        page = await tracker.sources.runs(name, limit=limit, cursor=cursor)
        return conditional(request, page)

    @post("/{name:str}/run", operation_id="runSource", opt={"role": Role.ADMIN}, security=NEEDS_KEY, status_code=202,
          responses={401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND})
    async def run_source(self, tracker: TrackerDependency, state: State, name: SourceName) -> Queued:
        """Run a source now, in the background (admin key); follow `runs` for its record.

        A source already running (here or in a scheduler process) is left alone: the run then records nothing.
        """
        await tracker.sources.get(name)
        scraping: Scraping = state.scraping
        scraping.queue(name)
        return Queued(source=name, status="queued", runs=f"/api/v1/sources/{name}/runs")
