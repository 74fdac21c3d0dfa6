"""What a deployment expects of a web service: compressed answers, reads shared with other sites'
pages (CORS, reads only), and Prometheus metrics behind a key."""

from __future__ import annotations

import gzip

import brotli
import pytest
from litestar.testing import AsyncTestClient

import tracker


@pytest.mark.parametrize(
    "path",
    ["/api/v1/items?state=KAZ", "/api/v1/export?state=KAZ&format=ndjson", "/api/v1/export?state=KAZ&format=csv", "/states/KAZ"],
)
async def test_json_ndjson_csv_and_pages_come_compressed_when_the_client_accepts_it(client: AsyncTestClient, path: str) -> None:
    plain = await client.get(path, headers={"Accept-Encoding": "identity"})
    assert plain.status_code == 200 and "content-encoding" not in plain.headers
    zipped = await client.get(path, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.content == plain.content  # httpx decodes: the same body arrives
    squeezed = await client.get(path, headers={"Accept-Encoding": "br"})
    assert squeezed.headers["content-encoding"] == "br"
    assert squeezed.content == plain.content
    assert "Accept-Encoding" in squeezed.headers.get("vary", "")


async def test_the_bytes_on_the_wire_are_really_compressed(client: AsyncTestClient) -> None:
    async with client.stream("GET", "/api/v1/items?state=KAZ", headers={"Accept-Encoding": "br"}) as response:
        wire = b"".join([chunk async for chunk in response.aiter_raw()])
    body = brotli.decompress(wire)
    assert body.startswith(b"{") and len(wire) < len(body)
    async with client.stream("GET", "/api/v1/items?state=KAZ", headers={"Accept-Encoding": "gzip"}) as response:
        wire = b"".join([chunk async for chunk in response.aiter_raw()])
    assert gzip.decompress(wire) == body


async def test_other_sites_pages_may_read_the_api_but_not_write(client: AsyncTestClient) -> None:
    read = await client.get("/api/v1/items", headers={"Origin": "https://dialogue.example.org"})
    assert read.headers["access-control-allow-origin"] in ("*", "https://dialogue.example.org")
    assert "ETag" in read.headers["access-control-expose-headers"]
    assert "access-control-allow-credentials" not in read.headers
    preflight = await client.options(
        "/api/v1/actions", headers={"Origin": "https://dialogue.example.org", "Access-Control-Request-Method": "POST"}
    )
    assert preflight.status_code == 400
    assert "POST" not in preflight.headers.get("access-control-allow-methods", "")


async def test_metrics_count_requests_and_need_a_key(client: AsyncTestClient, opened: tracker.Tracker) -> None:
    await client.get("/api/v1/items?state=KAZ")
    anonymous = await client.get("/metrics")
    assert anonymous.status_code == 401
    _, secret = await opened.keys.create("prometheus", role="reader")
    metrics = await client.get("/metrics", headers={"Authorization": f"Bearer {secret}"})
    assert metrics.status_code == 200
    assert "tracker_requests_total{" in metrics.text and 'path="/api/v1/items"' in metrics.text


@pytest.mark.parametrize(
    "path", ["/", "/states/KAZ", "/items/cat-433-2010-compensation", "/sign-in", "/items/cat-999-1999-nothing"]
)
async def test_pages_and_error_pages_say_what_they_may_load_and_may_not_be_framed(client: AsyncTestClient, path: str) -> None:
    response = await client.get(path)
    assert response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy and "frame-ancestors 'none'" in policy
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_json_says_nosniff_and_the_api_reference_may_run_its_script(client: AsyncTestClient) -> None:
    answer = await client.get("/api/v1/items?state=KAZ")
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in answer.headers
    reference = await client.get("/schema")
    assert reference.status_code == 200 and "content-security-policy" not in reference.headers


@pytest.mark.parametrize("path", ["/health", "/ready", "/api/v1/items?state=KAZ"])
async def test_probes_and_the_api_get_no_cookie(client: AsyncTestClient, path: str) -> None:
    client.cookies.clear()
    answer = await client.get(path)
    assert answer.status_code == 200
    assert "set-cookie" not in answer.headers, "probes and API clients keep no cookie: one would only be sent back unused"


@pytest.mark.parametrize(
    ("path", "media_type"),
    [
        ("/api/v1/export?state=KAZ&format=csv", "text/csv"),
        ("/api/v1/briefings/KAZ?format=md", "text/markdown"),
        ("/api/v1/briefings/KAZ?format=html", "text/html"),
    ],
)
async def test_text_answers_name_their_charset_once(client: AsyncTestClient, path: str, media_type: str) -> None:
    answer = await client.get(path)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == f"{media_type}; charset=utf-8"
