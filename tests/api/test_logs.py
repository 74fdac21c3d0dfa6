"""The service's log formats: the text line and the JSON object, each naming the request."""

from __future__ import annotations

import json
import logging
import sys

from tracker_api.logs import JsonFormatter


def _record(message: str, *, exc_info: bool = False) -> logging.LogRecord:
    record = logging.LogRecord("tracker.test.logs", logging.ERROR, __file__, 1, message, (), sys.exc_info() if exc_info else None)
    record.request_id = "req-9"
    return record


def test_a_json_line_holds_time_level_logger_message_and_request_id() -> None:
    line = json.loads(JsonFormatter().format(_record("loaded 3 records")))
    assert set(line) == {"time", "level", "logger", "message", "request_id"}
    assert (line["level"], line["logger"], line["message"], line["request_id"]) == (
        "ERROR",
        "tracker.test.logs",
        "loaded 3 records",
        "req-9",
    )
    assert line["time"].endswith("+00:00")


def test_a_json_line_carries_the_exceptions_traceback() -> None:
    try:
        {}["missing"]
    except KeyError:
        line = json.loads(JsonFormatter().format(_record("lookup failed", exc_info=True)))
    assert line["exception"].startswith("Traceback (most recent call last):")
    assert line["exception"].endswith("KeyError: 'missing'")
    assert "\n" not in json.dumps(line)
