"""Backing up a tracker database and restoring a backup.

SQLite is copied with its online backup API: one consistent moment of the database while the
service goes on reading and writing (WAL). PostgreSQL is dumped with ``pg_dump --format=custom``
and restored with ``pg_restore``; the tracker runs those tools rather than doing their work.

Neither a backup nor a restore leaves anything half-written: a backup is written to a hidden
file beside its path and renamed into place when complete; a restore replaces the database in
one transaction.
"""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from msgspec import Struct
from sqlalchemy import text
from sqlalchemy.engine import URL, make_url

from tracker.db import migrate
from tracker.db.engine import async_url, create_engine, sqlite_file
from tracker.db.models import Base
from tracker.errors import InvalidInput, TrackerError
from tracker.files import partial_beside, refuse_unless_regular

#: The first bytes of every SQLite database file.
_SQLITE_HEADER = b"SQLite format 3\x00"


class BackupInfo(Struct, frozen=True, kw_only=True):
    """What a backup, or a database just restored, holds."""

    path: str
    #: The schema revision (the Alembic migration) it is at.
    revision: str
    #: How many follow-up items it holds.
    items: int
    #: Its size in bytes.
    size: int


class ToolMissing(TrackerError):
    """A PostgreSQL client program (``pg_dump``, ``pg_restore``) is not on PATH; the message gives
    the command to run where it is."""


async def backup(url: str, path: str | Path, *, force: bool = False) -> BackupInfo:
    """Write a consistent copy of the database at ``url`` to the file ``path`` and say what it holds.

    A SQLite database is copied as a SQLite file while the service keeps running; a PostgreSQL
    one is dumped by ``pg_dump --format=custom``. An existing ``path`` is refused unless ``force``;
    a path that is not a regular file (a symlink, a folder, a FIFO, a device) always is.
    """
    target = Path(path)
    _check_target(target, force=force)
    database = _database_file(url)
    if database is not None:
        if not database.is_file():
            raise InvalidInput(f"no database at {database}: nothing to back up")
        _check_not_the_database(target, database)
        return await asyncio.to_thread(_backup_sqlite, database, target, force)
    return await _backup_postgres(url, target, force)


async def restore(url: str, path: str | Path) -> BackupInfo:
    """Replace everything in the database at ``url`` with what the backup ``path`` holds, in one
    transaction, and say what the database holds now.

    The backup must be a tracker database at a revision this code knows (one made by a newer
    version is refused); what the database held before is lost.
    """
    source = Path(path)
    database = _database_file(url)
    if database is not None:
        _check_not_the_database(source, database)
        return await asyncio.to_thread(_restore_sqlite, source, database)
    return await _restore_postgres(url, source)


def read_backup(path: str | Path) -> BackupInfo:
    """What a SQLite backup holds; :class:`~tracker.errors.InvalidInput` unless it is a sound
    tracker database at a revision this code knows."""
    source = Path(path)
    _check_regular(source)
    with source.open("rb") as handle:
        if handle.read(len(_SQLITE_HEADER)) != _SQLITE_HEADER:
            raise InvalidInput(f"{source} is not a tracker database (not a SQLite file)")
    try:
        with closing(sqlite3.connect(f"{source.absolute().as_uri()}?mode=ro", uri=True)) as connection:
            tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"alembic_version", "items"} <= tables:
                raise InvalidInput(f"{source} is not a tracker database (it has no tracker tables)")
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            _check_revision(source, revision[0] if revision else None)
            if revision[0] == migrate.head_revision():
                missing = sorted(set(Base.metadata.tables) - tables)
                if missing:
                    raise InvalidInput(f"{source} is not a whole tracker database: it has no table {', '.join(missing)}")
            problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise InvalidInput(f"{source} is damaged: {problems[0]}")
            return _describe(connection, source)
    except sqlite3.Error as exc:
        raise InvalidInput(f"{source} cannot be read as a tracker database: {exc}") from None


def _check_revision(path: Path, revision: str | None) -> None:
    if revision is None:
        raise InvalidInput(f"{path} holds no schema (no revision): there is nothing to restore")
    if revision not in migrate.known_revisions():
        raise InvalidInput(
            f"{path} is at revision {revision}, which this version of tracker does not know (it knows up to "
            f"{migrate.head_revision()}): it was made by a newer version; restore it with that version"
        )


def _describe(connection: sqlite3.Connection, path: Path) -> BackupInfo:
    (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    (items,) = connection.execute("SELECT count(*) FROM items").fetchone()
    # Pages, not the file's size: a database in WAL mode may hold some of them in its -wal file still.
    (pages,) = connection.execute("PRAGMA page_count").fetchone()
    (page_size,) = connection.execute("PRAGMA page_size").fetchone()
    return BackupInfo(path=str(path), revision=revision, items=items, size=pages * page_size)


def _database_file(url: str) -> Path | None:
    """The SQLite file to copy; None for PostgreSQL. An in-memory database is refused."""
    database = sqlite_file(url)
    if database is None and make_url(async_url(url)).get_backend_name() == "sqlite":
        raise InvalidInput("an in-memory database cannot be backed up or restored", field="database_url")
    return database


def _check_not_the_database(path: Path, database: Path) -> None:
    for own in (database, database.with_name(f"{database.name}-wal"), database.with_name(f"{database.name}-shm")):
        if path.exists() and own.exists() and path.samefile(own):
            raise InvalidInput(f"{path} is the database itself (or one of its files): give another path")


def _check_regular(path: Path) -> None:
    """Refuse to read what is not a file (a FIFO would never end); a symbolic link to a file is read."""
    if not refuse_unless_regular(path, then="give the path of a backup file", follow=True):
        raise InvalidInput(f"{path}: no such file")


def _check_target(path: Path, *, force: bool) -> None:
    if not refuse_unless_regular(path, then="back up to a new file"):
        if not path.parent.is_dir():
            raise InvalidInput(f"{path}: there is no folder {path.parent}")
        return
    if not force:
        raise InvalidInput(f"{path} already exists: back up to a new file, or replace it with --force")


def _put_in_place(partial: Path, target: Path, *, force: bool) -> None:
    """Move a complete backup to its path; without ``force``, never over a file that appeared meanwhile."""
    with partial.open("rb") as handle:
        os.fsync(handle.fileno())
    if force:
        os.replace(partial, target)
        return
    try:
        os.link(partial, target)
    except FileExistsError:
        raise InvalidInput(f"{target} already exists: back up to a new file, or replace it with --force") from None
    partial.unlink()


def _backup_sqlite(database: Path, target: Path, force: bool) -> BackupInfo:
    partial = partial_beside(target, private=True)
    try:
        with closing(sqlite3.connect(database, timeout=30)) as live, closing(sqlite3.connect(partial)) as copy:
            # In one step: the copy is of one moment, and writers go on meanwhile (WAL).
            live.backup(copy)
            # A backup is one self-contained file, without the -wal and -shm files beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
            info = _describe(copy, partial)
        _put_in_place(partial, target, force=force)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupInfo(path=str(target), revision=info.revision, items=info.items, size=info.size)


def _restore_sqlite(source: Path, database: Path) -> BackupInfo:
    read_backup(source)
    try:
        with (
            closing(sqlite3.connect(f"{source.absolute().as_uri()}?mode=ro", uri=True)) as backup_file,
            closing(sqlite3.connect(database, timeout=30)) as live,
        ):
            # The backup API replaces every page of the database in one write transaction:
            # a reader sees the database before or after, never a mixture.
            backup_file.backup(live)
            live.execute("PRAGMA journal_mode=WAL")
            return _describe(live, database)
    except sqlite3.Error as exc:
        raise TrackerError(f"cannot restore into {database}: {exc}") from None


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """The URL ``pg_dump`` and ``pg_restore`` take (without the password), and the environment with
    the password in ``PGPASSWORD``, so that no command line shows it."""
    parsed = make_url(url)
    plain = URL.create("postgresql", username=parsed.username, host=parsed.host, port=parsed.port, database=parsed.database)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    return plain.render_as_string(), env


def _tool(name: str, arguments: list[str]) -> str:
    found = shutil.which(name)
    if found is None:
        command = shlex.join([name, *arguments])
        raise ToolMissing(f"{name} is not on PATH; run where it is (with PGPASSWORD set if a password is needed): {command}")
    return found


async def _run(program: str, arguments: list[str], env: dict[str, str]) -> bytes:
    process = await asyncio.create_subprocess_exec(
        program, *arguments, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await process.communicate()
    if process.returncode != 0:
        lines = err.decode(errors="replace").strip().splitlines()
        raise TrackerError(f"{Path(program).name} failed: {lines[-1] if lines else f'exit status {process.returncode}'}")
    return out


async def _backup_postgres(url: str, target: Path, force: bool) -> BackupInfo:
    dbname, env = _libpq(url)
    program = _tool("pg_dump", ["--format=custom", f"--file={target}", f"--dbname={dbname}"])
    partial = partial_beside(target, private=True)
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            connection = await connection.execution_options(isolation_level="REPEATABLE READ")
            async with connection.begin():
                # pg_dump dumps the very snapshot the revision and the count are read from.
                snapshot = (await connection.execute(text("SELECT pg_export_snapshot()"))).scalar_one()
                revision = (await connection.execute(text("SELECT version_num FROM alembic_version"))).scalar_one()
                items = (await connection.execute(text("SELECT count(*) FROM items"))).scalar_one()
                arguments = ["--format=custom", f"--file={partial}", f"--snapshot={snapshot}", f"--dbname={dbname}"]
                await _run(program, arguments, env)
        _put_in_place(partial, target, force=force)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        await engine.dispose()
    return BackupInfo(path=str(target), revision=revision, items=items, size=target.stat().st_size)


#: The data line of ``alembic_version`` in what ``pg_restore --data-only`` writes.
_COPIED_REVISION = re.compile(rb"^COPY public\.alembic_version .*? FROM stdin;\n([^\n]+)\n", re.MULTILINE)


async def _restore_postgres(url: str, source: Path) -> BackupInfo:
    dbname, env = _libpq(url)
    arguments = ["--clean", "--if-exists", "--single-transaction", "--no-owner", f"--dbname={dbname}", str(source)]
    program = _tool("pg_restore", arguments)
    _check_regular(source)
    try:
        listing = await _run(program, ["--list", str(source)], env)
    except TrackerError:
        raise InvalidInput(f"{source} is not a tracker database (not a pg_dump archive)") from None
    if b" TABLE public items " not in listing or b" TABLE public alembic_version " not in listing:
        raise InvalidInput(f"{source} is not a tracker database (it has no tracker tables)")
    copied = _COPIED_REVISION.search(
        await _run(program, ["--data-only", "--table=alembic_version", "--file=-", str(source)], env)
    )
    _check_revision(source, copied.group(1).decode() if copied else None)
    await _run(program, arguments, env)
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            revision = (await connection.execute(text("SELECT version_num FROM alembic_version"))).scalar_one()
            items = (await connection.execute(text("SELECT count(*) FROM items"))).scalar_one()
            size = (await connection.execute(text("SELECT pg_database_size(current_database())"))).scalar_one()
    finally:
        await engine.dispose()
    return BackupInfo(path=dbname, revision=revision, items=items, size=size)
