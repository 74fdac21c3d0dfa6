"""URLs that came from a scraper or an import keep their secrets from readers: a secret query
parameter's value is shown as ***, while the library keeps the URL as it was given."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from litestar.testing import AsyncTestClient

import tracker
from tracker.records import decode_lines

SECRET = "https://x.org/doc.pdf?token=abc&lang=en"
SHOWN = "https://x.org/doc.pdf?token=***&lang=en"
RECORDS = f"""{{"type":"meta","format":"tracker-records","version":1}}
{{"type":"document","symbol":"CAT/C/KAZ/CO/9","body":"CAT","state":"KAZ","kind":"concluding_observations","adopted_on":"2024-11-27","languages":[{{"language":"en","url":"{SECRET}"}}],"sources":[{{"url":"{SECRET}"}}]}}
{{"type":"recommendation","document":"CAT/C/KAZ/CO/9","paragraph":"8","text":"Investigate every complaint.","follow_up":true,"sources":[{{"url":"{SECRET}"}}]}}
{{"type":"action","state":"KAZ","kind":"court_ruling","date":"2024-11-21","title":"A ruling","court":{{"name":"Almaty City Court","instance":"first","outcome":"granted"}},"sources":[{{"url":"{SECRET}"}}],"links":[{{"item":"cat-c-kaz-co-9-p8","effect":"partial"}}],"verification":"verified","verified_by":"sample"}}
"""
READS = [
    f"/api/v1/documents/{quote('CAT/C/KAZ/CO/9', safe='')}",
    "/api/v1/documents?state=KAZ",
    "/api/v1/items/cat-c-kaz-co-9-p8",
    "/api/v1/items?state=KAZ",
    "/api/v1/actions?state=KAZ",
    "/api/v1/states/KAZ",
]


async def _ruling(opened: tracker.Tracker) -> tracker.Action:
    return next(a for a in (await opened.actions.list(state="KAZ")).items if a.title == "A ruling")


async def test_imported_urls_are_read_over_the_api_with_their_secrets_masked(
    client: AsyncTestClient, opened: tracker.Tracker
) -> None:
    await opened.load(list(decode_lines(RECORDS.encode().splitlines(), name="secrets")))
    for path in READS:
        read = await client.get(path)
        assert read.status_code == 200, path
        assert "token=abc" not in read.text and SHOWN in read.text, path
    document = (await client.get(READS[0])).json()["document"]
    assert [v["url"] for v in document["languages"]] == [s["url"] for s in document["sources"]] == [SHOWN]
    action = await _ruling(opened)
    assert [s.url for s in action.sources] == [SECRET], "the library reads the URL as it was given"
    assert [s["url"] for s in (await client.get(f"/api/v1/actions/{action.id}")).json()["sources"]] == [SHOWN]


async def test_an_action_read_with_its_secrets_masked_can_be_changed_with_that_versions_etag(
    client: AsyncTestClient, opened: tracker.Tracker
) -> None:
    await opened.load(list(decode_lines(RECORDS.encode().splitlines(), name="secrets")))
    _, secret = await opened.keys.create("desk", "editor")
    action = await _ruling(opened)
    read = await client.get(f"/api/v1/actions/{action.id}")
    changed = await client.patch(
        f"/api/v1/actions/{action.id}",
        json={"title": "A ruling for the complainant"},
        headers={"Authorization": f"Bearer {secret}", "If-Match": read.headers["etag"]},
    )
    assert changed.status_code == 200, changed.text
    assert [s["url"] for s in changed.json()["sources"]] == [SHOWN]
    assert [s.url for s in (await opened.actions.get(action.id)).sources] == [SECRET]


async def test_a_candidates_url_is_shown_to_editors_with_its_secrets_masked(
    client: AsyncTestClient, opened: tracker.Tracker
) -> None:
    _, secret = await opened.keys.create("triage-desk", "editor")
    editor = {"Authorization": f"Bearer {secret}"}
    (candidate_id,) = await opened.inbox.propose(
        [{"source": "feed-news", "entry": "urn:uuid:1", "url": SECRET, "title": "Court rules", "state": "KAZ"}]
    )
    assert (await client.get(f"/api/v1/inbox/{candidate_id}", headers=editor)).json()["url"] == SHOWN
    assert "token=abc" not in (await client.get("/api/v1/inbox", headers=editor)).text


async def test_pages_briefings_and_exports_show_the_secrets_masked_and_the_library_export_keeps_them(
    client: AsyncTestClient, opened: tracker.Tracker
) -> None:
    await opened.load(list(decode_lines(RECORDS.encode().splitlines(), name="secrets")))
    shown_on_pages = SHOWN.replace("&", "&amp;")
    for path, shown in [
        ("/items/cat-c-kaz-co-9-p8", shown_on_pages),
        ("/states/KAZ", shown_on_pages),
        ("/api/v1/briefings/KAZ?format=md", SHOWN),
        ("/api/v1/briefings/KAZ?format=html", shown_on_pages),
        ("/api/v1/export?state=KAZ&format=csv", SHOWN),
        ("/api/v1/export?state=KAZ&format=ndjson", SHOWN),
    ]:
        read = await client.get(path)
        assert read.status_code == 200, path
        assert "token=abc" not in read.text and shown in read.text, path
    lines = [line async for line in opened.export_lines()]
    assert any(SECRET.encode() in line for line in lines), "an operator's export loses nothing"


async def test_a_url_sent_back_with_its_secret_masked_is_refused_and_nothing_changes(
    client: AsyncTestClient, opened: tracker.Tracker
) -> None:
    await opened.load(list(decode_lines(RECORDS.encode().splitlines(), name="secrets")))
    _, secret = await opened.keys.create("desk", "editor")
    editor = {"Authorization": f"Bearer {secret}"}
    action = await _ruling(opened)
    read = await client.get(f"/api/v1/actions/{action.id}")
    copied = read.json()["sources"]
    changed = await client.patch(
        f"/api/v1/actions/{action.id}", json={"sources": copied}, headers={**editor, "If-Match": read.headers["etag"]}
    )
    assert changed.status_code == 400, changed.text
    assert [error["field"] for error in changed.json()["errors"]] == ["url"]
    assert "token is ***, as the tracker shows it: give its real value" in changed.json()["detail"]
    assert [s.url for s in (await opened.actions.get(action.id)).sources] == [SECRET]
    recorded = await client.post(
        "/api/v1/actions",
        json={
            "state": "KAZ",
            "kind": "statement",
            "date": "2024-12-01",
            "title": "A statement citing a copied link",
            "sources": [{"url": "https://x.org/doc.pdf?lang=en&api-key=%2A%2A%2A"}],
            "links": [{"item": "cat-c-kaz-co-9-p8", "effect": "advances"}],
        },
        headers=editor,
    )
    assert recorded.status_code == 400, recorded.text
    assert "api-key is ***" in recorded.json()["detail"]
    assert not [a for a in (await opened.actions.list(state="KAZ")).items if a.title.startswith("A statement citing")]


async def test_an_export_read_over_http_cannot_be_imported_over_the_stored_secrets(
    opened: tracker.Tracker, sample_records: list
) -> None:
    await opened.load([*sample_records, *decode_lines(RECORDS.encode().splitlines(), name="secrets")])
    masked = RECORDS.replace(SECRET, SHOWN).replace("A ruling", "A ruling, as exported")
    with pytest.raises(tracker.InvalidInput, match=r"token is \*\*\*, as the tracker shows it"):
        await opened.load(list(decode_lines(masked.encode().splitlines(), name="masked")))
    assert [s.url for s in (await _ruling(opened)).sources] == [SECRET]
    assert not [a for a in (await opened.actions.list(state="KAZ")).items if a.title == "A ruling, as exported"]
