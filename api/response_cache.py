"""Public reads kept encoded, per worker process, for as long as the data's version stays the same.

A route joins with ``opt={CACHED: True}`` (the JSON API's reads and the public pages do). An answer
is kept when it could go to anyone who asks the same: a GET that needs no key, from no signed-in
editor, answered 200 in one piece (an export's stream is never kept) and setting no cookie but the
language one. It is kept under the data's version (:meth:`tracker.Tracker.version`, which every
write advances, in whichever process it is made), the day (reads judge what is overdue on it), the
address with its query as sent, the host and scheme (some bodies link to themselves), the page's
language, ``Accept`` (a briefing may answer Markdown) and the compression the client takes. A write
therefore never leaves a kept answer behind: the next read asks with the new version.

A kept answer carries an ETag computed once when it is kept: the JSON API's own (the hash of the
encoded entity, the one ``If-Match`` compares against on a write) or else the hash of the body as
sent. A request whose ``If-None-Match`` names it gets an empty 304 without any query but the version.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from litestar import Request
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, HTTPResponseStartEvent, Message, Receive, Scope, Send
from sqlalchemy.exc import DBAPIError

from tracker.domain.versions import etag_of_body
from tracker_api.auth import FORM_COOKIE, Authorization
from tracker_api.etags import client_holds
from tracker_api.pages.languages import COOKIE as LANGUAGE_COOKIE
from tracker_api.pages.languages import preferred_language

#: The route option that lets a route's answers be kept: ``opt={CACHED: True}``.
CACHED = "cached"
#: The most of a cache's budget one answer may take.
_LARGEST_SHARE = 8


@dataclass(frozen=True, slots=True)
class Kept:
    """One answer as it was sent: its headers (ETag included) and its body, compressed or not."""

    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: str

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(name) + len(value) for name, value in self.headers)


class ResponseCache:
    """The answers kept by one process, the least recently used dropped first beyond ``max_bytes``.

    ``hits`` counts the answers sent from it, ``misses`` those a route handler had to make.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.hits = 0
        self.misses = 0
        self._bytes = 0
        self._kept: OrderedDict[tuple[Any, ...], Kept] = OrderedDict()

    def __len__(self) -> int:
        return len(self._kept)

    def get(self, key: tuple[Any, ...]) -> Kept | None:
        kept = self._kept.get(key)
        if kept is not None:
            self._kept.move_to_end(key)
        return kept

    def put(self, key: tuple[Any, ...], kept: Kept) -> None:
        if kept.size > self.max_bytes // _LARGEST_SHARE or key in self._kept:
            return
        self._kept[key] = kept
        self._bytes += kept.size
        while self._bytes > self.max_bytes:
            _, dropped = self._kept.popitem(last=False)
            self._bytes -= dropped.size


class CachedReads(ASGIMiddleware):
    """Answers a GET from the :class:`ResponseCache` when it can, and keeps what it may keep."""

    scopes = ("http",)  # type: ignore[assignment]

    def __init__(self, cache: ResponseCache, authorization: Authorization) -> None:
        self.cache = cache
        self.authorization = authorization

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        request: Request[Any, Any, Any] = Request(scope)
        if not self._may_keep(request):
            await next_app(scope, receive, send)
            return
        try:
            version = await request.app.state.tracker.version()
        except (DBAPIError, OSError):
            # No version, nothing kept: the route answers as it does when the database fails.
            await next_app(scope, receive, send)
            return
        key = (
            version,
            dt.date.today(),
            scope["scheme"],
            request.headers.get("host", ""),
            scope["path"],
            scope["query_string"],
            preferred_language(request),
            request.headers.get("accept", ""),
            _compression(request.headers.get("accept-encoding", "")),
        )
        kept = self.cache.get(key)
        if kept is not None:
            self.cache.hits += 1
            await _answer(kept, request, send)
            return
        self.cache.misses += 1
        await next_app(scope, receive, _Keeping(self.cache, key, request, send).send)

    def _may_keep(self, request: Request[Any, Any, Any]) -> bool:
        handler = request.scope["route_handler"]
        return (
            request.method == "GET"
            and bool(handler.opt.get(CACHED))
            and not _signed_in(request.scope.get("session"))
            and self.authorization.required_role(request, handler) is None
        )


def _signed_in(session: object) -> bool:
    # A page session exists only while an editor is signed in (an emptied one is a dict with nothing in it).
    return isinstance(session, dict) and bool(session)


def _compression(accept_encoding: str) -> str:
    """The coding Litestar's compression picks for this ``Accept-Encoding`` (brotli, else gzip)."""
    if "br" in accept_encoding:
        return "br"
    return "gzip" if "gzip" in accept_encoding else ""


class _Keeping:
    """Sends a route's answer on as it is (with an ETag), keeping a copy when it is a 200 in one piece
    that sets no visitor's cookie but the form cookie, which the copy leaves out."""

    def __init__(self, cache: ResponseCache, key: tuple[Any, ...], request: Request[Any, Any, Any], send: Send) -> None:
        self.cache = cache
        self.key = key
        self.request = request
        self.downstream = send
        self.start: HTTPResponseStartEvent | None = None

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start" and message["status"] == 200:
            self.start = message  # held until the body shows whether it comes in one piece
            return
        if message["type"] != "http.response.body" or self.start is None:
            await self.downstream(message)
            return
        start, self.start = self.start, None
        kept = _keepable(start, message["body"]) if not message.get("more_body", False) else None
        if kept is not None:
            self.cache.put(self.key, kept)
            if client_holds(self.request, kept.etag):
                await _not_modified(kept, self.downstream)
                return
            if not any(name.lower() == b"etag" for name, _ in start["headers"]):
                start["headers"] = [*start["headers"], (b"etag", kept.etag.encode("latin-1"))]
        await self.downstream(start)
        await self.downstream(message)


def _keepable(start: HTTPResponseStartEvent, body: bytes) -> Kept | None:
    """The answer as it may be sent to anyone, or None when it sets a cookie of its visitor's own.

    The form cookie Litestar's CSRF protection gives a visitor who has none is left out: it is
    that visitor's, and a reader with no editor's forms does not need one.
    """
    headers: list[tuple[bytes, bytes]] = []
    etag = None
    for name, value in start["headers"]:
        name = name.lower()
        if name == b"set-cookie":
            if value.startswith(f"{FORM_COOKIE}=".encode()):
                continue
            if not value.startswith(f"{LANGUAGE_COOKIE}=".encode()):
                return None
        if name == b"etag":
            etag = value.decode("latin-1")
        headers.append((name, value))
    if etag is None:
        etag = etag_of_body(body)
        headers.append((b"etag", etag.encode("latin-1")))
    return Kept(headers=headers, body=body, etag=etag)


async def _answer(kept: Kept, request: Request[Any, Any, Any], send: Send) -> None:
    """Send a kept answer, or an empty 304 when ``If-None-Match`` names its ETag."""
    if client_holds(request, kept.etag):
        await _not_modified(kept, send)
        return
    await send({"type": "http.response.start", "status": 200, "headers": list(kept.headers)})
    await send({"type": "http.response.body", "body": kept.body, "more_body": False})


async def _not_modified(kept: Kept, send: Send) -> None:
    headers = [(name, value) for name, value in kept.headers if name in (b"etag", b"vary")]
    await send({"type": "http.response.start", "status": 304, "headers": headers})
    await send({"type": "http.response.body", "body": b"", "more_body": False})
