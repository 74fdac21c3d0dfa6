"""Writers: what a write transaction runs its statements on, and how it runs on a SQLite file.

The services write through a :class:`WriteSession`: an :class:`~sqlalchemy.ext.asyncio.AsyncSession`
is one. Over aiosqlite each statement is several hand-offs between the event loop and the driver's
thread (an action recorded takes about 250), and while read threads hold the interpreter each
hand-off waits its turn, so a write slowed down ten times beside four readers. On a SQLite file
:class:`WriteThread` instead runs the whole write in a thread of its own on a synchronous session,
seen through :class:`ImmediateSession`, whose awaits never wait: one hand-off per write.
Writes change no ORM object they hold (they write with INSERT, UPDATE and DELETE statements), so
an ImmediateSession runs each statement that neither answers with mapped objects nor updates them
on its connection, past the session's bookkeeping, which costs about as much as the rest of a
prepared statement's run.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Awaitable, Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from sqlalchemy import Connection, Dialect, Engine, Executable, Result, Select
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import UpdateBase

from tracker.db.reading import run_to_end

P = ParamSpec("P")
T = TypeVar("T")


class WriteConnection(Protocol):
    """The connection under a write session (:meth:`WriteSession.connection`)."""

    @property
    def dialect(self) -> Dialect: ...

    async def execute(self, statement: Executable, parameters: Any = None, /) -> Result[Any]: ...

    async def exec_driver_sql(self, statement: str, parameters: Any = None, /) -> Result[Any]: ...


class WriteSession(Protocol):
    """What a write runs its statements on: an AsyncSession, or an :class:`ImmediateSession`."""

    async def execute(self, statement: Executable, params: Any = None, /) -> Result[*tuple[Any, ...]]: ...

    def get_bind(self) -> Engine | Connection: ...

    async def connection(self) -> WriteConnection: ...


class ImmediateConnection:
    """A synchronous connection with an async connection's face: each await completes at once."""

    def __init__(self, connection: Connection) -> None:
        self.sync_connection = connection
        self.dialect = connection.dialect

    async def execute(self, statement: Executable, parameters: Any = None, /) -> Result[Any]:
        return self.sync_connection.execute(statement, parameters)

    async def exec_driver_sql(self, statement: str, parameters: Any = None, /) -> Result[Any]:
        return self.sync_connection.exec_driver_sql(statement, parameters)


class ImmediateSession:
    """A synchronous session with an async session's face: each await completes at once, so a
    write written for :class:`WriteSession` runs to its end in one thread (see :func:`run_to_end`)."""

    def __init__(self, session: Session) -> None:
        self.sync_session = session

    async def execute(
        self, statement: Executable, params: Mapping[str, Any] | Sequence[Any] | None = None, /
    ) -> Result[*tuple[Any, ...]]:
        session = self.sync_session
        if _needs_orm(statement) or session.new or session.dirty or session.deleted:
            return session.execute(statement, params)
        return session.connection().execute(statement, params)

    def get_bind(self) -> Engine | Connection:
        return self.sync_session.get_bind()

    async def connection(self) -> ImmediateConnection:
        return ImmediateConnection(self.sync_session.connection())


def _needs_orm(statement: Executable) -> bool:
    """Whether ``statement`` must run through the session: it answers with mapped objects, or it
    is an ORM INSERT, UPDATE or DELETE, which keeps the objects the session holds in step."""
    if isinstance(statement, Select):
        # A mapped class selected whole is a table among the columns (its attributes are columns);
        # asking column_descriptions instead would cost as much as the session's bookkeeping saved.
        return any(column.is_selectable and "parententity" in column._annotations for column in statement._raw_columns)
    if isinstance(statement, UpdateBase):
        return statement.entity_description.get("entity") is not None
    return False


class WriteThread:
    """Runs write transactions on a SQLite file in a thread of its own, each whole in one hand-off."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="tracker-write")

    async def write(
        self,
        change: Callable[Concatenate[ImmediateSession, P], Awaitable[T]],
        finish: Callable[[ImmediateSession], Awaitable[object]] | None,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """What ``change(session, *args, **kwargs)`` returns, run in one transaction that commits
        when it returns (after ``finish(session)``) and rolls back if it raises."""

        def whole() -> T:
            with Session(self.engine) as session, session.begin():
                # Deferred, a transaction that reads and then writes fails at once ("database is locked")
                # when another writer got in between; taking the write lock first makes it wait its turn.
                session.connection().exec_driver_sql("BEGIN IMMEDIATE")
                immediate = ImmediateSession(session)
                result = run_to_end(change(immediate, *args, **kwargs))
                if finish is not None:
                    run_to_end(finish(immediate))
                return result

        context = contextvars.copy_context()
        return await asyncio.get_running_loop().run_in_executor(self._thread, context.run, whole)

    def close(self) -> None:
        """Wait for the write under way."""
        self._thread.shutdown()
