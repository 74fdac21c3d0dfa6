"""Public reads kept per worker until the data changes: the second identical read is answered from
the cache, and a write, wherever it is made, shows in the very next read."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

import tracker
from tracker.config import Settings
from tracker.records import decode_lines
from tracker_api.app import create_app
from tracker_api.response_cache import ResponseCache

ITEM = "cat-c-kaz-co-3-p8"
META = b'{"type":"meta","format":"tracker-records","version":1}'
A_LAW: dict[str, Any] = {
    "state": "KAZ",
    "kind": "legislation_adopted",
    "date": "2016-03-01",
    "title": "Law on the prompt investigation of torture complaints",
    "sources": [{"url": "https://example.org/law"}],
    "links": [{"item": ITEM, "effect": "advances"}],
}


def app_for(database_url: str, tmp_path: Path, **settings: Any) -> Any:
    return create_app(
        Settings(
            database_url=database_url,
            snapshot_dir=str(tmp_path / "snapshots"),
            session_dir=str(tmp_path / "sessions"),
            **settings,
        )
    )


@pytest.fixture
async def client(
    opened: tracker.Tracker, database_url: str, sample_records: list, tmp_path: Path
) -> AsyncIterator[AsyncTestClient]:
    await opened.load(sample_records)
    async with AsyncTestClient(app=app_for(database_url, tmp_path)) as test_client:
        yield test_client


def cache_of(client: AsyncTestClient) -> ResponseCache:
    return client.app.state.response_cache  # type: ignore[no-any-return]


def action_titles(item: dict[str, Any]) -> list[str]:
    return [entry["action"]["title"] for entry in item["timeline"]]


async def test_a_second_identical_read_is_answered_from_the_cache_with_the_same_body_and_etag(client: AsyncTestClient) -> None:
    cache = cache_of(client)
    first = await client.get(f"/api/v1/items/{ITEM}")
    second = await client.get(f"/api/v1/items/{ITEM}")
    assert first.status_code == second.status_code == 200
    assert (cache.misses, cache.hits) == (1, 1)
    assert second.content == first.content and second.headers["etag"] == first.headers["etag"]
    assert second.headers["content-type"] == "application/json"
    assert second.headers["x-request-id"] != first.headers["x-request-id"]

    other = await client.get(f"/api/v1/items/{ITEM}?as_of=2014-01-01")
    assert other.status_code == 200 and (cache.misses, cache.hits) == (2, 1)


async def test_an_if_none_match_naming_the_kept_etag_is_a_304_without_running_the_read(client: AsyncTestClient) -> None:
    cache = cache_of(client)
    for path in (f"/api/v1/items/{ITEM}", f"/items/{ITEM}"):
        tag = (await client.get(path)).headers["etag"]
        misses = cache.misses
        again = await client.get(path, headers={"If-None-Match": tag})
        assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
        assert cache.misses == misses
        assert (await client.get(path, headers={"If-None-Match": '"another"'})).status_code == 200


async def test_a_write_through_the_api_shows_in_the_next_read(client: AsyncTestClient, opened: tracker.Tracker) -> None:
    _, secret = await opened.keys.create("ngo-x", "editor")
    before = (await client.get(f"/api/v1/items/{ITEM}")).json()
    assert (await client.get(f"/api/v1/items/{ITEM}")).json() == before
    recorded = await client.post("/api/v1/actions", json=A_LAW, headers={"Authorization": f"Bearer {secret}"})
    assert recorded.status_code == 201, recorded.text
    after = (await client.get(f"/api/v1/items/{ITEM}")).json()
    assert A_LAW["title"] in action_titles(after) and A_LAW["title"] not in action_titles(before)


async def test_a_write_by_another_process_shows_in_the_next_read(client: AsyncTestClient, database_url: str) -> None:
    """``opened`` already has an engine of its own; a second ``tracker.open`` is a second worker beside it."""
    before = (await client.get(f"/items/{ITEM}")).text
    assert (await client.get(f"/items/{ITEM}")).text == before and cache_of(client).hits == 1
    async with tracker.open(database_url) as worker:
        await worker.actions.record(A_LAW, by="library:someone")
    assert A_LAW["title"] not in before and A_LAW["title"] in (await client.get(f"/items/{ITEM}")).text


async def test_a_load_shows_in_the_next_read(client: AsyncTestClient, opened: tracker.Tracker) -> None:
    listed = (await client.get("/api/v1/actions?state=KAZ")).json()
    assert (await client.get("/api/v1/actions?state=KAZ")).json() == listed
    record = json.dumps({"type": "action", **A_LAW, "verification": "verified", "verified_by": "sample"})
    await opened.load(decode_lines([META, record.encode()], name="more"))
    relisted = (await client.get("/api/v1/actions?state=KAZ")).json()
    assert relisted["total"] == listed["total"] + 1
    assert A_LAW["title"] in [action["title"] for action in relisted["items"]]


async def test_each_language_of_a_page_is_kept_apart(client: AsyncTestClient) -> None:
    cache = cache_of(client)
    pages = {}
    for language in ("ru", "en", "ru", "en"):
        page = await client.get(f"/items/{ITEM}", headers={"Accept-Language": language})
        assert page.headers["content-language"] == language and f'<html lang="{language}"' in page.text
        pages.setdefault(language, page.text)
        assert page.text == pages[language]
    assert (cache.misses, cache.hits) == (2, 2)
    chosen = await client.get(f"/items/{ITEM}?lang=ru", headers={"Accept-Language": "en"})
    assert chosen.headers["content-language"] == "ru" and "lang=ru" in chosen.headers["set-cookie"]
    client.cookies.clear()
    kept = await client.get(f"/items/{ITEM}?lang=ru", headers={"Accept-Language": "en"})
    assert kept.text == chosen.text and "lang=ru" in kept.headers["set-cookie"] and cache.hits == 3


async def test_an_editors_page_is_never_kept_and_a_readers_page_never_reaches_an_editor(
    client: AsyncTestClient, opened: tracker.Tracker
) -> None:
    forms = re.compile(r'<form[^>]*method="post"')
    cache = cache_of(client)
    _, secret = await opened.keys.create("ngo-x", "editor")
    visitor = (await client.get(f"/items/{ITEM}")).text
    assert not forms.search(visitor)

    sign_in = (await client.get("/sign-in")).text
    token = re.search(r'name="_csrf_token" value="([^"]*)"', sign_in).group(1)  # type: ignore[union-attr]
    signed_in = await client.post("/sign-in", data={"key": secret, "_csrf_token": token}, follow_redirects=False)
    assert signed_in.status_code == 303
    kept = len(cache)
    for _ in range(2):
        page = (await client.get(f"/items/{ITEM}")).text
        assert forms.search(page) and "ngo-x (editor)" in page
    assert len(cache) == kept

    editor_cookies = dict(client.cookies)
    client.cookies.clear()
    hits = cache.hits
    again = await client.get(f"/items/{ITEM}")
    assert again.text == visitor and cache.hits == hits + 1
    assert "set-cookie" not in again.headers, "a visitor's form cookie is never handed to another"
    client.cookies.update(editor_cookies)
    assert "ngo-x (editor)" in (await client.get(f"/items/{ITEM}")).text


async def test_reads_that_need_a_key_are_never_kept(client: AsyncTestClient, opened: tracker.Tracker) -> None:
    _, secret = await opened.keys.create("ngo-x", "editor")
    for _ in range(2):
        assert (await client.get("/api/v1/inbox", headers={"Authorization": f"Bearer {secret}"})).status_code == 200
    assert (await client.get("/api/v1/inbox")).status_code == 401
    cache = cache_of(client)
    assert (len(cache), cache.hits, cache.misses) == (0, 0, 0)


async def test_with_reads_behind_keys_nothing_is_kept(
    opened: tracker.Tracker, database_url: str, sample_records: list, tmp_path: Path
) -> None:
    await opened.load(sample_records)
    _, secret = await opened.keys.create("desk", "reader")
    async with AsyncTestClient(app=app_for(database_url, tmp_path, public_read=False)) as client:
        assert (await client.get(f"/api/v1/items/{ITEM}")).status_code == 401
        for _ in range(2):
            assert (await client.get(f"/api/v1/items/{ITEM}", headers={"Authorization": f"Bearer {secret}"})).status_code == 200
        assert (await client.get(f"/api/v1/items/{ITEM}")).status_code == 401
        assert (len(cache_of(client)), cache_of(client).hits) == (0, 0)


async def test_a_compressed_answer_is_kept_per_coding(client: AsyncTestClient) -> None:
    cache = cache_of(client)
    path = "/api/v1/items?state=KAZ&limit=100"
    answers = [await client.get(path, headers={"Accept-Encoding": coding}) for coding in ("br", "gzip", "br", "identity")]
    assert [answer.headers.get("content-encoding") for answer in answers] == ["br", "gzip", "br", None]
    assert all("Accept-Encoding" in answer.headers["vary"] for answer in answers[:3])
    assert len({answer.content for answer in answers}) == 1, "every coding decodes to the same body"
    assert (cache.misses, cache.hits) == (3, 1)


async def test_exports_and_errors_are_not_kept(client: AsyncTestClient) -> None:
    cache = cache_of(client)
    for _ in range(2):
        assert (await client.get("/api/v1/export?format=ndjson")).status_code == 200
        assert (await client.get("/api/v1/items/no-such-item")).status_code == 404
        assert (await client.get("/api/v1/items?stat=KAZ")).status_code == 400
    assert (len(cache), cache.hits, cache.misses) == (0, 0, 6)


async def test_a_cache_of_no_megabytes_keeps_nothing(
    opened: tracker.Tracker, database_url: str, sample_records: list, tmp_path: Path
) -> None:
    await opened.load(sample_records)
    async with AsyncTestClient(app=app_for(database_url, tmp_path, response_cache_mb=0)) as client:
        for _ in range(2):
            assert (await client.get(f"/api/v1/items/{ITEM}")).status_code == 200
        assert (len(cache_of(client)), cache_of(client).hits, cache_of(client).misses) == (0, 0, 0)
