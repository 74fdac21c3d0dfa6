"""``/api/v1/sources``: where the scrapers read; adding, changing and removing one; how each source is
doing, its runs, and running one now."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.datastructures import State
from litestar.exceptions import HTTPException
from litestar.params import JSONBody, PathParameter, QueryParameter

from tracker import Removed
from tracker.domain.entities import Source
from tracker.domain.enums import Role
from tracker.domain.source_urls import shown, shown_run
from tracker.domain.writes import NewSource, SourceChanges
from tracker_api.controllers.resources import Cursor, Limit
from tracker_api.etags import conditional, if_match, with_etag
from tracker_api.plugin import TrackerDependency, Writer
from tracker_api.responses import (
    BAD_REQUEST,
    FORBIDDEN,
    NEEDS_KEY,
    NOT_FOUND,
    UNAUTHORIZED,
    WRITE_PROBLEMS,
    IfMatch,
    problem_spec,
)
from tracker_api.schemas import Queued, RunList, SourceList, whole
from tracker_api.scraping import Scraping

SourceName = Annotated[str, PathParameter(description="Source name, e.g. undl-cat-kaz", max_length=80)]
BAD_PARAMS = problem_spec("The body is malformed, or the adapter refuses a parameter: one error per parameter (`params.NAME`)")


class SourceController(Controller):
    path = "/sources"
    tags = ["sources"]

    @get("/", operation_id="listSources", responses={400: BAD_REQUEST})
    async def list_sources(self, request: Request[Any, Any, Any], tracker: TrackerDependency) -> Response[SourceList]:
        """Configured sources: adapter, URL, parameters, schedule, and health (last success, last error,
        consecutive failures). A secret in a URL's query (`token`, `key`, `signature` …) reads `***`."""
        return conditional(request, whole([shown(source) for source in await tracker.sources.list()]))

    @post(
        "/",
        operation_id="addSource",
        opt={"role": Role.ADMIN},
        security=NEEDS_KEY,
        status_code=201,
        responses={400: BAD_PARAMS, 401: UNAUTHORIZED, 403: FORBIDDEN, 409: problem_spec("A source of that name exists already")},
    )
    async def add_source(self, tracker: TrackerDependency, writer: Writer, data: JSONBody[NewSource]) -> Response[Source]:
        """Add a source (admin key). Its parameters are checked against what its adapter declares
        (`tracker sources adapters` lists them): an unknown name, a bad value or a missing one answers
        400 with one error per parameter, and nothing is stored; so does a URL with a user name or password
        in it (`user:password@`), which every reader would see. Returns 201 with the source and its ETag,
        its URL's secrets shown as `***`."""
        source = await tracker.sources.add(
            data.name,
            data.adapter.value,
            data.url,
            params=data.params,
            every=data.every_seconds,
            cron=data.cron,
            enabled=data.enabled,
            by=writer,
        )
        return with_etag(shown(source), status_code=201, location=f"/api/v1/sources/{source.name}")

    @get("/{name:str}", operation_id="getSource", responses={400: BAD_REQUEST, 404: NOT_FOUND})
    async def get_source(self, request: Request[Any, Any, Any], tracker: TrackerDependency, name: SourceName) -> Response[Source]:
        """One source with its health. The ETag it carries is what `PATCH` expects in `If-Match`.
        The values of secret query parameters of its URL read `***`: the runner alone reads them."""
        return conditional(request, shown(await tracker.sources.get(name)))

    @patch(
        "/{name:str}",
        operation_id="updateSource",
        opt={"role": Role.ADMIN},
        security=NEEDS_KEY,
        responses={
            **WRITE_PROBLEMS,
            400: BAD_PARAMS,
            412: problem_spec(
                "`If-Match` names a version that is no longer the stored one (a run also changes its health): read the source again"
            ),
            428: problem_spec("`If-Match` is missing: send the ETag of the version you changed"),
        },
    )
    async def update_source(
        self,
        request: Request[Any, Any, Any],
        tracker: TrackerDependency,
        writer: Writer,
        name: SourceName,
        data: JSONBody[SourceChanges],
        expected: IfMatch = None,
    ) -> Response[Source]:
        """Change a source's URL, parameters, schedule or whether it runs on it (admin key), as `tracker sources edit` does.

        Send the ETag of the version you read in `If-Match`: if the source changed since, the answer
        is 412 and nothing is written. Fields left out stay as they are; `params` replace all the
        parameters and are checked as when adding one; a new `every_seconds` drops the cron schedule
        and a new `cron` the interval (`null`: run only when asked). A new `url` gives its secrets in
        full: one sent back as `***` is refused (400), since its real value would be lost.
        """
        tags = if_match(request)
        if tags is None:
            raise HTTPException(
                status_code=428, detail="send the source's ETag in If-Match, so that a change made meanwhile is not overwritten"
            )
        return with_etag(shown(await tracker.sources.edit(name, data, if_match=tags, by=writer)))

    @delete(
        "/{name:str}",
        operation_id="removeSource",
        opt={"role": Role.ADMIN},
        security=NEEDS_KEY,
        status_code=200,
        responses={400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    async def remove_source(
        self,
        tracker: TrackerDependency,
        state: State,
        writer: Writer,
        name: SourceName,
        keep_runs: Annotated[
            bool,
            QueryParameter(
                description="true: keep the source's runs and their snapshots (a source added again under the name shows them)"
            ),
        ] = False,
    ) -> Removed:
        """Remove a source (admin key), as `tracker sources remove` does. Its runs go with it, and the
        snapshots only they used, unless `keep_runs=true`; the answer says which (`kept_runs`), how many
        runs went and which snapshots. The records its runs loaded stay."""
        removed = await tracker.sources.remove(name, keep_runs=keep_runs, by=writer)
        scraping: Scraping = state.scraping
        scraping.fetcher.store.discard(removed.snapshots)
        return msgspec.structs.replace(removed, source=shown(removed.source))

    @get("/{name:str}/runs", operation_id="listSourceRuns", responses={400: BAD_REQUEST, 404: NOT_FOUND})
    async def list_runs(
        self,
        request: Request[Any, Any, Any],
        tracker: TrackerDependency,
        name: SourceName,
        limit: Limit = 20,
        cursor: Cursor = None,
    ) -> Response[RunList]:
        """A source's recent runs, latest first: outcome (`ok`, `not_modified`, `failed`, `cancelled`), HTTP
        status, bytes, created / updated / unchanged counts, error, and the snapshot's SHA-256. The URL
        fetched shows its secrets as `***`, as the source's does."""
        runs = await tracker.sources.runs(name, limit=limit, cursor=cursor)
        return conditional(request, msgspec.structs.replace(runs, items=[shown_run(run) for run in runs.items]))

    @post(
        "/{name:str}/run",
        operation_id="runSource",
        opt={"role": Role.ADMIN},
        security=NEEDS_KEY,
        status_code=202,
        responses={400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    async def run_source(self, tracker: TrackerDependency, state: State, name: SourceName) -> Queued:
        """Run a source now, in the background (admin key); follow `runs` for its record.

        A source already running (here or in a scheduler process) is left alone: the run then records nothing.
        """
        await tracker.sources.get(name)
        scraping: Scraping = state.scraping
        scraping.queue(name)
        return Queued(source=name, status="queued", runs=f"/api/v1/sources/{name}/runs")
