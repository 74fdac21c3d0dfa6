"""HEAD answers as GET does, without the body: same status and headers (Content-Type, Content-Length,
ETag, compression), on the API, the pages, the service's own routes and the export; OPTIONS and a 405
list HEAD wherever GET is allowed."""

from __future__ import annotations

from typing import Any

import anyio
import pytest
from litestar import Litestar, get
from litestar.config.compression import CompressionConfig
from litestar.response import Stream
from litestar.testing import AsyncTestClient
from litestar.types import Message

from tracker_api.head import answer_head_as_get

ITEM = "cat-c-kaz-co-3-p8"
GZIP = {"accept-encoding": "gzip"}
#: Headers that differ from one answer to the next whatever the method: each request's own id, and
#: the form cookie a page gives a visitor who has none (a fresh token each time).
OWN_TO_EACH_ANSWER = {"x-request-id", "set-cookie"}


async def head(app: Any, path: str, query: str = "", headers: dict[str, str] | None = None) -> list[Message]:
    """What ``app`` sends for a HEAD, message by message, as a server would receive them."""
    sent: list[Message] = []
    request = [{"type": "http.request", "body": b"", "more_body": False}]
    answered = anyio.Event()

    async def receive() -> Any:
        if request:
            return request.pop()
        await answered.wait()  # a client that stays until it has the whole answer
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body", False):
            answered.set()

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "HEAD",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query.encode(),
        "headers": [(name.encode(), value.encode()) for name, value in {"host": "testserver", **(headers or {})}.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    await app(scope, receive, send)
    return sent


def head_through(client: AsyncTestClient, path: str, query: str, headers: dict[str, str]) -> list[Message]:
    """:func:`head` on the test client's app, on the client's own event loop, where its database was opened."""
    return client.blocking_portal.call(head, client.app, path, query, headers)


def comparable(headers: list[tuple[bytes, bytes]]) -> dict[str, str]:
    return {name.decode(): value.decode() for name, value in headers if name.decode() not in OWN_TO_EACH_ANSWER}


@pytest.mark.parametrize(
    ("path", "query"),
    [
        (f"/api/v1/items/{ITEM}", ""),
        ("/api/v1/items", "state=KAZ"),
        ("/states/KAZ", ""),
        ("/health", ""),
        ("/ready", ""),
        ("/metrics", ""),
        ("/api/v1/items/no-such-item", ""),
        ("/api/v1/export", "format=csv&state=KAZ"),
    ],
)
async def test_head_answers_the_status_and_headers_of_get_without_a_body(client: AsyncTestClient, path: str, query: str) -> None:
    got = await client.get(f"{path}?{query}" if query else path, headers=GZIP)
    # The same request as the GET's, so that a kept answer is used alike.
    start, *body = head_through(client, path, query, {"host": got.request.url.host, **got.request.headers})
    assert start["status"] == got.status_code
    assert comparable(start["headers"]) == comparable(got.headers.raw)
    assert body == [{"type": "http.response.body", "body": b"", "more_body": False}]


async def test_head_of_an_item_says_its_type_length_and_etag(client: AsyncTestClient) -> None:
    plain = {"accept-encoding": "identity"}
    answer = await client.head(f"/api/v1/items/{ITEM}", headers=plain)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    assert int(answer.headers["content-length"]) == len((await client.get(f"/api/v1/items/{ITEM}", headers=plain)).content)
    assert answer.headers["etag"]


async def test_head_of_a_missing_item_is_a_404(client: AsyncTestClient) -> None:
    answer = await client.head("/api/v1/items/no-such-item")
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"


async def test_head_with_the_etag_held_is_a_304(client: AsyncTestClient) -> None:
    tag = (await client.get(f"/api/v1/items/{ITEM}")).headers["etag"]
    answer = await client.head(f"/api/v1/items/{ITEM}", headers={"If-None-Match": tag})
    assert answer.status_code == 304
    assert answer.headers["etag"] == tag


async def test_head_of_a_page_carries_its_security_headers(client: AsyncTestClient) -> None:
    answer = await client.head("/states/KAZ")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    assert answer.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/health", "GET, HEAD, OPTIONS"),
        ("/api/v1/items", "GET, HEAD, OPTIONS"),
        ("/api/v1/actions", "GET, HEAD, OPTIONS, POST"),
    ],
)
async def test_options_lists_head_wherever_get_is(client: AsyncTestClient, path: str, allowed: str) -> None:
    answer = await client.options(path)
    assert answer.status_code == 204
    assert answer.headers["allow"] == allowed


async def test_a_405_lists_head_wherever_get_is(client: AsyncTestClient) -> None:
    answer = await client.delete("/api/v1/items")
    assert answer.status_code == 405
    assert answer.headers["allow"] == "GET, HEAD, OPTIONS"


async def test_head_where_get_is_not_allowed_is_a_405(client: AsyncTestClient) -> None:
    answer = await client.head("/sign-out")
    assert answer.status_code == 405
    assert answer.headers["allow"] == "OPTIONS, POST"


async def test_head_of_a_stream_stops_it_at_its_first_chunk() -> None:
    made = 0
    closed = False

    async def export() -> Any:
        nonlocal made, closed
        try:
            for _ in range(10_000):
                made += 1
                await anyio.sleep(0)  # as an export reads its next page
                yield b"a line of a long export\n" * 100
        finally:
            closed = True

    @get("/stream", sync_to_thread=False)
    def stream() -> Stream:
        return Stream(export(), media_type="text/csv; charset=utf-8")

    app = answer_head_as_get(Litestar([stream], compression_config=CompressionConfig(backend="gzip", minimum_size=500)))
    start, *body = await head(app, "/stream", headers=GZIP)
    assert made < 10 and closed
    assert start["status"] == 200
    assert (b"content-encoding", b"gzip") in start["headers"]
    assert body == [{"type": "http.response.body", "body": b"", "more_body": False}]
