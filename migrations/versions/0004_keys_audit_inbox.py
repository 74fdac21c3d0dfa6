"""API keys, the audit trail, the triage inbox, who recorded each assessment, and indexes on updated_at.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

UPDATED_AT_INDEXED = ("reviews", "documents", "decisions", "items", "actions", "assessments")


def upgrade() -> None:
    op.create_table(
        "api_keys",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_api_keys")),
        sa.UniqueConstraint("digest", name=op.f("uq_api_keys_digest")),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("operation", sa.String(length=16), nullable=False),
        sa.Column("entity", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.String(length=220), nullable=False),
        sa.Column("state", sa.String(length=3), nullable=True),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit")),
    )
    op.create_index("ix_audit_entity", "audit", ["entity", "entity_id"], unique=False)
    op.create_index("ix_audit_actor_id", "audit", ["actor", "id"], unique=False)
    op.create_table(
        "inbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("entry_key", sa.String(length=64), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("excerpt", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=3), nullable=True),
        sa.Column("state", sa.String(length=3), nullable=True),
        sa.Column("matches", sa.JSON(), nullable=False),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=80), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("action", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(["action"], ["actions.id"], name=op.f("fk_inbox_action_actions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox")),
        sa.UniqueConstraint("entry_key", name=op.f("uq_inbox_entry_key")),
    )
    op.create_index("ix_inbox_status_id", "inbox", ["status", "id"], unique=False)
    # Plain ALTER TABLE, as in 0003: a nullable column needs no batch copy of the table.
    op.add_column("assessments", sa.Column("recorded_by", sa.Text(), nullable=True))
    # The change log finds what a write touched by its updated_at; without these, every write scans every table.
    for table in UPDATED_AT_INDEXED:
        op.create_index(f"ix_{table}_updated_at", table, ["updated_at"], unique=False)


def downgrade() -> None:
    for table in UPDATED_AT_INDEXED:
        op.drop_index(f"ix_{table}_updated_at", table_name=table)
    op.drop_column("assessments", "recorded_by")
    op.drop_index("ix_inbox_status_id", table_name="inbox")
    op.drop_table("inbox")
    op.drop_index("ix_audit_actor_id", table_name="audit")
    op.drop_index("ix_audit_entity", table_name="audit")
    op.drop_table("audit")
    op.drop_table("api_keys")
