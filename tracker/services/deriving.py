"""Re-deriving what is stored about an item from its record: deadline, reply date, status."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from msgspec import Struct
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tracker.db.models import (
    ActionItemRow,
    ActionRow,
    AssessmentRow,
    DecisionRow,
    DocumentRow,
    ItemRow,
    StatusChangeRow,
    utcnow,
)
from tracker.domain.deadlines import Deadline, compute_due_date, first_reply, procedure_for
from tracker.domain.enums import REPLY_KINDS, AssessorKind, Body, Effect, ItemKind, Status, UprResponse
from tracker.domain.status import AssessmentFact, LinkFact, derive_status

CHUNK = 500


class ItemClock(Struct, kw_only=True):
    """What an item's deadline depends on."""

    kind: ItemKind
    body: Body
    follow_up: bool
    response: UprResponse | None = None
    stated_due_date: dt.date | None = None
    stated_due_basis: str | None = None
    adopted: dt.date | None = None
    transmitted: dt.date | None = None
    reply_days: int | None = None
    stated_by_document: dt.date | None = None
    stated_by_document_basis: str | None = None

    def deadline(self) -> Deadline | None:
        if self.stated_due_date is not None:
            stated, basis = self.stated_due_date, self.stated_due_basis or "date stated for this item"
        elif self.stated_by_document is not None and self.follow_up:
            stated, basis = self.stated_by_document, self.stated_by_document_basis or "date stated in the document"
        else:
            stated, basis = None, None
        procedure = procedure_for(kind=self.kind, body=self.body, follow_up=self.follow_up, response=self.response)
        return compute_due_date(
            procedure, adopted=self.adopted, transmitted=self.transmitted,
            stated=stated, stated_basis=basis, reply_days=self.reply_days,
        )


async def refresh_items(session: AsyncSession, item_ids: Iterable[str], *, now: dt.datetime | None = None) -> int:
    """Re-derive deadline, first reply and status of the given items; returns how many changed.

    Changed items are stamped ``now``; each status change is appended to the item's history.
    """
    wanted = sorted(set(item_ids))
    changed_count = 0
    now = now or utcnow()
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        items = (
            await session.execute(
                select(
                    ItemRow,
                    DocumentRow.adopted_on.label("doc_adopted"),
                    DocumentRow.follow_up_due,
                    DocumentRow.follow_up_due_basis,
                    DecisionRow.adopted_on.label("decision_adopted"),
                    DecisionRow.transmitted_on,
                    DecisionRow.reply_days,
                )
                .outerjoin(DocumentRow, DocumentRow.id == ItemRow.document)
                .outerjoin(DecisionRow, DecisionRow.id == ItemRow.decision)
                .where(ItemRow.id.in_(chunk))
                .execution_options(populate_existing=True)
            )
        ).all()
        replies: dict[str, list[dt.date]] = defaultdict(list)
        links: dict[str, list[LinkFact]] = defaultdict(list)
        link_rows = await session.execute(
            select(ActionItemRow.item, ActionItemRow.action, ActionItemRow.effect, ActionRow.date, ActionRow.kind)
            .join(ActionRow, ActionRow.id == ActionItemRow.action)
            .where(ActionItemRow.item.in_(chunk))
        )
        for link in link_rows:
            links[link.item].append(LinkFact(action=link.action, date=link.date, effect=Effect(link.effect)))
            if link.kind in REPLY_KINDS:
                replies[link.item].append(link.date)
        assessments: dict[str, list[AssessmentFact]] = defaultdict(list)
        assessment_rows = await session.execute(
            select(AssessmentRow.id, AssessmentRow.item, AssessmentRow.date, AssessmentRow.assessor_kind, AssessmentRow.status)
            .where(AssessmentRow.item.in_(chunk))
        )
        for a in assessment_rows:
            assessments[a.item].append(
                AssessmentFact(
                    id=a.id, date=a.date, assessor_kind=AssessorKind(a.assessor_kind),
                    status=Status(a.status) if a.status else None,
                )
            )
        updates: list[dict[str, Any]] = []
        history: list[dict[str, Any]] = []
        for row in items:
            item: ItemRow = row[0]
            adopted = row.doc_adopted if item.kind == ItemKind.RECOMMENDATION.value else row.decision_adopted
            due = ItemClock(
                kind=ItemKind(item.kind), body=Body(item.body), follow_up=item.follow_up,
                response=UprResponse(item.response) if item.response else None,
                stated_due_date=item.stated_due_date, stated_due_basis=item.stated_due_basis,
                adopted=adopted, transmitted=row.transmitted_on, reply_days=row.reply_days,
                stated_by_document=row.follow_up_due, stated_by_document_basis=row.follow_up_due_basis,
            ).deadline()
            derived = derive_status(assessments[item.id], links[item.id])
            values = {
                "due_date": due.date if due else None,
                "due_date_basis": due.basis if due else None,
                "reply_date": first_reply(replies[item.id], since=adopted),
                "status": derived.status.value,
                "status_rule": derived.basis.rule.value,
                "status_assessment": derived.basis.assessment,
                "status_action": derived.basis.action,
                "disputed": derived.disputed,
            }
            if all(getattr(item, name) == value for name, value in values.items()):
                continue
            updates.append({"id": item.id, **values, "updated_at": now})
            status_fields = ("status", "status_rule", "status_assessment", "status_action", "disputed")
            if any(getattr(item, name) != values[name] for name in status_fields):
                history.append({
                    "item": item.id, "changed_at": now, "status": values["status"], "rule": values["status_rule"],
                    "assessment": values["status_assessment"], "action": values["status_action"],
                    "disputed": values["disputed"],
                })
        if updates:
            table = ItemRow.__table__
            statement = update(table).where(table.c.id == bindparam("_key")).values(
                {name: bindparam(name) for name in updates[0] if name != "id"}
            )
            await session.execute(statement, [{**row, "_key": row["id"]} for row in updates])
        if history:
            await session.execute(insert(StatusChangeRow.__table__), history)
        changed_count += len(updates)
    return changed_count
