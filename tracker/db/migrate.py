"""Apply and inspect the Alembic migrations from Python (the CLI and tests use this)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

import tracker_migrations
from tracker.db.search import SEARCHED

MIGRATIONS_DIR = Path(tracker_migrations.__file__).parent

#: The tables SQLite's FTS5 makes for a virtual table: itself and its shadow tables.
_FTS5_TABLES = ("", "_data", "_idx", "_docsize", "_config", "_content")

#: Full-text search machinery the migrations add per backend and the models leave out: FTS5 tables and the
#: table that pauses their triggers on SQLite, the generated ``search_vector`` columns and their indexes on PostgreSQL.
SEARCH_MACHINERY = frozenset(
    {"search_paused", "search_vector"}
    | {f"{table}_fts{shadow}" for table in SEARCHED for shadow in _FTS5_TABLES}
    | {f"ix_{table}_search_vector" for table in SEARCHED}
)


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Whether ``alembic revision --autogenerate`` compares a schema object: everything but the search
    machinery found in the database with no model for it, which autogenerate would otherwise propose to drop."""
    return not (reflected and compare_to is None and name in SEARCH_MACHINERY)


def alembic_config() -> Config:
    """Alembic configured for the migrations shipped in the package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


@cache
def known_revisions() -> frozenset[str]:
    """Every revision this code has a migration for (read once: the scripts do not change while the code runs)."""
    return frozenset(script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions())


def revisions_in_order() -> list[str]:
    """Every revision this code has a migration for, oldest first."""
    return [script.revision for script in reversed(list(ScriptDirectory.from_config(alembic_config()).walk_revisions()))]


def summary(revision: str) -> str:
    """The first line of what a revision's migration says it does."""
    doc = ScriptDirectory.from_config(alembic_config()).get_revision(revision).doc or ""
    return " ".join(doc.strip().split("\n\n")[0].split())


@cache
def head_revision() -> str | None:
    """The revision the code expects the database to be at (read once, as :func:`known_revisions`)."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the database schema up to ``revision``."""

    def run(connection: Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    async with engine.begin() as connection:
        await connection.run_sync(run)


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    """Take the schema back to ``revision`` (``base`` removes everything)."""

    def run(connection: Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, revision)

    async with engine.begin() as connection:
        await connection.run_sync(run)


async def new_revision(message: str, *, engine: AsyncEngine | None = None) -> Path:
    """Write an empty migration after the head, numbered as the others, and return its file. Given the
    ``engine`` of a database at the head, the migration holds what the models add to it (autogenerate)."""
    head = head_revision()
    number = f"{int(head) + 1:04d}" if head and head.isdigit() else None

    def write(connection: Connection | None) -> Path:
        config = alembic_config()
        config.attributes["connection"] = connection
        written = command.revision(config, message=message, autogenerate=connection is not None, rev_id=number)
        script = written[0] if isinstance(written, list) else written
        return Path(script.path) if script is not None else MIGRATIONS_DIR / "versions"

    if engine is None:
        return write(None)
    async with engine.begin() as connection:
        return await connection.run_sync(write)


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at, or ``None`` for an empty database."""
    async with engine.connect() as connection:
        return await connection.run_sync(lambda sync: MigrationContext.configure(sync).get_current_revision())
