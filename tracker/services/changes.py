"""The change log: every item, action, assessment and document created or updated is appended."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, Date, bindparam, case, cast, func, insert, literal, null, select, union_all

from tracker.db.models import (
    ActionItemRow,
    ActionRow,
    AssessmentRow,
    ChangeItemRow,
    ChangeRow,
    DocumentRow,
    ItemRow,
    Timestamped,
)
from tracker.db.writing import WriteSession


def _kind(model: type[Timestamped]) -> ColumnElement[str]:
    return case((model.created_at == model.updated_at, literal("created")), else_=literal("updated"))


_STAMP = bindparam("stamp", type_=ChangeRow.at.type)
_COLUMNS = ["at", "entity", "entity_id", "kind", "state", "body", "title"]
_LAST = select(func.coalesce(func.max(ChangeRow.id), 0))
# A range with both ends, not "id > :before": PostgreSQL plans a prepared statement once for any
# value, and for an open range it expected a third of the log and scanned all of it (11 ms a write).
_NEW = ChangeRow.id.between(bindparam("first"), bindparam("last"))
#: The rows each table wrote at the stamp, as log entries, with what orders them: by table,
#: then by ``on`` (an action's date; NULL for the others), then by ID.
_WRITTEN = union_all(
    select(
        _STAMP.label("at"),
        literal("item").label("entity"),
        ItemRow.id.label("entity_id"),
        _kind(ItemRow).label("kind"),
        ItemRow.state.label("state"),
        ItemRow.body.label("body"),
        func.coalesce(ItemRow.title, func.substr(ItemRow.text, 1, 120)).label("title"),
        literal(1).label("part"),
        cast(null(), Date).label("on"),
    ).where(ItemRow.updated_at == _STAMP),
    select(
        _STAMP,
        literal("document"),
        DocumentRow.id,
        _kind(DocumentRow),
        DocumentRow.state,
        DocumentRow.body,
        DocumentRow.symbol,
        literal(2),
        null(),
    ).where(DocumentRow.updated_at == _STAMP),
    select(
        _STAMP,
        literal("action"),
        ActionRow.id,
        _kind(ActionRow),
        ActionRow.state,
        null(),
        ActionRow.title,
        literal(3),
        ActionRow.date,
    ).where(ActionRow.updated_at == _STAMP),
    select(
        _STAMP,
        literal("assessment"),
        AssessmentRow.id,
        _kind(AssessmentRow),
        ItemRow.state,
        ItemRow.body,
        AssessmentRow.assessor + literal(": ") + AssessmentRow.grade,
        literal(4),
        null(),
    )
    .join(ItemRow, ItemRow.id == AssessmentRow.item)
    .where(AssessmentRow.updated_at == _STAMP),
).subquery()
#: What a write appends to the log, built once: one statement for every table, and one for the items each entry is about.
_APPEND = insert(ChangeRow.__table__).from_select(
    _COLUMNS,
    select(*(_WRITTEN.c[name] for name in _COLUMNS)).order_by(_WRITTEN.c.part, _WRITTEN.c.on, _WRITTEN.c.entity_id),
)
_APPEND_ITEMS = insert(ChangeItemRow.__table__).from_select(
    ["change", "item"],
    union_all(
        select(ChangeRow.id, ActionItemRow.item)
        .join(ActionItemRow, ActionItemRow.action == ChangeRow.entity_id)
        .where(_NEW, ChangeRow.entity == "action"),
        select(ChangeRow.id, AssessmentRow.item)
        .join(AssessmentRow, AssessmentRow.id == ChangeRow.entity_id)
        .where(_NEW, ChangeRow.entity == "assessment"),
    ),
)


async def append_changes(session: WriteSession, stamp: dt.datetime) -> int:
    """Log every item, action, assessment and document written with ``updated_at = stamp``.

    A write stamps all its rows with one instant, so the log is filled in one statement however
    many rows were written; returns how many entries were appended.
    """
    before = (await session.execute(_LAST)).scalar_one()
    # An INSERT gives a CursorResult, which counts its rows; the stubs say Result.
    appended: int = (await session.execute(_APPEND, {"stamp": stamp})).rowcount  # type: ignore[attr-defined]
    # Writes take turns (tracker.services.writing), so the entries just appended follow one another.
    if appended:
        await session.execute(_APPEND_ITEMS, {"first": before + 1, "last": before + appended})
    return appended
