"""Reading sources with their health, and their runs."""

from __future__ import annotations

from sqlalchemy import func, select

from tracker.db.models import FetchRunRow, SourceRow
from tracker.db.reading import Reader
from tracker.domain.entities import FetchRun, Page, Source
from tracker.errors import InvalidInput, NotFound
from tracker.queries import convert
from tracker.queries.paging import check_limit, decode_cursor, encode_cursor


async def list_sources(reader: Reader) -> list[Source]:
    """Every source, by name, with its health."""
    return [convert.source(row) for row in (await reader.execute(select(SourceRow).order_by(SourceRow.name))).all()]


async def get_source(reader: Reader, name: str) -> Source:
    """One source by name."""
    row = (await reader.execute(select(SourceRow).where(SourceRow.name == name))).first()
    if row is None:
        raise NotFound("source", name)
    return convert.source(row)


async def list_runs(reader: Reader, name: str, *, limit: int = 20, cursor: str | None = None) -> Page[FetchRun]:
    """A source's runs, latest first."""
    check_limit(limit)
    await get_source(reader, name)
    where = [FetchRunRow.source == name]
    total = (await reader.execute(select(func.count()).select_from(FetchRunRow).where(*where))).scalar_one()
    if cursor is not None:
        try:
            where.append(FetchRunRow.id < int(decode_cursor(cursor, "runs")))
        except ValueError:
            raise InvalidInput("cursor is malformed; use the next_cursor of a previous page", field="cursor") from None
    rows = (await reader.execute(select(FetchRunRow).where(*where).order_by(FetchRunRow.id.desc()).limit(limit + 1))).all()
    runs = [convert.fetch_run(row) for row in rows[:limit]]
    return Page(items=runs, next_cursor=encode_cursor("runs", str(runs[-1].id)) if len(rows) > limit else None, total=total)
