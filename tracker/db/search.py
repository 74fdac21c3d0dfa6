"""Full-text search: one interface, FTS5 on SQLite and tsvector on PostgreSQL."""

from __future__ import annotations

import re
from typing import Any, NamedTuple
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import ColumnElement, Select, bindparam, false, func, literal_column, select, text
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession

from tracker.db.reading import Reader

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)(\w+)(\*?)|(\|)')
_WORD = re.compile(r"\w+")


class Term(NamedTuple):
    """One thing to look for: a word, a prefix (``tortur*``) or a phrase (``"fair trial"``)."""

    words: tuple[str, ...]
    prefix: bool = False
    negated: bool = False


def parse_query(query: str) -> list[list[Term]]:
    """A query as alternatives (``OR``) of terms that must all match (``-word`` or ``NOT word``
    must not). Anything else a user types is ignored, so no input can break the search syntax."""
    groups: list[list[Term]] = [[]]
    negate_next = False
    for match in _TOKEN.finditer(query):
        minus_phrase, phrase, minus_word, word, star, bar = match.groups()
        if bar or word == "OR":
            groups.append([])
            continue
        if word == "AND":
            continue
        if word == "NOT":
            negate_next = True
            continue
        if phrase is not None:
            words = tuple(w.lower() for w in _WORD.findall(phrase))
            term = Term(words, negated=bool(minus_phrase) or negate_next) if words else None
        else:
            term = Term((word.lower(),), prefix=bool(star), negated=bool(minus_word) or negate_next)
        negate_next = False
        if term is not None:
            groups[-1].append(term)
    # A group of exclusions alone cannot be searched for; it matches nothing.
    return [group for group in groups if any(not term.negated for term in group)]


def _fts5_term(term: Term) -> str:
    return '"' + " ".join(term.words) + '"' + ("*" if term.prefix else "")


def fts5_expression(groups: list[list[Term]]) -> str:
    """An FTS5 MATCH expression: every word or phrase quoted, prefixes kept."""
    rendered = []
    for group in groups:
        positive = " AND ".join(_fts5_term(t) for t in group if not t.negated)
        negative = "".join(f" NOT {_fts5_term(t)}" for t in group if t.negated)
        rendered.append(f"({positive}{negative})")
    return " OR ".join(rendered)


#: Text search configurations a query is stemmed with on PostgreSQL. Stored vectors hold each
#: text stemmed in its own language and word by word (``simple``), so a word matches in either
#: form and a prefix matches the unstemmed words.
CONFIGS = ("english", "russian", "simple")


def _tsquery(term: Term, position: int) -> ColumnElement[Any]:
    """Any configuration's reading of one term."""
    readings = []
    for config in CONFIGS:
        name = f"fts_{position}_{config}"
        regconfig = literal_column(f"'{config}'::regconfig")
        if len(term.words) > 1:
            readings.append(func.phraseto_tsquery(regconfig, bindparam(name, " ".join(term.words))))
        else:
            readings.append(func.to_tsquery(regconfig, bindparam(name, term.words[0] + (":*" if term.prefix else ""))))
    query = readings[0]
    for reading in readings[1:]:
        query = query.op("||")(reading)
    return query


def tsquery(groups: list[list[Term]]) -> ColumnElement[Any]:
    """The PostgreSQL tsquery of a parsed query."""
    position = 0
    alternatives = []
    for group in groups:
        combined = None
        for term in group:
            reading = _tsquery(term, position)
            position += 1
            if term.negated:
                reading = func.tsquery_not(reading)
            combined = reading if combined is None else combined.op("&&")(reading)
        alternatives.append(combined)
    query = alternatives[0]
    for alternative in alternatives[1:]:
        query = query.op("||")(alternative)
    return query


def matches(table: str, query: str, dialect: Dialect, *, common: bool = False) -> ColumnElement[bool]:
    """A condition true for rows of ``table`` (``items`` or ``actions``) that match ``query``:
    every word, prefix (``tortur*``) or phrase (``"fair trial"``) of a group, none of its
    ``-word`` or ``NOT word``, and any of the groups separated by ``OR``.

    On SQLite, ``common=True`` says the query matches a large share of the rows: the table is
    then read in the order asked for and each row checked, instead of fetching every match and
    sorting them (see :func:`is_common`).
    """
    groups = parse_query(query)
    if not groups:
        return false()
    if dialect.name == "postgresql":
        return literal_column(f"{table}.search_vector").op("@@")(tsquery(groups))
    # A unary + keeps SQLite from driving the query by rowid from the list of matches.
    return literal_column(f"+{table}.rowid" if common else f"{table}.rowid").in_(_fts_matches(table, groups))


def _fts_matches(table: str, groups: list[list[Term]]) -> Select[Any]:
    return (
        select(literal_column("rowid"))
        .select_from(text(f"{table}_fts"))
        .where(text(f"{table}_fts MATCH :fts_query").bindparams(fts_query=fts5_expression(groups)))
    )


#: On SQLite, a query is common when it matches more than one row in this many.
COMMON_SHARE = 50


async def count_matches(reader: Reader, table: str, query: str) -> int:
    """How many rows of ``table`` match ``query``, from the index alone (SQLite)."""
    groups = parse_query(query)
    if not groups:
        return 0
    return (await reader.execute(select(func.count()).select_from(_fts_matches(table, groups).subquery()))).scalar_one()


async def is_common(reader: Reader, table: str, hits: int) -> bool:
    """Whether ``hits`` matches are more than one row in :data:`COMMON_SHARE` of ``table``."""
    highest = (await reader.execute(select(func.max(literal_column("rowid"))).select_from(text(table)))).scalar_one()
    return hits * COMMON_SHARE > (highest or 0)


def relevance(table: str, query: str, dialect: Dialect) -> ColumnElement[Any]:
    """An ordering expression, best matches first, for rows that match ``query``."""
    groups = parse_query(query) or [[Term(("",))]]
    if dialect.name == "postgresql":
        return func.ts_rank(literal_column(f"{table}.search_vector"), tsquery(groups)).desc()
    # bm25 is lower for better matches.
    return (
        select(func.bm25(literal_column(f"{table}_fts")))
        .select_from(text(f"{table}_fts"))
        .where(text(f"{table}_fts MATCH :rank_query AND {table}_fts.rowid = {table}.rowid").bindparams(rank_query=fts5_expression(groups)))
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
