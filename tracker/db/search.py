"""Full-text search: one interface, FTS5 on SQLite and tsvector on PostgreSQL.

Items are found by their words as written and by their stems, in every language they are
written in: ``torture`` finds "tortured", ``пытки`` finds "пыток" and "пытками". The stems
are worked out here, in Python, with the Snowball stemmers, when an item is written
(:func:`search_stems`, stored in ``items.search_stems``) and when a query is read, so both
databases stem alike; PostgreSQL also stems the texts with its own configurations.
"""

from __future__ import annotations

import re
import threading
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any, NamedTuple

import snowballstemmer
from sqlalchemy import ColumnElement, Select, bindparam, false, func, literal_column, select, text
from sqlalchemy.engine import Dialect

from tracker.db.reading import Reader
from tracker.db.writing import WriteSession

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)(\w+)(\*?)|(\|)')
_WORD = re.compile(r"\w+")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_NOT_CONSONANTS = frozenset("аеёиоуыэюяйь")


class _Stems(dict[str, str]):
    """Each word's stem, worked out once: texts have far fewer distinct words than words."""

    #: Distinct words kept; past it the memory starts afresh.
    LIMIT = 200_000

    def __init__(self) -> None:
        super().__init__()
        # Snowball stemmers keep their state between calls: one thread at a time.
        self._lock = threading.Lock()
        self._english = snowballstemmer.stemmer("english")
        self._russian = snowballstemmer.stemmer("russian")

    def __missing__(self, word: str) -> str:
        with self._lock:
            if len(self) >= self.LIMIT:
                self.clear()
            if not _CYRILLIC.search(word):
                stem = self[word] = self._english.stemWord(word)
                return stem
            stem = self._russian.stemWord(word)
            # The o or e of -ок, -ек, -ец comes and goes (пытка, пыток; отец, отца): Snowball keeps it.
            if len(stem) >= 4 and stem[-1] in "кц" and stem[-2] in "оеё" and stem[-3] not in _NOT_CONSONANTS:
                stem = stem[:-2] + stem[-1]
            self[word] = stem
            return stem


_STEMS = _Stems()


class _NewStems(dict[str, frozenset[str]]):
    """The stems of the words in a token (text between spaces: ``torture/ill-treatment,``) that
    are not those words. Texts are read token by token through this memory: most of a text's
    tokens were seen before, so a load stems few words and looks up many tokens."""

    def __missing__(self, token: str) -> frozenset[str]:
        if len(self) >= _Stems.LIMIT:
            self.clear()
        found = self[token] = frozenset(stemmed for word in _WORD.findall(token) if (stemmed := _STEMS[word]) != word)
        return found


_NEW_STEMS = _NewStems()


def stem(word: str) -> str:
    """The stem of a lower-case word: Russian Snowball for Cyrillic words, English for the others."""
    return _STEMS[word]


def search_stems(own: Iterable[str | None], others: Iterable[str]) -> str:
    """The stems an item is found by beyond its own words, once each, separated by spaces.

    ``own`` are the title and text of record, which are indexed word by word anyway: only the
    stems that differ from their words are added (a query looks for a word and its stem).
    ``others`` are the item's texts in other languages, indexed by these stems only.
    """
    found = frozenset().union(*map(_NEW_STEMS.__getitem__, " ".join(filter(None, own)).lower().split()))
    for written in others:
        found |= frozenset(map(_STEMS.__getitem__, _WORD.findall(written.lower())))
    return " ".join(sorted(found))


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


def _stem_of(term: Term) -> str | None:
    """The stem a word is also looked for by; prefixes and phrases match the words as written."""
    if term.prefix or len(term.words) != 1:
        return None
    stemmed = stem(term.words[0])
    return stemmed if stemmed != term.words[0] else None


def _fts5_term(term: Term, stemmed: bool) -> str:
    quoted = '"' + " ".join(term.words) + '"' + ("*" if term.prefix else "")
    if stemmed and len(term.words) > 1:
        # The stems stand side by side in alphabetical order: a phrase is looked for in the texts only.
        return "-{search_stems} : " + quoted
    stem_of = _stem_of(term) if stemmed else None
    return f'({quoted} OR "{stem_of}")' if stem_of else quoted


def fts5_expression(groups: list[list[Term]], *, stemmed: bool = False) -> str:
    """An FTS5 MATCH expression: every word or phrase quoted, prefixes kept; with ``stemmed``,
    a word also matches its stem (in ``search_stems`` or written as it is)."""
    rendered = []
    for group in groups:
        positive = " AND ".join(_fts5_term(t, stemmed) for t in group if not t.negated)
        negative = "".join(f" NOT {_fts5_term(t, stemmed)}" for t in group if t.negated)
        rendered.append(f"({positive}{negative})")
    return " OR ".join(rendered)


#: Text search configurations a query is stemmed with on PostgreSQL. Stored vectors hold each
#: text stemmed in its own language and word by word (``simple``), so a word matches in either
#: form and a prefix matches the unstemmed words; items' vectors also hold their ``search_stems``.
CONFIGS = ("english", "russian", "simple")


def _tsquery(term: Term, position: int, stemmed: bool) -> ColumnElement[Any]:
    """Any configuration's reading of one term, and with ``stemmed`` its stem as Python stems it."""
    stem_of = _stem_of(term) if stemmed else None
    readings: list[ColumnElement[Any]] = (
        [func.to_tsquery(literal_column("'simple'::regconfig"), bindparam(f"fts_{position}_stem", stem_of))] if stem_of else []
    )
    for config in CONFIGS:
        name = f"fts_{position}_{config}"
        regconfig: ColumnElement[Any] = literal_column(f"'{config}'::regconfig")
        if len(term.words) > 1:
            readings.append(func.phraseto_tsquery(regconfig, bindparam(name, " ".join(term.words))))
        else:
            readings.append(func.to_tsquery(regconfig, bindparam(name, term.words[0] + (":*" if term.prefix else ""))))
    query = readings[0]
    for reading in readings[1:]:
        query = query.op("||")(reading)
    return query


def tsquery(groups: list[list[Term]], *, stemmed: bool = False) -> ColumnElement[Any]:
    """The PostgreSQL tsquery of a parsed query (``stemmed``: also by the words' stems)."""
    position = 0
    alternatives: list[ColumnElement[Any]] = []
    for group in groups:
        combined: ColumnElement[Any] | None = None
        for term in group:
            reading = _tsquery(term, position, stemmed)
            position += 1
            if term.negated:
                reading = func.tsquery_not(reading)
            combined = reading if combined is None else combined.op("&&")(reading)
        assert combined is not None, "parse_query keeps no empty group"
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
        return literal_column(f"{table}.search_vector").op("@@")(tsquery(groups, stemmed=table in STEMMED))
    # A unary + keeps SQLite from driving the query by rowid from the list of matches.
    return literal_column(f"+{table}.rowid" if common else f"{table}.rowid").in_(_fts_matches(table, groups))


def _fts_matches(table: str, groups: list[list[Term]]) -> Select[Any]:
    return (
        select(literal_column("rowid"))
        .select_from(text(f"{table}_fts"))
        .where(text(f"{table}_fts MATCH :fts_query").bindparams(fts_query=fts5_expression(groups, stemmed=table in STEMMED)))
    )


#: On SQLite, a query is common when it matches more than one row in this many.
COMMON_SHARE = 50


async def count_matches(reader: Reader, table: str, query: str) -> int:
    """How many rows of ``table`` match ``query``, from the index alone (SQLite)."""
    groups = parse_query(query)
    if not groups:
        return 0
    counted = _COUNTS.get(table)
    if counted is None:
        counted = _COUNTS[table] = select(func.count()).select_from(_fts_matches(table, groups).subquery())
    return (await reader.execute(counted, {"fts_query": fts5_expression(groups, stemmed=table in STEMMED)})).scalar_one()


#: Statements built once, by table: SQLAlchemy reuses their compiled SQL without working out again what they are.
_COUNTS: dict[str, Select[Any]] = {}
_HIGHEST: dict[str, Select[tuple[Any]]] = {
    table: select(func.max(literal_column("rowid"))).select_from(text(table)) for table in ("items", "actions")
}


async def is_common(reader: Reader, table: str, hits: int) -> bool:
    """Whether ``hits`` matches are more than one row in :data:`COMMON_SHARE` of ``table``."""
    highest = (await reader.execute(_HIGHEST[table])).scalar_one()
    return hits * COMMON_SHARE > (highest or 0)


def sqlite_match_values(table: str, query: str) -> dict[str, str] | None:
    """On SQLite, the values that :func:`matches` and :func:`relevance` bind for ``query`` (``fts_query``,
    ``rank_query``): their SQL is the same for every query that finds anything, so a statement made
    with them can be run again with these. None for a query that can find nothing."""
    groups = parse_query(query)
    if not groups:
        return None
    expression = fts5_expression(groups, stemmed=table in STEMMED)
    return {"fts_query": expression, "rank_query": expression}


def relevance(table: str, query: str, dialect: Dialect) -> ColumnElement[Any]:
    """An ordering expression, best matches first, for rows that match ``query``."""
    groups = parse_query(query) or [[Term(("",))]]
    if dialect.name == "postgresql":
        return func.ts_rank(literal_column(f"{table}.search_vector"), tsquery(groups, stemmed=table in STEMMED)).desc()
    # bm25 is lower for better matches.
    return (
        select(func.bm25(literal_column(f"{table}_fts")))
        .select_from(text(f"{table}_fts"))
        .where(
            text(f"{table}_fts MATCH :rank_query AND {table}_fts.rowid = {table}.rowid").bindparams(
                rank_query=fts5_expression(groups, stemmed=table in STEMMED)
            )
        )
        .scalar_subquery()
    )


#: Searched tables and the columns their text comes from (as in the migrations).
SEARCHED = {"items": ("title", "text", "search_stems"), "actions": ("title", "description")}
#: Loads of fewer rows than this are indexed row by row, as they are inserted (see :func:`bulk_indexing`).
BULK_INDEXING_FROM = 1000
#: Tables whose rows are also found by the stems of their words.
STEMMED = frozenset({"items"})


@asynccontextmanager
async def bulk_indexing(session: WriteSession, *, rows: int) -> AsyncIterator[None]:
    """Index the rows inserted inside the block in one pass at its end, if they may be many
    (``rows`` at most, :data:`BULK_INDEXING_FROM` at least).

    On SQLite the row-by-row insert triggers are dropped for the block and made again from their
    stored definitions at its end, in the same transaction: a trigger costs each inserted row
    about 20 µs even when it does nothing, and indexing in one pass is about five times faster.
    A few rows (a recorded action) are left to the triggers: dropping and making them again
    changes the schema, which every connection then reads again. PostgreSQL computes its search
    columns itself. Rows inserted in the block must not have their searched text changed in the
    same block.
    """
    if rows < BULK_INDEXING_FROM or session.get_bind().dialect.name != "sqlite":
        yield
        return
    before = {
        table: (await session.execute(text(f"SELECT coalesce(max(rowid), 0) FROM {table}"))).scalar_one() for table in SEARCHED
    }
    triggers = (
        await session.execute(
            text(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({', '.join(f':{t}' for t in SEARCHED)})"
            ),
            {table: f"{table}_fts_ai" for table in SEARCHED},
        )
    ).all()
    for name, _sql in triggers:
        await session.execute(text(f"DROP TRIGGER {name}"))
    yield
    for table, columns in SEARCHED.items():
        cols = ", ".join(columns)
        await session.execute(
            text(f"INSERT INTO {table}_fts (rowid, {cols}) SELECT rowid, {cols} FROM {table} WHERE rowid > :before"),
            {"before": before[table]},
        )
    for _name, sql in triggers:
        await (await session.connection()).exec_driver_sql(sql)
