"""How the service logs: ``text`` lines, or one JSON object per line (``TRACKER_LOG_FORMAT``).

Both name the request being handled (see :mod:`tracker_api.request_ids`); ``-`` outside any request.
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
import logging.config
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


def _formatter(settings: Settings) -> dict[str, Any]:
    return {"()": JsonFormatter} if settings.log_format == "json" else {"format": TEXT_FORMAT}


def _handler() -> dict[str, Any]:
    return {"level": "DEBUG", "formatter": "standard", "filters": ["request_id"]}


def logging_config(settings: Settings) -> LoggingConfig:
    """The service's logging: at ``settings.log_level``, in ``settings.log_format``, every record naming its request."""
    return LoggingConfig(
        root={"level": settings.log_level.upper(), "handlers": ["queue_listener"]},
        formatters={"standard": _formatter(settings)},
        filters={"request_id": {"()": WithRequestId}},
        handlers={
            "console": {"class": "logging.StreamHandler", **_handler()},
            "queue_listener": {"class": "litestar.logging.standard.QueueListenerHandler", **_handler()},
        },
    )


def configure_command_logging(settings: Settings) -> None:
    """Log as the service does, on standard error, in a command that runs until stopped (``tracker
    scheduler``): at ``settings.log_level``, in ``settings.log_format``."""
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {"standard": _formatter(settings)},
            "filters": {"request_id": {"()": WithRequestId}},
            "handlers": {"console": {"class": "logging.StreamHandler", **_handler()}},
            "root": {"level": settings.log_level.upper(), "handlers": ["console"]},
        }
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
