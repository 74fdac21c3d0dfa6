"""The change log over HTTP, and as an Atom feed a feed reader parses."""

from __future__ import annotations

import datetime as dt

import feedparser
import pytest
from litestar.testing import AsyncTestClient

import tracker
from tracker.records import AssessmentRecord


async def test_the_log_lists_what_a_load_wrote_and_a_cursor_reads_only_what_came_after(
    client: AsyncTestClient, opened: tracker.Tracker
) -> None:
    first = (await client.get("/api/v1/changes", params={"limit": "500"})).json()
    entities = {(c["entity"], c["entity_id"]) for c in first["items"]}
    assert ("item", "cat-c-kaz-co-3-p8") in entities and ("document", "cat-c-kaz-co-3") in entities
    assert all(c["kind"] == "created" for c in first["items"])
    assert first["total"] == len(first["items"])
    await opened.load(
        [
            AssessmentRecord(
                item="cat-c-kaz-co-3-p8",
                date=dt.date(2016, 5, 1),
                assessor_kind="committee",  # type: ignore[arg-type]
                assessor="Committee against Torture",
                scale="cat_followup",
                grade="C",
            )
        ]
    )  # type: ignore[arg-type]
    later = (await client.get("/api/v1/changes", params={"since": first["next_cursor"]})).json()
    assert [(c["entity"], c["kind"]) for c in later["items"]] == [("item", "updated"), ("assessment", "created")]
    assert later["items"][1]["items"] == ["cat-c-kaz-co-3-p8"] and later["items"][1]["state"] == "KAZ"
    nothing_new = (await client.get("/api/v1/changes", params={"since": later["next_cursor"]})).json()
    assert nothing_new["items"] == []


async def test_changes_since_a_timestamp_and_by_state(client: AsyncTestClient) -> None:
    future = (await client.get("/api/v1/changes", params={"since": "2999-01-01T00:00:00Z"})).json()
    assert future["items"] == []
    past = (await client.get("/api/v1/changes", params={"since": "2000-01-01T00:00:00Z", "state": "TJK"})).json()
    assert past["total"] > 0 and {c["state"] for c in past["items"]} == {"TJK"}


@pytest.mark.parametrize("since", ["yesterday", "2024-01-01T00:00:00", "bm90LWEtY3Vyc29y"])
async def test_a_malformed_since_is_a_400_naming_it(client: AsyncTestClient, since: str) -> None:
    response = await client.get("/api/v1/changes", params={"since": since})
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["since"]


async def test_the_atom_feed_parses_and_filters_by_item(client: AsyncTestClient) -> None:
    response = await client.get("/feeds/changes.atom", params={"item": "cat-433-2010-compensation"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    titles = [entry.title for entry in feed.entries]
    assert "Action recorded: Kostanay city court awards Gerasimov 2,000,000 tenge" in titles
    assert any(t.startswith("Item added: ") for t in titles)
    assert all(entry.link.startswith("http") and entry.id for entry in feed.entries)
    kaz_only = feedparser.parse((await client.get("/feeds/changes.atom", params={"state": "TJK"})).content)
    assert kaz_only.entries and all("TJK" in entry.summary for entry in kaz_only.entries)
