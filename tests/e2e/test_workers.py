"""`tracker serve --workers N`: several HTTP processes over one database, one write rate, no scheduler in each."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

TRACKER = str(Path(sys.executable).parent / "tracker")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tracker(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    return subprocess.run(
        [TRACKER, *args], cwd=cwd, env={**environment, **(env or {})}, capture_output=True, text=True, timeout=120
    )


def test_workers_with_reload_is_refused_in_one_line(tmp_path: Path) -> None:
    assert _tracker("db", "upgrade", cwd=tmp_path).returncode == 0
    refused = _tracker("serve", "--workers", "2", "--reload", cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr == "Error: --reload restarts a single process; drop --reload or --workers 2\n"


def test_the_scheduler_is_not_run_in_each_worker(tmp_path: Path) -> None:
    assert _tracker("db", "upgrade", cwd=tmp_path).returncode == 0
    by_flag = _tracker("serve", "--workers", "3", "--with-scheduler", cwd=tmp_path)
    by_settings = _tracker("serve", cwd=tmp_path, env={"TRACKER_WORKERS": "2", "TRACKER_WITH_SCHEDULER": "true"})
    for refused, workers in ((by_flag, 3), (by_settings, 2)):
        assert refused.returncode == 1
        assert refused.stderr.startswith(
            f"Error: the scheduler must run once, not in each of {workers} workers: "
            f"run `tracker scheduler` beside `tracker serve --workers {workers}`"
        )
        assert len(refused.stderr.splitlines()) == 1


def test_zero_workers_is_refused_naming_the_option(tmp_path: Path) -> None:
    refused = _tracker("serve", "--workers", "0", cwd=tmp_path)
    assert refused.returncode == 2 and "--workers" in refused.stderr


def test_two_workers_serve_one_database_and_share_the_write_rate(
    tmp_path: Path, until_ready: Callable[[str, Path], None]
) -> None:
    for command in (["db", "upgrade"], ["seed", "--if-empty"]):
        assert _tracker(*command, cwd=tmp_path).returncode == 0
    (secret,) = _tracker("keys", "create", "field-editor", "--role", "editor", cwd=tmp_path).stdout.split()
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env |= {"TRACKER_PORT": str(port), "TRACKER_WRITE_RATE_LIMIT": "3"}
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen([TRACKER, "serve", "--workers", "2"], cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            started = set(re.findall(r"Started server process \[(\d+)\]", (tmp_path / "serve.log").read_text()))
            if len(started) == 2:
                break
            time.sleep(0.1)
        assert len(started) == 2, (tmp_path / "serve.log").read_text()
        until_ready(base, tmp_path / "serve.log")
        action = {
            "state": "KAZ",
            "kind": "other",
            "date": "2024-03-01",
            "sources": [{"url": "https://example.org/report", "title": "Report", "language": "en"}],
        }
        # A new connection for each write: the operating system hands them to either worker.
        answers = [
            httpx.post(
                f"{base}/api/v1/actions",
                json={**action, "title": f"Step {n} taken"},
                headers={"Authorization": f"Bearer {secret}", "Connection": "close"},
                timeout=10,
            )
            for n in range(5)
        ]
        assert [answer.status_code for answer in answers] == [201, 201, 201, 429, 429], [a.text for a in answers]
        assert "has made its 3 writes for this minute" in answers[4].json()["detail"]
        listed = httpx.get(f"{base}/api/v1/actions", params={"q": "Step"}, timeout=10).json()
        assert listed["total"] == 3
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
