"""One logging configuration for the web app, the CLI and gunicorn.

Every line carries a timestamp, the level, the logger and the request id (`-` outside a
request): plain text by default, one JSON object per line with `DOCGEN_LOG_FORMAT=json`.
`DOCGEN_LOG_LEVEL` (default INFO) sets the level. The request id lives in a context variable
set by `docgen.web.request_id` for each request, so any logger used while answering it —
the app's, gunicorn's error log, the audit log's — writes the same id.
"""

from __future__ import annotations

import contextvars
import json
import logging
import logging.config
import os
import sys
from datetime import UTC, datetime
from typing import Any

NO_REQUEST = "-"
request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("docgen_request_id", default=NO_REQUEST)

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
HANDLER_NAME = "docgen"


def current_request_id() -> str | None:
    """The id of the request being answered, or None outside a request."""
    value = request_id_var.get()
    return None if value == NO_REQUEST else value


class RequestIdFilter(logging.Filter):
    """Adds `record.request_id` (the current request's id, or «-»)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = _access_request_id(record) or request_id_var.get()
        return True


def _access_request_id(record: logging.LogRecord) -> str | None:
    """gunicorn writes its access line after the request: the id is in the response header
    (its access logger passes the line's atoms as the record's arguments)."""
    if record.name != "gunicorn.access" or not isinstance(record.args, dict):
        return None
    value = record.args.get("{x-request-id}o")
    return value if isinstance(value, str) and value not in ("", "-") else None


class StderrHandler(logging.StreamHandler):
    """Writes to whatever `sys.stderr` is at the time (like logging's last-resort handler), so
    click's test runner and pytest's capture see the lines too."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property  # type: ignore[override]
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT)

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, request_id, message."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", NO_REQUEST),
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def log_format() -> str:
    """«json» or «text», from DOCGEN_LOG_FORMAT."""
    return "json" if os.environ.get("DOCGEN_LOG_FORMAT", "").strip().lower() == "json" else "text"


def log_level(default: str = "INFO") -> str:
    level = os.environ.get("DOCGEN_LOG_LEVEL", "").strip().upper() or default
    return level if level in logging.getLevelNamesMapping() else default


def dict_config(default_level: str = "INFO") -> dict[str, Any]:
    """The configuration as a logging dictConfig (gunicorn's `logconfig_dict` uses it too)."""
    formatter = (
        "docgen.logging_setup.JsonFormatter"
        if log_format() == "json"
        else ("docgen.logging_setup.TextFormatter")
    )
    handler = {
        "class": "docgen.logging_setup.StderrHandler",
        "formatter": "docgen",
        "filters": ["request_id"],
    }
    access = {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "docgen"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "docgen.logging_setup.RequestIdFilter"}},
        "formatters": {"docgen": {"()": formatter}},
        "handlers": {HANDLER_NAME: handler, "access": {**access, "filters": ["request_id"]}},
        "root": {"level": log_level(default_level), "handlers": [HANDLER_NAME]},
        "loggers": {
            "gunicorn.error": {"level": log_level(default_level), "handlers": [], "propagate": True},
            "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
        },
    }


def configured() -> bool:
    return any(getattr(h, "name", None) == HANDLER_NAME for h in logging.getLogger().handlers)


def configure(*, default_level: str = "INFO", force: bool = False) -> None:
    """Install the configuration once per process (a no-op when gunicorn already did).

    The CLI passes WARNING: its output is for people; the service logs INFO.
    """
    if configured() and not force:  # only the level: `docgen serve` after the CLI's WARNING
        logging.getLogger().setLevel(log_level(default_level))
        return
    logging.config.dictConfig(dict_config(default_level))
    logging.captureWarnings(True)
