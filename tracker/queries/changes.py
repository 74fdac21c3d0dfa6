"""Reading the change log, oldest first, from a point a reader has reached."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import func, or_, select

from tracker.db.models import ChangeItemRow, ChangeRow, StatusChangeRow
from tracker.db.reading import Reader
from tracker.domain.entities import Change, Page
from tracker.domain.enums import Body, Status, StatusRule
from tracker.domain.wording import words
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
        conditions.append(
            or_(
                (ChangeRow.entity == "item") & (ChangeRow.entity_id == item),
                ChangeRow.id.in_(select(ChangeItemRow.change).where(ChangeItemRow.item == item)),
            )
        )
    total = (await reader.execute(select(func.count()).select_from(ChangeRow).where(*conditions))).scalar_one()
    order = ChangeRow.id.desc() if latest_first else ChangeRow.id
    rows = (await reader.execute(select(ChangeRow).where(*conditions).order_by(order).limit(limit + 1))).all()
    rows = rows[:limit] if len(rows) > limit else rows
    concerned: dict[int, list[str]] = defaultdict(list)
    for link in (await reader.execute(select(ChangeItemRow).where(ChangeItemRow.change.in_([r.id for r in rows])))).all():
        concerned[link.change].append(link.item)
    changes = [
        Change(
            id=r.id,
            at=r.at,
            entity=r.entity,
            entity_id=r.entity_id,
            kind=r.kind,
            state=r.state,
            body=r.body,
            title=r.title,
            items=[r.entity_id] if r.entity == "item" else sorted(concerned[r.id]),
        )
        for r in rows
    ]
    next_cursor = encode_cursor("change", str(changes[-1].id)) if changes and not latest_first else None
    return Page(items=changes, next_cursor=next_cursor, total=total)


#: How each kind of entity's creation and update reads.
_DONE = {
    ("item", "created"): "Item added",
    ("item", "updated"): "Item record updated",
    ("action", "created"): "Action recorded",
    ("action", "updated"): "Action updated",
    ("assessment", "created"): "Assessment recorded",
    ("assessment", "updated"): "Assessment updated",
    ("document", "created"): "Document added",
    ("document", "updated"): "Document updated",
}


def _done(change: Change) -> str:
    what = _DONE.get((change.entity, change.kind), f"{change.entity.capitalize()} {change.kind}")
    return f"{what}: {change.title or change.entity_id}"


async def describe_changes(reader: Reader, changes: Sequence[Change]) -> dict[int, str]:
    """What each change did, in words, by change id.

    An action or assessment: "Action recorded: <title>". An item updated: the status changes
    that the actions and assessments written in the same write brought to it, as its status
    history still holds them ("Status: no information → partially implemented (rule: what the
    State did)"); else the action or assessment it was updated with; else "Item record updated:
    <title>".
    """
    described = {change.id: _done(change) for change in changes}
    updated = [change for change in changes if change.entity == "item" and change.kind == "updated"]
    if not updated:
        return described
    # One write stamps all its rows with one instant: the actions and assessments written with an item's update.
    together = (
        await reader.execute(
            select(ChangeRow.at, ChangeItemRow.item, ChangeRow.entity, ChangeRow.entity_id, ChangeRow.kind, ChangeRow.title)
            .join(ChangeItemRow, ChangeItemRow.change == ChangeRow.id)
            .where(
                ChangeRow.at.in_({change.at for change in updated}),
                ChangeItemRow.item.in_({change.entity_id for change in updated}),
                ChangeRow.entity.in_(["action", "assessment"]),
            )
            .order_by(ChangeRow.id)
        )
    ).all()
    causes: dict[tuple[dt.datetime, str], list[tuple[str, str, str, str | None]]] = defaultdict(list)
    for row in together:
        causes[(row.at, row.item)].append((row.entity, row.entity_id, row.kind, row.title))
    bases = {entity_id for rows in causes.values() for _, entity_id, _, _ in rows}
    history: dict[tuple[str, str], list[str]] = defaultdict(list)
    if bases:
        for entry in (
            await reader.execute(
                select(
                    StatusChangeRow.item,
                    StatusChangeRow.from_status,
                    StatusChangeRow.status,
                    StatusChangeRow.rule,
                    StatusChangeRow.action,
                    StatusChangeRow.assessment,
                )
                .where(
                    StatusChangeRow.item.in_({change.entity_id for change in updated}),
                    or_(StatusChangeRow.action.in_(bases), StatusChangeRow.assessment.in_(bases)),
                )
                .order_by(StatusChangeRow.occurred_on, StatusChangeRow.id)
            )
        ).all():
            moved = (
                f"Status: {words(Status(entry.from_status))} → {words(Status(entry.status))}"
                f" (rule: {words(StatusRule(entry.rule))})"
            )
            history[(entry.item, entry.action or entry.assessment)].append(moved)
    for change in updated:
        with_ = causes.get((change.at, change.entity_id), [])
        moves = [move for _, entity_id, _, _ in with_ for move in history.get((change.entity_id, entity_id), [])]
        item = change.title or change.entity_id
        if moves:
            described[change.id] = "; ".join(moves) + f" — {item}"
        elif with_:
            entity, entity_id, kind, title = with_[0]
            described[change.id] = f"{item}: updated with " + _DONE.get((entity, kind), entity).lower() + f" {title or entity_id}"
    return described
