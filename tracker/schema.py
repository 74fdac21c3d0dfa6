"""The database schema's revisions, from Python: where a database is, and taking it up or back.

The ``tracker db`` commands and the readiness check use these; ``tracker.open(url, upgrade=True)``
is all most programs need. The revisions are the Alembic migrations shipped as ``tracker_migrations``.
"""

from __future__ import annotations

from tracker.db.engine import create_engine, sqlite_file
from tracker.db.migrate import (
    current_revision,
    downgrade,
    head_revision,
    known_revisions,
    new_revision,
    revisions_in_order,
    summary,
    upgrade,
)

__all__ = [
    "create_engine",
    "current_revision",
    "downgrade",
    "head_revision",
    "known_revisions",
    "new_revision",
    "revisions_in_order",
    "sqlite_file",
    "summary",
    "upgrade",
]
