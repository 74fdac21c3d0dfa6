"""Items keep the slugs of the controlled theme vocabulary they fall under, so lists filter on them.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tracker.domain.themes import themes_of

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade() -> None:
    # Plain ALTER TABLE on both backends: a batch copy of items on SQLite would drop its search triggers.
    op.add_column("items", sa.Column("vocabulary_themes", sa.JSON(), server_default="[]", nullable=False))
    items = sa.table(
        "items",
        sa.column("id"),
        sa.column("themes", sa.JSON()),
        sa.column("title"),
        sa.column("text"),
        sa.column("remedy_kind"),
        sa.column("vocabulary_themes", sa.JSON()),
    )
    connection = op.get_bind()
    update = sa.update(items).where(items.c.id == sa.bindparam("_id")).values(vocabulary_themes=sa.bindparam("_themes"))
    last = ""
    while True:
        rows = connection.execute(
            sa.select(items.c.id, items.c.themes, items.c.title, items.c.text, items.c.remedy_kind)
            .where(items.c.id > last)
            .order_by(items.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        connection.execute(
            update,
            [
                {"_id": row.id, "_themes": themes_of([*(row.themes or []), row.title, row.text], remedy_kind=row.remedy_kind)}
                for row in rows
            ],
        )
        last = rows[-1].id


def downgrade() -> None:
    op.drop_column("items", "vocabulary_themes")
