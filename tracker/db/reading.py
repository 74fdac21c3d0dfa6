"""Readers: how queries run their SELECTs, without paying an async driver's thread hand-offs on SQLite.

A query takes a :class:`Reader` and gets plain rows back (attribute access by column name),
never ORM objects. On a SQLite file the reader runs each statement synchronously on a
pysqlite connection: a read by primary key takes tens of microseconds, far less than the
hand-off to aiosqlite's thread and back. So that a long read (a full-text search, a briefing,
an export) does not hold up the event loop and every other request with it, :class:`ReadThreads`
runs each whole query in a worker thread: one hand-off per read, none per statement.
Elsewhere (PostgreSQL, in-memory SQLite) the reader awaits the async connection.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from sqlalchemy import Connection, Dialect, Engine, Executable, Result, Row, inspect, select
from sqlalchemy.ext.asyncio import AsyncConnection

P = ParamSpec("P")
T = TypeVar("T")

#: Worker threads (each with its own pysqlite connection) reading at once. Their Python work
#: (rows into entities) holds the GIL, which the event loop needs for every step of a write:
#: measured on 2 cores, 4 threads made writes several times slower than 2 and read no faster.
READ_THREADS = 2


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


class ReadThreads:
    """Runs reads of a SQLite file in worker threads, each read whole on one pysqlite connection.

    A query is an ``async def`` taking a :class:`SyncReader`, whose awaits never wait: the worker
    thread runs it to its end without an event loop, while the caller's loop serves others.
    Each read takes its connection from the pool and gives it back when done, so the next read,
    in whatever thread, sees every write committed before it began.
    """

    def __init__(self, engine: Engine, threads: int = READ_THREADS) -> None:
        self.engine = engine
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="tracker-read")

    async def read(self, query: Callable[Concatenate[Reader, P], Awaitable[T]], *args: P.args, **kwargs: P.kwargs) -> T:
        """What ``query(reader, *args, **kwargs)`` returns (or raises), read in a worker thread."""

        def whole() -> T:
            with self.engine.connect() as connection:
                return run_to_end(query(SyncReader(connection), *args, **kwargs))

        return await self._in_thread(whole)

    async def stream(self, produce: Callable[[Reader], AsyncGenerator[T, None]], batch: int) -> AsyncGenerator[T, None]:
        """What ``produce(reader)`` yields, ``batch`` items per hand-off to a worker thread.

        The connection stays open until the last item, or until the consumer stops early;
        between batches no thread is held."""
        connection = await self._in_thread(self.engine.connect)
        produced = produce(SyncReader(connection))

        def next_batch() -> list[T]:
            items: list[T] = []
            try:
                while len(items) < batch:
                    items.append(run_to_end(produced.__anext__()))
            except StopAsyncIteration:
                pass
            return items

        def close() -> None:
            try:
                run_to_end(produced.aclose())
            finally:
                connection.close()

        try:
            while items := await self._in_thread(next_batch):
                for item in items:
                    yield item
        finally:
            await self._in_thread(close)

    async def _in_thread(self, call: Callable[[], T]) -> T:
        # The context goes along, as with asyncio.to_thread: what is logged names the request.
        context = contextvars.copy_context()
        return await asyncio.get_running_loop().run_in_executor(self._pool, context.run, call)

    def close(self) -> None:
        """Wait for the reads under way, then close the connections."""
        self._pool.shutdown()
        self.engine.dispose()


def run_to_end(step: Awaitable[T]) -> T:
    """The result of a coroutine whose awaits never wait (every one is on a :class:`SyncReader`).

    Raises RuntimeError if it does wait: that needs an event loop, which a worker thread has not."""
    steps = step.__await__()
    try:
        steps.send(None)
    except StopIteration as done:
        return done.value
    steps.close()
    raise RuntimeError("a read on a SyncReader waited for something: it cannot run in a read thread")


async def get_row(reader: Reader, model: type[Any], key: str) -> Row[*tuple[Any, ...]] | None:
    """The row of ``model`` whose primary key is ``key``, or None."""
    (column,) = inspect(model).primary_key
    return (await reader.execute(select(model).where(column == key))).first()
