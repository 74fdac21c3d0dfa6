"""The service as a user starts it: `tracker db upgrade`, `tracker seed --if-empty`, `tracker serve`, in a fresh directory."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

TRACKER = str(Path(sys.executable).parent / "tracker")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_ready(base: str, log: Path) -> None:
    """Wait for a started ``tracker serve`` to answer ``/ready`` (about 10 s at most); fail with its log."""
    for _ in range(100):
        try:
            if httpx.get(f"{base}/ready", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("the service did not become ready: " + log.read_text())


@pytest.fixture(scope="session")
def until_ready() -> Callable[[str, Path], None]:
    """:func:`wait_until_ready`, for tests that start a service of their own."""
    return wait_until_ready


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the service runs: its SQLite file is ``tracker.db`` there."""
    return tmp_path_factory.mktemp("service")


@pytest.fixture(scope="module")
def service(workdir: Path) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "TRACKER_PORT": str(port), "TRACKER_HOST": "127.0.0.1"}
    env.pop("TRACKER_DATABASE_URL", None)
    for command in (["db", "upgrade"], ["seed", "--if-empty"]):
        subprocess.run([TRACKER, *command], cwd=workdir, env=env, check=True, capture_output=True, timeout=120)
    log = (workdir / "serve.log").open("wb")
    process = subprocess.Popen([TRACKER, "serve"], cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(base, workdir / "serve.log")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def new_key(workdir: Path) -> Callable[[str, str], dict[str, str]]:
    """Create an API key with `tracker keys create` where the service runs; returns its bearer header."""

    def create(name: str, role: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "TRACKER_DATABASE_URL"}
        created = subprocess.run(
            [TRACKER, "keys", "create", name, "--role", role],
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        (secret,) = created.stdout.split()
        return {"Authorization": f"Bearer {secret}"}

    return create
