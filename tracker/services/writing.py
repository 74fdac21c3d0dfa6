"""One transaction per write, and what every write shares: parsing its input, locking what it changes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import msgspec
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tracker.db.models import Base
from tracker.db.reading import AsyncReader, Reader
from tracker.errors import InvalidInput
from tracker.records import NUL_ESCAPE, field_of

S = TypeVar("S", bound=msgspec.Struct)


@asynccontextmanager
async def write_transaction(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A session in a transaction that commits when the block ends and rolls back on error."""
    async with sessions() as session, session.begin():
        if session.bind.dialect.name == "sqlite":
            # A deferred SQLite transaction that reads and then writes fails at once ("database is
            # locked") when another writer got in between; taking the write lock first makes it wait.
            await session.execute(text("BEGIN IMMEDIATE"))
        yield session


async def lock(session: AsyncSession, model: type[Base], key: Any) -> None:
    """Hold the row ``key`` of ``model`` against other writers until the transaction ends.

    SQLite transactions opened by :func:`write_transaction` already hold the whole database.
    """
    if session.bind.dialect.name != "sqlite":
        column = model.__table__.primary_key.columns[0]
        await session.execute(select(column).where(column == key).with_for_update())


async def reader_of(session: AsyncSession) -> Reader:
    """A reader that sees what the session's transaction has written so far."""
    return AsyncReader(await session.connection())


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
