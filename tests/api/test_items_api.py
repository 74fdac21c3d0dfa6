"""The HTTP contract of /api/v1/items, /health, /ready and the OpenAPI document."""

from __future__ import annotations

import pytest
from litestar.testing import AsyncTestClient

import tracker
from tracker.config import Settings
from tracker.records import RecommendationRecord
from tracker_api.app import create_app


async def test_list_filters_by_state_body_and_follow_up(client: AsyncTestClient) -> None:
    response = await client.get(
        "/api/v1/items", params={"state": "KAZ", "body": "CAT", "follow_up": "true", "kind": "recommendation"}
    )
    assert response.status_code == 200
    body = response.json()
    assert [i["id"] for i in body["items"]] == ["cat-c-kaz-co-3-p10", "cat-c-kaz-co-3-p8"]
    assert body["total"] == 2 and body["next_cursor"] is None
    first = body["items"][1]
    assert first["due_date"] == "2015-11-28"
    assert first["status"] == "no_information" and first["overdue"] is False
    assert first["status_basis"] == {"rule": "none", "assessment": None, "action": None}


async def test_repeated_parameters_mean_any_and_pages_link_up(client: AsyncTestClient) -> None:
    first = (await client.get("/api/v1/items", params=[("state", "KAZ"), ("state", "TJK"), ("limit", "4")])).json()
    assert first["total"] == 6 and len(first["items"]) == 4
    second = (
        await client.get(
            "/api/v1/items", params=[("state", "KAZ"), ("state", "TJK"), ("limit", "4"), ("cursor", first["next_cursor"])]
        )
    ).json()
    assert len(second["items"]) == 2 and second["next_cursor"] is None
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}


async def test_overdue_filter_lists_items_past_their_deadline_without_a_reply(client: AsyncTestClient) -> None:
    body = (await client.get("/api/v1/items", params={"state": "KAZ", "overdue": "true"})).json()
    assert [i["id"] for i in body["items"]] == ["cat-433-2010-compensation", "cat-433-2010-investigation"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"state": "XYZ"}, "state"),
        ({"body": "NOPE"}, "body"),
        ({"kind": "law"}, "kind"),
        ({"status": "done"}, "status"),
        ({"follow_up": "maybe"}, "follow_up"),
        ({"overdue": "often"}, "overdue"),
        ({"limit": "0"}, "limit"),
        ({"limit": "501"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"cursor": "%%%"}, "cursor"),
        ({"as_of": "2024-13-45"}, "as_of"),
    ],
)
async def test_a_bad_parameter_is_a_400_problem_naming_it(client: AsyncTestClient, params: dict, field: str) -> None:
    response = await client.get("/api/v1/items", params=params)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == 400 and problem["title"] and problem["detail"]
    assert field in [e["field"] for e in problem["errors"]]


async def test_one_item_shows_its_decision_rulings_amounts_and_sources(client: AsyncTestClient) -> None:
    response = await client.get("/api/v1/items/cat-433-2010-compensation")
    assert response.status_code == 200
    detail = response.json()
    assert detail["item"]["status"] == "partially_implemented"
    assert detail["decision"]["communication"] == "433/2010"
    [entry] = detail["timeline"]
    assert entry["effect"] == "partial"
    assert entry["action"]["amounts"] == {
        "currency": "KZT",
        "claimed": None,
        "awarded": 2000000.0,
        "recommended": None,
        "paid": None,
    }
    assert entry["action"]["court"]["name"] == "Kostanay City Court"
    assert entry["action"]["sources"][0]["url"].startswith("https://www.justiceinitiative.org/")


async def test_an_unknown_item_is_a_404_problem(client: AsyncTestClient) -> None:
    response = await client.get("/api/v1/items/cat-1-1999-compensation")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 404


async def test_an_unknown_route_is_a_404_problem(client: AsyncTestClient) -> None:
    response = await client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json()["status"] == 404


async def test_health_and_readiness(client: AsyncTestClient) -> None:
    assert (await client.get("/health")).json() == {"status": "ok"}
    ready = await client.get("/ready")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"


async def test_readiness_fails_on_a_database_without_the_schema(tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = create_app(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/empty.db"))
    async with AsyncTestClient(app=app) as test_client:
        response = await test_client.get("/ready")
    assert response.status_code == 503
    assert "tracker db upgrade" in response.json()["detail"]


async def test_the_openapi_document_describes_every_route(client: AsyncTestClient) -> None:
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    operations = [op for path in document["paths"].values() for op in path.values()]
    assert {op["operationId"] for op in operations} >= {"listItems", "getItem", "health", "ready"}
    for op in operations:
        assert op.get("description"), op["operationId"]
    parameters = {p["name"]: p for p in document["paths"]["/api/v1/items"]["get"]["parameters"]}
    assert {"state", "body", "kind", "status", "follow_up", "overdue", "q", "limit", "cursor"} <= parameters.keys()
    assert all(p.get("description") for p in parameters.values())


async def test_an_unchanged_resource_answers_if_none_match_with_304(client: AsyncTestClient) -> None:
    for path in ("/api/v1/items?state=KAZ", "/api/v1/items/cat-433-2010-compensation"):
        first = await client.get(path)
        tag = first.headers["etag"]
        again = await client.get(path, headers={"If-None-Match": tag})
        assert again.status_code == 304 and again.content == b""
        other = await client.get(path, headers={"If-None-Match": '"something-else"'})
        assert other.status_code == 200 and other.headers["etag"] == tag


async def test_the_etag_changes_when_the_item_changes(client: AsyncTestClient, opened: tracker.Tracker) -> None:
    before = (await client.get("/api/v1/items/cat-c-kaz-co-3-p8")).headers["etag"]
    from tracker.records import AssessmentRecord

    await opened.load(
        [
            AssessmentRecord(
                item="cat-c-kaz-co-3-p8",
                date="2016-05-01",
                assessor_kind="committee",  # type: ignore[arg-type]
                assessor="Committee against Torture",
                scale="cat_followup",
                grade="B",
                verification="verified",
            )
        ]
    )  # type: ignore[arg-type]
    after = await client.get("/api/v1/items/cat-c-kaz-co-3-p8", headers={"If-None-Match": before})
    assert after.status_code == 200 and after.headers["etag"] != before
    assert after.json()["item"]["status"] == "partially_implemented"


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/items/%00", {}),
        ("/api/v1/items", {"decision": "\x00"}),
        ("/api/v1/items", {"document": "a\x00b"}),
        ("/api/v1/items", {"state": "K\x00Z"}),
        ("/api/v1/items", {"cursor": "WyJpZCIsImFcdTAwMDBiIl0"}),
    ],
)
async def test_nul_characters_are_a_400_on_every_backend(client: AsyncTestClient, path: str, params: dict) -> None:
    response = await client.get(path, params=params)
    assert response.status_code == 400
    assert response.json()["status"] == 400


async def test_items_sort_by_deadline_and_filter_by_deadline_range(client: AsyncTestClient) -> None:
    body = (await client.get("/api/v1/items", params={"sort": "due_date", "due_after": "2012-01-01", "limit": "2"})).json()
    assert [i["due_date"] for i in body["items"]] == ["2012-08-22", "2012-08-22"]
    more = (
        await client.get(
            "/api/v1/items", params={"sort": "due_date", "due_after": "2012-01-01", "limit": "2", "cursor": body["next_cursor"]}
        )
    ).json()
    assert [i["due_date"] for i in more["items"]] == ["2015-11-28", "2015-11-28"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"sort": "random"}, "sort"),
        ({"sort": "relevance"}, "sort"),
        ({"due_before": "soon"}, "due_before"),
        ({"updated_since": "yesterday"}, "updated_since"),
    ],
)
async def test_bad_sort_and_range_parameters_are_a_400_naming_them(client: AsyncTestClient, params: dict, field: str) -> None:
    response = await client.get("/api/v1/items", params=params)
    assert response.status_code == 400
    assert field in [e["field"] for e in response.json()["errors"]]


async def test_the_openapi_document_validates_as_openapi_3_1(client: AsyncTestClient) -> None:
    from openapi_spec_validator import validate
    from openapi_spec_validator.validation import OpenAPIV31SpecValidator

    document = (await client.get("/schema/openapi.json")).json()
    validate(document, cls=OpenAPIV31SpecValidator)
    operations = [op for path in document["paths"].values() for op in path.values()]
    assert len({op["operationId"] for op in operations}) == len(operations)


LIST_BODIES = {
    "listItems": ("ItemList", "Item"),
    "listStates": ("StateList", "StateOverview"),
    "listDocuments": ("DocumentList", "Document"),
    "listDecisions": ("DecisionList", "Decision"),
    "listActions": ("ActionList", "Action"),
    "listInbox": ("CandidateList", "Candidate"),
    "listAudit": ("AuditList", "AuditEntry"),
    "listSources": ("SourceList", "Source"),
    "listSourceRuns": ("RunList", "FetchRun"),
    "listChanges": ("ChangeList", "Change"),
}


async def test_every_list_route_answers_one_page_shape_named_for_its_entries(client: AsyncTestClient) -> None:
    document = (await client.get("/schema/openapi.json")).json()
    schemas = document["components"]["schemas"]
    answers = {
        op["operationId"]: op["responses"]["200"]["content"]["application/json"]["schema"]
        for path in document["paths"].values()
        for op in path.values()
        if op["operationId"] in LIST_BODIES
    }
    assert answers.keys() == LIST_BODIES.keys()
    for operation, (body, entry) in LIST_BODIES.items():
        assert answers[operation] == {"$ref": f"#/components/schemas/{body}"}, operation
        assert schemas[body]["required"] == ["items", "next_cursor", "total"]
        assert schemas[body]["properties"]["items"] == {"type": "array", "items": {"$ref": f"#/components/schemas/{entry}"}}
    assert not [name for name in schemas if "." in name], "a component is named after a module path"


async def test_a_list_body_is_the_page_the_library_reads(client: AsyncTestClient, opened: tracker.Tracker) -> None:
    body = (await client.get("/api/v1/items", params={"state": "KAZ", "limit": "1"})).json()
    page = await opened.items.list(state="KAZ", limit=1)
    assert list(body) == ["items", "next_cursor", "total"]
    assert body["next_cursor"] == page.next_cursor and body["total"] == page.total > 1
    assert [item["id"] for item in body["items"]] == [item.id for item in page.items]


async def test_an_item_shows_its_text_in_other_languages_and_the_openapi_document_says_so(
    client: AsyncTestClient, opened: tracker.Tracker
) -> None:
    russian = "Передать места содержания под стражей в ведение Министерства юстиции."
    await opened.load(
        [
            RecommendationRecord(
                document="CAT/C/KAZ/CO/3",
                paragraph="10",
                follow_up=True,
                text="Transfer the detention facilities to the Ministry of Justice.",
                texts={"ru": russian},
            )
        ]
    )
    item = (await client.get("/api/v1/items/cat-c-kaz-co-3-p10")).json()["item"]
    assert (item["language"], item["texts"]) == ("en", {"ru": russian})
    assert (await client.get("/api/v1/items/cat-c-kaz-co-3-p8")).json()["item"]["texts"] == {}
    found = (await client.get("/api/v1/items", params={"q": "министерство"})).json()
    assert [i["id"] for i in found["items"]] == ["cat-c-kaz-co-3-p10"] and found["items"][0]["texts"] == {"ru": russian}
    schema = (await client.get("/schema/openapi.json")).json()["components"]["schemas"]["Item"]["properties"]["texts"]
    assert schema["type"] == "object" and schema["additionalProperties"] == {"type": "string"}
