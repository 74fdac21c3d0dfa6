"""The service's log formats: the text line and the JSON object, each naming the request."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator

import pytest

from tracker.config import Settings
from tracker_api.logs import JsonFormatter, configure_command_logging


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


@pytest.fixture
def root_logger() -> Iterator[logging.Logger]:
    """The root logger, put back as it was after the test configures it."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield root
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)


def test_a_command_set_to_json_logs_json_lines_on_standard_error(
    root_logger: logging.Logger, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_command_logging(Settings(log_format="json", log_level="info"))
    logging.getLogger("tracker_scrapers.scheduler").info("scheduler: %d sources scheduled", 3)
    logging.getLogger("tracker_scrapers.scheduler").debug("not at this level")
    lines = capsys.readouterr().err.splitlines()
    assert [json.loads(line) | {"time": "-"} for line in lines] == [
        {
            "time": "-",
            "level": "INFO",
            "logger": "tracker_scrapers.scheduler",
            "message": "scheduler: 3 sources scheduled",
            "request_id": "-",
        }
    ]


def test_a_command_set_to_text_logs_the_services_text_lines(
    root_logger: logging.Logger, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_command_logging(Settings(log_level="warning"))
    logging.getLogger("tracker_scrapers").info("not at this level")
    logging.getLogger("tracker_scrapers").warning("source x: 3 failures in a row")
    (line,) = capsys.readouterr().err.splitlines()
    assert line.endswith(" WARNING tracker_scrapers [-] source x: 3 failures in a row")
