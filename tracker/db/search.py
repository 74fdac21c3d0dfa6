"""Full-text search: one interface, FTS5 on SQLite and tsvector on PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import ColumnElement, false, literal_column, or_, select, text
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession

_WORD = re.compile(r"(\w+)(\*?)")


def query_terms(query: str) -> list[tuple[str, bool]]:
    """The words of a query and whether each is a prefix (``tortur*``); all else is ignored,
    so no character a user types can break the search syntax."""
    return [(word.lower(), bool(star)) for word, star in _WORD.findall(query)]


def fts5_expression(terms: list[tuple[str, bool]]) -> str:
    """An FTS5 MATCH expression: every word quoted, prefixes kept."""
    return " ".join(f'"{word}"' + ("*" if prefix else "") for word, prefix in terms)


def tsquery_expression(terms: list[tuple[str, bool]]) -> str:
    """A PostgreSQL tsquery: every word required, prefixes kept."""
    return " & ".join(word + (":*" if prefix else "") for word, prefix in terms)


def matches(table: str, query: str, dialect: Dialect) -> ColumnElement[bool]:
    """A condition true for rows of ``table`` (``items`` or ``actions``) whose text matches."""
    terms = query_terms(query)
    if not terms:
        return false()
    if dialect.name == "postgresql":
        vector = literal_column(f"{table}.search_vector")
        expression = tsquery_expression(terms)
        return or_(
            *(
                vector.op("@@")(text(f"to_tsquery('{config}'::regconfig, :q_{config})").bindparams(**{f"q_{config}": expression}))
                for config in ("english", "russian", "simple")
            )
        )
    matching = (
        select(literal_column("rowid"))
        .select_from(text(f"{table}_fts"))
        .where(text(f"{table}_fts MATCH :fts_query").bindparams(fts_query=fts5_expression(terms)))
    )
    return literal_column(f"{table}.rowid").in_(matching)


#: Searched tables and the columns their text comes from (as in the migrations).
SEARCHED = {"items": ("title", "text"), "actions": ("title", "description")}


@asynccontextmanager
async def bulk_indexing(session: AsyncSession) -> AsyncIterator[None]:
    """Index the rows inserted inside the block in one pass at its end.

    On SQLite this replaces the row-by-row insert triggers for the block (about five times
    faster for large loads); PostgreSQL computes its search columns itself. Rows inserted in
    the block must not have their searched text changed in the same block.
    """
    if session.bind.dialect.name != "sqlite":
        yield
        return
    before = {
        table: (await session.execute(text(f"SELECT coalesce(max(rowid), 0) FROM {table}"))).scalar_one()
        for table in SEARCHED
    }
    await session.execute(text("INSERT INTO search_paused (paused) VALUES (1)"))
    yield
    for table, columns in SEARCHED.items():
        cols = ", ".join(columns)
        await session.execute(
            text(f"INSERT INTO {table}_fts (rowid, {cols}) SELECT rowid, {cols} FROM {table} WHERE rowid > :before"),
            {"before": before[table]},
        )
    await session.execute(text("DELETE FROM search_paused"))
