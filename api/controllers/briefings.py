"""``/api/v1/briefings/{state}``: a dialogue briefing as JSON, Markdown, printable HTML or Word."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from litestar import MediaType, Request, Response, get
from litestar.params import PathParameter, QueryParameter

from tracker.domain.entities import Briefing
from tracker.domain.enums import Body
from tracker.rendering import to_docx, to_html, to_markdown
from tracker_api.plugin import TrackerDependency
from tracker_api.responses import BAD_REQUEST, problem_spec


@get(
    "/briefings/{code:str}",
    operation_id="getBriefing",
    tags=["briefings"],
    responses={
        400: BAD_REQUEST,
        404: problem_spec("No such State"),
    },
)
async def get_briefing(
    request: Request[Any, Any, Any],
    tracker: TrackerDependency,
    code: Annotated[str, PathParameter(description="ISO 3166-1 alpha-3 code, e.g. KAZ", max_length=3)],
    since: Annotated[dt.date | None, QueryParameter(description="Actions and status changes from this date")] = None,
    until: Annotated[dt.date | None, QueryParameter(description="… up to this date (default: today)")] = None,
    themes: Annotated[
        list[str] | None,
        QueryParameter(name="theme", description="Only items under this theme (a slug); repeat for any of several"),
    ] = None,
    bodies: Annotated[
        list[Body] | None, QueryParameter(name="body", description="Only items of this body; repeat for any of several")
    ] = None,
    format: Annotated[  # noqa: A002
        Literal["json", "md", "html", "docx"] | None,
        QueryParameter(
            description="`json` (default), `md` (a Markdown file), `html` (printable, A4) or `docx` (a Word document);"
            " or send `Accept: text/markdown`"
        ),
    ] = None,
    lang: Annotated[
        Literal["en", "ru"] | None,
        QueryParameter(
            description="The language of the `md`, `html` and `docx` versions: `en` (default) or `ru`;"
            " JSON is the same in every language"
        ),
    ] = None,
) -> Response[Briefing]:
    """A briefing on one State for a human-rights dialogue, since a date.

    A summary (counts by status and body, replies overdue, new recommendations, coverage and
    verification), what is new in the period, everything the State did in it (linked to items
    or not, newest first, with sources), status changes dated in it (`from` → `to`), what is
    outstanding (replies overdue, then open recommendations, each item once), and the
    individual cases with a remedy still open. Unverified records are marked and count toward
    no status. Long lists are cut; each `*_total` says how long the whole list is.

    The Markdown, HTML and Word versions speak `lang` (English unless `lang=ru`): headings,
    sentences, statuses, dates and sums; what people recorded (titles, names) is printed as recorded.
    """
    briefing = await tracker.briefings.get(code, since=since, until=until, theme=themes, body=bodies)
    chosen = format or ("md" if "text/markdown" in request.headers.get("accept", "") else "json")
    base_url = str(request.base_url).rstrip("/")
    language = lang or "en"
    name = f"briefing-{briefing.state.code}-{(since or briefing.until).isoformat()}"
    headers = {"Content-Language": language}
    if chosen == "md":
        return Response(  # type: ignore[return-value]
            to_markdown(briefing, base_url=base_url, language=language),
            media_type="text/markdown",
            headers={**headers, "Content-Disposition": f'attachment; filename="{name}.md"'},
        )
    if chosen == "docx":
        return Response(  # type: ignore[return-value]
            to_docx(briefing, base_url=base_url, language=language),
            media_type=DOCX,
            headers={**headers, "Content-Disposition": f'attachment; filename="{name}.docx"'},
        )
    if chosen == "html":
        return Response(to_html(briefing, base_url=base_url, language=language), media_type=MediaType.HTML, headers=headers)  # type: ignore[return-value]
    return Response(briefing)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
