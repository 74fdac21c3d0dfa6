"""Killed with SIGKILL in the middle of its work, the tracker leaves a sound SQLite database that holds all or
nothing of that work, and the next run goes ahead at once: an import, a scrape, and the service under a burst
of writes. Each kill lands when the work is seen under way (the write lock held, a download half sent,
writes acknowledged), not after a guessed delay. The import is killed on PostgreSQL too."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from tracker.db.engine import create_engine
from tracker.services.writing import WRITE_LOCK

TRACKER = str(Path(sys.executable).parent / "tracker")
ROOT = Path(__file__).resolve().parents[2]
MARCXML = (ROOT / "tests" / "fixtures" / "scrapers" / "undl" / "cat-co3-kaz-tjk.xml").read_bytes()
POSTGRES_URL = os.environ.get("TRACKER_TEST_POSTGRES_URL")
#: The ports these tests may serve on.
PORTS = range(18700, 18800)


def _environment(database: Path) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    return environment | {
        "TRACKER_DATABASE_URL": f"sqlite+aiosqlite:///{database}",
        "TRACKER_SNAPSHOT_DIR": str(database.parent / "snapshots"),
        "TRACKER_SESSION_DIR": str(database.parent / "sessions"),
        "TRACKER_WRITE_RATE_LIMIT": "0",
    }


def tracker_cli(database: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = _environment(database) | (env or {})
    return subprocess.run([TRACKER, *args], capture_output=True, text=True, timeout=180, env=environment)


def start(database: Path, *args: str, log: Path, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """``tracker ARGS`` in a session of its own, so that a kill reaches every process it started."""
    with log.open("ab") as out:
        return subprocess.Popen(
            [TRACKER, *args],
            env=_environment(database) | (env or {}),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def kill(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def wait_for(condition: Callable[[], bool], process: subprocess.Popen[bytes], what: str) -> None:
    """Poll ``condition`` until it holds; fail if ``process`` ends first or it never holds (60 s)."""
    deadline = time.monotonic() + 60
    while not condition():
        if process.poll() is not None:
            raise AssertionError(f"the process ended before {what}")
        if time.monotonic() > deadline:
            raise AssertionError(f"never saw {what}")
        time.sleep(0.01)


def integrity(database: Path) -> str:
    with sqlite3.connect(database) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


def count(database: Path, table: str) -> int:
    with sqlite3.connect(database) as connection:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 (a table of the tests)


def writing(database: Path) -> bool:
    """Whether another process holds the database's write lock (is inside a write transaction)."""
    connection = sqlite3.connect(database, timeout=0, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc):
            return True
        raise
    else:
        connection.execute("ROLLBACK")
        return False
    finally:
        connection.close()


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise AssertionError(f"no free port in {PORTS}")


@pytest.fixture(scope="module")
def seeded_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    database = tmp_path_factory.mktemp("seeded") / "tracker.db"
    for command in (["db", "upgrade"], ["seed"]):
        done = tracker_cli(database, *command)
        assert done.returncode == 0, done.stderr
    return database


@pytest.fixture
def seeded(seeded_once: Path, tmp_path: Path) -> Path:
    """A migrated SQLite database holding the bundled data, this test's own."""
    database = tmp_path / "tracker.db"
    with sqlite3.connect(seeded_once) as source, sqlite3.connect(database) as copy:
        source.backup(copy)
    return database


# ---------------------------------------------------------------- an import


def _generated(path: Path, items: int) -> Path:
    """A records file of ``items`` synthetic recommendations (the benchmarks' generator, not a package)."""
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path.write_bytes(module.encode(module.generate(items)))
    return path


def test_an_import_killed_while_it_writes_leaves_none_of_it_and_imports_again(tmp_path: Path) -> None:
    database = tmp_path / "tracker.db"
    assert tracker_cli(database, "db", "upgrade").returncode == 0
    records = _generated(tmp_path / "big.ndjson", 5_000)

    importing = start(database, "import", str(records), log=tmp_path / "import.log")
    wait_for(lambda: writing(database), importing, "the import's write transaction")
    # Well into its transaction: a quarter of a second later, and still holding the lock.
    time.sleep(0.25)
    assert writing(database), "the import committed before it could be killed: make the file bigger"
    kill(importing)

    assert importing.returncode == -signal.SIGKILL and "created" not in (tmp_path / "import.log").read_text()
    assert integrity(database) == "ok"
    assert (count(database, "items"), count(database, "states"), count(database, "documents")) == (0, 0, 0)

    again = tracker_cli(database, "import", str(records))
    assert again.returncode == 0, again.stderr
    assert count(database, "items") == 5_000 and integrity(database) == "ok"


@pytest.mark.postgres
def test_an_import_killed_while_it_writes_on_postgresql_leaves_none_of_it_and_imports_again(tmp_path: Path) -> None:
    if not POSTGRES_URL:
        pytest.skip("TRACKER_TEST_POSTGRES_URL is not set")
    url = asyncio.run(_empty_postgres(POSTGRES_URL))
    on_postgres = {"TRACKER_DATABASE_URL": url}
    assert tracker_cli(tmp_path / "unused.db", "db", "upgrade", env=on_postgres).returncode == 0
    records = _generated(tmp_path / "big.ndjson", 5_000)
    write_lock = f"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = {WRITE_LOCK} AND granted"

    importing = start(tmp_path / "unused.db", "import", str(records), log=tmp_path / "import.log", env=on_postgres)
    wait_for(lambda: asyncio.run(_scalar(url, write_lock)) > 0, importing, "the import's write transaction")
    time.sleep(0.25)
    assert asyncio.run(_scalar(url, write_lock)), "the import committed before it could be killed: make the file bigger"
    kill(importing)

    assert importing.returncode == -signal.SIGKILL and "created" not in (tmp_path / "import.log").read_text()
    assert asyncio.run(_scalar(url, "SELECT count(*) FROM items")) == 0
    again = tracker_cli(tmp_path / "unused.db", "import", str(records), env=on_postgres)
    assert again.returncode == 0, again.stderr
    assert asyncio.run(_scalar(url, "SELECT count(*) FROM items")) == 5_000


async def _scalar(url: str, statement: str) -> int:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return (await connection.execute(text(statement))).scalar_one()
    finally:
        await engine.dispose()


async def _empty_postgres(url: str) -> str:
    """An empty database of these tests' own beside ``url`` (which the other tests reset), made if missing."""
    base, _, name = url.rpartition("/")
    own = f"{name}_crashes_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    engine = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            if not await connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": own}):
                await connection.execute(text(f'CREATE DATABASE "{own}"'))
    finally:
        await engine.dispose()
    engine = create_engine(f"{base}/{own}")
    try:
        async with engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
    finally:
        await engine.dispose()
    return f"{base}/{own}"


# ---------------------------------------------------------------- a scrape


class StallingSite:
    """A library search on 127.0.0.1 that sends half of its answer and then waits, until ``release``."""

    def __init__(self) -> None:
        self.half_sent = threading.Event()
        self.release = threading.Event()
        self.stalls = True
        self.url = ""


@pytest.fixture
def stalling_site() -> Iterator[StallingSite]:
    site = StallingSite()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
            self.send_response(200)
            self.send_header("Content-Type", "application/xml; charset=utf-8")
            self.send_header("Content-Length", str(len(MARCXML)))
            self.end_headers()
            half = len(MARCXML) // 2
            self.wfile.write(MARCXML[:half])
            self.wfile.flush()
            if site.stalls:
                site.half_sent.set()
                site.release.wait(timeout=60)
            try:
                self.wfile.write(MARCXML[half:])
            except OSError:  # the client was killed meanwhile
                pass

        def log_message(self, format: str, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    site.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.release.set()
        server.shutdown()
        server.server_close()


def test_a_scrape_killed_mid_download_writes_nothing_and_does_not_lock_its_source(
    seeded: Path, stalling_site: StallingSite
) -> None:
    added = tracker_cli(
        seeded, "sources", "add", "library-cat", "--adapter", "undl-marcxml", "--url", stalling_site.url, "--param", "query=CAT/C"
    )
    assert added.returncode == 0, added.stderr
    changes = count(seeded, "changes")

    scraping = start(seeded, "scrape", "library-cat", "--json", log=seeded.parent / "scrape.log")
    wait_for(stalling_site.half_sent.is_set, scraping, "the download under way")
    kill(scraping)
    stalling_site.release.set()

    assert integrity(seeded) == "ok"
    with sqlite3.connect(seeded) as connection:
        assert connection.execute("SELECT count(*) FROM fetch_runs WHERE source = 'library-cat'").fetchone() == (0,)
        (holder,) = connection.execute("SELECT pid FROM source_leases WHERE source = 'library-cat'").fetchall()
    assert holder == (scraping.pid,), "the killed run left its lease behind"
    assert count(seeded, "changes") == changes

    stalling_site.stalls = False
    again = tracker_cli(seeded, "scrape", "library-cat", "--json")
    assert again.returncode == 0, again.stdout + again.stderr
    run = json.loads(again.stdout)
    assert run["outcome"] == "ok" and run["created"] + run["updated"] > 0
    assert count(seeded, "changes") > changes
    assert count(seeded, "source_leases") == 0 and integrity(seeded) == "ok"


# ---------------------------------------------------------------- the service under writes

ACTION = {
    "state": "KAZ",
    "kind": "other",
    "date": "2024-03-01",
    "sources": [{"url": "https://example.org/report", "title": "Report", "language": "en"}],
}


def test_the_service_killed_under_a_burst_of_writes_keeps_every_acknowledged_one(
    seeded: Path, tmp_path: Path, until_ready: Callable[[str, Path], None]
) -> None:
    (secret,) = tracker_cli(seeded, "keys", "create", "field-editor", "--role", "editor").stdout.split()
    headers = {"Authorization": f"Bearer {secret}"}
    port = free_port()
    base = f"http://127.0.0.1:{port}"

    def serve() -> subprocess.Popen[bytes]:
        process = start(seeded, "serve", log=tmp_path / "serve.log", env={"TRACKER_HOST": "127.0.0.1", "TRACKER_PORT": str(port)})
        until_ready(base, tmp_path / "serve.log")
        return process

    acknowledged: list[str] = []
    stop = threading.Event()

    def post_actions(client_number: int) -> None:
        with httpx.Client(base_url=base, headers=headers, timeout=10) as client:
            for n in range(10_000):
                if stop.is_set():
                    return
                try:
                    answer = client.post("/api/v1/actions", json={**ACTION, "title": f"Step {client_number}.{n} taken"})
                except httpx.TransportError:
                    return
                if answer.status_code == 201:
                    acknowledged.append(answer.json()["id"])

    serving = serve()
    clients = [threading.Thread(target=post_actions, args=(n,)) for n in range(4)]
    for client in clients:
        client.start()
    try:
        wait_for(lambda: len(acknowledged) >= 40, serving, "40 writes acknowledged")
        kill(serving)
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=30)

    assert integrity(seeded) == "ok"
    with sqlite3.connect(seeded) as connection:
        stored = {row[0] for row in connection.execute("SELECT id FROM actions WHERE title LIKE 'Step %'")}
    assert len(acknowledged) >= 40 and set(acknowledged) <= stored

    serving = serve()
    try:
        with httpx.Client(base_url=base, headers=headers, timeout=10) as client:
            after = client.post("/api/v1/actions", json={**ACTION, "title": "After the restart"})
            assert after.status_code == 201, after.text
            listed = client.get("/api/v1/actions", params={"q": "Step", "limit": 1}).json()
            assert listed["total"] == len(stored)
    finally:
        serving.terminate()
        serving.wait(timeout=30)
