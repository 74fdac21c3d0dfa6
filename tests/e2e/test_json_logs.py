"""`TRACKER_LOG_FORMAT=json`: everything `tracker serve` logs is one JSON object per line, naming its request."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import httpx

TRACKER = str(Path(sys.executable).parent / "tracker")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_requests_log_line_is_json_naming_its_request_id(tmp_path: Path, until_ready: Callable[[str, Path], None]) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update(TRACKER_PORT=str(port), TRACKER_LOG_FORMAT="json")
    subprocess.run([TRACKER, "db", "upgrade"], cwd=tmp_path, env=env, check=True, capture_output=True, timeout=120)
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen([TRACKER, "serve"], cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}"
            until_ready(base, log)
            answer = httpx.get(f"{base}/api/v1/items", headers={"X-Request-ID": "json-logs-1"}, timeout=30)
        finally:
            process.terminate()
            process.wait(timeout=30)
    assert answer.status_code == 200
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert lines and all(set(line) == {"time", "level", "logger", "message", "request_id"} for line in lines)
    answered = [line for line in lines if line["request_id"] == "json-logs-1"]
    assert [(line["logger"], line["level"]) for line in answered] == [("uvicorn.access", "INFO")]
    assert '"GET /api/v1/items HTTP/1.1" 200' in answered[0]["message"]
    assert any(line["message"] == "Application startup complete." and line["request_id"] == "-" for line in lines)
