"""What several benchmarks need: a free port, a server waited for and stopped, a PostgreSQL
database emptied, and the commit measured."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

from sqlalchemy import text

from tracker.db.engine import create_engine

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now: one of ``BENCH_PORTS`` (``FIRST-LAST``,
    for a machine where only those may be used) when that is set, else any the system gives."""
    first, _, last = os.environ.get("BENCH_PORTS", "0-0").partition("-")
    for port in range(int(first), int(last or first) + 1):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError(f"no free port in BENCH_PORTS={os.environ['BENCH_PORTS']}")


def wait_up(url: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    """Return once ``url`` answers 2xx; raise if ``proc`` exits first or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:  # refused while starting, or an HTTP error status
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in {timeout} s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Terminate ``proc`` (a server started by the benchmark), killing it after 10 s."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


async def execute(url: str, *statements: str) -> Any:
    """Run the SQL statements in one transaction; returns the first column of the last one's rows."""
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            for statement in statements:
                result = await connection.execute(text(statement))
            return result.scalars().all() if result.returns_rows else None
    finally:
        await engine.dispose()


async def empty_postgres(url: str) -> None:
    """Drop everything in the database's public schema: ``DROP SCHEMA public CASCADE; CREATE SCHEMA public``."""
    await execute(url, "DROP SCHEMA public CASCADE", "CREATE SCHEMA public")


async def postgres_version(url: str) -> str:
    """The server's version, e.g. ``PostgreSQL 16.4``."""
    (version,) = await execute(url, "SELECT version()")
    return version.split(" on ")[0]


def revision() -> dict[str, Any]:
    """The commit measured, and the files outside benchmarks/ that differed from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
        changed = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":!benchmarks"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        return {}
    return {"commit": head, "modified_outside_benchmarks": [line[3:] for line in changed if line.strip()]}
