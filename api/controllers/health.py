"""Liveness and readiness probes."""

from __future__ import annotations

from litestar import Response, get

from tracker import schema
from tracker.errors import DatabaseUnavailable
from tracker_api.errors import Problem, problem
from tracker_api.plugin import TrackerDependency
from tracker_api.responses import problem_spec
from tracker_api.schemas import Health, Readiness


@get(
    "/health",
    operation_id="health",
    tags=["operations"],
    opt={"public": True},
    responses={400: problem_spec("The probe takes no query parameters")},
)
async def health() -> Health:
    """Liveness: the process answers."""
    return Health(status="ok")


@get(
    "/ready",
    operation_id="ready",
    tags=["operations"],
    opt={"public": True},
    responses={
        400: problem_spec("The probe takes no query parameters"),
        503: problem_spec("Database unreachable or schema out of date"),
    },
)
async def ready(tracker: TrackerDependency) -> Response[Readiness] | Response[Problem]:
    """Readiness: the database answers and its schema is at the revision this code needs."""
    try:
        await tracker.check()
    except DatabaseUnavailable as exc:
        return problem(503, str(exc))
    return Response(Readiness(status="ready", schema_revision=schema.head_revision()))
