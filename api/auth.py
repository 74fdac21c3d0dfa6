"""Who is calling: API keys in ``Authorization: Bearer``, roles per route, and a write rate per key.

Every route passes through :meth:`Authorization.guard`. A route says what it needs with
``opt={"role": Role.EDITOR}``; reads need nothing unless ``TRACKER_PUBLIC_READ=false``; a
write route that forgets to say needs ``admin``, so no route ships unprotected.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections import defaultdict, deque
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import HTTPException, NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

import tracker
from tracker.domain.entities import ApiKey
from tracker.domain.enums import Role

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: How stale ``last_used_at`` may get before a request refreshes it (one write per key per minute at most).
USE_NOTED_EVERY = dt.timedelta(minutes=1)
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="tracker"'}


class TooManyWrites(HTTPException):
    status_code = 429


class WriteRate:
    """At most ``limit`` writes per key in any 60 seconds, counted in this process."""

    def __init__(self, limit: int, window: float = 60.0) -> None:
        self.limit = limit
        self.window = window
        self._writes: dict[str, deque[float]] = defaultdict(deque)

    def wait(self, key: str, now: float | None = None) -> float:
        """Seconds ``key`` must wait before its next write; 0 records the write now."""
        if self.limit == 0:
            return 0.0
        now = time.monotonic() if now is None else now
        writes = self._writes[key]
        while writes and writes[0] <= now - self.window:
            writes.popleft()
        if len(writes) >= self.limit:
            return writes[0] + self.window - now
        writes.append(now)
        return 0.0


class Authorization:
    """The guard every route passes through, with the deployment's settings."""

    def __init__(self, settings: tracker.Settings) -> None:
        self.public_read = settings.public_read
        self.rate = WriteRate(settings.write_rate_limit)

    def required_role(self, connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> Role | None:
        declared = handler.opt.get("role")
        if declared is not None:
            return Role(declared)
        if handler.opt.get("public") or connection.scope["path"].startswith("/schema"):
            return None
        if connection.scope["method"] in READ_METHODS:
            return None if self.public_read else Role.READER
        return Role.ADMIN

    async def guard(self, connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
        required = self.required_role(connection, handler)
        if required is None:
            return
        opened: tracker.Tracker = connection.app.state.tracker
        key = await _key_of(connection, opened)
        if not key.role.includes(required):
            raise PermissionDeniedException(f"this needs a key with the {required.value} role; key {key.name!r} has the {key.role.value} role")
        connection.state.api_key = key
        if connection.scope["method"] not in READ_METHODS:
            wait = self.rate.wait(key.name)
            if wait > 0:
                seconds = max(1, math.ceil(wait))
                raise TooManyWrites(
                    f"key {key.name!r} has made its {self.rate.limit} writes for this minute; retry in {seconds} s",
                    headers={"Retry-After": str(seconds)},
                )
        now = dt.datetime.now(dt.UTC)
        if key.last_used_at is None or now - key.last_used_at > USE_NOTED_EVERY:
            await opened.keys.note_use(key.name, now)


async def _key_of(connection: ASGIConnection[Any, Any, Any, Any], opened: tracker.Tracker) -> ApiKey:
    header = connection.headers.get("authorization")
    if not header:
        raise NotAuthorizedException("an API key is needed: send `Authorization: Bearer <key>`", headers=_CHALLENGE)
    scheme, _, secret = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise NotAuthorizedException("the Authorization header must be `Bearer <key>`", headers=_CHALLENGE)
    key = await opened.keys.authenticate(secret.strip())
    if key is None:
        raise NotAuthorizedException("this API key is unknown or revoked", headers=_CHALLENGE)
    return key


def actor_of(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """Whom a write is attributed to: ``key:`` and the name of the key that made it."""
    key: ApiKey = connection.state.api_key
    return f"key:{key.name}"
