"""The write rate of a key holds for the service as a whole: every worker process counts in one store."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

from litestar.stores.file import FileStore
from litestar.testing import AsyncTestClient

import tracker
from tracker.config import Settings
from tracker.domain.entities import ApiKey
from tracker.domain.enums import Role
from tracker_api.app import create_app
from tracker_api.auth import WriteRate

ACTION: dict[str, Any] = {
    "state": "KAZ",
    "kind": "compensation_paid",
    "date": "2014-02-10",
    "title": "Kostanay regional police department pays Gerasimov the award",
    "sources": [
        {
            "url": "https://www.justiceinitiative.org/newsroom/kazakhstan-court-orders-damages-police-torture-case",
            "title": "Kazakhstan Court Orders Damages in Police Torture Case",
            "language": "en",
        }
    ],
}
KEY = ApiKey(name="editor", role=Role.EDITOR, created_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC))


async def test_two_app_instances_on_one_store_directory_share_the_count(
    opened: tracker.Tracker,
    database_url: str,
    sample_records: list,
    tmp_path: Path,
) -> None:
    await opened.load(sample_records)
    _, secret = await opened.keys.create("field-editor", "editor")
    editor = {"Authorization": f"Bearer {secret}"}
    settings = Settings(
        database_url=database_url,
        snapshot_dir=str(tmp_path / "snapshots"),
        session_dir=str(tmp_path / "sessions"),
        write_rate_limit=2,
    )
    async with AsyncTestClient(app=create_app(settings)) as one, AsyncTestClient(app=create_app(settings)) as other:
        answers = [
            await client.post("/api/v1/actions", json={**ACTION, "title": f"Instalment {n} paid"}, headers=editor)
            for n, client in enumerate((one, other, one, other))
        ]
        assert [answer.status_code for answer in answers] == [201, 201, 429, 429]
        assert "has made its 2 writes for this minute" in answers[3].json()["detail"]
        assert 1 <= int(answers[3].headers["retry-after"]) <= 60
    assert (await opened.actions.list(q="Instalment")).total == 2


async def test_a_write_counts_for_a_minute_then_lets_the_next_one_through(tmp_path: Path) -> None:
    rate, store = WriteRate(limit=2), FileStore(tmp_path / "write-rate")
    assert await rate.wait(store, KEY, now=1000.0) == 0
    assert await rate.wait(store, KEY, now=1030.0) == 0
    assert await rate.wait(store, KEY, now=1059.0) == 1.0
    assert await rate.wait(store, KEY, now=1060.5) == 0
    assert await rate.wait(store, KEY, now=1061.0) == 29.0


async def test_each_key_has_its_own_count_and_a_key_made_again_starts_afresh(tmp_path: Path) -> None:
    rate, store = WriteRate(limit=1), FileStore(tmp_path / "write-rate")
    other = ApiKey(name="reviewer", role=Role.EDITOR, created_at=KEY.created_at)
    made_again = ApiKey(name=KEY.name, role=Role.EDITOR, created_at=KEY.created_at + dt.timedelta(days=1))
    assert [await rate.wait(store, key, now=1000.0) for key in (KEY, other, made_again)] == [0, 0, 0]
    assert await rate.wait(store, KEY, now=1001.0) == 59.0


async def test_writes_arriving_together_in_several_processes_are_all_counted(tmp_path: Path) -> None:
    # Each store stands for a worker process: they share only the directory.
    rate, stores = WriteRate(limit=5), [FileStore(tmp_path / "write-rate") for _ in range(4)]
    waits = await asyncio.gather(*(rate.wait(stores[n % 4], KEY, now=1000.0 + n / 100) for n in range(20)))
    assert sum(1 for wait in waits if wait == 0) == 5
