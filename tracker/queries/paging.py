"""Paging and argument checks shared by the list queries."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Sequence

import msgspec
from msgspec import Struct
from sqlalchemy import bindparam, select

from tracker.db.models import StateRow
from tracker.db.reading import Reader
from tracker.errors import InvalidInput

MAX_LIMIT = 500


def check_limit(limit: int) -> None:
    """Raise :class:`InvalidInput` naming ``limit`` unless it is a page size we serve."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}", field="limit")


class _Cursor(Struct, frozen=True, array_like=True):
    sort: str
    after: str


def encode_cursor(sort: str, after: str) -> str:
    """An opaque cursor for keyset pagination: the sort order and the last key seen."""
    return base64.urlsafe_b64encode(msgspec.json.encode(_Cursor(sort, after))).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> str:
    """The last key seen, from a cursor made for ``sort``; raises InvalidInput naming ``cursor``."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        decoded = msgspec.json.decode(raw, type=_Cursor)
    except (binascii.Error, ValueError, msgspec.DecodeError):
        raise InvalidInput("cursor is malformed; use the next_cursor of a previous page", field="cursor") from None
    if decoded.sort != sort:
        raise InvalidInput("cursor belongs to a different sort order", field="cursor")
    if "\x00" in decoded.after:
        raise InvalidInput("cursor is malformed; use the next_cursor of a previous page", field="cursor")
    return decoded.after


_KNOWN_STATES = select(StateRow.code).where(StateRow.code.in_(bindparam("codes", expanding=True)))


async def check_states(reader: Reader, codes: Sequence[str], field: str = "state") -> None:
    """Raise :class:`InvalidInput` naming the first State code that is not known."""
    if not codes:
        return
    known = set((await reader.execute(_KNOWN_STATES, {"codes": list(codes)})).scalars())
    for code in codes:
        if code not in known:
            raise InvalidInput(f"unknown State code {code!r}", field=field)


def as_utc(stamp: dt.datetime, field: str) -> dt.datetime:
    """``stamp`` in UTC; raises :class:`InvalidInput` naming ``field`` for a timestamp without a
    time zone or one that falls outside the calendar once in UTC."""
    if stamp.tzinfo is None:
        raise InvalidInput(f"{field} must be a timestamp with a time zone (Z for UTC)", field=field)
    try:
        return stamp.astimezone(dt.UTC)
    except OverflowError:
        raise InvalidInput(f"{field} is outside the calendar once in UTC", field=field) from None
