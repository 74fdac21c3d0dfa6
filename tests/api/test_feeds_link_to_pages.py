"""The Atom feed and the CSV export lead a reader to the item's page, with the JSON beside it, and the feed says what changed."""

from __future__ import annotations

import csv
import datetime as dt
import io

import feedparser
from litestar.testing import AsyncTestClient

import tracker
from tracker.domain.wording import words
from tracker.records import AssessmentRecord


def _links(entry) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {link.type: link.href for link in entry.links if link.rel == "alternate"}


async def test_every_feed_entry_opens_its_page_and_names_its_json(client: AsyncTestClient) -> None:
    feed = feedparser.parse((await client.get("/feeds/changes.atom", params={"item": "cat-433-2010-compensation"})).content)
    assert not feed.bozo, feed.get("bozo_exception")
    item = next(e for e in feed.entries if e.title.startswith("Item added"))
    assert _links(item) == {
        "text/html": "http://testserver.local/items/cat-433-2010-compensation",
        "application/json": "http://testserver.local/api/v1/items/cat-433-2010-compensation",
    }
    award = next(e for e in feed.entries if e.title == "Action recorded: Kostanay city court awards Gerasimov 2,000,000 tenge")
    page, record = _links(award)["text/html"], _links(award)["application/json"]
    action_id = record.rsplit("/", 1)[1]
    assert page == f"http://testserver.local/items/cat-433-2010-compensation#{action_id}"
    assert item.link == _links(item)["text/html"]
    for href in (page.split("#")[0], record):
        response = await client.get(href)
        assert response.status_code == 200, href
    assert f'id="{action_id}"' in (await client.get(page.split("#")[0])).text
    assert (await client.get(record)).json()["title"] == "Kostanay city court awards Gerasimov 2,000,000 tenge"


async def test_a_status_change_reads_as_from_and_to_with_its_rule(client: AsyncTestClient, opened: tracker.Tracker) -> None:
    before = (await client.get("/api/v1/items/cat-c-kaz-co-3-p8")).json()["item"]
    await opened.load(
        [
            AssessmentRecord(
                item="cat-c-kaz-co-3-p8",
                date=dt.date(2016, 5, 1),
                assessor_kind="committee",  # type: ignore[arg-type]
                assessor="Committee against Torture",
                scale="cat_followup",
                grade="C",  # type: ignore[arg-type]
                verification="verified",
                verified_by="key:secretariat",
            )
        ]
    )  # type: ignore[arg-type]
    after = (await client.get("/api/v1/items/cat-c-kaz-co-3-p8")).json()["item"]
    assert after["status"] != before["status"]
    response = await client.get("/feeds/changes.atom", params={"item": "cat-c-kaz-co-3-p8"})
    assert response.status_code == 200, response.text
    feed = feedparser.parse(response.content)
    newest, assessed = feed.entries[0], feed.entries[1]
    moved = (
        f"Status: {words(tracker.Status(before['status']))} → {words(tracker.Status(after['status']))}"
        f" (rule: {words(tracker.StatusRule(after['status_basis']['rule']))})"
    )
    assert {newest.title, assessed.title} == {
        f"{moved} — {after['title'] or after['text'][:120]}",
        "Assessment recorded: Committee against Torture: C",
    }
    assert all("updated" not in entry.title.split(":")[0] for entry in feed.entries)


async def test_an_item_updated_without_a_status_change_names_what_it_was_updated_with(
    client: AsyncTestClient, opened: tracker.Tracker
) -> None:
    await opened.load(
        [
            AssessmentRecord(
                item="cat-c-kaz-co-3-p8",
                date=dt.date(2016, 5, 1),
                assessor_kind="ngo",  # type: ignore[arg-type]
                assessor="Kazakhstan International Bureau for Human Rights",
                scale="normalized",
                grade="not_implemented",
            )
        ]
    )  # type: ignore[arg-type]
    feed = feedparser.parse((await client.get("/feeds/changes.atom", params={"item": "cat-c-kaz-co-3-p8"})).content)
    titles = [entry.title for entry in feed.entries]
    assert "Assessment recorded: Kazakhstan International Bureau for Human Rights: not_implemented" in titles
    item = (await client.get("/api/v1/items/cat-c-kaz-co-3-p8")).json()["item"]
    assert (
        titles[1]
        == f"{item['title']}: updated with assessment recorded Kazakhstan International Bureau for Human Rights: not_implemented"
    )
    assert not [t for t in titles if t.lower().startswith(("item updated", "item created", "item record updated"))], titles


async def test_a_csv_row_gives_the_items_page_beside_its_json(client: AsyncTestClient) -> None:
    response = await client.get("/api/v1/export", params={"format": "csv", "state": "KAZ"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows and all(r["page"] == f"http://testserver.local/items/{r['id']}" for r in rows)
    assert all(r["url"] == f"http://testserver.local/api/v1/items/{r['id']}" for r in rows)
    assert (await client.get(rows[0]["page"])).status_code == 200
