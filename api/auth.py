"""Who is calling: API keys in ``Authorization: Bearer``, roles per route, and a write rate per key.

Every route passes through :meth:`Authorization.guard`. A route says what it needs with
``opt={"role": Role.EDITOR}``; reads need nothing unless ``TRACKER_PUBLIC_READ=false``; a
write route that forgets to say needs ``admin``, so no route ships unprotected.

The JSON API knows a caller only by the bearer key. The pages know an editor by a server-side
session opened by signing in with a key (:func:`sign_in`): the session keeps the key's name,
never its secret, and the key is looked up again on every request, so revoking it signs its
editor out. The session cookie is never read under ``/api/``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import math
import os
import secrets
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import anyio.to_thread
import msgspec
from litestar.config.csrf import CSRFConfig
from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.exceptions import HTTPException, NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware.session.server_side import ServerSideSessionBackend, ServerSideSessionConfig
from litestar.stores.file import FileStore
from litestar.types import Empty, Message, ScopeSession

import tracker
from tracker.domain.entities import ApiKey
from tracker.domain.enums import Role

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: How stale ``last_used_at`` may get before a request refreshes it (one write per key per minute at most).
USE_NOTED_EVERY = dt.timedelta(minutes=1)
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="tracker"'}

#: Paths where no cookie counts: the JSON API (and its reference, files and metrics) know only bearer keys.
NO_COOKIES = ["^/api/", "^/schema", "^/static/", "^/metrics", "^/health$", "^/ready$"]
SESSION_COOKIE = "tracker_session"
FORM_COOKIE = "tracker_form"
#: What a page session holds: the name of the signed-in key, and a confirmation for the next page.
SIGNED_IN = "key"
FLASH = "flash"
#: The store (``Litestar(stores=...)``) the sessions live in.
SESSION_STORE = "sessions"
#: The store (``Litestar(stores=...)``) the writes of each key in the last minute are counted in.
WRITE_RATE_STORE = "write-rate"
_FRESH_ID = "fresh_session_id"


class TooManyWrites(HTTPException):
    status_code = 429


class WriteRate:
    """At most ``limit`` writes per key in any ``window`` seconds, counted in a file store that every
    worker process of the service on this machine shares (:func:`write_rate_store`)."""

    def __init__(self, limit: int, window: float = 60.0) -> None:
        self.limit = limit
        self.window = window

    async def wait(self, store: FileStore, key: ApiKey, now: float | None = None) -> float:
        """Seconds ``key`` must wait before its next write; 0 records the write now."""
        if self.limit == 0:
            return 0.0
        now = time.time() if now is None else now
        # A key made again under an old name starts afresh: it is not the key that made the old writes.
        name = f"{key.name} {key.created_at.isoformat()}"
        async with _one_at_a_time(Path(store.path) / "lock"):
            stored = await store.get(name)
            writes = [t for t in msgspec.json.decode(stored or b"[]", type=list[float]) if t > now - self.window]
            if len(writes) >= self.limit:
                return writes[0] + self.window - now
            writes.append(now)
            await store.set(name, msgspec.json.encode(writes), expires_in=math.ceil(self.window))
            return 0.0


@contextlib.asynccontextmanager
async def _one_at_a_time(lock: Path) -> AsyncIterator[None]:
    """Hold an exclusive lock on the file ``lock``, which a worker process waiting for it (or another
    request of this one) takes only once this one is done: two writes counted at once both count."""
    lock.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        await anyio.to_thread.run_sync(fcntl.flock, descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing lets the lock go


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
        opened: tracker.Tracker = connection.app.state.tracker
        if "session" in connection.scope:
            key = await _page_visitor(connection, opened)
            if required is None:
                return
            if key is None:
                raise NotAuthorizedException("sign in with an editor key to do this")
        else:
            if required is None:
                return
            key = await _key_of(connection, opened)
        if not key.role.includes(required):
            raise PermissionDeniedException(
                f"this needs a key with the {required.value} role; key {key.name!r} has the {key.role.value} role"
            )
        connection.state.api_key = key
        if connection.scope["method"] not in READ_METHODS:
            wait = await self.rate.wait(connection.app.stores.get(WRITE_RATE_STORE), key)
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


async def _page_visitor(connection: ASGIConnection[Any, Any, Any, Any], opened: tracker.Tracker) -> ApiKey | None:
    """The editor signed in on this page request, if any, checked against the stored keys again: a key
    revoked since signing in ends its session. Leaves in ``connection.state`` what the pages show of it:
    ``api_key``, ``inbox_pending`` (candidates waiting) and ``flash`` (the confirmation of the last write)."""
    session = connection.scope["session"]
    name = session.get(SIGNED_IN) if isinstance(session, dict) else None
    if name is None:
        return None
    key = await opened.keys.active(name)
    if key is None or not key.role.includes(Role.EDITOR):
        connection.clear_session()
        return None
    connection.state.api_key = key
    connection.state.inbox_pending = (await opened.inbox.list(limit=1)).total
    connection.state.flash = session.pop(FLASH, None)
    return key


async def sign_in(connection: ASGIConnection[Any, Any, Any, Any], key: ApiKey) -> None:
    """Open a page session for ``key`` under a new session id: an id someone else may have planted
    or seen before never carries a sign-in."""
    old = connection.cookies.get(SESSION_COOKIE)
    if old:
        await connection.app.stores.get(SESSION_STORE).delete(old)
    connection.state[_FRESH_ID] = secrets.token_hex(32)
    connection.set_session({SIGNED_IN: key.name})


def flash(connection: ASGIConnection[Any, Any, Any, Any], message: str, href: str | None = None) -> None:
    """Keep a confirmation (and where to see what was done) for the next page the editor opens."""
    if isinstance(connection.scope.get("session"), dict):
        connection.scope["session"][FLASH] = {"text": message, "href": href}  # type: ignore[index]


class EditorSessions(ServerSideSessionBackend):
    """Server-side sessions that exist only while an editor is signed in: a reader gets no session
    cookie and no stored file; an emptied session is deleted with its cookie."""

    async def store_in_message(
        self, scope_session: ScopeSession, message: Message, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> None:
        if scope_session is Empty or not scope_session:
            if connection.cookies.get(self.config.key):
                await super().store_in_message(Empty, message, connection)
            return
        await super().store_in_message(scope_session, message, connection)

    def get_session_id(self, connection: ASGIConnection[Any, Any, Any, Any]) -> str:
        return connection.state.get(_FRESH_ID) or super().get_session_id(connection)


class EditorSessionConfig(ServerSideSessionConfig):
    """:class:`ServerSideSessionConfig` with :class:`EditorSessions` as its backend."""

    _backend_class = EditorSessions


def session_config(settings: tracker.Settings) -> EditorSessionConfig:
    """The pages' sessions: an HttpOnly, SameSite=Lax cookie (``Secure`` with ``secure_cookies``) naming
    a session kept in the file store, which expires after ``session_idle_minutes`` without a request
    (every answer to a signed-in editor stores the session again, which starts the period afresh)."""
    return EditorSessionConfig(
        key=SESSION_COOKIE,
        max_age=settings.session_idle_minutes * 60,
        secure=settings.secure_cookies,
        httponly=True,
        samesite="lax",
        exclude=NO_COOKIES,
        store=SESSION_STORE,
        scopes={ScopeType.HTTP},
    )


def session_store(settings: tracker.Settings) -> FileStore:
    """Sessions as files under ``session_dir``: every worker process on the machine sees the same ones."""
    return FileStore(Path(settings.session_dir) / "sessions", create_directories=True)


def write_rate_store(settings: tracker.Settings) -> FileStore:
    """The writes of each key in the last minute, as files under ``session_dir``: every worker process
    on the machine counts in the same ones, so the limit holds for the service as a whole."""
    return FileStore(Path(settings.session_dir) / "write-rate", create_directories=True)


def form_protection(settings: tracker.Settings) -> CSRFConfig:
    """Every form of the pages carries a token that must match the form cookie (Litestar's CSRF
    middleware); the JSON API, which takes no cookie, is left out."""
    return CSRFConfig(
        secret=form_secret(Path(settings.session_dir)),
        cookie_name=FORM_COOKIE,
        cookie_secure=settings.secure_cookies,
        cookie_httponly=True,
        cookie_samesite="lax",
        exclude=NO_COOKIES,
    )


def form_secret(directory: Path) -> str:
    """The secret that signs form tokens, made on first start and kept in ``directory``, so that every
    worker process (and a restart) accepts the tokens of the others."""
    path = directory / "form-secret"
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        draft = directory / f".form-secret-{os.getpid()}-{secrets.token_hex(4)}"
        with os.fdopen(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as out:
            out.write(secrets.token_hex(32))
        try:
            os.link(draft, path)  # atomic: of two workers starting at once, one secret wins
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


def actor_of(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """Whom a write is attributed to: ``key:`` and the name of the key that made it."""
    key: ApiKey = connection.state.api_key
    return f"key:{key.name}"
