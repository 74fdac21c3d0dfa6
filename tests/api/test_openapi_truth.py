"""The OpenAPI document says what the server does: its error media type, and the methods each path takes."""

from __future__ import annotations

import pytest
from litestar.testing import AsyncTestClient

METHODS = {"get", "post", "patch", "put", "delete", "head"}


async def test_every_documented_error_is_a_problem_document(client: AsyncTestClient) -> None:
    document = (await client.get("/schema/openapi.json")).json()
    errors = {
        (method, path, status): response["content"]
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if method in METHODS
        for status, response in operation["responses"].items()
        if int(status) >= 400
    }
    assert errors
    assert {key: list(content) for key, content in errors.items() if list(content) != ["application/problem+json"]} == {}


async def test_an_error_is_sent_as_documented(client: AsyncTestClient) -> None:
    response = await client.get("/api/v1/items/no-such-item")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/health", "GET, HEAD, OPTIONS"),
        ("/api/v1/actions", "GET, HEAD, OPTIONS, POST"),
        ("/api/v1/actions/some-action", "GET, HEAD, OPTIONS, PATCH"),
        ("/api/v1/sources/some-source", "DELETE, GET, HEAD, OPTIONS, PATCH"),
    ],
)
async def test_options_lists_every_method_of_the_path(client: AsyncTestClient, path: str, allowed: str) -> None:
    response = await client.options(path)
    assert response.status_code == 204
    assert response.headers["allow"] == allowed


@pytest.mark.parametrize("path", ["/api/v1/actions/{action_id}", "/api/v1/sources/{name}"])
async def test_a_change_documents_the_if_match_it_requires(client: AsyncTestClient, path: str) -> None:
    document = (await client.get("/schema/openapi.json")).json()
    headers = {p["name"]: p for p in document["paths"][path]["patch"]["parameters"] if p["in"] == "header"}
    assert headers["If-Match"]["required"] is True
    assert "428" in document["paths"][path]["patch"]["responses"]


async def test_the_export_documents_its_file_types(client: AsyncTestClient) -> None:
    document = (await client.get("/schema/openapi.json")).json()
    assert set(document["paths"]["/api/v1/export"]["get"]["responses"]["200"]["content"]) == {"application/x-ndjson", "text/csv"}
    for format, media_type in (("ndjson", "application/x-ndjson"), ("csv", "text/csv")):
        response = await client.get("/api/v1/export", params={"format": format})
        assert response.headers["content-type"].split(";")[0] == media_type


@pytest.mark.parametrize("value", ["0.5", "1700000000", "yesterday"])
async def test_updated_since_refuses_what_is_not_a_date_and_time(client: AsyncTestClient, value: str) -> None:
    response = await client.get("/api/v1/items", params={"updated_since": value})
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["updated_since"]


async def test_updated_since_reads_an_iso_date_and_time(client: AsyncTestClient) -> None:
    everything = (await client.get("/api/v1/items", params={"updated_since": "2000-01-01T00:00:00Z"})).json()["items"]
    assert everything
    assert (await client.get("/api/v1/items", params={"updated_since": "2999-01-01T00:00:00Z"})).json()["items"] == []
    document = (await client.get("/schema/openapi.json")).json()
    (parameter,) = [p for p in document["paths"]["/api/v1/items"]["get"]["parameters"] if p["name"] == "updated_since"]
    assert "date-time" in str(parameter["schema"])
