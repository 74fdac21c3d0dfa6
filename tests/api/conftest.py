"""The API under test: the app on a database holding the sample records."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

import tracker
from tracker.config import Settings
from tracker_api.app import create_app


@pytest.fixture
async def client(
    opened: tracker.Tracker, database_url: str, sample_records: list, tmp_path: Path
) -> AsyncIterator[AsyncTestClient]:
    await opened.load(sample_records)
    # The app opens its own engine: the test client runs it on another event loop.
    app = create_app(Settings(database_url=database_url, snapshot_dir=str(tmp_path / "snapshots")))
    async with AsyncTestClient(app=app) as test_client:
        yield test_client


@pytest.fixture
async def seeded_client(seeded: tracker.Tracker, database_url: str, tmp_path: Path) -> AsyncIterator[AsyncTestClient]:
    """The app on a database holding the bundled Kazakhstan/Tajikistan data."""
    app = create_app(Settings(database_url=database_url, snapshot_dir=str(tmp_path / "snapshots")))
    async with AsyncTestClient(app=app) as test_client:
        yield test_client
