"""Which file a database URL names: what `tracker db backup` copies and what the CLI checks exists."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.errors import InvalidInput
from tracker.schema import sqlite_file


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///tracker.db", Path("tracker.db").absolute()),
        ("sqlite+aiosqlite:///tracker.db", Path("tracker.db").absolute()),
        ("sqlite+aiosqlite:////srv/tracker/tracker.db", Path("/srv/tracker/tracker.db")),
        ("sqlite+aiosqlite:///file:/srv/tracker/tracker.db?uri=true", Path("/srv/tracker/tracker.db")),
    ],
)
def test_a_sqlite_url_names_its_file_as_an_absolute_path(url: str, expected: Path) -> None:
    assert sqlite_file(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+asyncpg://tracker@db/tracker",
        "postgres://tracker@db/tracker",
        "sqlite://",
        "sqlite+aiosqlite:///:memory:",
        "sqlite+aiosqlite:///file:shared?mode=memory&cache=shared&uri=true",
    ],
)
def test_postgresql_and_in_memory_databases_have_no_file(url: str) -> None:
    assert sqlite_file(url) is None


@pytest.mark.parametrize("url", ["tracker.db", "mysql://tracker@db/tracker"])
def test_a_url_of_no_supported_database_is_refused(url: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        sqlite_file(url)
    assert refused.value.field == "database_url"
