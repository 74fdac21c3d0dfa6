"""Security headers: every answer says its type is what it claims; the pages also say what they may load.

The pages run no script and load nothing from elsewhere: their styles are inline (one ``<style>`` and the
status swatches' colours), their charts inline SVG, their forms post to the service itself. The policy allows
exactly that, so a script that got into a stored title could neither run nor send anything away. The API
reference at ``/schema`` runs Redoc's script and is left out.
"""

from __future__ import annotations

from litestar.datastructures import MutableScopeHeaders
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

#: What a page may load and where its forms may post.
PAGE_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": PAGE_POLICY,
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


class SecurityHeaders(ASGIMiddleware):
    """``X-Content-Type-Options: nosniff`` on every answer, and the page headers on every HTML page,
    error pages included."""

    scopes = ("http",)  # type: ignore[assignment]

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        reference = scope["path"].startswith("/schema")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableScopeHeaders.from_message(message)
                headers["X-Content-Type-Options"] = "nosniff"
                if not reference and headers.get("content-type", "").startswith("text/html"):
                    for name, value in PAGE_HEADERS.items():
                        headers[name] = value
            await send(message)

        await next_app(scope, receive, send_with_headers)
