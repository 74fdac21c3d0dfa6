"""Versions of what the API serves, as strong ETags: a digest of the JSON a client receives."""

from __future__ import annotations

import hashlib

import msgspec

_encode = msgspec.json.Encoder().encode


def etag_of_body(body: bytes) -> str:
    """The quoted ETag of an encoded response body."""
    return f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'


def etag_of(value: object) -> str:
    """The ETag the HTTP API sends with ``value``; a write with ``If-Match`` compares against it."""
    return etag_of_body(_encode(value))
