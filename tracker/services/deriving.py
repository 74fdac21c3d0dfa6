"""Re-deriving what is stored about an item from its record: deadline, reply date, status and history."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from msgspec import Struct
from sqlalchemy import bindparam, delete, insert, select, update

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
from tracker.db.writing import WriteSession
from tracker.domain.deadlines import Deadline, compute_due_date, procedure_for
from tracker.domain.derivation import RecordDerivation, derive_record
from tracker.domain.enums import (
    ActionKind,
    AssessorKind,
    Body,
    DatePrecision,
    Effect,
    ItemKind,
    Status,
    UprResponse,
    Verification,
)
from tracker.domain.status import AssessmentFact, LinkFact

CHUNK = 500
#: The columns of a history entry, in the order they are compared.
HISTORY_FIELDS = ("occurred_on", "precision", "from_status", "status", "rule", "assessment", "action")


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
            procedure,
            adopted=self.adopted,
            transmitted=self.transmitted,
            stated=stated,
            stated_basis=basis,
            reply_days=self.reply_days,
        )


#: The item columns a refresh derives, as :func:`derived_columns` and the deadline give them.
DERIVED_COLUMNS = (
    "due_date",
    "due_date_basis",
    "reply_date",
    "reply_precision",
    "status",
    "status_rule",
    "status_assessment",
    "status_action",
    "disputed",
    "latest_action",
    "awaiting_verification",
)
_ITEM_TABLE = ItemRow.__table__
#: The statements of a refresh, built once (each given its chunk of item ids as ``items``).
_ITEMS = (
    select(
        ItemRow.id,
        ItemRow.kind,
        ItemRow.body,
        ItemRow.follow_up,
        ItemRow.response,
        ItemRow.stated_due_date,
        ItemRow.stated_due_basis,
        *(getattr(ItemRow, name) for name in DERIVED_COLUMNS),
        DocumentRow.adopted_on.label("doc_adopted"),
        DocumentRow.follow_up_due,
        DocumentRow.follow_up_due_basis,
        DecisionRow.adopted_on.label("decision_adopted"),
        DecisionRow.transmitted_on,
        DecisionRow.reply_days,
    )
    .outerjoin(DocumentRow, DocumentRow.id == ItemRow.document)
    .outerjoin(DecisionRow, DecisionRow.id == ItemRow.decision)
    .where(ItemRow.id.in_(bindparam("items", expanding=True)))
)
#: An item's derived columns, stamped: executed with one parameter set per changed item.
_UPDATE = (
    update(_ITEM_TABLE)
    .where(_ITEM_TABLE.c.id == bindparam("_key"))
    .values({name: bindparam(name) for name in (*DERIVED_COLUMNS, "updated_at")})
)
_FORGET_HISTORY = delete(StatusChangeRow.__table__).where(
    StatusChangeRow.__table__.c.item.in_(bindparam("items", expanding=True))
)
_WRITE_HISTORY = insert(StatusChangeRow.__table__)
_HISTORY = (
    select(StatusChangeRow.item, *(getattr(StatusChangeRow, name) for name in HISTORY_FIELDS))
    .where(StatusChangeRow.item.in_(bindparam("items", expanding=True)))
    .order_by(StatusChangeRow.occurred_on, StatusChangeRow.id)
)
_LINKS = (
    select(
        ActionItemRow.item,
        ActionItemRow.action,
        ActionItemRow.effect,
        ActionRow.date,
        ActionRow.date_precision,
        ActionRow.kind,
        ActionRow.verification,
        ActionRow.addressed_to,
    )
    .join(ActionRow, ActionRow.id == ActionItemRow.action)
    .where(ActionItemRow.item.in_(bindparam("items", expanding=True)))
)
_ASSESSMENTS = select(
    AssessmentRow.id,
    AssessmentRow.item,
    AssessmentRow.date,
    AssessmentRow.assessor_kind,
    AssessmentRow.status,
    AssessmentRow.verification,
).where(AssessmentRow.item.in_(bindparam("items", expanding=True)))


async def refresh_items(session: WriteSession, item_ids: Iterable[str], *, now: dt.datetime | None = None) -> int:
    """Re-derive deadline, first reply, status, history, latest action and what awaits
    verification for the given items; returns how many changed.

    Changed items are stamped ``now``; an item's history is replaced only when replaying its
    record gives a different one, so re-deriving never appends identical entries.
    """
    wanted = sorted(set(item_ids))
    changed_count = 0
    now = now or utcnow()
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        items = (await session.execute(_ITEMS, {"items": chunk})).all()
        links = await link_facts(session, chunk)
        assessments = await assessment_facts(session, chunk)
        stored_history: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        for item_id, *entry in await session.execute(_HISTORY, {"items": chunk}):
            stored_history[item_id].append(tuple(entry))
        updates: list[dict[str, Any]] = []
        history: list[dict[str, Any]] = []
        rewritten: list[str] = []
        for item in items:
            adopted = item.doc_adopted if item.kind == ItemKind.RECOMMENDATION.value else item.decision_adopted
            due = ItemClock(
                kind=ItemKind(item.kind),
                body=Body(item.body),
                follow_up=item.follow_up,
                response=UprResponse(item.response) if item.response else None,
                stated_due_date=item.stated_due_date,
                stated_due_basis=item.stated_due_basis,
                adopted=adopted,
                transmitted=item.transmitted_on,
                reply_days=item.reply_days,
                stated_by_document=item.follow_up_due,
                stated_by_document_basis=item.follow_up_due_basis,
            ).deadline()
            derived = derive_record(body=Body(item.body), adopted=adopted, assessments=assessments[item.id], links=links[item.id])
            values = {
                "due_date": due.date if due else None,
                "due_date_basis": due.basis if due else None,
                **derived_columns(derived),
            }
            entries = history_rows(item.id, derived)
            if [tuple(e[name] for name in HISTORY_FIELDS) for e in entries] != stored_history[item.id]:
                rewritten.append(item.id)
                history += entries
            if all(getattr(item, name) == value for name, value in values.items()):
                continue
            updates.append({"_key": item.id, **values, "updated_at": now})
        if updates:
            await session.execute(_UPDATE, updates)
        if rewritten:
            await session.execute(_FORGET_HISTORY, {"items": rewritten})
        if history:
            await session.execute(_WRITE_HISTORY, history)
        changed_count += len(updates)
    return changed_count


def derived_columns(derived: RecordDerivation) -> dict[str, Any]:
    """The item columns an item's record gives, as stored."""
    status = derived.status
    return {
        "reply_date": derived.reply_date,
        "reply_precision": derived.reply_precision.value,
        "status": status.status.value,
        "status_rule": status.basis.rule.value,
        "status_assessment": status.basis.assessment,
        "status_action": status.basis.action,
        "disputed": status.disputed,
        "latest_action": derived.latest_action,
        "awaiting_verification": derived.awaiting_verification,
    }


def history_rows(item_id: str, derived: RecordDerivation) -> list[dict[str, Any]]:
    """An item's history entries as rows of ``item_status_changes``."""
    return [
        {
            "item": item_id,
            "occurred_on": entry.on,
            "precision": entry.precision.value,
            "from_status": entry.from_.value,
            "status": entry.to.value,
            "rule": entry.basis.rule.value,
            "assessment": entry.basis.assessment,
            "action": entry.basis.action,
        }
        for entry in derived.history
    ]


async def link_facts(session: WriteSession, item_ids: Sequence[str]) -> dict[str, list[LinkFact]]:
    """What status derivation needs of the actions linked to each item."""
    facts: dict[str, list[LinkFact]] = defaultdict(list)
    rows = await session.execute(_LINKS, {"items": list(item_ids)})
    for link in rows:
        facts[link.item].append(
            LinkFact(
                action=link.action,
                date=link.date,
                precision=DatePrecision(link.date_precision),
                kind=ActionKind(link.kind),
                effect=Effect(link.effect),
                verified=link.verification == Verification.VERIFIED.value,
                addressed_to=Body(link.addressed_to) if link.addressed_to else None,
            )
        )
    return facts


async def assessment_facts(session: WriteSession, item_ids: Sequence[str]) -> dict[str, list[AssessmentFact]]:
    """What status derivation needs of each item's assessments."""
    facts: dict[str, list[AssessmentFact]] = defaultdict(list)
    rows = await session.execute(_ASSESSMENTS, {"items": list(item_ids)})
    for a in rows:
        facts[a.item].append(
            AssessmentFact(
                id=a.id,
                date=a.date,
                assessor_kind=AssessorKind(a.assessor_kind),
                status=Status(a.status) if a.status else None,
                verified=a.verification == Verification.VERIFIED.value,
            )
        )
    return facts
