"""Bulk inserts. On SQLite, rows go straight to the driver: SQLAlchemy's per-value processing
costs more than SQLite's own work for tens of thousands of rows."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

import msgspec
from sqlalchemy import JSON, Boolean, ColumnDefault, Date, Table, insert

from tracker.db.models import UTCDateTime
from tracker.db.writing import WriteSession


@functools.lru_cache(maxsize=256)
def _sqlite_timestamp(value: dt.datetime | None) -> str | None:
    # Cached: a bulk load stamps every row with the same instant.
    if value is None:
        return None
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _sqlite_json(value: Any) -> str | None:
    if value is None:
        return None
    return "[]" if value == [] else _encode_json(value).decode()


_encode_json = msgspec.json.Encoder().encode


def _sqlite_date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _sqlite_bool(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _sqlite_converter(column_type: Any) -> Callable[[Any], Any] | None:
    # Same storage formats as SQLAlchemy's SQLite dialect, so rows read back identically.
    if isinstance(column_type, UTCDateTime):
        return _sqlite_timestamp
    if isinstance(column_type, JSON):
        return _sqlite_json
    if isinstance(column_type, Date):
        return _sqlite_date
    if isinstance(column_type, Boolean):
        return _sqlite_bool
    return None


async def insert_rows(session: WriteSession, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys) in one executemany."""
    if not rows:
        return
    if session.get_bind().dialect.name != "sqlite":
        await session.execute(insert(table), list(rows))
        return
    names = list(rows[0])
    defaults = {
        column.name: default.arg if default.is_scalar else default.arg(None)
        for column in table.c
        if isinstance(default := column.default, ColumnDefault) and column.name not in rows[0]
    }
    converters = [(index, convert) for index, name in enumerate(names) if (convert := _sqlite_converter(table.c[name].type))]
    constant = [
        value if (convert := _sqlite_converter(table.c[name].type)) is None else convert(value)
        for name, value in defaults.items()
    ]
    take = itemgetter(*names)
    values = []
    for row in rows:
        value = [*take(row), *constant] if len(names) > 1 else [take(row), *constant]
        for index, convert in converters:
            value[index] = convert(value[index])
        values.append(tuple(value))
    columns = ", ".join([*names, *defaults])
    sql = f"INSERT INTO {table.name} ({columns}) VALUES ({', '.join('?' for _ in range(len(names) + len(defaults)))})"
    connection = await session.connection()
    await connection.exec_driver_sql(sql, values)
