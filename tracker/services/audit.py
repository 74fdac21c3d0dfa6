"""The audit trail: every write through the services is recorded with who made it and the values before and after."""

from __future__ import annotations

from typing import Any

import msgspec
from sqlalchemy import insert

from tracker.db.models import AuditRow, utcnow
from tracker.db.writing import WriteSession

_APPEND = insert(AuditRow.__table__)


async def record_audit(
    session: WriteSession,
    *,
    actor: str,
    operation: str,
    entity: str,
    entity_id: str,
    state: str | None = None,
    before: Any = None,
    after: Any = None,
) -> None:
    """Append one entry to the audit trail, in the write's own transaction."""
    await session.execute(
        _APPEND,
        {
            "at": utcnow(),
            "actor": actor,
            "operation": operation,
            "entity": entity,
            "entity_id": entity_id,
            "state": state,
            "before": None if before is None else msgspec.to_builtins(before),
            "after": None if after is None else msgspec.to_builtins(after),
        },
    )
