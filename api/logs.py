"""How the service logs: ``text`` lines, or one JSON object per line (``TRACKER_LOG_FORMAT``).

Both name the request being handled (see :mod:`tracker_api.request_ids`); ``-`` outside any request.
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
from typing import Any

import msgspec
from litestar.logging.config import LoggingConfig
from uvicorn.config import LOGGING_CONFIG

from tracker.config import Settings
from tracker_api.request_ids import WithRequestId

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


class JsonFormatter(logging.Formatter):
    """One JSON object per record: ``time`` (UTC, ISO 8601), ``level``, ``logger``, ``message``,
    ``request_id``, and ``exception`` with the traceback when the record carries one."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exception"] = record.exc_text
        return msgspec.json.encode(line).decode()


def logging_config(settings: Settings) -> LoggingConfig:
    """The service's logging: at ``settings.log_level``, in ``settings.log_format``, every record naming its request."""
    formatter = {"()": JsonFormatter} if settings.log_format == "json" else {"format": TEXT_FORMAT}
    handler = {"level": "DEBUG", "formatter": "standard", "filters": ["request_id"]}
    return LoggingConfig(
        root={"level": settings.log_level.upper(), "handlers": ["queue_listener"]},
        formatters={"standard": formatter},
        filters={"request_id": {"()": WithRequestId}},
        handlers={
            "console": {"class": "logging.StreamHandler", **handler},
            "queue_listener": {"class": "litestar.logging.standard.QueueListenerHandler", **handler},
        },
    )


def server_log_config(settings: Settings) -> dict[str, Any]:
    """The HTTP server's own logging (its start and stop, a line per request answered): uvicorn's
    own lines, or with ``json`` the same JSON lines as the service's, each request's naming its id."""
    config = copy.deepcopy(LOGGING_CONFIG)
    if settings.log_format == "json":
        config["formatters"] = {name: {"()": JsonFormatter} for name in config["formatters"]}
        config["filters"] = {"request_id": {"()": WithRequestId}}
        for handler in config["handlers"].values():
            handler["filters"] = ["request_id"]
    return config
