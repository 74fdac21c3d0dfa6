"""Index items by State then id, so a State's page of items is read in order, not sorted.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_items_state_id", "items", ["state", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_items_state_id", table_name="items")
