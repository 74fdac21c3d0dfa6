"""ETags for read responses: a client that sends back ``If-None-Match`` gets a 304."""

from __future__ import annotations

import hashlib
from typing import Any, TypeVar

import msgspec
from litestar import MediaType, Request, Response
from litestar.status_codes import HTTP_304_NOT_MODIFIED

T = TypeVar("T")

_encode = msgspec.json.Encoder().encode


def conditional(request: Request[Any, Any, Any], content: T) -> Response[T]:
    """``content`` with an ETag of its encoding, or an empty 304 when the client already has it."""
    body = _encode(content)
    tag = f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'
    held = {value.strip().removeprefix("W/") for value in request.headers.get("if-none-match", "").split(",")}
    if tag in held or "*" in held:
        return Response(content=None, status_code=HTTP_304_NOT_MODIFIED, headers={"ETag": tag})  # type: ignore[arg-type]
    # The bytes already encoded for the ETag are sent as they are, not encoded a second time.
    return Response(body, headers={"ETag": tag}, media_type=MediaType.JSON)  # type: ignore[arg-type]
