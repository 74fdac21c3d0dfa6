"""HEAD is answered as GET is, without the body (RFC 9110, section 9.3.2).

Litestar sends a HEAD only to a handler declared for HEAD, and such a handler may return no body,
so it could not say the Content-Type, Content-Length or ETag of the GET. The service therefore
routes a HEAD as the GET of the same address and drops the body of the answer: the status and every
header are the GET's, whatever made them (the response cache, the ETag and 304 logic, compression,
the security headers). The server still sees a HEAD, so it frames the answer as one.

A streamed answer (an export) stops at its first chunk: the answer is complete once that chunk would
be sent, so the server tells the route that the client has gone, as when a download is abandoned.
"""

from __future__ import annotations

from collections.abc import Iterable

from litestar import Litestar
from litestar.types import ASGIApp, Message, Receive, Scope, Send


def allow_header(methods: Iterable[str]) -> str:
    """The ``Allow`` header of a path that takes ``methods``: HEAD is among them wherever GET is."""
    allowed = {method.strip().upper() for method in methods if method.strip()}
    if "GET" in allowed:
        allowed.add("HEAD")
    return ", ".join(sorted(allowed))


def answer_head_as_get(app: Litestar) -> Litestar:
    """Make ``app`` answer HEAD on every path where it answers GET, with the GET's status and headers."""
    app.asgi_handler = _HeadAsGet(app.asgi_handler)
    return app


class _HeadAsGet:
    """Runs a HEAD as a GET, and sends on the answer's start and then an empty body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        answered = False

        async def send_headers_only(message: Message) -> None:
            nonlocal answered
            if message["type"] != "http.response.body":
                await send(message)
            elif not answered:
                # The answer ends here: from now on the server's ``receive`` says the client has gone
                # (ASGI's rule once a response is complete), which is what stops a stream.
                answered = True
                await send({"type": "http.response.body", "body": b"", "more_body": False})

        # A copy: the server must go on seeing a HEAD, and send no body and no chunked framing.
        await self.app({**scope, "method": "GET"}, receive, send_headers_only)
