"""One transaction per write, one write at a time, and what every write shares: parsing its input."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from typing import Any, TypeVar

import msgspec
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tracker.db.models import DataVersionRow
from tracker.db.reading import AsyncReader, Reader
from tracker.db.writing import WriteSession
from tracker.errors import DatabaseBusy, InvalidInput
from tracker.records import NUL_ESCAPE, field_of

S = TypeVar("S", bound=msgspec.Struct)


#: The PostgreSQL advisory lock every write transaction holds ("trk" in ASCII).
WRITE_LOCK = 0x74726B


@asynccontextmanager
async def write_transaction(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A session in a transaction that commits when the block ends and rolls back on error.

    Writes take turns: a write reads facts (links, assessments, the change log's last entry)
    and derives from them, so two at once could each miss the other's. SQLite allows one
    writer anyway; on PostgreSQL an advisory lock does the same, so the change log's ids also
    commit in order and a reader following it never skips an entry.
    """
    with busy_as_database_busy():
        async with sessions() as session, session.begin():
            if session.get_bind().dialect.name == "sqlite":
                # Deferred, a transaction that reads and then writes fails at once ("database is locked")
                # when another writer got in between; taking the write lock first makes it wait its turn.
                await session.execute(text("BEGIN IMMEDIATE"))
            else:
                await session.execute(select(func.pg_advisory_xact_lock(WRITE_LOCK)))
            yield session


@contextmanager
def busy_as_database_busy() -> Iterator[None]:
    """SQLite's "database is locked", when another process (an import, a backup) held its write lock
    beyond the busy timeout, raised as :class:`DatabaseBusy`."""
    try:
        yield
    except OperationalError as exc:
        if "database is locked" in str(exc.orig):
            raise DatabaseBusy("the database is busy with another write; retry shortly") from None
        raise


_DATA_VERSION = DataVersionRow.__table__
_ADVANCE_VERSION = update(_DATA_VERSION).values(version=_DATA_VERSION.c.version + 1)


async def advance_version(session: WriteSession) -> None:
    """Advance the data version (:meth:`tracker.Tracker.version`): what reads show may have changed."""
    await session.execute(_ADVANCE_VERSION)


async def reader_of(session: WriteSession) -> Reader:
    """A reader that sees what the session's transaction has written so far."""
    return AsyncReader(await session.connection())  # type: ignore[arg-type]


def parse(kind: type[S], value: S | Mapping[str, Any]) -> S:
    """``value`` as a ``kind``, checked as an HTTP body would be: a Struct built in Python
    skips its constraints, so it is encoded and decoded again."""
    try:
        encoded = msgspec.json.encode(value)
        if NUL_ESCAPE in encoded:
            raise InvalidInput(f"{kind.__name__}: text may not contain NUL characters")
        return msgspec.json.decode(encoded, type=kind)
    except msgspec.ValidationError as exc:
        raise InvalidInput(f"{kind.__name__}: {exc}", field=field_of(exc)) from None
    except (TypeError, msgspec.EncodeError) as exc:
        raise InvalidInput(f"{kind.__name__}: {exc}") from None
