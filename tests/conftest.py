"""Shared fixtures: a fresh database per test, on SQLite always and on PostgreSQL when
TRACKER_TEST_POSTGRES_URL is set (CI sets it)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy import text

import tracker
from tracker.db.engine import create_engine

POSTGRES_URL = os.environ.get("TRACKER_TEST_POSTGRES_URL")
#: Under pytest-xdist each worker process has a database of its own, named after the worker.
WORKER = os.environ.get("PYTEST_XDIST_WORKER")


def _worker_url(url: str) -> str:
    if not WORKER:
        return url
    base, _, name = url.rpartition("/")
    return f"{base}/{name}_{WORKER}"


async def reset_postgres(url: str) -> None:
    if WORKER:
        await _create_database(url)
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
    finally:
        await engine.dispose()


async def _create_database(url: str) -> None:
    base, _, name = url.rpartition("/")
    engine = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            exists = await connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name})
            if not exists:
                await connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        await engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def database_url(request: pytest.FixtureRequest, tmp_path: os.PathLike[str]) -> AsyncIterator[str]:
    """An empty database: no schema yet."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path}/tracker.db"
        return
    if not POSTGRES_URL:
        pytest.skip("TRACKER_TEST_POSTGRES_URL is not set")
    url = _worker_url(POSTGRES_URL)
    await reset_postgres(url)
    yield url


@pytest.fixture
async def opened(database_url: str) -> AsyncIterator[tracker.Tracker]:
    """A migrated, empty tracker."""
    async with tracker.open(database_url, upgrade=True) as t:
        yield t


@pytest.fixture
async def seeded(opened: tracker.Tracker) -> tracker.Tracker:
    """A tracker holding the bundled Kazakhstan/Tajikistan data."""
    await opened.seed()
    return opened


SAMPLE = """{"type":"meta","format":"tracker-records","version":1}
{"type":"state","code":"KAZ","names":{"en":"Kazakhstan","ru":"Казахстан"}}
{"type":"state","code":"TJK","names":{"en":"Tajikistan"}}
{"type":"document","symbol":"CAT/C/KAZ/CO/3","body":"CAT","state":"KAZ","kind":"concluding_observations","adopted_on":"2014-11-27","follow_up_due":"2015-11-28"}
{"type":"document","symbol":"CAT/C/TJK/CO/3","body":"CAT","state":"TJK","kind":"concluding_observations","adopted_on":"2018-05-14"}
{"type":"recommendation","document":"CAT/C/KAZ/CO/3","paragraph":"8","title":"investigation of torture allegations","text":"Ensure prompt, impartial and effective investigation of all allegations of torture.","follow_up":true}
{"type":"recommendation","document":"CAT/C/KAZ/CO/3","paragraph":"10","text":"Transfer the detention facilities to the Ministry of Justice.","follow_up":true}
{"type":"recommendation","document":"CAT/C/KAZ/CO/3","paragraph":"20","language":"ru","text":"Обеспечить жертвам пыток справедливую компенсацию."}
{"type":"recommendation","document":"CAT/C/TJK/CO/3","paragraph":"10","text":"Investigate all acts of torture and prosecute the perpetrators.","follow_up":true}
{"type":"decision","body":"CAT","communication":"433/2010","state":"KAZ","title":"Gerasimov v. Kazakhstan","adopted_on":"2012-05-24","reply_days":90}
{"type":"remedy","decision":"cat-433-2010","kind":"compensation","text":"Provide fair and adequate compensation to the complainant."}
{"type":"remedy","decision":"cat-433-2010","kind":"investigation","text":"Investigate the torture and prosecute those responsible."}
{"type":"action","state":"KAZ","kind":"court_ruling","date":"2013-11-21","date_precision":"month","title":"Kostanay city court awards Gerasimov 2,000,000 tenge","court":{"name":"Kostanay City Court","instance":"first","outcome":"partly_granted"},"amounts":{"currency":"KZT","awarded":2000000},"sources":[{"url":"https://www.justiceinitiative.org/newsroom/kazakhstan-court-orders-damages-police-torture-case"}],"links":[{"item":"cat-433-2010-compensation","effect":"partial","note":"award below the expert's figure"}],"verification":"verified","verified_by":"sample"}
{"type":"action","state":"KAZ","kind":"follow_up_reply_submitted","date":"2015-11-20","title":"Kazakhstan follow-up reply on CAT/C/KAZ/CO/3","links":[{"item":"cat-c-kaz-co-3-p8","effect":"no_effect"},{"item":"cat-c-kaz-co-3-p10","effect":"no_effect"}],"verification":"verified","verified_by":"sample"}
{"type":"assessment","item":"cat-c-tjk-co-3-p10","date":"2025-05-23","assessor_kind":"committee","assessor":"Committee against Torture","scale":"normalized","grade":"partially_implemented","verification":"verified","verified_by":"sample"}
"""


@pytest.fixture
def sample_records() -> list:
    """A small, realistic set of records of every kind."""
    from tracker.records import decode_lines

    return list(decode_lines(SAMPLE.encode().splitlines(), name="sample"))


class FixtureSite:
    """A local HTTP server on 127.0.0.1 serving fixtures in the real formats, with ETags and 304s."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, bytes, str]] = {}
        self.requests: list[str] = []
        self.url = ""

    def put(self, path: str, body: bytes, content_type: str = "application/xml; charset=utf-8", status: int = 200) -> str:
        self.pages[path] = (status, body, content_type)
        return self.url + path

    def put_page(self, path: str, number: int, body: bytes, status: int = 200) -> str:
        """What a POST to ``path`` whose JSON asks for page ``number`` answers (a paged search)."""
        return self.put(f"{path}#page={number}", body, "application/json; charset=utf-8", status)


@pytest.fixture
def fixture_site() -> Iterator[FixtureSite]:
    """Serve pages from a dict on a free port; ``site.put(path, body)`` returns the page's URL."""
    import hashlib
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    site = FixtureSite()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
            site.requests.append(self.path)
            path = self.path.split("?", 1)[0]
            status, body, content_type = site.pages.get(path, (404, b"not found", "text/plain"))
            etag = f'"{hashlib.sha256(body).hexdigest()[:16]}"'
            if status == 200 and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:  # noqa: N802 (the stdlib's name)
            import json

            sent = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            number = (json.loads(sent or b"{}") or {}).get("page")
            path = self.path.split("?", 1)[0]
            site.requests.append(f"POST {path} page={number}")
            status, body, content_type = site.pages.get(
                f"{path}#page={number}", site.pages.get(path, (404, b"not found", "text/plain"))
            )
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
