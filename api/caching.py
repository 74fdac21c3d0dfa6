"""ETags for read responses: a client that sends back ``If-None-Match`` gets a 304."""

from __future__ import annotations

import hashlib
from typing import Any, TypeVar

import msgspec
from litestar import Request, Response
from litestar.status_codes import HTTP_304_NOT_MODIFIED

T = TypeVar("T")

_encode = msgspec.json.Encoder().encode


def conditional(request: Request[Any, Any, Any], content: T) -> Response[T]:
    """``content`` with an ETag of its encoding, or an empty 304 when the client already has it."""
    tag = f'"{hashlib.blake2b(_encode(content), digest_size=16).hexdigest()}"'
    held = {value.strip().removeprefix("W/") for value in request.headers.get("if-none-match", "").split(",")}
    if tag in held or "*" in held:
        return Response(content=None, status_code=HTTP_304_NOT_MODIFIED, headers={"ETag": tag})  # type: ignore[arg-type]
    return Response(content, headers={"ETag": tag})
