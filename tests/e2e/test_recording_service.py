"""Recording against the running service, as an editor would: a key from the CLI, then HTTP writes."""

from __future__ import annotations

import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import feedparser
import httpx
import pytest

TRACKER = str(Path(sys.executable).parent / "tracker")
PAYMENT = {
    "state": "KAZ",
    "kind": "compensation_paid",
    "date": "2014-02-10",
    "date_precision": "month",
    "title": "Kostanay regional police department pays Gerasimov the award",
    "amounts": {"currency": "KZT", "paid": 2000000},
    "sources": [
        {
            "url": "https://www.justiceinitiative.org/newsroom/kazakhstan-court-orders-damages-police-torture-case",
            "publisher": "Open Society Justice Initiative",
        }
    ],
    "links": [{"item": "cat-433-2010-compensation", "effect": "advances", "note": "the award was paid"}],
}
ITEM = "/api/v1/items/cat-433-2010-compensation"


@pytest.fixture(scope="module")
def keys(service: str, new_key: Callable[[str, str], dict[str, str]]) -> dict[str, dict[str, str]]:
    return {role: new_key(f"e2e-{role}", role) for role in ("reader", "editor", "admin")}


def test_an_editor_records_the_gerasimov_payment_and_it_counts_once_a_second_key_verifies_it(
    service: str, keys: dict[str, dict[str, str]]
) -> None:
    before = httpx.get(f"{service}{ITEM}").json()
    assert httpx.post(f"{service}/api/v1/actions", json=PAYMENT).status_code == 401
    assert httpx.post(f"{service}/api/v1/actions", json=PAYMENT, headers=keys["reader"]).status_code == 403
    created = httpx.post(f"{service}/api/v1/actions", json=PAYMENT, headers=keys["editor"])
    assert created.status_code == 201, created.text
    action = created.json()
    assert action["verification"] == "unverified"
    pending = httpx.get(f"{service}{ITEM}").json()
    assert pending["item"]["status_basis"] == before["item"]["status_basis"] and pending["history"] == before["history"]
    assert httpx.post(f"{service}/api/v1/actions/{action['id']}/verify", headers=keys["editor"]).status_code == 403
    assert httpx.post(f"{service}/api/v1/actions/{action['id']}/verify", headers=keys["admin"]).status_code == 200

    after = httpx.get(f"{service}{ITEM}").json()
    assert after["item"]["status_basis"]["action"] == action["id"] != before["item"]["status_basis"]["action"]
    changes = httpx.get(f"{service}/api/v1/changes", params={"item": "cat-433-2010-compensation", "limit": "500"}).json()["items"]
    assert ("action", action["id"], "created") in [(c["entity"], c["entity_id"], c["kind"]) for c in changes]
    feed = feedparser.parse(httpx.get(f"{service}/feeds/changes.atom", params={"item": "cat-433-2010-compensation"}).content)
    assert f"Action recorded: {PAYMENT['title']}" in [entry.title for entry in feed.entries]
    audit = httpx.get(f"{service}/api/v1/audit", params={"entity_id": action["id"]}, headers=keys["admin"]).json()
    assert [(e["actor"], e["operation"]) for e in audit["items"]] == [("key:e2e-admin", "verify"), ("key:e2e-editor", "create")]


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"amounts": {"currency": "KZT", "paid": -2000000}}, 400),
        ({"amounts": {"currency": "KZX", "paid": 2000000}}, 400),
        ({"links": [{"item": "cat-433-2010-compensation-9", "effect": "advances"}]}, 404),
    ],
)
def test_a_bad_action_stores_nothing(
    service: str, keys: dict[str, dict[str, str]], change: dict[str, object], status: int
) -> None:
    body = {**PAYMENT, "title": "A payment that must not be stored", **change}
    response = httpx.post(f"{service}/api/v1/actions", json=body, headers=keys["editor"])
    assert response.status_code == status, response.text
    assert httpx.get(f"{service}/api/v1/actions", params={"q": "must not be stored"}).json()["total"] == 0


def test_concurrent_corrections_with_one_etag_exactly_one_wins(service: str, keys: dict[str, dict[str, str]]) -> None:
    created = httpx.post(
        f"{service}/api/v1/actions", json={**PAYMENT, "title": "Second payment to Gerasimov"}, headers=keys["editor"]
    )
    path, etag = f"{service}/api/v1/actions/{created.json()['id']}", created.headers["etag"]
    stale = httpx.patch(path, json={"description": "no"}, headers={**keys["editor"], "If-Match": '"0"'})
    assert stale.status_code == 412

    def correct(n: int) -> int:
        return httpx.patch(
            path, json={"description": f"version {n}"}, headers={**keys["editor"], "If-Match": etag}, timeout=30
        ).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = sorted(pool.map(correct, range(6)))
    assert statuses == [200, 412, 412, 412, 412, 412]
