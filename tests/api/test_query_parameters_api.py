"""Every route is strict with its query string: an unknown or misspelled parameter, a single
value given twice, a value outside the vocabulary or of the wrong form is a 400 in words."""

from __future__ import annotations

import re
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

import tracker

ACTION: dict[str, Any] = {
    "state": "KAZ",
    "kind": "compensation_paid",
    "date": "2014-02-10",
    "title": "Kostanay regional police department pays Gerasimov the award",
    "amounts": {"currency": "KZT", "paid": 2000000},
    "sources": [{"url": "https://www.justiceinitiative.org/newsroom/kazakhstan-court-orders-damages-police-torture-case"}],
    "links": [{"item": "cat-433-2010-compensation", "effect": "advances"}],
}
#: What no message may show: a regular expression, a Python exception or an internal type name.
INTERNALS = re.compile(r"regex|\^|\$|\\|\(\?|Struct|msgspec|NewSource|NewAction|Error\b|Exception|`str`|`int`")


@pytest.fixture
async def admin(opened: tracker.Tracker) -> dict[str, str]:
    _, secret = await opened.keys.create("test-admin", "admin")
    return {"Authorization": f"Bearer {secret}"}


async def refused(client: AsyncTestClient, path: str, **params: Any) -> dict[str, Any]:
    response = await client.get(path, params=params or None)
    assert response.status_code == 400, (path, response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert not INTERNALS.search(problem["detail"]), problem["detail"]
    return problem


async def test_a_misspelled_filter_is_refused_naming_it_and_the_closest_known_name(client: AsyncTestClient) -> None:
    assert (await client.get("/api/v1/items", params={"state": "KAZ"})).status_code == 200
    problem = await refused(client, "/api/v1/items?state=KAZ&overdu=true")
    assert problem["detail"] == "unknown query parameter `overdu`: did you mean `overdue`?"
    assert problem["errors"] == [{"field": "overdu", "message": problem["detail"]}]


@pytest.mark.parametrize(
    ("path", "wrong", "right"),
    [
        ("/api/v1/items", "themes", "theme"),
        ("/api/v1/items", "states", "state"),
        ("/api/v1/export", "bodies", "body"),
        ("/api/v1/briefings/KAZ", "themes", "theme"),
        ("/api/v1/briefings/KAZ", "bodies", "body"),
        ("/api/v1/actions", "kinds", "kind"),
        ("/api/v1/changes", "items", "item"),
        ("/feeds/changes.atom", "states", "state"),
        ("/api/v1/documents", "bdy", "body"),
    ],
)
async def test_an_old_plural_or_a_misspelling_suggests_the_one_spelling(
    client: AsyncTestClient, path: str, wrong: str, right: str
) -> None:
    problem = await refused(client, path, **{wrong: "x"})
    assert problem["detail"] == f"unknown query parameter `{wrong}`: did you mean `{right}`?"


@pytest.mark.parametrize(
    ("path", "name"), [("/api/v1/actions", "body"), ("/api/v1/actions", "decision"), ("/api/v1/documents", "zzzzzz")]
)
async def test_a_filter_a_route_does_not_have_is_refused_listing_those_it_has(
    client: AsyncTestClient, path: str, name: str
) -> None:
    problem = await refused(client, path, **{name: "CAT"})
    assert problem["detail"].startswith(f"unknown query parameter `{name}`: the known ones are ")
    assert "`state`" in problem["detail"] and "`limit`" in problem["detail"]


async def test_the_briefing_filters_by_theme_and_body_like_the_items(client: AsyncTestClient) -> None:
    everything = (await client.get("/api/v1/briefings/KAZ", params={"since": "2000-01-01"})).json()
    cat = (await client.get("/api/v1/briefings/KAZ", params={"since": "2000-01-01", "body": "CAT"})).json()
    assert cat["bodies"] == ["CAT"] and everything["bodies"] == []
    themed = (
        await client.get("/api/v1/briefings/KAZ", params=[("theme", "redress_and_compensation"), ("theme", "non_refoulement")])
    ).json()
    assert themed["themes"] == ["redress_and_compensation", "non_refoulement"], themed
    unknown = await refused(client, "/api/v1/briefings/KAZ?theme=torture")
    assert unknown["errors"][0]["field"] == "theme" and "redress_and_compensation" in unknown["detail"]


async def test_a_parameter_taking_one_value_given_twice_is_refused_never_last_wins(client: AsyncTestClient) -> None:
    problem = await refused(client, "/api/v1/actions?item=cat-433-2010-compensation&item=cat-c-kaz-co-3-p8")
    assert problem["detail"] == "`item` given twice: it takes one value"
    assert (await refused(client, "/api/v1/items?limit=5&limit=10"))["errors"][0]["field"] == "limit"
    assert (await refused(client, "/api/v1/changes?item=a&item=b&item=c"))["detail"].startswith("`item` given 3 times")


async def test_a_repeated_filter_means_any_of_its_values(client: AsyncTestClient) -> None:
    kaz = (await client.get("/api/v1/items", params={"state": "KAZ"})).json()["total"]
    tjk = (await client.get("/api/v1/items", params={"state": "TJK"})).json()["total"]
    both = (await client.get("/api/v1/items", params=[("state", "KAZ"), ("state", "TJK")])).json()["total"]
    assert kaz and tjk and both == kaz + tjk


async def test_a_value_outside_the_vocabulary_lists_the_allowed_values(client: AsyncTestClient) -> None:
    problem = await refused(client, "/api/v1/items?status=overdue")
    assert problem["detail"].startswith("`status` must be one of: no_information, not_implemented, ")
    assert problem["detail"].endswith("; got `overdue`")
    assert "`body` must be one of: CAT, CCPR" in (await refused(client, "/api/v1/briefings/KAZ?body=XX"))["detail"]
    assert "`format` must be one of: ndjson, csv; got `xml`" == (await refused(client, "/api/v1/export?format=xml"))["detail"]
    assert (await refused(client, "/api/v1/actions?kind=payment"))["errors"][0]["field"] == "kind"


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ("limit=abc", "`limit` must be a whole number, not text"),
        ("limit=0", "`limit` must be at least 1"),
        ("limit=501", "`limit` must be at most 500"),
        ("due_before=soon", "`due_before` must be a date (YYYY-MM-DD)"),
    ],
)
async def test_a_malformed_value_is_explained_in_words(client: AsyncTestClient, query: str, detail: str) -> None:
    assert (await refused(client, f"/api/v1/items?{query}"))["detail"] == detail


async def test_every_get_route_of_the_openapi_document_refuses_an_unknown_parameter(
    client: AsyncTestClient, admin: dict[str, str]
) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    checked = []
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        url = re.sub(r"\{[^}]+\}", lambda m: "1" if "candidate" in m.group(0) else "KAZ", path)
        response = await client.get(url, params={"no_such_parameter": "1"}, headers=admin)
        assert response.status_code == 400, (path, response.status_code, response.text[:200])
        assert response.json()["errors"][0]["field"] == "no_such_parameter"
        assert "400" in operations["get"]["responses"], path
        checked.append(path)
    assert len(checked) >= 20 and "/api/v1/items" in checked and "/feeds/changes.atom" in checked


async def test_a_body_with_a_bad_currency_is_refused_in_words_and_nothing_is_stored(
    client: AsyncTestClient, opened: tracker.Tracker, admin: dict[str, str]
) -> None:
    before = (await opened.actions.list(limit=500)).total
    response = await client.post("/api/v1/actions", json={**ACTION, "amounts": {"currency": "kzt", "paid": 10}}, headers=admin)
    assert response.status_code == 400
    problem = response.json()
    assert problem["errors"] == [
        {"field": "amounts.currency", "message": "`amounts.currency` must be a 3-letter ISO 4217 currency code such as KZT"}
    ]
    assert not INTERNALS.search(response.text)
    for change, field, words in [
        ({"kind": "payment"}, "kind", "`kind` must be one of: legislation_adopted,"),
        ({"state": "kaz"}, "state", "State code such as KAZ"),
        ({"sources": [{"url": "ftp://example.org/a"}]}, "sources[0].url", "starting with http:// or https://"),
        ({"titel": "x"}, "titel", "`titel` is not a field of this body: did you mean `title`?"),
        ({"links": [{"item": "cat-433-2010-compensation"}]}, "links[0].effect", "`links[0].effect` is required"),
        ({"title": ""}, "title", "`title` must have at least 1 character"),
    ]:
        response = await client.post("/api/v1/actions", json={**ACTION, **change}, headers=admin)
        assert response.status_code == 400, response.text
        assert response.json()["errors"][0]["field"] == field and words in response.json()["detail"], response.text
        assert not INTERNALS.search(response.text), response.text
    refused_query = await client.post("/api/v1/actions?dry_run=true", json=ACTION, headers=admin)
    assert refused_query.status_code == 400 and "`dry_run`" in refused_query.json()["detail"]
    assert (await opened.actions.list(limit=500)).total == before
