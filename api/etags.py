"""ETags: a reader that sends back ``If-None-Match`` gets a 304; a writer sends ``If-Match``."""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec
from litestar import MediaType, Request, Response
from litestar.status_codes import HTTP_304_NOT_MODIFIED

from tracker.domain.source_urls import may_hold_secrets, shown_urls
from tracker.domain.versions import etag_of_body

T = TypeVar("T")

_encode = msgspec.json.Encoder().encode


def conditional(request: Request[Any, Any, Any], content: T) -> Response[T]:
    """``content`` as readers see it (:func:`~tracker.domain.source_urls.shown_urls`) with an ETag of
    its encoding, or an empty 304 when the client already has it."""
    body = _readers_body(content)
    tag = etag_of_body(body)
    if client_holds(request, tag):
        return Response(content=None, status_code=HTTP_304_NOT_MODIFIED, headers={"ETag": tag})  # type: ignore[arg-type]
    # The bytes already encoded for the ETag are sent as they are, not encoded a second time.
    return Response(body, headers={"ETag": tag}, media_type=MediaType.JSON)  # type: ignore[arg-type]


def _readers_body(content: Any) -> bytes:
    body = _encode(content)
    return _encode(shown_urls(content)) if may_hold_secrets(body) else body


def client_holds(request: Request[Any, Any, Any], tag: str) -> bool:
    """Whether ``If-None-Match`` names ``tag`` (or ``*``); weak tags match too, as RFC 9110 has it for reads."""
    held = {value.strip().removeprefix("W/") for value in request.headers.get("if-none-match", "").split(",")}
    return tag in held or "*" in held


def with_etag(content: T, *, status_code: int = 200, location: str | None = None) -> Response[T]:
    """A write's response: the entity as stored and as readers see it, with its new ETag (and where
    it lives, for a 201)."""
    body = _readers_body(content)
    headers = {"ETag": etag_of_body(body)}
    if location is not None:
        headers["Location"] = location
    return Response(body, status_code=status_code, headers=headers, media_type=MediaType.JSON)  # type: ignore[arg-type]


def if_match(request: Request[Any, Any, Any]) -> list[str] | None:
    """The strong ETags of ``If-Match`` (``*`` included), or None when the header is absent.

    Weak ETags never match a write (RFC 9110 compares strongly), so they are dropped.
    """
    header = request.headers.get("if-match")
    if header is None:
        return None
    return [tag.strip() for tag in header.split(",") if tag.strip() and not tag.strip().startswith("W/")]
