"""`tracker db backup` and `tracker db restore` as an operator runs them: while writes go on, and
refusing what would lose or damage data."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.db import migrate

TRACKER = str(Path(sys.executable).parent / "tracker")

#: Records statements on an item, numbered from FIRST, one after the other (COUNT of them, or until
#: stopped when it is 0), and prints each one's id once it is committed.
WRITER = """
import asyncio, sys, tracker

async def main(url, first, count):
    async with tracker.open(url) as t:
        n = first
        while n < first + count or count == 0:
            action = await t.actions.record(
                {"state": "KAZ", "kind": "statement", "date": "2024-06-02", "title": f"Statement {n}",
                 "sources": [{"url": "https://example.org/statement"}],
                 "links": [{"item": "cat-c-kaz-co-3-p8", "effect": "no_effect"}]},
                by="writer",
            )
            print(action.id, flush=True)
            n += 1

asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
"""


def run(*args: str, url: str, **kwargs) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    return subprocess.run([TRACKER, "--database-url", url, *args], capture_output=True, text=True, timeout=300, **kwargs)


def write_actions(url: str, first: int, count: int) -> list[str]:
    written = subprocess.run(
        [sys.executable, "-c", WRITER, url, str(first), str(count)], capture_output=True, text=True, timeout=120
    )
    assert written.returncode == 0, written.stderr
    return written.stdout.split()


@pytest.fixture
def seeded_url(tmp_path: Path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'tracker.db'}"
    for command in (["db", "upgrade"], ["seed"]):
        assert run(*command, url=url).returncode == 0
    return url


def rows(path: Path, query: str) -> list[tuple]:  # type: ignore[type-arg]
    with sqlite3.connect(path) as connection:
        return connection.execute(query).fetchall()


def partial_files(folder: Path) -> list[str]:
    return [path.name for path in folder.iterdir() if ".partial-" in path.name]


def test_a_backup_taken_while_actions_are_written_holds_every_item_and_every_write_acknowledged_before_it(
    seeded_url: str, tmp_path: Path
) -> None:
    database = Path(seeded_url.split("///")[1])
    writer = subprocess.Popen([sys.executable, "-c", WRITER, seeded_url, "1", "0"], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None
        acknowledged = [writer.stdout.readline().strip() for _ in range(20)]
        backup = tmp_path / "backups" / "tracker-backup.db"
        backup.parent.mkdir()
        made = run("db", "backup", str(backup), url=seeded_url)
        # The writer goes on after the backup, undisturbed by it.
        went_on = [writer.stdout.readline().strip() for _ in range(5)]
    finally:
        writer.terminate()
        writer.wait(timeout=30)
        if writer.stdout is not None:
            writer.stdout.close()
    assert made.returncode == 0, made.stderr
    assert all(went_on) and not set(went_on) & set(acknowledged)

    assert rows(backup, "PRAGMA integrity_check") == [("ok",)]
    assert rows(backup, "SELECT version_num FROM alembic_version") == [(migrate.head_revision(),)]
    items = rows(backup, "SELECT id FROM items ORDER BY id")
    assert items == rows(database, "SELECT id FROM items ORDER BY id") and len(items) > 0
    in_backup = {action for (action,) in rows(backup, "SELECT id FROM actions")}
    assert set(acknowledged) <= in_backup
    assert made.stdout.startswith(f"wrote {backup}: {len(items)} items, ") and made.stdout.rstrip().endswith(
        f"revision {migrate.head_revision()}"
    )
    assert partial_files(backup.parent) == []


@pytest.fixture
def database_with_tools(database_url: str) -> str:
    if database_url.startswith("postgresql") and shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not on PATH")
    return database_url


def test_restore_brings_back_exactly_what_was_backed_up_after_later_writes(database_with_tools: str, tmp_path: Path) -> None:
    url = database_with_tools
    for command in (["db", "upgrade"], ["seed"]):
        assert run(*command, url=url).returncode == 0
    write_actions(url, 1, 3)
    backed_up = run("export", url=url).stdout
    backup = tmp_path / "tracker.backup"
    assert run("db", "backup", str(backup), url=url).returncode == 0

    write_actions(url, 4, 4)
    assert run("keys", "create", "later", url=url).returncode == 0
    assert run("export", url=url).stdout != backed_up

    refused = run("db", "restore", str(backup), url=url, input="n\n")
    assert refused.returncode == 1 and "What the database holds now is lost" in refused.stdout
    assert run("export", url=url).stdout != backed_up

    restored = run("db", "restore", str(backup), "--yes", url=url)
    assert restored.returncode == 0, restored.stderr
    items = backed_up.count('"type":"recommendation"') + backed_up.count('"type":"remedy"')
    assert restored.stdout.startswith(f"restored {backup}: the database holds {items} items, ")
    assert run("export", url=url).stdout == backed_up
    assert "later" not in run("keys", "list", url=url).stdout


def one_line_error(result: subprocess.CompletedProcess[str], words: str) -> None:
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and words in result.stderr, result.stderr


def test_a_backup_never_overwrites_without_force_nor_writes_through_a_link(seeded_url: str, tmp_path: Path) -> None:
    existing = tmp_path / "existing.db"
    existing.write_bytes(b"an older backup")
    one_line_error(run("db", "backup", str(existing), url=seeded_url), "already exists")
    assert existing.read_bytes() == b"an older backup"

    precious = tmp_path / "precious.txt"
    precious.write_text("not to be touched")
    link = tmp_path / "link.db"
    link.symlink_to(precious)
    one_line_error(run("db", "backup", str(link), "--force", url=seeded_url), "is a symbolic link, not a regular file")
    assert link.is_symlink() and precious.read_text() == "not to be touched"
    one_line_error(run("db", "backup", str(tmp_path), "--force", url=seeded_url), "is a folder, not a regular file")
    database = tmp_path / "tracker.db"
    one_line_error(run("db", "backup", str(database), "--force", url=seeded_url), "is the database itself")
    assert rows(database, "PRAGMA integrity_check") == [("ok",)]

    replaced = run("db", "backup", str(existing), "--force", url=seeded_url)
    assert replaced.returncode == 0, replaced.stderr
    assert rows(existing, "PRAGMA integrity_check") == [("ok",)]
    assert partial_files(tmp_path) == []


def test_restore_refuses_what_is_not_a_tracker_database_it_knows_and_changes_nothing(seeded_url: str, tmp_path: Path) -> None:
    before = run("export", url=seeded_url).stdout
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n")
    one_line_error(run("db", "restore", str(text), "--yes", url=seeded_url), "is not a tracker database (not a SQLite file)")

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    one_line_error(run("db", "restore", str(other), "--yes", url=seeded_url), "is not a tracker database")

    newer = tmp_path / "newer.db"
    assert run("db", "backup", str(newer), url=seeded_url).returncode == 0
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    one_line_error(run("db", "restore", str(newer), "--yes", url=seeded_url), "made by a newer version")

    one_line_error(run("db", "restore", str(tmp_path / "missing.db"), "--yes", url=seeded_url), "no such file")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    one_line_error(run("db", "restore", str(fifo), "--yes", url=seeded_url), "is a FIFO, not a regular file")
    assert run("export", url=seeded_url).stdout == before


def test_restore_onto_a_new_machine_creates_the_database(seeded_url: str, tmp_path: Path) -> None:
    backup = tmp_path / "tracker-backup.db"
    assert run("db", "backup", str(backup), url=seeded_url).returncode == 0
    fresh = f"sqlite+aiosqlite:///{tmp_path / 'fresh' / 'tracker.db'}"
    (tmp_path / "fresh").mkdir()
    restored = run("db", "restore", str(backup), "--yes", url=fresh)
    assert restored.returncode == 0, restored.stderr
    assert run("export", url=fresh).stdout == run("export", url=seeded_url).stdout
