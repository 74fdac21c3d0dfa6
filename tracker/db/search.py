"""Full-text search: one interface, FTS5 on SQLite and tsvector on PostgreSQL."""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, false, literal_column, or_, select, text
from sqlalchemy.engine import Dialect

_WORD = re.compile(r"(\w+)(\*?)")


def query_terms(query: str) -> list[tuple[str, bool]]:
    """The words of a query and whether each is a prefix (``tortur*``); all else is ignored,
    so no character a user types can break the search syntax."""
    return [(word.lower(), bool(star)) for word, star in _WORD.findall(query)]


def fts5_expression(terms: list[tuple[str, bool]]) -> str:
    return " ".join(f'"{word}"' + ("*" if prefix else "") for word, prefix in terms)


def tsquery_expression(terms: list[tuple[str, bool]]) -> str:
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
