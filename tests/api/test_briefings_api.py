"""Briefings for dialogue preparers: by theme, with the cases annexed, as JSON, Markdown and HTML."""

from __future__ import annotations

import datetime as dt

import pytest
from litestar.testing import AsyncTestClient

import tracker
from tracker.records import ActionRecord


async def test_a_json_briefing_is_organised_by_theme_with_cases_annexed(client: AsyncTestClient) -> None:
    briefing = (await client.get("/api/v1/briefings/KAZ", params={"since": "2013-01-01"})).json()
    sections = {s["theme"]: s for s in briefing["themes"]}
    redress = sections["redress_and_compensation"]
    assert "cat-433-2010-compensation" in [i["id"] for i in redress["outstanding"]]
    assert [a["title"] for a in redress["actions"]] == ["Kostanay city court awards Gerasimov 2,000,000 tenge"]
    [case] = briefing["cases"]
    assert case["decision"]["id"] == "cat-433-2010"
    assert {r["id"] for r in case["remedies"]} == {"cat-433-2010-compensation", "cat-433-2010-investigation"}
    assert briefing["overdue"] == 2


async def test_a_markdown_briefing_names_the_award_and_the_overdue_items(client: AsyncTestClient) -> None:
    response = await client.get("/api/v1/briefings/KAZ", params={"since": "2013-01-01", "format": "md"})
    assert response.status_code == 200
    assert 'filename="briefing-KAZ-2013-01-01.md"' in response.headers["content-disposition"]
    text = response.text
    assert text.startswith("# Briefing: Kazakhstan")
    assert "awarded 2,000,000 KZT" in text
    assert "`cat-433-2010-investigation`" in text and "OVERDUE" in text
    assert (await client.get("/api/v1/briefings/KAZ", headers={"Accept": "text/markdown"})).text.startswith("# Briefing")


async def test_a_html_briefing_escapes_every_value(client: AsyncTestClient, opened: tracker.Tracker) -> None:
    await opened.load([ActionRecord(state="KAZ", kind=tracker.ActionKind.STATEMENT, date=dt.date(2020, 1, 1),
                                    title="<script>alert(1)</script>",
                                    links=[tracker.ItemLink(item="cat-c-kaz-co-3-p8", effect=tracker.Effect.NO_EFFECT)])])
    page = (await client.get("/api/v1/briefings/KAZ", params={"format": "html"})).text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.startswith("<!doctype html>") and "<title>Briefing: Kazakhstan</title>" in page


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [("/api/v1/briefings/XYZ", {}, 404), ("/api/v1/briefings/KAZ", {"since": "2013-13-01"}, 400),
     ("/api/v1/briefings/KAZ", {"themes": "weather"}, 400), ("/api/v1/briefings/KAZ", {"format": "pdf"}, 400),
     ("/api/v1/briefings/KAZ", {"since": "2020-01-01", "until": "2019-01-01"}, 400)],
)
async def test_bad_briefing_requests_are_clear_errors(client: AsyncTestClient, path: str, params: dict, status: int) -> None:
    response = await client.get(path, params=params)
    assert response.status_code == status
    assert response.json()["status"] == status


async def test_every_bundled_item_has_a_theme_of_the_vocabulary(seeded: tracker.Tracker) -> None:
    items = (await seeded.items.list(limit=500)).items
    assert items
    untagged = [i for i in items if i.vocabulary_themes == ["other"]]
    # Only recommendations whose wording was never retrieved fall outside the vocabulary.
    assert all("not retrieved" in i.text for i in untagged)
    assert len(untagged) < len(items) / 5
