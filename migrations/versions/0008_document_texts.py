"""What the tracker read of each language version of a document: snapshot, reader, counts, faults.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_texts",
        sa.Column("document", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=3), nullable=False),
        sa.Column("source", sa.String(length=80), nullable=True),
        sa.Column("run", sa.Integer(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("snapshot", sa.String(length=64), nullable=True),
        sa.Column("reader", sa.String(length=40), nullable=True),
        sa.Column("readers", sa.String(length=40), nullable=True),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("unplaced", sa.Integer(), nullable=False),
        sa.Column("unplaced_lines", sa.JSON(), nullable=False),
        sa.Column("fault", sa.String(length=8), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document"], ["documents.id"], name=op.f("fk_document_texts_document_documents"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["run"], ["fetch_runs.id"], name=op.f("fk_document_texts_run_fetch_runs"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("document", "language", name=op.f("pk_document_texts")),
    )


def downgrade() -> None:
    op.drop_table("document_texts")
