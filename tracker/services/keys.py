"""API keys: created with a role, shown once, stored only as a digest, revoked by name."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

from sqlalchemy import insert, select, update

from tracker.db.models import ApiKeyRow, utcnow
from tracker.db.writing import WriteSession
from tracker.domain.entities import ApiKey
from tracker.domain.enums import Role
from tracker.errors import Conflict, InvalidInput, NotFound
from tracker.queries.convert import api_key
from tracker.services.audit import record_audit

PREFIX = "trk_"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")


def digest(secret: str) -> str:
    """What is stored of a key. The secret is 256 random bits, so a fast hash is enough."""
    return hashlib.sha256(secret.encode()).hexdigest()


async def create_key(session: WriteSession, name: str, role: Role, *, by: str) -> tuple[ApiKey, str]:
    """A new key: returns it with its secret, which is not stored and cannot be shown again."""
    if not _NAME.fullmatch(name):
        raise InvalidInput(f"{name!r} is not a key name (1-64 letters, digits, '.', '_', '@', '-')", field="name")
    if (await session.execute(select(ApiKeyRow.name).where(ApiKeyRow.name == name))).first() is not None:
        raise Conflict(f"a key named {name!r} exists already (revoked keys keep their names); choose another name", existing=name)
    secret = PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    await session.execute(insert(ApiKeyRow.__table__).values(name=name, role=role.value, digest=digest(secret), created_at=now))
    key = ApiKey(name=name, role=role, created_at=now)
    await record_audit(session, actor=by, operation="create", entity="api_key", entity_id=name, after=key)
    return key, secret


async def revoke_key(session: WriteSession, name: str, *, by: str) -> ApiKey:
    """Revoke a key by name; it is refused from then on. Revoking a revoked key changes nothing."""
    row = (await session.execute(select(ApiKeyRow).where(ApiKeyRow.name == name))).scalar()
    if row is None:
        raise NotFound("API key", name, field="name")
    before = api_key(row)
    if row.revoked_at is None:
        await session.execute(update(ApiKeyRow).where(ApiKeyRow.name == name).values(revoked_at=utcnow()))
        after = api_key(
            (
                await session.execute(select(ApiKeyRow).where(ApiKeyRow.name == name).execution_options(populate_existing=True))
            ).scalar_one()
        )
        await record_audit(session, actor=by, operation="revoke", entity="api_key", entity_id=name, before=before, after=after)
        return after
    return before


async def note_use(session: WriteSession, name: str, at: dt.datetime) -> None:
    """Remember when a key was last used."""
    await session.execute(update(ApiKeyRow).where(ApiKeyRow.name == name).values(last_used_at=at))
