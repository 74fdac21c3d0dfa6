"""Items keep their text in other languages, and are found by the stems of their words in each.

Adds ``items.texts`` (language code → text) and ``items.search_stems`` (the stems an item is
found by, see :func:`tracker.db.search.search_stems`), works out the stems of every stored
item, and indexes them: on SQLite a new FTS5 table with a column for them; on PostgreSQL a
new ``search_vector`` that also holds the Russian and English texts stemmed in their
language, every text word by word, and the stems.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tracker.db.search import search_stems

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

BATCH = 5000

#: The language codes ``texts`` may hold when this revision was written.
_LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh", "kk", "tg")

#: Text of record in these languages is stemmed on PostgreSQL; anything else is indexed word by word (as in 0001).
_CONFIG = "CASE language WHEN 'ru' THEN 'russian'::regconfig WHEN 'en' THEN 'english'::regconfig ELSE 'simple'::regconfig END"
_OWN_TEXT = "coalesce(title, '') || ' ' || text"
_OTHER_TEXTS = " || ' ' || ".join(f"coalesce(texts->>'{code}', '')" for code in _LANGUAGES)
_VECTOR_0001 = f"to_tsvector({_CONFIG}, {_OWN_TEXT}) || to_tsvector('simple'::regconfig, {_OWN_TEXT})"
_VECTOR_0007 = (
    f"{_VECTOR_0001}"
    " || to_tsvector('russian'::regconfig, coalesce(texts->>'ru', ''))"
    " || to_tsvector('english'::regconfig, coalesce(texts->>'en', ''))"
    f" || to_tsvector('simple'::regconfig, {_OTHER_TEXTS})"
    # The stems as lexemes without positions: sorted side by side, they must not make phrases.
    " || array_to_tsvector(string_to_array(search_stems, ' '))"
)


def upgrade() -> None:
    # Plain ALTER TABLE on both backends: a batch copy of items on SQLite would drop its search triggers.
    op.add_column("items", sa.Column("texts", sa.JSON(), server_default="{}", nullable=False))
    op.add_column("items", sa.Column("search_stems", sa.Text(), server_default="", nullable=False))
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        # Dropped first, so that writing the stems does not compute the old vector once more.
        _drop_postgresql_vector()
    _write_stems(op.get_bind())
    if postgresql:
        _create_postgresql_vector(_VECTOR_0007)
    else:
        _drop_sqlite_search()
        _create_sqlite_search(("title", "text", "search_stems"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _drop_postgresql_vector()
        op.drop_column("items", "search_stems")
        op.drop_column("items", "texts")
        _create_postgresql_vector(_VECTOR_0001)
    else:
        _drop_sqlite_search()
        op.drop_column("items", "search_stems")
        op.drop_column("items", "texts")
        _create_sqlite_search(("title", "text"))


def _write_stems(connection: sa.Connection) -> None:
    """Every stored item's stems (they have no other texts yet)."""
    items = sa.table("items", sa.column("id"), sa.column("title"), sa.column("text"), sa.column("search_stems"))
    update = sa.update(items).where(items.c.id == sa.bindparam("_id")).values(search_stems=sa.bindparam("_stems"))
    last = ""
    while True:
        rows = connection.execute(
            sa.select(items.c.id, items.c.title, items.c.text).where(items.c.id > last).order_by(items.c.id).limit(BATCH)
        ).all()
        if not rows:
            return
        connection.execute(update, [{"_id": row.id, "_stems": search_stems((row.title, row.text), ())} for row in rows])
        last = rows[-1].id


def _drop_postgresql_vector() -> None:
    op.execute("DROP INDEX IF EXISTS ix_items_search_vector")
    op.execute("ALTER TABLE items DROP COLUMN IF EXISTS search_vector")


def _create_postgresql_vector(vector: str) -> None:
    op.execute(f"ALTER TABLE items ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({vector}) STORED")
    op.execute("CREATE INDEX ix_items_search_vector ON items USING gin (search_vector)")


def _drop_sqlite_search() -> None:
    for suffix in ("ai", "ad", "au"):
        op.execute(f"DROP TRIGGER IF EXISTS items_fts_{suffix}")
    op.execute("DROP TABLE IF EXISTS items_fts")


def _create_sqlite_search(columns: tuple[str, ...]) -> None:
    """The items' FTS5 table and its triggers as 0001 made them, over ``columns``, filled from the items."""
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    op.execute(
        f"CREATE VIRTUAL TABLE items_fts USING fts5({cols}, content='items', "
        f"content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')"
    )
    op.execute(
        f"CREATE TRIGGER items_fts_ai AFTER INSERT ON items "
        f"WHEN NOT EXISTS (SELECT 1 FROM search_paused) BEGIN "
        f"INSERT INTO items_fts(rowid, {cols}) VALUES (new.rowid, {new}); END"
    )
    op.execute(
        f"CREATE TRIGGER items_fts_ad AFTER DELETE ON items BEGIN "
        f"INSERT INTO items_fts(items_fts, rowid, {cols}) VALUES ('delete', old.rowid, {old}); END"
    )
    op.execute(
        f"CREATE TRIGGER items_fts_au AFTER UPDATE OF {cols} ON items BEGIN "
        f"INSERT INTO items_fts(items_fts, rowid, {cols}) VALUES ('delete', old.rowid, {old}); "
        f"INSERT INTO items_fts(rowid, {cols}) VALUES (new.rowid, {new}); END"
    )
    op.execute("INSERT INTO items_fts(items_fts) VALUES ('rebuild')")
