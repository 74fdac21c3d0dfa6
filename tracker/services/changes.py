"""The change log: every item, action, assessment and document created or updated is appended."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, case, func, insert, literal, select

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


async def append_changes(session: WriteSession, stamp: dt.datetime) -> int:
    """Log every item, action, assessment and document written with ``updated_at = stamp``.

    A write stamps all its rows with one instant, so the log is filled in one statement per
    table however many rows were written; returns how many entries were appended.
    """
    before = (await session.execute(select(func.coalesce(func.max(ChangeRow.id), 0)))).scalar_one()
    changes = ChangeRow.__table__
    columns = ["at", "entity", "entity_id", "kind", "state", "body", "title"]

    def kind(model: type[Timestamped]) -> ColumnElement[str]:
        return case((model.created_at == model.updated_at, literal("created")), else_=literal("updated"))

    sources = [
        select(
            literal(stamp, ChangeRow.at.type),
            literal("item"),
            ItemRow.id,
            kind(ItemRow),
            ItemRow.state,
            ItemRow.body,
            func.coalesce(ItemRow.title, func.substr(ItemRow.text, 1, 120)),
        )
        .where(ItemRow.updated_at == stamp)
        .order_by(ItemRow.id),
        select(
            literal(stamp, ChangeRow.at.type),
            literal("document"),
            DocumentRow.id,
            kind(DocumentRow),
            DocumentRow.state,
            DocumentRow.body,
            DocumentRow.symbol,
        )
        .where(DocumentRow.updated_at == stamp)
        .order_by(DocumentRow.id),
        select(
            literal(stamp, ChangeRow.at.type),
            literal("action"),
            ActionRow.id,
            kind(ActionRow),
            ActionRow.state,
            literal(None),
            ActionRow.title,
        )
        .where(ActionRow.updated_at == stamp)
        .order_by(ActionRow.date, ActionRow.id),
        select(
            literal(stamp, ChangeRow.at.type),
            literal("assessment"),
            AssessmentRow.id,
            kind(AssessmentRow),
            ItemRow.state,
            ItemRow.body,
            AssessmentRow.assessor + literal(": ") + AssessmentRow.grade,
        )
        .join(ItemRow, ItemRow.id == AssessmentRow.item)
        .where(AssessmentRow.updated_at == stamp)
        .order_by(AssessmentRow.id),
    ]
    for source in sources:
        await session.execute(insert(changes).from_select(columns, source))
    new = ChangeRow.id > before
    await session.execute(
        insert(ChangeItemRow.__table__).from_select(
            ["change", "item"],
            select(ChangeRow.id, ActionItemRow.item)
            .join(ActionItemRow, ActionItemRow.action == ChangeRow.entity_id)
            .where(new, ChangeRow.entity == "action"),
        )
    )
    await session.execute(
        insert(ChangeItemRow.__table__).from_select(
            ["change", "item"],
            select(ChangeRow.id, AssessmentRow.item)
            .join(AssessmentRow, AssessmentRow.id == ChangeRow.entity_id)
            .where(new, ChangeRow.entity == "assessment"),
        )
    )
    after = (await session.execute(select(func.coalesce(func.max(ChangeRow.id), 0)))).scalar_one()
    return after - before
