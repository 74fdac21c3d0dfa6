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
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from sqlalchemy import Connection, Dialect, Engine, Executable, Result, Row, inspect, select
from sqlalchemy.engine import IteratorResult
from sqlalchemy.engine.result import SimpleResultMetaData
from sqlalchemy.ext.asyncio import AsyncConnection

P = ParamSpec("P")
T = TypeVar("T")

#: Worker threads (each with its own pysqlite connection) reading at once. Their Python work
#: (rows into entities) holds the GIL, which the event loop needs for every step of a write:
#: measured on 2 cores, 4 threads made writes several times slower than 2 and read no faster.
READ_THREADS = 2


class Prepared:
    """A statement that runs often (an item's parts, a list's page), with its values bound by name.

    On pysqlite and asyncpg its SQL, the order of its parameters and the conversion of each result
    column are worked out once, and each run goes straight to the driver: SQLAlchemy's own path
    (cache key, compiled-statement context, cursor result) costs several times what SQLite does for
    a read by key. Anywhere else, and for a statement with a list of values to expand, it runs as
    the statement it wraps.
    """

    __slots__ = ("statement", "_plan")

    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        self._plan: _Plan | None = None

    def run(self, connection: Connection, params: Mapping[str, Any] | None) -> Result[*tuple[Any, ...]]:
        """The rows of the statement on ``connection``, a pysqlite one or any other."""
        plan = self._plan_for(connection.dialect, "pysqlite")
        if plan is None:
            return connection.execute(self.statement, params)
        cursor = connection.connection.driver_connection.execute(plan.sql, plan.values(params))  # type: ignore[union-attr]
        return plan.result(cursor.fetchall())

    async def run_async(self, connection: AsyncConnection, params: Mapping[str, Any] | None) -> Result[*tuple[Any, ...]]:
        """The rows of the statement on ``connection``, an asyncpg one or any other."""
        plan = self._plan_for(connection.dialect, "asyncpg")
        if plan is None:
            return await connection.execute(self.statement, params)
        raw = await connection.get_raw_connection()
        records = await raw.driver_connection.fetch(plan.sql, *plan.values(params))  # type: ignore[union-attr]
        return plan.result(records)

    def _plan_for(self, dialect: Dialect, driver: str) -> _Plan | None:
        if dialect.driver != driver:
            return None
        plan = self._plan
        if plan is None or plan.dialect is not dialect:
            plan = self._plan = _Plan(self.statement, dialect)
        return plan if plan.direct else None


class _Plan:
    """What a :class:`Prepared` statement needs to run on one dialect's driver directly."""

    def __init__(self, statement: Executable, dialect: Dialect) -> None:
        self.dialect = dialect
        compiled = statement.compile(dialect=dialect)  # type: ignore[attr-defined]
        self.compiled = compiled
        self.direct = bool(
            compiled.positional
            and not compiled.literal_execute_params
            and not compiled.post_compile_params
            and not any(bind.expanding for bind in compiled.binds.values())
        )
        self.sql = compiled.string
        self.names = tuple(compiled.positiontup or ())
        self.binders = compiled._bind_processors
        self.metadata = SimpleResultMetaData([key for key, _name, _objects, _type in compiled._result_columns])
        self.processors = [
            (index, processor)
            for index, (_key, _name, _objects, kind) in enumerate(compiled._result_columns)
            if (processor := kind._cached_result_processor(dialect, None)) is not None
        ]

    def result(self, rows: Sequence[Sequence[Any]]) -> Result[*tuple[Any, ...]]:
        """The driver's rows as SQLAlchemy would give them: each column converted by its type."""
        if self.processors:
            rows = [self._processed(row) for row in rows]
        return IteratorResult(self.metadata, iter(rows))

    def _processed(self, row: Sequence[Any]) -> list[Any]:
        values = list(row)
        for index, processor in self.processors:
            values[index] = processor(values[index])
        return values

    def values(self, params: Mapping[str, Any] | None) -> list[Any]:
        bound = self.compiled.construct_params(params)
        binders = self.binders
        return [binders[name](bound[name]) if name in binders else bound[name] for name in self.names]


class Reader(Protocol):
    """Runs read-only statements; rows come back as :class:`sqlalchemy.Row` (``row.id``, ``row.title``)."""

    @property
    def dialect(self) -> Dialect: ...

    async def execute(
        self, statement: Executable | Prepared, params: Mapping[str, Any] | None = None
    ) -> Result[*tuple[Any, ...]]: ...

    def stream(self, statement: Executable, size: int) -> AsyncIterator[Sequence[Row[*tuple[Any, ...]]]]:
        """The rows of ``statement``, ``size`` at a time, without holding them all in memory."""
        ...


class SyncReader:
    """A reader over a synchronous connection: each statement runs in the calling thread."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.dialect = connection.dialect

    async def execute(
        self, statement: Executable | Prepared, params: Mapping[str, Any] | None = None
    ) -> Result[*tuple[Any, ...]]:
        if isinstance(statement, Prepared):
            return statement.run(self.connection, params)
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

    async def execute(
        self, statement: Executable | Prepared, params: Mapping[str, Any] | None = None
    ) -> Result[*tuple[Any, ...]]:
        if isinstance(statement, Prepared):
            statement = statement.statement
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
        self._here: Connection | None = None

    @contextmanager
    def here(self) -> Iterator[SyncReader]:
        """A reader whose statements run in the calling thread, for quick reads by key on the event loop.

        Its connection is kept from one read to the next (taking one from the pool costs more than
        reading an item by key); it holds no transaction between reads, so each read sees every write
        committed before it began."""
        connection = self._here
        if connection is None or connection.closed or connection.invalidated:
            connection = self._here = self.engine.connect()
        try:
            yield SyncReader(connection)
        finally:
            if connection.invalidated:
                self._here = None
                connection.close()
            elif connection.in_transaction():
                connection.rollback()

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
        if self._here is not None:
            self._here.close()
        self.engine.dispose()


def run_to_end(step: Awaitable[T]) -> T:
    """The result of a coroutine whose awaits never wait (every one is on a :class:`SyncReader`, or on
    an :class:`~tracker.db.writing.ImmediateSession`).

    Raises RuntimeError if it does wait: that needs an event loop, which a worker thread has not."""
    steps = step.__await__()
    try:
        steps.send(None)
    except StopIteration as done:
        return done.value
    steps.close()
    raise RuntimeError("a read or write waited for something other than the database: it cannot run in a worker thread")


async def get_row(reader: Reader, model: type[Any], key: str) -> Row[*tuple[Any, ...]] | None:
    """The row of ``model`` whose primary key is ``key``, or None."""
    (column,) = inspect(model).primary_key
    return (await reader.execute(select(model).where(column == key))).first()
