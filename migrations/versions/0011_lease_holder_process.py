"""A source's lease names the process and host that hold it, and since when, so that a runner on the
same host takes over the lease of a process that died instead of waiting for it to expire.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("source_leases") as batch:
        batch.add_column(sa.Column("host", sa.String(length=255), nullable=True))
        batch.add_column(sa.Column("pid", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("taken_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("source_leases") as batch:
        batch.drop_column("taken_at")
        batch.drop_column("pid")
        batch.drop_column("host")
