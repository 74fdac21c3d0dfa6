"""What a new user checks first on a fresh install with the bundled data: statuses, replies,
dates and briefings that are true, with unverified material marked wherever it appears."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import docx
import httpx
import pytest

TRACKER = str(Path(sys.executable).parent / "tracker")
COMPENSATION = "cat-433-2010-compensation"


@pytest.fixture(scope="module")
def editors(service: str, new_key: Callable[[str, str], dict[str, str]]) -> tuple[dict[str, str], dict[str, str]]:
    return new_key("ngo-a", "editor"), new_key("ngo-b", "editor")


def test_saidovs_refusal_is_a_reply_and_reads_not_implemented_not_overdue(service: str) -> None:
    item = httpx.get(f"{service}/api/v1/items/ccpr-2680-2015-retrial-or-release").json()["item"]
    assert item["status"] in ("not_implemented", "contrary")
    assert item["reply_date"] is not None and item["overdue"] is False
    assert item["status_basis"]["rule"] == "linked_actions" and item["status_basis"]["action"]


def test_history_is_dated_by_the_events_never_by_the_load(service: str) -> None:
    history = httpx.get(f"{service}/api/v1/items/{COMPENSATION}").json()["history"]
    years = {entry["on"][:4] for entry in history}
    assert years & {"2013", "2014"}
    assert dt.date.today().isoformat() not in {entry["on"] for entry in history}


def test_an_unverified_implemented_claim_changes_nothing_until_a_second_editor_verifies_it(
    service: str, editors: tuple[dict[str, str], dict[str, str]]
) -> None:
    first, second = editors
    before = httpx.get(f"{service}/api/v1/items/{COMPENSATION}").json()["item"]
    claim = httpx.post(
        f"{service}/api/v1/items/{COMPENSATION}/assessments",
        headers=first,
        json={
            "date": "2026-11-30",
            "assessor_kind": "editor",
            "assessor": "NGO A",
            "scale": "normalized",
            "grade": "implemented",
            "sources": [{"url": "https://example.org/ngo-a/claim", "title": "NGO A claim"}],
        },
    )
    assert claim.status_code == 201, claim.text
    detail = httpx.get(f"{service}/api/v1/items/{COMPENSATION}").json()
    assert detail["item"]["status"] == before["status"] and detail["item"]["awaiting_verification"] == 1
    assert [a["verification"] for a in detail["assessments"] if a["id"] == claim.json()["id"]] == ["unverified"]
    page = httpx.get(f"{service}/items/{COMPENSATION}").text
    assert "key:ngo-a" in page and "not counted until another editor verifies it" in page
    briefing = httpx.get(f"{service}/api/v1/briefings/KAZ", params={"since": "2023-01-01", "format": "md"}).text
    assert "key:ngo-a" in briefing and "not counted until another editor verifies it" in briefing

    assert httpx.post(f"{service}/api/v1/assessments/{claim.json()['id']}/verify", headers=first).status_code == 403
    assert httpx.post(f"{service}/api/v1/assessments/{claim.json()['id']}/verify", headers=second).status_code == 200
    after = httpx.get(f"{service}/api/v1/items/{COMPENSATION}").json()["item"]
    assert (after["status"], after["status_basis"]["rule"], after["overdue"]) == ("implemented", "independent_assessment", False)


def test_the_kazakhstan_briefing_since_2023_is_true_short_and_opens_in_word(service: str) -> None:
    response = httpx.get(f"{service}/api/v1/briefings/KAZ", params={"since": "2023-01-01"})
    briefing = response.json()
    assert len(response.content) < 30_000
    laws = [a for a in briefing["actions"] if a["date"].startswith("2023-03") and a["kind"].startswith("legislation")]
    assert laws, [a["title"] for a in briefing["actions"]]
    assert all(a["date"] >= "2023-01-01" for a in briefing["actions"])
    assert all(c["on"] >= "2023-01-01" for c in briefing["changes"])
    outstanding = [i["id"] for i in briefing["replies_overdue"] + briefing["outstanding"]]
    assert len(outstanding) == len(set(outstanding))
    word = httpx.get(f"{service}/api/v1/briefings/KAZ", params={"since": "2023-01-01", "format": "docx"})
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs)
    assert "Briefing: Kazakhstan" in text and laws[0]["title"] in text


def test_no_exported_url_points_to_a_test_server_and_no_two_items_of_a_state_read_alike(service: str) -> None:
    lines = httpx.get(f"{service}/api/v1/export", params={"format": "ndjson"}).text.splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    urls = [source["url"] for record in records for source in record.get("sources", [])]
    urls += [version["url"] for record in records for version in record.get("languages", [])]
    hosts = {urlsplit(url).hostname or "" for url in urls}
    assert urls and not {h for h in hosts if "test" in h.split(".") or "un-icc" in h}
    seen: dict[tuple[str, str | None, str], str] = {}
    items = httpx.get(f"{service}/api/v1/items", params={"limit": "500"}).json()["items"]
    for item in items:
        key = (item["state"], item["title"], item["text"])
        assert key not in seen, (item["id"], seen.get(key))
        seen[key] = item["id"]
