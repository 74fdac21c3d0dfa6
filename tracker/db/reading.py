"""Readers: how queries run their SELECTs, without paying an async driver's thread hand-offs on SQLite.

A query takes a :class:`Reader` and gets plain rows back (attribute access by column name),
never ORM objects. On a SQLite file the reader runs each statement synchronously on a
pysqlite connection in the calling thread: a read by primary key takes tens of
microseconds, far less than the hand-off to aiosqlite's thread and back. Elsewhere
(PostgreSQL, in-memory SQLite) it awaits the async connection.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any, Protocol

from sqlalchemy import Connection, Dialect, Executable, Result, Row, inspect, select
from sqlalchemy.ext.asyncio import AsyncConnection


class Reader(Protocol):
    """Runs read-only statements; rows come back as :class:`sqlalchemy.Row` (``row.id``, ``row.title``)."""

    @property
    def dialect(self) -> Dialect: ...

    async def execute(self, statement: Executable, params: Mapping[str, Any] | None = None) -> Result[*tuple[Any, ...]]: ...

    def stream(self, statement: Executable, size: int) -> AsyncIterator[Sequence[Row[*tuple[Any, ...]]]]:
        """The rows of ``statement``, ``size`` at a time, without holding them all in memory."""
        ...


class SyncReader:
    """A reader over a synchronous connection: each statement runs in the calling thread."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.dialect = connection.dialect

    async def execute(self, statement: Executable, params: Mapping[str, Any] | None = None) -> Result[*tuple[Any, ...]]:
        return self.connection.execute(statement, params)

    async def stream(self, statement: Executable, size: int) -> AsyncIterator[Sequence[Row[*tuple[Any, ...]]]]:
        result = self.connection.execute(statement.execution_options(yield_per=size))
        for partition in result.partitions():
            yield partition


class AsyncReader:
    """A reader over an async connection (asyncpg, aiosqlite)."""

    def __init__(self, connection: AsyncConnection) -> None:
        self.connection = connection
        self.dialect = connection.dialect

    async def execute(self, statement: Executable, params: Mapping[str, Any] | None = None) -> Result[*tuple[Any, ...]]:
        return await self.connection.execute(statement, params)

    async def stream(self, statement: Executable, size: int) -> AsyncIterator[Sequence[Row[*tuple[Any, ...]]]]:
        result = await self.connection.stream(statement.execution_options(yield_per=size))
        async for partition in result.partitions():
            yield partition


async def get_row(reader: Reader, model: type[Any], key: str) -> Row[*tuple[Any, ...]] | None:
    """The row of ``model`` whose primary key is ``key``, or None."""
    (column,) = inspect(model).primary_key
    return (await reader.execute(select(model).where(column == key))).first()
