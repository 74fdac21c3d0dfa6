"""``/api/v1/changes`` and ``/feeds/changes.atom``: the change log, for programs and for feed readers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any
from xml.etree import ElementTree

from litestar import Request, Response, get
from litestar.params import QueryParameter

from tracker.domain.entities import Change
from tracker.domain.enums import Body
from tracker.errors import InvalidInput
from tracker_api.plugin import TrackerDependency
from tracker_api.responses import BAD_REQUEST
from tracker_api.schemas import ChangeList

ATOM = "http://www.w3.org/2005/Atom"
FEED_LENGTH = 100

StateCodes = Annotated[
    list[str] | None, QueryParameter(name="state", description="ISO 3166-1 alpha-3 State code; repeat for any of several")
]
Bodies = Annotated[list[Body] | None, QueryParameter(name="body", description="Issuing body; repeat for any of several")]
ItemId = Annotated[str | None, QueryParameter(description="Only changes concerning this item")]


def _since(value: str | None) -> str | dt.datetime | None:
    if not value:
        return None
    try:
        stamp = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if stamp.tzinfo is None:
        raise InvalidInput("since must be a UTC timestamp with Z (or +00:00), or a cursor", field="since")
    return stamp


@get("/changes", operation_id="listChanges", tags=["changes"], responses={400: BAD_REQUEST})
async def list_changes(
    tracker: TrackerDependency,
    since: Annotated[
        str | None, QueryParameter(description="A UTC timestamp (2024-05-01T00:00:00Z) or the `next_cursor` of a previous page")
    ] = None,
    states: StateCodes = None,
    bodies: Bodies = None,
    item: ItemId = None,
    limit: Annotated[int, QueryParameter(ge=1, le=500, description="Page size")] = 100,
) -> ChangeList:
    """The append-only change log, oldest first: each entry names the entity, the kind of change and when.

    Keep the last `next_cursor` and pass it as `since` to read only what changed after it.
    """
    return await tracker.changes.list(since=_since(since), state=states, body=bodies, item=item, limit=limit)


def _page(change: Change, base: str) -> str | None:
    """The page a reader opens for a change: the item's, at the action when it is one; documents have none."""
    if change.entity == "item":
        return f"{base}/items/{change.entity_id}"
    if not change.items:
        return None
    anchor = f"#{change.entity_id}" if change.entity == "action" else ""
    return f"{base}/items/{change.items[0]}{anchor}"


def _record(change: Change, base: str) -> str:
    """The changed record as JSON."""
    return f"{base}/api/v1/{change.entity}s/{change.entity_id}"


def _atom(changes: list[Change], described: Mapping[int, str], *, base: str, feed_url: str) -> bytes:
    ElementTree.register_namespace("", ATOM)

    def element(parent: ElementTree.Element, tag: str, text: str | None = None, **attributes: str) -> ElementTree.Element:
        node = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        node.text = text
        return node

    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    element(feed, "id", feed_url)
    element(feed, "title", "tracker: changes")
    newest = changes[0].at if changes else dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    element(feed, "updated", newest.isoformat().replace("+00:00", "Z"))
    element(feed, "link", rel="self", href=feed_url)
    element(feed, "author").append(_name("tracker"))
    for change in changes:
        entry = element(feed, "entry")
        element(entry, "id", f"{base}/api/v1/changes#{change.id}")
        element(entry, "title", described[change.id])
        element(entry, "updated", change.at.isoformat().replace("+00:00", "Z"))
        page = _page(change, base)
        if page:
            element(entry, "link", rel="alternate", type="text/html", href=page)
        element(entry, "link", rel="alternate", type="application/json", href=_record(change, base))
        scope = ", ".join(filter(None, [change.state, change.body, *change.items]))
        element(entry, "summary", described[change.id] + (f" ({scope})" if scope else ""))
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(feed, encoding="utf-8")


def _name(text: str) -> ElementTree.Element:
    name = ElementTree.Element(f"{{{ATOM}}}name")
    name.text = text
    return name


@get(
    "/feeds/changes.atom",
    operation_id="changesFeed",
    tags=["changes"],
    responses={400: BAD_REQUEST},
    media_type="application/atom+xml",
)
async def changes_feed(
    request: Request[Any, Any, Any],
    tracker: TrackerDependency,
    states: StateCodes = None,
    bodies: Bodies = None,
    item: ItemId = None,
) -> Response[bytes]:
    """The latest changes as an Atom 1.0 feed, filterable by State, body and item."""
    page = await tracker.changes.list(state=states, body=bodies, item=item, limit=FEED_LENGTH, latest_first=True)
    described = await tracker.changes.describe(page.items)
    base = str(request.base_url).rstrip("/")
    return Response(_atom(page.items, described, base=base, feed_url=str(request.url)), media_type="application/atom+xml")
