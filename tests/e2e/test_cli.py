"""The `tracker` command as a user runs it: real processes, exit statuses and messages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

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
        ('{"type":"meta","format":"tracker-records","version":1}\n'
         '{"type":"action","state":"XYZ","kind":"other","date":"2020-01-01","title":"t"}\n', "unknown State code 'XYZ'"),
        ('{"type":"meta","format":"tracker-records","version":9}\n', "version 9 is not supported"),
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


def test_an_unreachable_database_is_a_clear_error() -> None:
    result = run("seed", database="postgresql+asyncpg://nobody@127.0.0.1:9/tracker")
    assert result.returncode == 1
    assert "cannot reach the database" in result.stderr and "Traceback" not in result.stderr


def test_a_database_without_the_schema_asks_for_an_upgrade(tmp_path: Path) -> None:
    result = run("seed", database=tmp_path / "new.db")
    assert result.returncode == 1
    assert "tracker db upgrade" in result.stderr
