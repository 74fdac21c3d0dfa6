"""Reading API keys: the list for administrators, and the lookup that authenticates a request."""

from __future__ import annotations

from sqlalchemy import select

from tracker.db.models import ApiKeyRow
from tracker.db.reading import Reader
from tracker.domain.entities import ApiKey
from tracker.queries import convert


async def list_keys(reader: Reader) -> list[ApiKey]:
    """Every key, active or revoked, by name."""
    rows = (await reader.execute(select(ApiKeyRow).order_by(ApiKeyRow.name))).all()
    return [convert.api_key(row) for row in rows]


async def key_for(reader: Reader, digest: str) -> ApiKey | None:
    """The active key whose secret has this digest, or None for an unknown or revoked one."""
    row = (await reader.execute(select(ApiKeyRow).where(ApiKeyRow.digest == digest))).first()
    if row is None or row.revoked_at is not None:
        return None
    return convert.api_key(row)


async def active_key_named(reader: Reader, name: str) -> ApiKey | None:
    """The key of this name if it exists and is not revoked, else None."""
    row = (await reader.execute(select(ApiKeyRow).where(ApiKeyRow.name == name))).first()
    if row is None or row.revoked_at is not None:
        return None
    return convert.api_key(row)
