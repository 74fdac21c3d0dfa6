"""``/api/v1/briefings/{state}``: a dialogue briefing as JSON, Markdown or printable HTML."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from litestar import Request, Response, get
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import PathParameter, QueryParameter

from api.errors import Problem
from api.plugin import TrackerDependency
from tracker.briefing_text import to_html, to_markdown
from tracker.domain.entities import Briefing
from tracker.domain.enums import Body


@get(
    "/api/v1/briefings/{code:str}",
    operation_id="getBriefing",
    tags=["briefings"],
    responses={
        400: ResponseSpec(data_container=Problem, description="A parameter is malformed; `errors` names it"),
        404: ResponseSpec(data_container=Problem, description="No such State"),
    },
)
async def get_briefing(
    request: Request[Any, Any, Any],
    tracker: TrackerDependency,
    code: Annotated[str, PathParameter(description="ISO 3166-1 alpha-3 code, e.g. KAZ", max_length=3)],
    since: Annotated[dt.date | None, QueryParameter(description="Actions and status changes from this date")] = None,
    until: Annotated[dt.date | None, QueryParameter(description="… up to this date (default: today)")] = None,
    themes: Annotated[list[str] | None, QueryParameter(description="Only these themes (slugs); repeat for several")] = None,
    bodies: Annotated[list[Body] | None, QueryParameter(description="Only items of these bodies; repeat for several")] = None,
    format: Annotated[  # noqa: A002
        Literal["json", "md", "html"] | None,
        QueryParameter(description="`json` (default), `md` (a Markdown file) or `html` (printable); or send `Accept: text/markdown`"),
    ] = None,
) -> Response[Briefing]:
    """A briefing on one State for a human-rights dialogue.

    For each theme: the outstanding follow-up items with status and deadline, the UPR
    recommendations the State supported, State actions in the period with sources, and status
    changes in the period; then an annex of individual cases with remedies and what happened.
    """
    briefing = await tracker.briefings.get(code, since=since, until=until, themes=themes, bodies=bodies)
    chosen = format or ("md" if "text/markdown" in request.headers.get("accept", "") else "json")
    if chosen == "md":
        name = f"briefing-{briefing.state.code}-{(since or briefing.until).isoformat()}.md"
        return Response(  # type: ignore[return-value]
            to_markdown(briefing), media_type="text/markdown; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    if chosen == "html":
        return Response(to_html(briefing), media_type="text/html; charset=utf-8")  # type: ignore[return-value]
    return Response(briefing)
