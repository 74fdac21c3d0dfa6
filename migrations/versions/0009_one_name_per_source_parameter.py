"""One name for one idea in source parameters (uhri-export's ``states`` becomes ``state``, tb-listing's
``treaty`` becomes ``body``), and runs that can outlive their source (``tracker sources remove --keep-runs``).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

#: (adapter, former name, name now); several values stay joined by commas.
RENAMED = (("uhri-export", "states", "state"), ("tb-listing", "treaty", "body"))

sources = sa.table("sources", sa.column("name", sa.String), sa.column("adapter", sa.String), sa.column("params", sa.JSON))


def _renamed(params: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    if old not in params:
        return params
    values = [v for text in (params.get(new), params[old]) if text for v in str(text).split(",") if v.strip()]
    renamed = {key: value for key, value in params.items() if key not in (old, new)}
    renamed[new] = ",".join(dict.fromkeys(v.strip() for v in values))
    return renamed


def _rename(forward: bool) -> None:
    connection = op.get_bind()
    for adapter, former, now in RENAMED:
        old, new = (former, now) if forward else (now, former)
        rows = connection.execute(sa.select(sources.c.name, sources.c.params).where(sources.c.adapter == adapter)).all()
        for name, params in rows:
            if params and old in params:
                connection.execute(sources.update().where(sources.c.name == name).values(params=_renamed(params, old, new)))


def upgrade() -> None:
    _rename(forward=True)
    with op.batch_alter_table("fetch_runs") as batch:
        batch.drop_constraint("fk_fetch_runs_source_sources", type_="foreignkey")


def downgrade() -> None:
    op.execute("DELETE FROM fetch_runs WHERE source NOT IN (SELECT name FROM sources)")
    with op.batch_alter_table("fetch_runs") as batch:
        batch.create_foreign_key("fk_fetch_runs_source_sources", "sources", ["source"], ["name"], ondelete="CASCADE")
    _rename(forward=False)
