"""A request id on every answer and every log line written while the request is handled.

A client (or a proxy in front) may send its own ``X-Request-ID`` to follow one request through
several services; any other request gets a new random one. The answer carries it back.
"""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

from litestar.datastructures import MutableScopeHeaders
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

HEADER = "X-Request-ID"
#: What a request id sent by a client may look like; anything else is replaced by a new one.
_ACCEPTED = re.compile(r"[A-Za-z0-9._:-]{1,128}")
#: The id of the request being handled ("-" outside any request, as in startup logs).
current: ContextVar[str] = ContextVar("request_id", default="-")


class RequestIds(ASGIMiddleware):
    """Gives each HTTP request an id, keeps it in :data:`current` while it runs, and answers with it."""

    scopes = ("http",)  # type: ignore[assignment]

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        sent = dict(scope["headers"]).get(HEADER.lower().encode(), b"").decode("latin-1")
        request_id = sent if _ACCEPTED.fullmatch(sent) else uuid.uuid4().hex
        token = current.set(request_id)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableScopeHeaders.from_message(message)[HEADER] = request_id
            await send(message)

        try:
            await next_app(scope, receive, send_with_id)
        finally:
            current.reset(token)


class WithRequestId(logging.Filter):
    """Adds ``request_id`` to every log record, for the formatter to print."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current.get()
        return True
