"""Full-text search: one interface, FTS5 on SQLite and tsvector on PostgreSQL."""

from __future__ import annotations

import re
from typing import Any
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import ColumnElement, bindparam, false, func, literal_column, select, text
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


#: Text search configurations a query is stemmed with on PostgreSQL. Stored vectors hold each
#: text stemmed in its own language and word by word (``simple``), so a word matches in either
#: form and a prefix matches the unstemmed words.
CONFIGS = ("english", "russian", "simple")


def _tsquery(word: str, prefix: bool, position: int) -> ColumnElement[Any]:
    """Any configuration's reading of one query word."""
    term = word + (":*" if prefix else "")
    readings = [
        func.to_tsquery(literal_column(f"'{config}'::regconfig"), bindparam(f"fts_{position}_{config}", term))
        for config in CONFIGS
    ]
    query = readings[0]
    for reading in readings[1:]:
        query = query.op("||")(reading)
    return query


def matches(table: str, query: str, dialect: Dialect) -> ColumnElement[bool]:
    """A condition true for rows of ``table`` (``items`` or ``actions``) containing every word of
    ``query``; a word ending in ``*`` is a prefix."""
    terms = query_terms(query)
    if not terms:
        return false()
    if dialect.name == "postgresql":
        combined = _tsquery(*terms[0], 0)
        for position, (word, prefix) in enumerate(terms[1:], start=1):
            combined = combined.op("&&")(_tsquery(word, prefix, position))
        return literal_column(f"{table}.search_vector").op("@@")(combined)
    matching = (
        select(literal_column("rowid"))
        .select_from(text(f"{table}_fts"))
        .where(text(f"{table}_fts MATCH :fts_query").bindparams(fts_query=fts5_expression(terms)))
    )
    return literal_column(f"{table}.rowid").in_(matching)


def relevance(table: str, query: str, dialect: Dialect) -> ColumnElement[Any]:
    """An ordering expression, best matches first, for rows that match ``query``."""
    terms = query_terms(query)
    if dialect.name == "postgresql":
        combined = _tsquery(*terms[0], 0) if terms else func.to_tsquery("")
        for position, (word, prefix) in enumerate(terms[1:], start=1):
            combined = combined.op("&&")(_tsquery(word, prefix, position))
        return func.ts_rank(literal_column(f"{table}.search_vector"), combined).desc()
    # bm25 is lower for better matches.
    return (
        select(func.bm25(literal_column(f"{table}_fts")))
        .select_from(text(f"{table}_fts"))
        .where(text(f"{table}_fts MATCH :rank_query AND {table}_fts.rowid = {table}.rowid").bindparams(rank_query=fts5_expression(terms)))
        .scalar_subquery()
    )


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
