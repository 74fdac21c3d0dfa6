"""The triage inbox over HTTP: editors see what scrapers found, accept it as an action or reject it."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import AsyncTestClient

import tracker

FOUND: list[dict[str, Any]] = [
    {
        "source": "feed-kazakhstan-news",
        "entry": "https://example.kz/news/2014/gerasimov-paid",
        "url": "https://example.kz/news/2014/gerasimov-paid",
        "title": "Police paid compensation to Alexander Gerasimov",
        "published_on": "2014-02-10",
        "excerpt": "…the department paid the sum awarded under CAT decision 433/2010…",
        "language": "en",
        "state": "KAZ",
        "matches": [
            {"item": "cat-433-2010-investigation", "score": 0.4, "reason": "names communication 433/2010"},
            {"item": "cat-433-2010-compensation", "score": 0.9, "reason": "names communication 433/2010 and compensation"},
        ],
    },
    {
        "source": "feed-kazakhstan-news",
        "entry": "urn:uuid:5b0c",
        "url": "https://example.kz/news/2014/weather",
        "title": "Snow in Astana",
        "state": "KAZ",
    },
]


@pytest.fixture
async def editor(opened: tracker.Tracker) -> dict[str, str]:
    _, secret = await opened.keys.create("triage-desk", "editor")
    return {"Authorization": f"Bearer {secret}"}


async def test_editors_see_candidates_with_their_matches_best_first(
    client: AsyncTestClient, opened: tracker.Tracker, editor: dict[str, str]
) -> None:
    created = await opened.inbox.propose(FOUND)
    assert len(created) == 2
    assert (await client.get("/api/v1/inbox")).status_code == 401
    _, reader = await opened.keys.create("reader", "reader")
    assert (await client.get("/api/v1/inbox", headers={"Authorization": f"Bearer {reader}"})).status_code == 403
    page = (await client.get("/api/v1/inbox", headers=editor)).json()
    assert page["total"] == 2
    first = page["items"][0]
    assert (first["title"], first["published_on"], first["status"]) == (
        "Police paid compensation to Alexander Gerasimov",
        "2014-02-10",
        "pending",
    )
    assert [m["item"] for m in first["matches"]] == ["cat-433-2010-compensation", "cat-433-2010-investigation"]
    assert first["matches"][0]["reason"] == "names communication 433/2010 and compensation"


async def test_an_entry_is_proposed_once_whatever_became_of_it(client: AsyncTestClient, opened: tracker.Tracker) -> None:
    first = await opened.inbox.propose(FOUND)
    await opened.inbox.reject(first[1], "not about follow-up")
    assert await opened.inbox.propose(FOUND) == []
    assert (await opened.inbox.list()).total == 1


async def test_accepting_makes_the_action_and_accepting_twice_is_a_409(
    client: AsyncTestClient, opened: tracker.Tracker, editor: dict[str, str]
) -> None:
    candidate_id = (await opened.inbox.propose(FOUND))[0]
    acceptance = {
        "kind": "compensation_paid",
        "amounts": {"currency": "KZT", "paid": 2000000},
        "links": [{"item": "cat-433-2010-compensation", "effect": "advances", "note": "paid in full"}],
    }
    response = await client.post(f"/api/v1/inbox/{candidate_id}/accept", json=acceptance, headers=editor)
    assert response.status_code == 200, response.text
    accepted = response.json()
    action = accepted["action"]
    assert (action["title"], action["date"], action["state"]) == (
        "Police paid compensation to Alexander Gerasimov",
        "2014-02-10",
        "KAZ",
    )
    assert action["sources"][0]["url"] == FOUND[0]["url"] and action["recorded_by"] == "key:triage-desk"
    assert accepted["candidate"]["status"] == "accepted" and accepted["candidate"]["action"] == action["id"]
    item = (await client.get("/api/v1/items/cat-433-2010-compensation")).json()
    assert action["id"] in [entry["action"]["id"] for entry in item["timeline"]]

    again = await client.post(f"/api/v1/inbox/{candidate_id}/accept", json=acceptance, headers=editor)
    assert again.status_code == 409 and again.json()["existing"] == action["id"]
    assert (await opened.actions.list(kind="compensation_paid")).total == 1
    operations = [(e.operation, e.entity) for e in (await opened.audit.list(actor="key:triage-desk")).items]
    assert operations == [("accept", "candidate"), ("create", "action")]


async def test_an_editor_corrects_what_the_scraper_got_wrong(
    client: AsyncTestClient, opened: tracker.Tracker, editor: dict[str, str]
) -> None:
    candidate_id = (await opened.inbox.propose(FOUND))[0]
    acceptance = {
        "kind": "compensation_paid",
        "date": "2014-02-01",
        "date_precision": "month",
        "title": "Regional police department pays Gerasimov",
        "links": [{"item": "cat-433-2010-compensation", "effect": "advances"}],
    }
    action = (await client.post(f"/api/v1/inbox/{candidate_id}/accept", json=acceptance, headers=editor)).json()["action"]
    assert (action["title"], action["date"], action["date_precision"]) == (
        "Regional police department pays Gerasimov",
        "2014-02-01",
        "month",
    )


async def test_a_bad_acceptance_leaves_the_candidate_pending(
    client: AsyncTestClient, opened: tracker.Tracker, editor: dict[str, str]
) -> None:
    candidate_id = (await opened.inbox.propose(FOUND))[0]
    bad = await client.post(
        f"/api/v1/inbox/{candidate_id}/accept",
        headers=editor,
        json={"kind": "compensation_paid", "links": [{"item": "cat-c-tjk-co-3-p10", "effect": "advances"}]},
    )
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "links.item"
    assert (await opened.inbox.get(candidate_id)).status is tracker.CandidateStatus.PENDING
    assert (await opened.actions.list(kind="compensation_paid")).total == 0
    assert (await client.post("/api/v1/inbox/999/accept", json={"kind": "other"}, headers=editor)).status_code == 404


async def test_rejecting_needs_a_reason_and_happens_once(
    client: AsyncTestClient, opened: tracker.Tracker, editor: dict[str, str]
) -> None:
    candidate_id = (await opened.inbox.propose(FOUND))[1]
    assert (await client.post(f"/api/v1/inbox/{candidate_id}/reject", json={}, headers=editor)).status_code == 400
    rejected = await client.post(f"/api/v1/inbox/{candidate_id}/reject", json={"reason": "weather report"}, headers=editor)
    assert rejected.status_code == 200
    assert (rejected.json()["status"], rejected.json()["reason"], rejected.json()["decided_by"]) == (
        "rejected",
        "weather report",
        "key:triage-desk",
    )
    assert (
        await client.post(f"/api/v1/inbox/{candidate_id}/reject", json={"reason": "again"}, headers=editor)
    ).status_code == 409
    listed = (await client.get("/api/v1/inbox", params={"status": "rejected"}, headers=editor)).json()
    assert [c["id"] for c in listed["items"]] == [candidate_id]


LAW = {
    "source": "kz-register",
    "entry": "1001",
    "url": "https://adilet.zan.kz/rus/docs/Z2600000123",
    "title": "О внесении изменений и дополнений в Уголовный кодекс Республики Казахстан по вопросам противодействия пыткам",
    "published_on": "2026-03-02",
    "language": "ru",
    "state": "KAZ",
    "kind": "legislation_amended",
    "legal_reference": "Закон Республики Казахстан от 2 марта 2026 года № 123-VIII ЗРК",
    "titles": {"kk": "Қазақстан Республикасының Қылмыстық кодексіне өзгерістер енгізу туралы"},
    "matches": [{"item": "cat-c-kaz-co-3-p8", "score": 0.6, "reason": "amends article 146 of the Criminal Code (torture)"}],
}


async def test_a_legal_act_shows_its_kind_requisites_and_titles_and_is_accepted_as_verified_by_its_register(
    client: AsyncTestClient, opened: tracker.Tracker, editor: dict[str, str]
) -> None:
    await opened.sources.add("kz-register", "kz-legal-acts", "https://zan.gov.kz")
    [candidate_id] = await opened.inbox.propose([LAW])
    schema = (await client.get("/schema/openapi.json")).json()["components"]["schemas"]["Candidate"]["properties"]
    assert {"kind", "legal_reference", "titles"} <= set(schema)
    shown = (await client.get(f"/api/v1/inbox/{candidate_id}", headers=editor)).json()
    assert (shown["kind"], shown["legal_reference"], shown["titles"]) == (LAW["kind"], LAW["legal_reference"], LAW["titles"])

    links = {"links": [{"item": "cat-c-kaz-co-3-p8", "effect": "partial"}]}
    response = await client.post(f"/api/v1/inbox/{candidate_id}/accept", json=links, headers=editor)
    assert response.status_code == 200, response.text
    action = response.json()["action"]
    assert (action["kind"], action["legal_reference"], action["date"]) == (
        "legislation_amended",
        LAW["legal_reference"],
        "2026-03-02",
    )
    assert (action["verification"], action["verified_by"], action["recorded_by"]) == (
        "verified",
        "kz-register",
        "key:triage-desk",
    )


async def test_a_candidate_that_proposes_no_kind_needs_one(
    client: AsyncTestClient, opened: tracker.Tracker, editor: dict[str, str]
) -> None:
    candidate_id = (await opened.inbox.propose(FOUND))[0]
    refused = await client.post(f"/api/v1/inbox/{candidate_id}/accept", json={"links": []}, headers=editor)
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "kind"
    accepted = await client.post(f"/api/v1/inbox/{candidate_id}/accept", json={"kind": "other"}, headers=editor)
    assert accepted.status_code == 200 and accepted.json()["action"]["verification"] == "unverified"
