"""The fetching core against httpx.MockTransport: retries, Retry-After, politeness, limits, conditional GET, snapshots."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tracker_scrapers.http import Fetcher, FetchError, FetchPolicy
from tracker_scrapers.snapshots import SnapshotStore

URL = "https://digitallibrary.un.org/search?p=CAT/C/KAZ&of=xm"


class Sleeps(list[float]):
    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


def fetcher(tmp_path: Path, handler: Callable[[httpx.Request], httpx.Response], **policy: float) -> tuple[Fetcher, Sleeps]:
    sleeps = Sleeps()
    settings = {"backoff": 1.0, "politeness": 0.0, **policy}
    return Fetcher(
        SnapshotStore(tmp_path / "snapshots"),
        policy=FetchPolicy(**settings),
        transport=httpx.MockTransport(handler),
        sleep=sleeps,
    ), sleeps


def kept(tmp_path: Path) -> list[Path]:
    return [p for p in (tmp_path / "snapshots").rglob("*") if p.is_file()] if (tmp_path / "snapshots").exists() else []


async def test_a_body_is_kept_under_its_sha256_and_the_version_headers_are_returned(tmp_path: Path) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            200,
            content=b"<collection/>",
            headers={
                "ETag": '"v1"',
                "Last-Modified": "Mon, 02 Jun 2025 10:00:00 GMT",
                "Content-Type": "application/xml; charset=utf-8",
            },
        )

    f, _ = fetcher(tmp_path, handler)
    async with f:
        got = await f.get(URL)
    assert got.snapshot == hashlib.sha256(b"<collection/>").hexdigest() and got.size == 13
    assert (got.etag, got.last_modified, got.content_type) == (
        '"v1"',
        "Mon, 02 Jun 2025 10:00:00 GMT",
        "application/xml; charset=utf-8",
    )
    assert f.store.path(got.snapshot).read_bytes() == b"<collection/>"
    assert seen[0].headers["user-agent"].startswith("tracker/")


async def test_a_conditional_get_sends_the_version_and_a_304_keeps_nothing(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.headers.get("if-none-match") == '"v1"' and request.headers.get("if-modified-since"):
            return httpx.Response(304)
        return httpx.Response(200, content=b"changed")

    f, _ = fetcher(tmp_path, handler)
    async with f:
        got = await f.get(URL, etag='"v1"', last_modified="Mon, 02 Jun 2025 10:00:00 GMT")
    assert got.status == 304 and got.snapshot is None and kept(tmp_path) == []


async def test_a_5xx_is_retried_with_growing_backoff(tmp_path: Path) -> None:
    answers = iter([httpx.Response(502), httpx.Response(500), httpx.Response(200, content=b"ok")])
    f, sleeps = fetcher(tmp_path, lambda request: next(answers))
    async with f:
        got = await f.get(URL)
    assert got.status == 200 and got.attempts == 3
    assert len(sleeps) == 2 and 0.8 <= sleeps[0] <= 1.2 and 1.6 <= sleeps[1] <= 2.4


async def test_a_server_that_keeps_failing_fails_the_fetch_after_the_retries(tmp_path: Path) -> None:
    calls = []
    f, sleeps = fetcher(tmp_path, lambda request: calls.append(1) or httpx.Response(503), retries=2)
    async with f:
        with pytest.raises(FetchError, match="HTTP 503 after 3 attempts") as raised:
            await f.get(URL)
    assert raised.value.status == 503 and len(calls) == 3 and len(sleeps) == 2


async def test_retry_after_is_honoured_on_429_and_a_long_one_fails_at_once(tmp_path: Path) -> None:
    answers = iter([httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200, content=b"ok")])
    f, sleeps = fetcher(tmp_path, lambda request: next(answers))
    async with f:
        assert (await f.get(URL)).status == 200
    assert sleeps == [7.0]
    g, sleeps = fetcher(tmp_path, lambda request: httpx.Response(429, headers={"Retry-After": "86400"}), max_retry_after=300)
    async with g:
        with pytest.raises(FetchError, match="retry in 86400 s"):
            await g.get(URL)
    assert sleeps == []


async def test_a_client_error_is_not_retried(tmp_path: Path) -> None:
    calls = []
    f, sleeps = fetcher(tmp_path, lambda request: calls.append(1) or httpx.Response(404))
    async with f:
        with pytest.raises(FetchError, match="HTTP 404") as raised:
            await f.get(URL)
    assert raised.value.status == 404 and calls == [1] and sleeps == []


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (httpx.ConnectError("refused"), "cannot connect"),
        (httpx.ReadTimeout("slow"), "read timed out"),
        (httpx.ConnectTimeout("slow"), "connection timed out"),
    ],
)
async def test_connection_errors_and_timeouts_are_retried_then_reported(tmp_path: Path, error: Exception, message: str) -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        raise error

    f, sleeps = fetcher(tmp_path, handler, retries=1)
    async with f:
        with pytest.raises(FetchError, match=message):
            await f.get(URL)
    assert len(calls) == 2 and len(sleeps) == 1


async def test_an_oversized_body_is_refused_whether_declared_or_streamed(tmp_path: Path) -> None:
    declared, _ = fetcher(tmp_path, lambda request: httpx.Response(200, content=b"x" * 2000), max_body=1000)
    async with declared:
        with pytest.raises(FetchError, match="over the limit"):
            await declared.get(URL)

    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(10):
            yield b"y" * 300

    streamed, _ = fetcher(tmp_path, lambda request: httpx.Response(200, content=chunks()), max_body=1000)
    async with streamed:
        with pytest.raises(FetchError, match="over the limit"):
            await streamed.get(URL)
    assert kept(tmp_path) == []


async def test_requests_to_one_host_are_spaced_by_the_politeness_delay(tmp_path: Path) -> None:
    f, sleeps = fetcher(tmp_path, lambda request: httpx.Response(200, content=b"ok"), politeness=5.0)
    async with f:
        await f.get(URL)
        await f.get("https://digitallibrary.un.org/rss?p=x")
        await f.get("https://juris.ohchr.org/casedetails/5/en")
    assert len(sleeps) == 1 and 4.0 < sleeps[0] <= 5.0


async def test_redirects_are_followed_to_the_final_address(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(301, headers={"Location": "https://example.org/new"})
        return httpx.Response(200, content=b"moved")

    f, _ = fetcher(tmp_path, handler)
    async with f:
        got = await f.get("https://example.org/old")
    assert got.url == "https://example.org/new" and f.store.path(got.snapshot or "").read_bytes() == b"moved"


TLS = Path(__file__).resolve().parents[1] / "fixtures" / "kz-legal-acts" / "tls"


@pytest.fixture
def national_root_site() -> Iterator[str]:
    """An HTTPS server on 127.0.0.1 whose certificate chains to a root no trust store holds (as Kazakhstan's does)."""
    import ssl
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (the stdlib's name)
            sent = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(sent)))
            self.end_headers()
            self.wfile.write(sent)

        def log_message(self, format: str, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(TLS / "server.pem", TLS / "server.key")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}/api/documents/search"
    finally:
        server.shutdown()
        server.server_close()


async def test_a_server_of_a_national_root_is_trusted_only_through_its_ca_bundle(tmp_path: Path, national_root_site: str) -> None:
    policy = FetchPolicy(retries=0, politeness=0.0)
    async with Fetcher(SnapshotStore(tmp_path / "snapshots"), policy=policy) as plain:
        with pytest.raises(FetchError, match="CERTIFICATE_VERIFY_FAILED|certificate verify failed"):
            await plain.post_json(national_root_site, {"page": 1, "pageSize": 10})
        async with plain.trusting(str(TLS / "ca.pem")) as trusting:
            got = await trusting.post_json(national_root_site, {"page": 1, "pageSize": 10})
        assert got.status == 200 and (tmp_path / "snapshots").exists()
        assert json.loads(plain.store.path(got.snapshot or "").read_bytes()) == {"page": 1, "pageSize": 10}
        with pytest.raises(FetchError, match="cannot read the CA bundle"):
            plain.trusting(str(tmp_path / "missing.pem"))
