"""Reading a State's register of legal acts: a source keeps where its last run stopped (``cursor``),
and an inbox candidate carries the kind of action proposed, the act's requisites and its titles in
other languages.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("cursor", sa.Text(), nullable=True))
    with op.batch_alter_table("inbox") as batch:
        batch.add_column(sa.Column("kind", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("legal_reference", sa.Text(), nullable=True))
        batch.add_column(sa.Column("titles", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("inbox") as batch:
        batch.drop_column("titles")
        batch.drop_column("legal_reference")
        batch.drop_column("kind")
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("cursor")
