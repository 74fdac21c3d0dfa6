"""Status from verified records only, and a status history dated by the events themselves.

Adds who verified an action or assessment and when, the body a State communication was
addressed to, the paragraphs an item covers, and each item's latest action and count of
records awaiting verification. The status history is rebuilt: it was dated by the moment a
load ran; it is now what replaying each item's verified records in date order gives. Every
item with a record is re-derived by the rules of :mod:`tracker.domain.derivation`.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from alembic import op

from tracker.domain.derivation import derive_record
from tracker.domain.enums import ActionKind, AssessorKind, Body, DatePrecision, Effect, Status
from tracker.domain.status import AssessmentFact, LinkFact

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

BATCH = 2000


def upgrade() -> None:
    # Plain ALTER TABLE on both backends: a batch copy of items on SQLite would drop its search triggers.
    op.add_column("items", sa.Column("covers", sa.JSON(), server_default="[]", nullable=False))
    op.add_column("items", sa.Column("latest_action", sa.String(length=80), nullable=True))
    op.add_column("items", sa.Column("awaiting_verification", sa.Integer(), server_default="0", nullable=False))
    op.add_column("items", sa.Column("reply_precision", sa.String(length=8), server_default="day", nullable=False))
    op.add_column("actions", sa.Column("addressed_to", sa.String(length=8), nullable=True))
    for table in ("actions", "assessments"):
        op.add_column(table, sa.Column("verified_by", sa.Text(), nullable=True))
        op.add_column(table, sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("item_status_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_status_changes_item"))
    op.drop_table("item_status_changes")
    _create_history(
        "occurred_on",
        sa.Date(),
        [
            sa.Column("precision", sa.String(length=8), nullable=False),
            sa.Column("from_status", sa.String(length=24), nullable=False),
        ],
    )
    op.create_index("ix_item_status_changes_occurred_on", "item_status_changes", ["occurred_on"], unique=False)
    _rederive(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_item_status_changes_occurred_on", table_name="item_status_changes")
    with op.batch_alter_table("item_status_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_status_changes_item"))
    op.drop_table("item_status_changes")
    _create_history("changed_at", sa.DateTime(timezone=True), [sa.Column("disputed", sa.Boolean(), nullable=False)])
    for table in ("actions", "assessments"):
        op.drop_column(table, "verified_at")
        op.drop_column(table, "verified_by")
    op.drop_column("actions", "addressed_to")
    op.drop_column("items", "reply_precision")
    op.drop_column("items", "awaiting_verification")
    op.drop_column("items", "latest_action")
    op.drop_column("items", "covers")
    op.execute(
        "UPDATE items SET status_rule = 'latest_assessment' WHERE status_rule IN ('independent_assessment', 'state_assessment')"
    )
    op.execute("UPDATE items SET status_rule = 'linked_actions' WHERE status_rule = 'none'")


def _create_history(date_column: str, date_type: sa.types.TypeEngine, extra: list[sa.Column]) -> None:
    op.create_table(
        "item_status_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("item", sa.String(length=220), nullable=False),
        sa.Column(date_column, date_type, nullable=False),
        *extra,
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("rule", sa.String(length=24), nullable=False),
        sa.Column("assessment", sa.String(length=40), nullable=True),
        sa.Column("action", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(["item"], ["items.id"], name=op.f("fk_item_status_changes_item_items"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item_status_changes")),
    )
    with op.batch_alter_table("item_status_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_item_status_changes_item"), ["item"], unique=False)


_items = sa.table(
    "items",
    sa.column("id"),
    sa.column("kind"),
    sa.column("body"),
    sa.column("document"),
    sa.column("decision"),
    sa.column("reply_date"),
    sa.column("reply_precision"),
    sa.column("status"),
    sa.column("status_rule"),
    sa.column("status_assessment"),
    sa.column("status_action"),
    sa.column("disputed"),
    sa.column("latest_action"),
    sa.column("awaiting_verification"),
)
_documents = sa.table("documents", sa.column("id"), sa.column("adopted_on"))
_decisions = sa.table("decisions", sa.column("id"), sa.column("adopted_on"))
_actions = sa.table(
    "actions",
    sa.column("id"),
    sa.column("date"),
    sa.column("date_precision"),
    sa.column("kind"),
    sa.column("verification"),
    sa.column("addressed_to"),
)
_links = sa.table("action_items", sa.column("action"), sa.column("item"), sa.column("effect"))
_assessments = sa.table(
    "assessments",
    sa.column("id"),
    sa.column("item"),
    sa.column("date"),
    sa.column("assessor_kind"),
    sa.column("status"),
    sa.column("verification"),
)
_history = sa.table(
    "item_status_changes",
    sa.column("item"),
    sa.column("occurred_on"),
    sa.column("precision"),
    sa.column("from_status"),
    sa.column("status"),
    sa.column("rule"),
    sa.column("assessment"),
    sa.column("action"),
)


def _rederive(connection: sa.Connection) -> None:
    """Items without a record say "nothing verified is recorded"; the others are derived from it."""
    connection.execute(
        sa.update(_items).values(
            status="no_information",
            status_rule="none",
            status_assessment=None,
            status_action=None,
            disputed=False,
            reply_date=None,
        )
    )
    with_record = sa.union(sa.select(_links.c.item), sa.select(_assessments.c.item)).subquery()
    last = ""
    while True:
        rows = connection.execute(
            sa.select(
                _items.c.id,
                _items.c.kind,
                _items.c.body,
                sa.func.coalesce(_documents.c.adopted_on, _decisions.c.adopted_on).label("adopted"),
            )
            .outerjoin(_documents, _documents.c.id == _items.c.document)
            .outerjoin(_decisions, _decisions.c.id == _items.c.decision)
            .where(_items.c.id.in_(sa.select(with_record.c.item)), _items.c.id > last)
            .order_by(_items.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        ids = [row.id for row in rows]
        links: dict[str, list[LinkFact]] = defaultdict(list)
        for link in connection.execute(
            sa.select(
                _links.c.item,
                _links.c.action,
                _links.c.effect,
                _actions.c.date,
                _actions.c.date_precision,
                _actions.c.kind,
                _actions.c.verification,
                _actions.c.addressed_to,
            )
            .join(_actions, _actions.c.id == _links.c.action)
            .where(_links.c.item.in_(ids))
        ):
            links[link.item].append(
                LinkFact(
                    action=link.action,
                    date=link.date,
                    precision=DatePrecision(link.date_precision),
                    kind=ActionKind(link.kind),
                    effect=Effect(link.effect),
                    verified=link.verification == "verified",
                    addressed_to=Body(link.addressed_to) if link.addressed_to else None,
                )
            )
        assessments: dict[str, list[AssessmentFact]] = defaultdict(list)
        for a in connection.execute(sa.select(_assessments).where(_assessments.c.item.in_(ids))):
            assessments[a.item].append(
                AssessmentFact(
                    id=a.id,
                    date=a.date,
                    assessor_kind=AssessorKind(a.assessor_kind),
                    status=Status(a.status) if a.status else None,
                    verified=a.verification == "verified",
                )
            )
        updates, history = [], []
        for row in rows:
            derived = derive_record(
                body=Body(row.body), adopted=row.adopted, assessments=assessments[row.id], links=links[row.id]
            )
            status = derived.status
            updates.append(
                {
                    "_id": row.id,
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
            )
            history += [
                {
                    "item": row.id,
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
        connection.execute(
            sa.update(_items)
            .where(_items.c.id == sa.bindparam("_id"))
            .values({name: sa.bindparam(name) for name in updates[0] if name != "_id"}),
            updates,
        )
        if history:
            connection.execute(sa.insert(_history), history)
        last = rows[-1].id
