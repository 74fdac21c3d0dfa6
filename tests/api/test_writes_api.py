"""Recording what States do over HTTP: keys and roles, actions, corrections, assessments, limits."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import feedparser
import pytest
from litestar.testing import AsyncTestClient

import tracker
from tracker.config import Settings
from tracker_api.app import create_app

PAYMENT: dict[str, Any] = {
    "state": "KAZ",
    "kind": "compensation_paid",
    "date": "2014-02-10",
    "title": "Kostanay regional police department pays Gerasimov the award",
    "amounts": {"currency": "KZT", "paid": 2000000},
    "sources": [
        {
            "url": "https://www.justiceinitiative.org/newsroom/kazakhstan-court-orders-damages-police-torture-case",
            "title": "Kazakhstan Court Orders Damages in Police Torture Case",
            "language": "en",
        }
    ],
    "links": [{"item": "cat-433-2010-compensation", "effect": "advances", "note": "the award was paid"}],
}


class Keys:
    """Bearer headers for a fresh key of each role."""

    def __init__(self, secrets: dict[str, str]) -> None:
        self.headers = {role: {"Authorization": f"Bearer {secret}"} for role, secret in secrets.items()}

    def __getattr__(self, role: str) -> dict[str, str]:
        return self.headers[role]


@pytest.fixture
async def keys(opened: tracker.Tracker) -> Keys:
    secrets = {}
    for role in ("reader", "editor", "admin"):
        _, secrets[role] = await opened.keys.create(f"test-{role}", role)
    return Keys(secrets)


async def _counts(opened: tracker.Tracker) -> tuple[int, int, int]:
    actions = (await opened.actions.list(limit=500)).total
    changes = (await opened.changes.list(latest_first=True, limit=1)).items[0].id
    audit = (await opened.audit.list(limit=500)).total
    return actions, changes, audit


async def test_an_editor_records_a_payment_and_the_item_log_feed_and_audit_show_it(
    client: AsyncTestClient, opened: tracker.Tracker, keys: Keys
) -> None:
    before = (await client.get("/api/v1/items/cat-433-2010-compensation")).json()
    paid_in_full = {**PAYMENT, "links": [{"item": "cat-433-2010-compensation", "effect": "implements", "note": "paid in full"}]}
    response = await client.post("/api/v1/actions", json=paid_in_full, headers=keys.editor)
    assert response.status_code == 201, response.text
    action = response.json()
    assert response.headers["location"] == f"/api/v1/actions/{action['id']}"
    assert action["amounts"]["paid"] == 2000000 and action["recorded_by"] == "key:test-editor"
    assert (await client.get(f"/api/v1/actions/{action['id']}")).headers["etag"] == response.headers["etag"]

    pending = (await client.get("/api/v1/items/cat-433-2010-compensation")).json()
    assert pending["item"]["status_basis"] == before["item"]["status_basis"] and pending["item"]["awaiting_verification"] == 1
    assert action["verification"] == "unverified"
    assert (await client.post(f"/api/v1/actions/{action['id']}/verify", headers=keys.editor)).status_code == 403
    verified = await client.post(f"/api/v1/actions/{action['id']}/verify", headers=keys.admin)
    assert verified.status_code == 200 and verified.json()["verified_by"] == "key:test-admin"
    assert (await client.post(f"/api/v1/actions/{action['id']}/verify", headers=keys.admin)).status_code == 409

    after = (await client.get("/api/v1/items/cat-433-2010-compensation")).json()
    assert after["item"]["status_basis"]["action"] == action["id"] != before["item"]["status_basis"]["action"]
    assert action["id"] in [entry["action"]["id"] for entry in after["timeline"]]
    assert len(after["history"]) == len(before["history"]) + 1
    assert after["history"][-1]["basis"]["action"] == action["id"] and after["history"][-1]["on"] == PAYMENT["date"]
    assert (after["item"]["status"], after["item"]["overdue"]) == ("implemented", False)

    changes = (await client.get("/api/v1/changes", params={"limit": "500"})).json()["items"]
    logged = [(c["entity"], c["entity_id"], c["kind"]) for c in changes]
    assert ("action", action["id"], "created") in logged and ("item", "cat-433-2010-compensation", "updated") in logged
    feed = feedparser.parse((await client.get("/feeds/changes.atom", params={"item": "cat-433-2010-compensation"})).content)
    assert f"Action recorded: {PAYMENT['title']}" in [entry.title for entry in feed.entries]

    audit = (
        await client.get("/api/v1/audit", params={"entity_id": action["id"], "operation": "create"}, headers=keys.admin)
    ).json()
    (entry,) = audit["items"]
    assert entry["actor"] == "key:test-editor" and entry["operation"] == "create" and entry["entity"] == "action"
    assert entry["before"] is None and entry["after"]["amounts"]["paid"] == 2000000 and entry["state"] == "KAZ"


async def test_a_write_without_a_key_is_401_with_a_reader_key_403_and_stores_nothing(
    client: AsyncTestClient, opened: tracker.Tracker, keys: Keys
) -> None:
    counts = await _counts(opened)
    anonymous = await client.post("/api/v1/actions", json=PAYMENT)
    assert anonymous.status_code == 401 and anonymous.headers["www-authenticate"].startswith("Bearer")
    assert anonymous.headers["content-type"].startswith("application/problem+json")
    assert (
        await client.post("/api/v1/actions", json=PAYMENT, headers={"Authorization": "Bearer trk_not-a-key"})
    ).status_code == 401
    assert (
        await client.post("/api/v1/actions", json=PAYMENT, headers={"Authorization": "Basic dXNlcjpwdw=="})
    ).status_code == 401
    reader = await client.post("/api/v1/actions", json=PAYMENT, headers=keys.reader)
    assert reader.status_code == 403 and "editor" in reader.json()["detail"]
    assert (await client.get("/api/v1/audit", headers=keys.editor)).status_code == 403
    assert await _counts(opened) == counts


async def test_a_revoked_key_is_refused(client: AsyncTestClient, opened: tracker.Tracker, keys: Keys) -> None:
    await opened.keys.revoke("test-editor")
    response = await client.post("/api/v1/actions", json=PAYMENT, headers=keys.editor)
    assert response.status_code == 401 and "revoked" in response.json()["detail"]


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"amounts": {"currency": "KZT", "paid": -1}}, 400, "amounts.paid"),
        ({"amounts": {"currency": "XYZ", "paid": 10}}, 400, "amounts.currency"),
        ({"amounts": {"currency": "kzt", "paid": 10}}, 400, "amounts.currency"),
        ({"links": [{"item": "cat-999-2010-compensation", "effect": "advances"}]}, 404, "links.item"),
        ({"links": [{"item": "cat-c-tjk-co-3-p10", "effect": "advances"}]}, 400, "links.item"),
        ({"links": [{"item": "cat-433-2010-compensation", "effect": "helps"}]}, 400, "links[0].effect"),
        ({"court": {"name": "Kostanay City Court"}}, 400, "court"),
        ({"date": "November 2013"}, 400, "date"),
        ({"sources": []}, 400, "sources"),
        ({"status": "implemented"}, 400, "status"),
        ({"state": "XYZ"}, 400, "state"),
        ({"actor": 0}, 400, "actor"),
        ({"actor": ["Ministry of Justice"]}, 400, "actor"),
        ({"actor": "x" * 100_001}, 400, "actor"),
        ({"date": "2999-01-01"}, 400, "date"),
        ({"date": "9999-12-31"}, 400, "date"),
    ],
)
async def test_a_bad_action_is_refused_naming_the_field_and_nothing_is_stored(
    client: AsyncTestClient, opened: tracker.Tracker, keys: Keys, change: dict[str, Any], status: int, field: str
) -> None:
    counts = await _counts(opened)
    response = await client.post("/api/v1/actions", json={**PAYMENT, **change}, headers=keys.editor)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert field in [error["field"] for error in response.json()["errors"]]
    assert await _counts(opened) == counts


async def test_a_ruling_appealing_a_missing_or_foreign_ruling_is_refused(
    client: AsyncTestClient, opened: tracker.Tracker, keys: Keys
) -> None:
    ruling = (await opened.actions.list(kind="court_ruling")).items[0]
    appeal = {
        **PAYMENT,
        "kind": "court_ruling",
        "title": "Kostanay regional court upholds the award",
        "amounts": None,
        "court": {"name": "Kostanay Regional Court", "instance": "appeal", "outcome": "upheld", "appeal_of": ruling.id},
    }
    missing = await client.post(
        "/api/v1/actions",
        json={**appeal, "court": {**appeal["court"], "appeal_of": "act-kaz-2013-11-00000000"}},
        headers=keys.editor,
    )
    assert missing.status_code == 404 and missing.json()["errors"][0]["field"] == "court.appeal_of"
    reply = (await opened.actions.list(kind="follow_up_reply_submitted")).items[0]
    not_a_ruling = await client.post(
        "/api/v1/actions", json={**appeal, "court": {**appeal["court"], "appeal_of": reply.id}}, headers=keys.editor
    )
    assert not_a_ruling.status_code == 400 and not_a_ruling.json()["errors"][0]["field"] == "court.appeal_of"
    accepted = await client.post("/api/v1/actions", json=appeal, headers=keys.editor)
    assert accepted.status_code == 201 and accepted.json()["court"]["appeal_of"] == ruling.id


async def test_recording_the_same_action_twice_is_a_409_naming_it(client: AsyncTestClient, keys: Keys) -> None:
    first = await client.post("/api/v1/actions", json=PAYMENT, headers=keys.editor)
    again = await client.post("/api/v1/actions", json={**PAYMENT, "title": PAYMENT["title"].upper() + "."}, headers=keys.editor)
    assert again.status_code == 409 and again.json()["existing"] == first.json()["id"]


async def test_a_correction_keeps_the_id_and_needs_the_current_etag(
    client: AsyncTestClient, opened: tracker.Tracker, keys: Keys
) -> None:
    created = await client.post("/api/v1/actions", json=PAYMENT, headers=keys.editor)
    action_id, etag = created.json()["id"], created.headers["etag"]
    path = f"/api/v1/actions/{action_id}"
    missing = await client.patch(path, json={"title": "Police pay Gerasimov 2,000,000 tenge"}, headers=keys.editor)
    assert missing.status_code == 428
    changed = await client.patch(
        path,
        json={"title": "Police pay Gerasimov 2,000,000 tenge", "description": "Paid in full."},
        headers={**keys.editor, "If-Match": etag},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["id"] == action_id and changed.json()["title"] == "Police pay Gerasimov 2,000,000 tenge"
    assert changed.json()["amounts"] == created.json()["amounts"] and changed.headers["etag"] != etag
    stale = await client.patch(path, json={"description": "Overwritten"}, headers={**keys.editor, "If-Match": etag})
    assert stale.status_code == 412
    assert (await client.get(path)).json()["description"] == "Paid in full."
    weak = await client.patch(
        path, json={"description": "x"}, headers={**keys.editor, "If-Match": f"W/{changed.headers['etag']}"}
    )
    assert weak.status_code == 412
    (entry,) = (await opened.audit.list(entity_id=action_id, operation="update")).items
    assert entry.before is not None and entry.after is not None
    assert (entry.before["title"], entry.after["title"]) == (PAYMENT["title"], "Police pay Gerasimov 2,000,000 tenge")
    assert (
        await client.patch("/api/v1/actions/act-kaz-1999-00000000", json={}, headers={**keys.editor, "If-Match": "*"})
    ).status_code == 404


async def test_a_correction_that_moves_a_link_re_derives_both_items(client: AsyncTestClient, keys: Keys) -> None:
    created = await client.post(
        "/api/v1/actions",
        json={
            **PAYMENT,
            "kind": "investigation_opened",
            "amounts": None,
            "links": [{"item": "cat-433-2010-investigation", "effect": "advances"}],
        },
        headers=keys.editor,
    )
    verified = await client.post(f"/api/v1/actions/{created.json()['id']}/verify", headers=keys.admin)
    assert (await client.get("/api/v1/items/cat-433-2010-investigation")).json()["item"]["status"] == "partially_implemented"
    moved = await client.patch(
        f"/api/v1/actions/{created.json()['id']}",
        json={"links": [{"item": "cat-c-kaz-co-3-p8", "effect": "advances"}]},
        headers={**keys.editor, "If-Match": verified.headers["etag"]},
    )
    assert moved.status_code == 200 and moved.json()["verification"] == "unverified"
    await client.post(f"/api/v1/actions/{created.json()['id']}/verify", headers=keys.admin)
    assert (await client.get("/api/v1/items/cat-433-2010-investigation")).json()["item"]["status"] == "no_information"
    assert (await client.get("/api/v1/items/cat-c-kaz-co-3-p8")).json()["item"]["status"] == "partially_implemented"


ASSESSMENT = {
    "date": "2016-05-13",
    "assessor_kind": "committee",
    "assessor": "CAT Rapporteur for follow-up",
    "scale": "cat_followup",
    "grade": "B",
    "rationale": "Initial steps taken; more information needed.",
    "sources": [
        {
            "url": "https://tbinternet.ohchr.org/_layouts/15/treatybodyexternal/Download.aspx?symbolno=CAT%2fC%2fKAZ%2fCO%2f3",
            "date": "2016-05-13",
        }
    ],
}


async def test_an_assessment_sets_the_status_from_its_grade(client: AsyncTestClient, opened: tracker.Tracker, keys: Keys) -> None:
    path = "/api/v1/items/cat-c-kaz-co-3-p8/assessments"
    response = await client.post(path, json=ASSESSMENT, headers=keys.editor)
    assert response.status_code == 201, response.text
    assessment = response.json()
    assert (assessment["grade"], assessment["status"], assessment["recorded_by"]) == (
        "B",
        "partially_implemented",
        "key:test-editor",
    )
    assert (await client.get("/api/v1/items/cat-c-kaz-co-3-p8")).json()["item"]["status"] == "no_information"
    assert (await client.post(f"/api/v1/assessments/{assessment['id']}/verify", headers=keys.editor)).status_code == 403
    assert (await client.post(f"/api/v1/assessments/{assessment['id']}/verify", headers=keys.reader)).status_code == 403
    assert (await client.post(f"/api/v1/assessments/{assessment['id']}/verify")).status_code == 401
    assert (await client.post("/api/v1/assessments/asm-nothing/verify", headers=keys.admin)).status_code == 404
    verified = await client.post(f"/api/v1/assessments/{assessment['id']}/verify", headers=keys.admin)
    assert verified.status_code == 200 and verified.json()["verification"] == "verified"
    assert (await client.get(f"/api/v1/assessments/{assessment['id']}")).json()["verified_by"] == "key:test-admin"
    item = (await client.get("/api/v1/items/cat-c-kaz-co-3-p8")).json()
    assert item["item"]["status"] == "partially_implemented"
    assert item["item"]["status_basis"] == {"rule": "body_assessment", "assessment": assessment["id"], "action": None}
    assert item["history"][-1]["basis"]["assessment"] == assessment["id"]
    again = await client.post(path, json=ASSESSMENT, headers=keys.editor)
    assert again.status_code == 409 and again.json()["existing"] == assessment["id"]
    assert [(e.operation, e.actor) for e in (await opened.audit.list(entity="assessment")).items] == [
        ("verify", "key:test-admin"),
        ("create", "key:test-editor"),
    ]


async def test_an_editor_cannot_send_a_record_as_verified(client: AsyncTestClient, keys: Keys) -> None:
    response = await client.post("/api/v1/actions", json={**PAYMENT, "verification": "verified"}, headers=keys.editor)
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["verification"]
    response = await client.post(
        "/api/v1/items/cat-c-kaz-co-3-p8/assessments", json={**ASSESSMENT, "verification": "verified"}, headers=keys.editor
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("path", "change", "status", "field"),
    [
        ("/api/v1/items/cat-c-kaz-co-3-p8/assessments", {"grade": "B1"}, 400, "grade"),
        ("/api/v1/items/cat-c-kaz-co-3-p8/assessments", {"scale": "stars"}, 400, "scale"),
        ("/api/v1/items/cat-c-kaz-co-3-p8/assessments", {"status": "implemented"}, 400, "status"),
        ("/api/v1/items/cat-c-kaz-co-3-p8/assessments", {"assessor_kind": "journalist"}, 400, "assessor_kind"),
        ("/api/v1/items/cat-c-kaz-co-3-p99/assessments", {}, 404, None),
    ],
)
async def test_a_bad_assessment_is_refused_and_nothing_changes(
    client: AsyncTestClient,
    opened: tracker.Tracker,
    keys: Keys,
    path: str,
    change: dict[str, Any],
    status: int,
    field: str | None,
) -> None:
    before = await opened.items.get("cat-c-kaz-co-3-p8")
    response = await client.post(path, json={**ASSESSMENT, **change}, headers=keys.editor)
    assert response.status_code == status, response.text
    if field:
        assert field in [error["field"] for error in response.json()["errors"]]
    assert await opened.items.get("cat-c-kaz-co-3-p8") == before


async def test_a_body_over_one_mebibyte_is_413(client: AsyncTestClient, opened: tracker.Tracker, keys: Keys) -> None:
    counts = await _counts(opened)
    huge = {**PAYMENT, "description": "x" * (1024 * 1024)}
    response = await client.post("/api/v1/actions", json=huge, headers=keys.editor)
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")
    assert await _counts(opened) == counts


@pytest.fixture
async def app_with(opened: tracker.Tracker, database_url: str, sample_records: list, tmp_path: Any) -> AsyncIterator[Any]:
    await opened.load(sample_records)
    clients: list[AsyncTestClient] = []

    async def start(**settings: Any) -> AsyncTestClient:
        test_client = AsyncTestClient(
            app=create_app(Settings(database_url=database_url, snapshot_dir=str(tmp_path / "snapshots"), **settings))
        )
        await test_client.__aenter__()
        clients.append(test_client)
        return test_client

    yield start
    for test_client in clients:
        await test_client.__aexit__(None, None, None)


async def test_writes_beyond_the_rate_limit_are_429_with_retry_after(app_with: Any, keys: Keys) -> None:
    client = await app_with(write_rate_limit=2)
    payments = [{**PAYMENT, "title": f"Instalment {n} paid to Gerasimov"} for n in range(3)]
    first, second, third = [await client.post("/api/v1/actions", json=p, headers=keys.editor) for p in payments]
    assert (first.status_code, second.status_code, third.status_code) == (201, 201, 429)
    assert 1 <= int(third.headers["retry-after"]) <= 60
    assert (await client.get("/api/v1/actions", params={"q": "Instalment"})).json()["total"] == 2
    assert (await client.post("/api/v1/actions", json=payments[2], headers=keys.admin)).status_code == 201


async def test_with_public_reads_off_every_read_needs_a_key(app_with: Any, opened: tracker.Tracker, keys: Keys) -> None:
    client = await app_with(public_read=False)
    assert (await client.get("/api/v1/items")).status_code == 401
    assert (await client.get("/feeds/changes.atom")).status_code == 401
    assert (await client.get("/api/v1/items", headers=keys.reader)).status_code == 200
    used = {key.name: key.last_used_at for key in await opened.keys.list()}
    assert used["test-reader"] is not None and used["test-editor"] is None
    assert (await client.get("/health")).status_code == 200
    assert (await client.get("/schema/openapi.json")).status_code == 200


async def test_every_route_that_writes_needs_a_key_with_a_role(client: AsyncTestClient, keys: Keys) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    writes = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method in ("get", "head", "options") or not isinstance(operation, dict):
                continue
            params = {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "path"}
            concrete = path
            for name, param in params.items():
                concrete = concrete.replace("{" + name + "}", "1" if param["schema"].get("type") == "integer" else "x")
            writes.append((method, concrete, operation["operationId"]))
            assert operation.get("security") == [{"apiKey": []}], operation["operationId"]
    assert {"recordAction", "updateAction", "assessItem", "acceptInboxCandidate", "rejectInboxCandidate"} <= {
        w[2] for w in writes
    }
    for method, path, operation_id in writes:
        anonymous = await client.request(method.upper(), path, json={})
        assert anonymous.status_code == 401, (operation_id, anonymous.status_code)
        reader = await client.request(method.upper(), path, json={}, headers=keys.reader)
        assert reader.status_code == 403, (operation_id, reader.status_code)


async def test_the_openapi_document_describes_the_write_bodies(client: AsyncTestClient) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    record = schema["paths"]["/api/v1/actions"]["post"]
    assert set(record["responses"]) >= {"201", "400", "401", "403", "404", "409", "413", "429"}
    body = record["requestBody"]["content"]["application/json"]["schema"]
    assert body["$ref"].endswith("NewAction")
    new_action = schema["components"]["schemas"]["NewAction"]
    assert {"state", "kind", "date", "title", "sources"} <= set(new_action["required"])
    assert "412" in schema["paths"]["/api/v1/actions/{action_id}"]["patch"]["responses"]


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "application/json", 400),
        (b'{"title": "\xff\xfe"}', "application/json", 400),
        (b'{"state": "KAZ"}', "text/plain", 415),
        (b"state=KAZ", "application/x-www-form-urlencoded", 415),
    ],
)
async def test_a_body_that_is_not_json_is_refused_not_a_500(
    client: AsyncTestClient, opened: tracker.Tracker, keys: Keys, body: bytes, content_type: str, status: int
) -> None:
    counts = await _counts(opened)
    response = await client.post("/api/v1/actions", content=body, headers={**keys.editor, "Content-Type": content_type})
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert await _counts(opened) == counts


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/inbox/2147483648", {}),
        ("/api/v1/audit", {"since": "2024-01-01T00:00:00"}),
        ("/api/v1/audit", {"until": "9999-12-31T23:59:59-05:00"}),
        ("/api/v1/changes", {"since": "0001-01-01T00:00:00+05:00"}),
    ],
)
async def test_out_of_range_ids_and_timestamps_are_400s(
    client: AsyncTestClient, keys: Keys, path: str, params: dict[str, str]
) -> None:
    response = await client.get(path, params=params, headers=keys.admin)
    assert response.status_code == 400, response.text


async def test_a_code_with_a_trailing_newline_is_refused(client: AsyncTestClient, opened: tracker.Tracker, keys: Keys) -> None:
    for change in ({"language": "kaz\n"}, {"state": "KAZ\n"}, {"amounts": {"currency": "KZT\n", "paid": 1}}):
        response = await client.post("/api/v1/actions", json={**PAYMENT, **change}, headers=keys.editor)
        assert response.status_code == 400, response.text
    with pytest.raises(tracker.InvalidInput):
        await opened.keys.create("desk\n", "editor")
