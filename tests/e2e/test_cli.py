"""The `tracker` command as a user runs it: real processes, exit statuses and messages."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import tracker_migrations
from tracker.domain.ids import action_id

TRACKER = str(Path(sys.executable).parent / "tracker")


def run(*args: str, database: Path | str, **kwargs) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    url = database if isinstance(database, str) else f"sqlite+aiosqlite:///{database}"
    return subprocess.run([TRACKER, "--database-url", url, *args], capture_output=True, text=True, timeout=120, **kwargs)


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "tracker.db"
    assert run("db", "upgrade", database=path).returncode == 0
    return path


def test_seed_loads_once_and_if_empty_leaves_a_loaded_database_alone(database: Path) -> None:
    first = run("seed", "--if-empty", database=database)
    assert first.returncode == 0, first.stderr
    assert "item" in first.stdout and "created" in first.stdout
    second = run("seed", "--if-empty", database=database)
    assert second.returncode == 0 and "nothing loaded" in second.stdout
    again = run("seed", database=database)
    assert again.returncode == 0
    assert all(" created      0  updated      0" in line for line in again.stdout.splitlines())


def test_export_then_import_into_a_new_database_gives_the_same_dump(database: Path, tmp_path: Path) -> None:
    run("seed", database=database)
    dump = tmp_path / "dump.ndjson"
    exported = run("export", "--format", "ndjson", "-o", str(dump), database=database)
    assert exported.returncode == 0, exported.stderr
    other = tmp_path / "other.db"
    run("db", "upgrade", database=other)
    imported = run("import", str(dump), database=other)
    assert imported.returncode == 0, imported.stderr
    assert run("export", database=other).stdout == dump.read_text()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("{not json\n", "line 1: not valid JSON"),
        ('{"type":"meta","format":"tracker-records","version":1}\n{"type":"state","code":"kz"}\n', "line 2"),
        (
            '{"type":"meta","format":"tracker-records","version":1}\n'
            '{"type":"action","state":"XYZ","kind":"other","date":"2020-01-01","title":"t"}\n',
            "unknown State code 'XYZ'",
        ),
        ('{"type":"meta","format":"tracker-records","version":9}\n', "version 9 is not supported"),
        (
            '{"type":"meta","format":"tracker-records","version":1}\n'
            '{"type":"state","code":"KAZ","names":{"en":"' + "Kazakhstan " * 60 + '"}}\n',
            "Expected `str` of length <= 500",
        ),
    ],
)
def test_bad_import_files_are_refused_with_a_clear_error_and_nothing_changes(
    database: Path, tmp_path: Path, content: str | None, message: str
) -> None:
    run("seed", database=database)
    before = run("export", database=database).stdout
    path = tmp_path / "input.ndjson"
    if content is not None:
        path.write_text(content)
    result = run("import", str(path), database=database)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert run("export", database=database).stdout == before


def test_a_file_without_line_ends_is_refused_in_one_line_without_filling_the_memory(database: Path) -> None:
    result = run("import", "/dev/zero", database=database)
    assert result.returncode == 1
    assert result.stderr.strip() == "Error: /dev/zero, line 1: longer than 16 MiB; is this a records file?"


def test_an_unreachable_database_is_a_clear_error() -> None:
    result = run("seed", database="postgresql+asyncpg://nobody@127.0.0.1:9/tracker")
    assert result.returncode == 1
    assert "cannot reach the database" in result.stderr and "Traceback" not in result.stderr


def test_a_database_without_the_schema_asks_for_an_upgrade(tmp_path: Path) -> None:
    result = run("seed", database=tmp_path / "new.db")
    assert result.returncode == 1
    assert "tracker db upgrade" in result.stderr


def test_exporting_onto_a_link_or_a_fifo_is_refused_and_leaves_it_alone(database: Path, tmp_path: Path) -> None:
    kept = tmp_path / "kept.txt"
    kept.write_text("not an export")
    link = tmp_path / "link.ndjson"
    link.symlink_to(kept)
    fifo = tmp_path / "fifo.ndjson"
    os.mkfifo(fifo)
    for target, kind in ((link, "a symbolic link"), (fifo, "a FIFO")):
        result = run("export", "-o", str(target), database=database)
        assert result.returncode == 1
        assert (
            result.stderr.strip()
            == f"Error: {target} is {kind}, not a regular file: give the path of a regular file, which will be replaced"
        )
    assert link.is_symlink() and kept.read_text() == "not an export"
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["fifo.ndjson", "kept.txt", "link.ndjson", "tracker.db"]


def test_exporting_over_a_file_replaces_it_whole(database: Path, tmp_path: Path) -> None:
    run("seed", database=database)
    target = tmp_path / "dump.ndjson"
    target.write_text("an older dump")
    assert run("export", "-o", str(target), database=database).returncode == 0
    assert target.read_text() == run("export", database=database).stdout
    assert sorted(path.name for path in tmp_path.iterdir()) == ["dump.ndjson", "tracker.db"]


def test_exporting_to_a_full_device_on_standard_output_is_one_line(database: Path) -> None:
    run("seed", database=database)
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [TRACKER, "--database-url", f"sqlite+aiosqlite:///{database}", "export"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert result.returncode == 1
    assert result.stderr.strip() == "Error: cannot write to standard output: No space left on device"


def test_exporting_into_a_missing_folder_is_a_clear_error(database: Path, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "dump.ndjson"
    result = run("export", "-o", str(target), database=database)
    assert result.returncode == 1
    assert result.stderr.strip() == f"Error: {target}: there is no folder {target.parent}"


def test_a_database_made_by_a_newer_version_is_refused_clearly(database: Path) -> None:
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    for command in (["db", "upgrade"], ["seed"]):
        result = run(*command, database=database)
        assert result.returncode == 1
        assert "newer version" in result.stderr and "Traceback" not in result.stderr


def test_an_appeal_chain_loads_in_any_order_and_survives_export_and_import(database: Path, tmp_path: Path) -> None:
    run("seed", database=database)
    chain = tmp_path / "chain.ndjson"
    first = {
        "type": "action",
        "state": "KAZ",
        "kind": "court_ruling",
        "date": "2015-01-10",
        "title": "First instance",
        "court": {"name": "City court", "instance": "first"},
    }
    first_id = action_id("KAZ", dt.date(2015, 1, 10), "day", "court_ruling", "First instance")
    # Same date, and the cassation's id sorts before the appeal's: only the chain gives the order.
    appeal_id = action_id("KAZ", dt.date(2015, 3, 1), "day", "court_ruling", "Regional court appeal")
    assert action_id("KAZ", dt.date(2015, 3, 1), "day", "court_ruling", "Cassation ruling") < appeal_id
    cassation = {
        "type": "action",
        "state": "KAZ",
        "kind": "court_ruling",
        "date": "2015-03-01",
        "title": "Cassation ruling",
        "court": {"name": "Supreme court", "instance": "cassation", "appeal_of": appeal_id},
    }
    appeal = {
        "type": "action",
        "state": "KAZ",
        "kind": "court_ruling",
        "date": "2015-03-01",
        "title": "Regional court appeal",
        "court": {"name": "Regional court", "instance": "appeal", "appeal_of": first_id},
    }
    chain.write_text(
        "\n".join(
            [
                '{"type":"meta","format":"tracker-records","version":1}',
                json.dumps(cassation),
                json.dumps(appeal),
                json.dumps(first),
            ]
        )
        + "\n"
    )
    imported = run("import", str(chain), database=database)
    assert imported.returncode == 0, imported.stderr
    dump = tmp_path / "dump.ndjson"
    assert run("export", "-o", str(dump), database=database).returncode == 0
    other = tmp_path / "other.db"
    run("db", "upgrade", database=other)
    again = run("import", str(dump), database=other)
    assert again.returncode == 0, again.stderr
    assert run("export", database=other).stdout == dump.read_text()


def test_keys_are_printed_once_alone_on_stdout_listed_and_revoked(database: Path) -> None:
    created = run("keys", "create", "ngo-desk", "--role", "editor", database=database)
    assert created.returncode == 0, created.stderr
    (secret,) = created.stdout.splitlines()
    assert secret.startswith("trk_") and "ngo-desk" in created.stderr
    with sqlite3.connect(database) as connection:
        stored = connection.execute("SELECT name, role, digest FROM api_keys").fetchall()
    assert len(stored) == 1 and stored[0][:2] == ("ngo-desk", "editor") and secret not in stored[0][2]
    duplicate = run("keys", "create", "ngo-desk", database=database)
    assert duplicate.returncode == 1 and "exists already" in duplicate.stderr and duplicate.stdout == ""
    bad_role = run("keys", "create", "other", "--role", "owner", database=database)
    assert bad_role.returncode == 2 and "owner" in bad_role.stderr
    listed = run("keys", "list", database=database)
    assert "ngo-desk" in listed.stdout and "editor" in listed.stdout and secret not in listed.stdout
    revoked = run("keys", "revoke", "ngo-desk", database=database)
    assert revoked.returncode == 0
    assert run("keys", "revoke", "nobody", database=database).returncode == 1
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT revoked_at IS NOT NULL FROM api_keys").fetchone() == (1,)
        actors = connection.execute("SELECT actor, operation FROM audit ORDER BY id").fetchall()
    assert [operation for _, operation in actors] == ["create", "revoke"] and all(a.startswith("cli") for a, _ in actors)


def test_db_current_says_where_the_database_is_and_whether_an_upgrade_is_due(database: Path) -> None:
    at_head = run("db", "current", database=database)
    assert at_head.returncode == 0, at_head.stderr
    lines = at_head.stdout.splitlines()
    assert lines[0].split()[:2] == ["database", "0012"] and lines[1].split()[:2] == ["head", "0012"]
    assert lines[-1] == "up to date"
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0009'")
    behind = run("db", "current", database=database)
    assert behind.stdout.splitlines()[0].split()[:2] == ["database", "0009"]
    assert "upgrade due: run `tracker db upgrade`" in behind.stdout


def test_db_downgrade_asks_first_undoes_what_it_names_and_upgrading_again_keeps_the_data(database: Path) -> None:
    assert run("seed", database=database).returncode == 0
    with sqlite3.connect(database) as connection:
        items = connection.execute("SELECT count(*) FROM items").fetchone()[0]

    declined = run("db", "downgrade", "0007", database=database, input="n\n")
    assert declined.returncode == 1
    assert "Undo migrations 0008, 0009, 0010, 0011, 0012" in declined.stdout
    assert "up to date" in run("db", "current", database=database).stdout

    done = run("db", "downgrade", "0007", "--yes", database=database)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0007",)
        assert "document_texts" not in {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
    assert "upgrade due" in run("db", "current", database=database).stdout

    assert run("db", "upgrade", database=database).returncode == 0
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM items").fetchone()[0] == items > 0


@pytest.mark.parametrize(
    ("revision", "message"),
    [
        ("007", "unknown revision `007`: did you mean `0007`?"),
        ("0012", "the database is already at 0012: nothing to undo"),
    ],
)
def test_db_downgrade_refuses_what_it_cannot_do_in_one_line(database: Path, revision: str, message: str) -> None:
    result = run("db", "downgrade", revision, "--yes", database=database)
    assert result.returncode == 1
    assert result.stderr.strip() == f"Error: {message}"


def test_db_revision_writes_the_next_numbered_migration_and_autogenerate_finds_nothing_to_add(
    database: Path, tmp_path: Path
) -> None:
    """On a copy of the migrations, found first on the import path, so the package's own stay untouched."""
    shutil.copytree(Path(tracker_migrations.__file__).parent, tmp_path / "copy" / "tracker_migrations")
    environment = {**os.environ, "PYTHONPATH": str(tmp_path / "copy")}

    result = run("db", "revision", "-m", "Nothing yet", "--autogenerate", database=database, env=environment)
    assert result.returncode == 0, result.stderr
    written = tmp_path / "copy" / "tracker_migrations" / "versions" / "0013_nothing_yet.py"
    assert f"wrote {written}" in result.stdout
    source = written.read_text()
    assert "revision = '0013'" in source and "down_revision = '0012'" in source
    assert "op." not in source.split("def upgrade")[1], "a migrated database needs nothing the models do not already have"

    behind = run("db", "revision", "-m", "Another", "--autogenerate", database=database, env=environment)
    assert behind.returncode == 1
    assert "run `tracker db upgrade` first" in behind.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["serve", "--port", "99999"], "Error: Invalid value for '--port': 99999 is not in the range 1<=x<=65535."),
        (["serv"], "Error: No such command 'serv'. Did you mean 'serve'?"),
        (["export", "--formt", "ndjson"], "Error: No such option '--formt'. Did you mean '--format'?"),
    ],
)
def test_a_mistake_in_how_a_command_is_called_is_one_line_naming_it(database: Path, args: list[str], message: str) -> None:
    result = run(*args, database=database)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith(message)


def test_a_bad_setting_is_one_line_listing_what_it_may_be(database: Path) -> None:
    result = run("serve", database=database, env={**os.environ, "TRACKER_LOG_LEVEL": "loud"})
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Error: TRACKER_LOG_LEVEL: must be one of critical, error, warning, info, debug, trace; got 'loud'"
    ]
