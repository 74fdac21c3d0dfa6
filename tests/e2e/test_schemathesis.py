"""The live service against its own OpenAPI document: every operation, writes included, with generated requests
sent with an admin key, on SQLite and on PostgreSQL.

A fixed seed and at most 100 generated examples per operation keep the run the same each time and about a minute
and a half per database. It fails on any 5xx, and on any answer whose status, media type or body the document
does not describe.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from litestar.serialization import encode_json
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import text

from tracker.db.engine import create_engine
from tracker_api.app import create_app

from .conftest import TRACKER, _free_port, wait_until_ready

POSTGRES_URL = os.environ.get("TRACKER_TEST_POSTGRES_URL")
WORKER = os.environ.get("PYTEST_XDIST_WORKER")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


async def _empty_postgres(url: str) -> None:
    base, _, name = url.rpartition("/")
    server = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    try:
        async with server.connect() as connection:
            if not await connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}):
                await connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        await server.dispose()
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
    finally:
        await engine.dispose()


def _database_url(kind: str, directory: Path) -> str:
    if kind == "sqlite":
        return f"sqlite+aiosqlite:///{directory}/tracker.db"
    if not POSTGRES_URL:
        pytest.skip("TRACKER_TEST_POSTGRES_URL is not set")
    url = f"{POSTGRES_URL}_fuzz_{WORKER}" if WORKER else f"{POSTGRES_URL}_fuzz"
    asyncio.run(_empty_postgres(url))
    return url


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def live(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """A seeded service with writes unthrottled, and an admin key's header."""
    directory = tmp_path_factory.mktemp("fuzzed")
    port = _free_port()
    env = {
        **os.environ,
        "TRACKER_DATABASE_URL": _database_url(request.param, directory),
        "TRACKER_PORT": str(port),
        "TRACKER_HOST": "127.0.0.1",
        "TRACKER_WRITE_RATE_LIMIT": "0",
    }
    for command in (["db", "upgrade"], ["seed", "--if-empty"]):
        subprocess.run([TRACKER, *command], cwd=directory, env=env, check=True, capture_output=True, timeout=120)
    created = subprocess.run(
        [TRACKER, "keys", "create", "fuzz", "--role", "admin"],
        cwd=directory,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    admin = {"Authorization": f"Bearer {created.stdout.strip()}"}
    log_path = directory / "serve.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen([TRACKER, "serve"], cwd=directory, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_ready(base, log_path)
            yield base, admin
        finally:
            process.terminate()
            process.wait(timeout=10)


# The document the service serves at /schema/openapi.json, read from the application at collection time:
# schemathesis needs the operations before any fixture runs.
schema = schemathesis.openapi.from_dict(json.loads(encode_json(create_app().openapi_schema.to_schema())))


@schema.parametrize()
@settings(
    max_examples=100,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_is_documented(case: schemathesis.Case, live: tuple[str, dict[str, str]]) -> None:
    base, admin = live
    case.call_and_validate(base_url=base, headers=admin, checks=CHECKS)


def test_the_run_reads_the_document_the_service_serves(live: tuple[str, dict[str, str]]) -> None:
    base, _ = live
    assert httpx.get(f"{base}/schema/openapi.json").json() == schema.raw_schema
