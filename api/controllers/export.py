"""``/api/v1/export``: the items a filter selects, streamed as NDJSON records or as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from litestar import Request, get
from litestar.di import NamedDependency, Provide
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIResponse, OpenAPIType, Operation, Schema
from litestar.params import QueryParameter
from litestar.response import Stream

from tracker import ItemFilter
from tracker.domain.entities import Item
from tracker.domain.source_urls import shown_url
from tracker_api.controllers.filters import item_filter_parameters
from tracker_api.plugin import TrackerDependency
from tracker_api.responses import problem_spec

CSV_COLUMNS = (
    "id",
    "url",
    "page",
    "kind",
    "state",
    "body",
    "document",
    "decision",
    "paragraph",
    "remedy_kind",
    "title",
    "text",
    "language",
    "themes",
    "vocabulary_themes",
    "affected_groups",
    "follow_up",
    "response",
    "recommending_states",
    "cycle",
    "status",
    "status_rule",
    "disputed",
    "due_date",
    "due_date_basis",
    "reply_date",
    "overdue",
    "late",
    "verification",
    "sources",
    "updated_at",
)


def _csv_row(item: Item, url: str, page: str) -> list[Any]:
    """One item as a CSV row: ``url`` is its record as JSON, ``page`` its page for people."""
    basis = item.status_basis.rule.value
    values = {
        **{name: getattr(item, name) for name in CSV_COLUMNS if hasattr(item, name)},
        "url": url,
        "page": page,
        "status_rule": basis,
        "sources": " ; ".join(shown_url(source.url) for source in item.sources),
        "themes": " ; ".join(item.themes),
        "vocabulary_themes": " ; ".join(item.vocabulary_themes),
        "affected_groups": " ; ".join(item.affected_groups),
        "recommending_states": " ; ".join(item.recommending_states),
    }
    return ["" if values[name] is None else str(values[name]) for name in CSV_COLUMNS]


async def _csv_lines(items: AsyncIterator[Item], base: str) -> AsyncIterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    site = base.removesuffix("/api/v1")
    writer.writerow(CSV_COLUMNS)
    # A byte-order mark, so spreadsheets read the file as UTF-8 (Cyrillic names and texts).
    yield "\ufeff".encode() + buffer.getvalue().encode()
    async for item in items:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(_csv_row(item, f"{base}/items/{item.id}", f"{site}/items/{item.id}"))
        yield buffer.getvalue().encode()


CHUNK = 1 << 16


async def _chunked(lines: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    """Lines gathered into chunks of about 64 KiB: one write to the client per chunk, not per line."""
    chunk: list[bytes] = []
    size = 0
    async for line in lines:
        chunk.append(line)
        size += len(line)
        if size >= CHUNK:
            yield b"".join(chunk)
            chunk, size = [], 0
    if chunk:
        yield b"".join(chunk)


@dataclass
class ExportOperation(Operation):
    """The export's operation, whose success is a file in the asked ``format`` rather than JSON."""

    def __post_init__(self) -> None:
        file = OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING))
        self.responses = {
            **(self.responses or {}),
            "200": OpenAPIResponse(
                description="The selected items: NDJSON records, or CSV rows when `format=csv`",
                content={"application/x-ndjson": file, "text/csv": file},
            ),
        }


@get(
    "/export",
    operation_id="exportItems",
    operation_class=ExportOperation,
    tags=["export"],
    dependencies={"where": Provide(item_filter_parameters)},
    responses={400: problem_spec("A parameter is malformed; `errors` names it")},
)
async def export_items(
    request: Request[Any, Any, Any],
    tracker: TrackerDependency,
    where: NamedDependency[ItemFilter],
    format: Annotated[  # noqa: A002
        Literal["ndjson", "csv"],
        QueryParameter(description="`ndjson`: records that `tracker import` loads back; `csv`: one row per item"),
    ] = "ndjson",
) -> Stream:
    """Stream the items the filters select, with stable ids and canonical URLs.

    NDJSON is the tracker's record format: the items with the States, documents, decisions,
    actions and assessments they need, so the file re-imports into an empty database. CSV has
    one row per item (UTF-8 with a byte-order mark; several values joined with ` ; `).
    Filters are those of `GET /api/v1/items`. Nothing is held in memory beyond one page.
    """
    await tracker.items.check(where)
    base = str(request.base_url).rstrip("/") + "/api/v1"
    if format == "csv":
        return Stream(
            _chunked(_csv_lines(tracker.items.each(where), base)),
            media_type="text/csv",
            headers={"Content-Disposition": 'attachment; filename="tracker-items.csv"'},
        )
    return Stream(
        _chunked(tracker.export_lines(where, url_base=base, masked=True)),
        media_type="application/x-ndjson",
        headers={"Content-Disposition": 'attachment; filename="tracker-export.ndjson"'},
    )
