"""Engines: SQLite (WAL, foreign keys on) by default, PostgreSQL through asyncpg."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec
from sqlalchemy import Engine, event
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from tracker.errors import InvalidInput

_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg", "postgres": "postgresql+asyncpg"}


def async_url(url: str) -> str:
    """The URL with an async driver: ``sqlite:///x.db`` → ``sqlite+aiosqlite:///x.db``."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise InvalidInput(f"{url!r} is not a database URL (try sqlite+aiosqlite:///tracker.db)", field="database_url") from None
    driver = _ASYNC_DRIVERS.get(parsed.drivername)
    if driver is not None:
        parsed = parsed.set(drivername=driver)
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise InvalidInput(
            f"{parsed.get_backend_name()!r} databases are not supported (SQLite or PostgreSQL)", field="database_url"
        )
    return parsed.render_as_string(hide_password=False)


def sqlite_file(url: str) -> Path | None:
    """The file that holds the SQLite database at ``url``, as an absolute path (it may not exist
    yet); None for PostgreSQL and for an in-memory SQLite database. A URL that names no supported
    database is :class:`~tracker.errors.InvalidInput`, as :func:`async_url` says."""
    parsed = make_url(async_url(url))
    if parsed.get_backend_name() != "sqlite" or _in_memory(parsed):
        return None
    database = parsed.database or ""
    if database.startswith("file:"):
        database = database.removeprefix("file:").split("?")[0]
    return Path(database).absolute()


def _in_memory(url: URL) -> bool:
    return url.database in (None, "", ":memory:") or url.query.get("mode") == "memory"


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # 32 MiB of page cache (the default is 2 MiB): bulk loads and indexes stay in memory.
    cursor.execute("PRAGMA cache_size=-32768")
    cursor.close()


def create_engine(url: str, **options: Any) -> AsyncEngine:
    """An async engine for ``url``, with the tracker's connection settings."""
    options.setdefault("json_serializer", _json_dumps)
    options.setdefault("json_deserializer", msgspec.json.decode)
    engine = create_async_engine(async_url(url), **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _on_sqlite_connect)
    return engine


def read_engine(engine: AsyncEngine) -> Engine | None:
    """For a SQLite file, a synchronous engine on the same file for reads (see
    :mod:`tracker.db.reading`); None for other databases and in-memory SQLite."""
    url = engine.url
    if url.get_backend_name() != "sqlite" or _in_memory(url):
        return None
    sync = create_sync_engine(
        url.set(drivername="sqlite+pysqlite"),
        connect_args={"check_same_thread": False},
        json_serializer=_json_dumps,
        json_deserializer=msgspec.json.decode,
    )
    event.listen(sync, "connect", _on_sqlite_connect)
    return sync


def _json_dumps(value: Any) -> str:
    return msgspec.json.encode(value).decode()
