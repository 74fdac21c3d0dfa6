"""Reading the change log, oldest first, from a point a reader has reached."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import func, or_, select

from tracker.db.models import ChangeItemRow, ChangeRow
from tracker.db.reading import Reader
from tracker.domain.entities import Change, Page
from tracker.domain.enums import Body
from tracker.errors import InvalidInput
from tracker.queries.paging import as_utc, check_limit, check_states, decode_cursor, encode_cursor


async def list_changes(
    reader: Reader,
    *,
    since: str | dt.datetime | None = None,
    states: Sequence[str] = (),
    bodies: Sequence[Body] = (),
    item: str | None = None,
    limit: int = 100,
    latest_first: bool = False,
) -> Page[Change]:
    """Change-log entries after ``since`` (a timestamp, or the ``next_cursor`` of a previous page).

    Oldest first, so a reader can follow the log; ``latest_first`` is for feeds.
    """
    check_limit(limit)
    await check_states(reader, states)
    conditions = []
    if isinstance(since, dt.datetime):
        conditions.append(ChangeRow.at >= as_utc(since, "since"))
    elif since:
        try:
            after = decode_cursor(since, "change")
        except InvalidInput:
            after = ""
        if not after.isdigit():
            raise InvalidInput("since is neither a timestamp nor a cursor from this log", field="since")
        conditions.append(ChangeRow.id > int(after))
    if states:
        conditions.append(ChangeRow.state.in_(list(states)))
    if bodies:
        conditions.append(ChangeRow.body.in_([b.value for b in bodies]))
    if item is not None:
        conditions.append(or_(
            (ChangeRow.entity == "item") & (ChangeRow.entity_id == item),
            ChangeRow.id.in_(select(ChangeItemRow.change).where(ChangeItemRow.item == item)),
        ))
    total = (await reader.execute(select(func.count()).select_from(ChangeRow).where(*conditions))).scalar_one()
    order = ChangeRow.id.desc() if latest_first else ChangeRow.id
    rows = (await reader.execute(select(ChangeRow).where(*conditions).order_by(order).limit(limit + 1))).all()
    rows = rows[:limit] if len(rows) > limit else rows
    concerned: dict[int, list[str]] = defaultdict(list)
    for link in (await reader.execute(select(ChangeItemRow).where(ChangeItemRow.change.in_([r.id for r in rows])))).all():
        concerned[link.change].append(link.item)
    changes = [
        Change(
            id=r.id, at=r.at, entity=r.entity, entity_id=r.entity_id, kind=r.kind, state=r.state, body=r.body, title=r.title,
            items=[r.entity_id] if r.entity == "item" else sorted(concerned[r.id]),
        )
        for r in rows
    ]
    next_cursor = encode_cursor("change", str(changes[-1].id)) if changes and not latest_first else None
    return Page(items=changes, next_cursor=next_cursor, total=total)
