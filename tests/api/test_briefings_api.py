"""Briefings for dialogue preparers: what the State did and what is open, as JSON, Markdown, HTML and Word."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from litestar.testing import AsyncTestClient

import tracker
from tracker.records import ActionRecord


async def test_the_kazakhstan_briefing_since_2023_says_what_the_state_did_and_what_is_open_each_item_once(
    seeded_client: AsyncTestClient,
) -> None:
    response = await seeded_client.get("/api/v1/briefings/KAZ", params={"since": "2023-01-01"})
    assert response.status_code == 200
    assert len(response.content) < 30_000
    briefing = response.json()
    since = dt.date(2023, 1, 1)
    actions = briefing["actions"]
    assert [a["date"] for a in actions] == sorted((a["date"] for a in actions), reverse=True)
    assert all(dt.date.fromisoformat(a["date"]) >= since for a in actions)
    assert all(dt.date.fromisoformat(c["on"]) >= since for c in briefing["changes"])
    listed = [i["id"] for i in briefing["replies_overdue"] + briefing["outstanding"]]
    listed += [r["id"] for case in briefing["cases"] for r in case["remedies"]]
    assert len(listed) == len(set(listed))
    # the follow-up selection of CAT/C/KAZ/CO/4 is inferred: the item is marked as unverified
    assert {i["id"]: i["verification"] for i in briefing["outstanding"]}["cat-c-kaz-co-4-p10"] == "unverified"
    gerasimov = next(case for case in briefing["cases"] if case["decision"] == "cat-433-2010")
    assert gerasimov["label"] == "Gerasimov v. Kazakhstan (CAT 433/2010)"
    compensation = next(r for r in gerasimov["remedies"] if r["id"] == "cat-433-2010-compensation")
    assert compensation["deadline_note"].startswith("State reply overdue since 22 Aug 2012 (over ")
    summary = briefing["summary"]
    assert (
        summary["replies_overdue"]
        == (await seeded_client.get("/api/v1/items", params={"state": "KAZ", "overdue": "true"})).json()["total"]
    )
    assert summary["items"] == sum(summary["by_status"].values()) and "CAT" in summary["coverage"]


async def test_the_2023_torture_law_is_in_the_briefing_though_it_answers_no_item(seeded_client: AsyncTestClient) -> None:
    briefing = (await seeded_client.get("/api/v1/briefings/KAZ", params={"since": "2023-01-01"})).json()
    law = [a for a in briefing["actions"] if a["date"].startswith("2023-03") and a["kind"].startswith("legislation")]
    assert law and law[0]["verification"] == "verified" and law[0]["sources"]


async def test_a_briefing_in_markdown_and_word_names_items_as_readers_know_them(seeded_client: AsyncTestClient) -> None:
    response = await seeded_client.get("/api/v1/briefings/KAZ", params={"since": "2013-01-01", "format": "md"})
    assert response.status_code == 200
    assert 'filename="briefing-KAZ-2013-01-01.md"' in response.headers["content-disposition"]
    text = response.text
    assert text.startswith("# Briefing: Kazakhstan")
    assert "awarded KZT\xa02,000,000" in text
    assert "Gerasimov v. Kazakhstan (CAT 433/2010)" in text and "CAT/C/KAZ/CO/4, para" in text
    assert "OVERDUE" not in text and "State reply overdue since 22 Aug 2012" in text
    assert (await seeded_client.get("/api/v1/briefings/KAZ", headers={"Accept": "text/markdown"})).text.startswith("# Briefing")
    word = await seeded_client.get("/api/v1/briefings/KAZ", params={"since": "2023-01-01", "format": "docx"})
    assert word.status_code == 200 and word.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert 'filename="briefing-KAZ-2023-01-01.docx"' in word.headers["content-disposition"]
    document = docx.Document(io.BytesIO(word.content))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    assert "Briefing: Kazakhstan" in paragraphs and "Gerasimov v. Kazakhstan (CAT 433/2010)" in paragraphs


async def test_an_unverified_assessment_is_marked_in_every_briefing_format_and_counts_for_nothing(
    seeded_client: AsyncTestClient, seeded: tracker.Tracker
) -> None:
    before = (await seeded_client.get("/api/v1/briefings/KAZ", params={"since": "2023-01-01"})).json()
    await seeded.items.assess(
        "cat-433-2010-compensation",
        {
            "date": "2026-01-05",
            "assessor_kind": "editor",
            "assessor": "Example Bureau",
            "scale": "normalized",
            "grade": "implemented",
            "sources": [{"url": "https://example.org/claim", "title": "Claim"}],
        },
        by="key:ngo-a",
    )
    after = (await seeded_client.get("/api/v1/briefings/KAZ", params={"since": "2023-01-01"})).json()
    [claim] = after["unverified"]
    assert (claim["item"], claim["recorded_by"], claim["status"]) == ("cat-433-2010-compensation", "key:ngo-a", "implemented")
    assert after["summary"]["by_status"] == before["summary"]["by_status"]
    assert "await verification" in after["summary"]["verification"]
    for fmt in ("md", "html"):
        text = (await seeded_client.get("/api/v1/briefings/KAZ", params={"since": "2023-01-01", "format": fmt})).text
        assert "key:ngo-a" in text and "not counted until another editor verifies it" in text
    word = await seeded_client.get("/api/v1/briefings/KAZ", params={"since": "2023-01-01", "format": "docx"})
    assert "not counted until another editor verifies it" in "\n".join(
        p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs
    )


async def test_a_html_briefing_escapes_every_value(client: AsyncTestClient, opened: tracker.Tracker) -> None:
    await opened.load(
        [
            ActionRecord(
                state="KAZ",
                kind=tracker.ActionKind.STATEMENT,
                date=dt.date(2020, 1, 1),
                title="<script>alert(1)</script>",
                links=[tracker.ItemLink(item="cat-c-kaz-co-3-p8", effect=tracker.Effect.NO_EFFECT)],
            )
        ]
    )
    page = (await client.get("/api/v1/briefings/KAZ", params={"format": "html"})).text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.lower().startswith("<!doctype html>") and "Briefing: Kazakhstan" in page


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/api/v1/briefings/XYZ", {}, 404),
        ("/api/v1/briefings/KAZ", {"since": "2013-13-01"}, 400),
        ("/api/v1/briefings/KAZ", {"themes": "weather"}, 400),
        ("/api/v1/briefings/KAZ", {"format": "pdf"}, 400),
        ("/api/v1/briefings/KAZ", {"since": "2020-01-01", "until": "2019-01-01"}, 400),
    ],
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


async def test_the_library_narrows_a_briefing_with_theme_and_body_as_every_list_call_does(seeded: tracker.Tracker) -> None:
    narrowed = await seeded.briefings.get("KAZ", theme="redress_and_compensation", body="CAT")
    assert narrowed.themes == ["redress_and_compensation"] and narrowed.bodies == [tracker.Body.CAT]
    with pytest.raises(tracker.InvalidInput, match="^body: 'CATS' is not one of") as bad_body:
        await seeded.briefings.get("KAZ", body="CATS")
    assert bad_body.value.field == "body"
    with pytest.raises(tracker.InvalidInput, match="unknown theme 'weather'") as bad_theme:
        await seeded.briefings.get("KAZ", theme="weather")
    assert bad_theme.value.field == "theme"
    with pytest.raises(TypeError, match="bodies"):
        await seeded.briefings.get("KAZ", bodies="CAT")  # type: ignore[call-arg]


async def test_an_unknown_theme_of_a_briefing_is_a_400_naming_theme(client: AsyncTestClient) -> None:
    response = await client.get("/api/v1/briefings/KAZ", params={"theme": "weather"})
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["theme"]
