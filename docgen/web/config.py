"""Settings of the web service: defaults, DOCGEN_* environment variables, the data directory.

Every key is listed in CONFIG.md beside this file (a test keeps the two in step).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask

from docgen.errors import DocgenError
from docgen.render.limits import set_render_limits
from docgen.store import private
from docgen.store.engine import database_target

DEFAULTS: dict[str, Any] = {
    "DATA_DIR": "./data",
    "DEMO": True,
    "MAX_UPLOAD_MB": 16,
    "SECRET_KEY": None,
    # The database (issue 18): unset is the data folder's SQLite file; postgresql://… a server.
    "DATABASE_URL": None,
    # Accounts and hardening (issue 6).
    "DEMO_PASSWORD": None,
    "SESSION_HOURS": 8,
    "SECURE_COOKIES": False,
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_MAX_FAILURES_PER_ADDRESS": 30,
    "LOGIN_WINDOW_MINUTES": 15,
    "PROXIES": 0,
    # Dates and times on the pages are shown in this zone; the database keeps UTC.
    "TIMEZONE": "Europe/Moscow",
    # Rendering an uploaded template (docgen/render/limits.py, isolated.py).
    "RENDER_SECONDS": 10,
    "RENDER_OUTPUT_MB": 50,
    "RENDER_MEMORY_MB": 1024,
    # Operation (issue 17): /metrics is off until one of these is set (docgen/web/metrics.py).
    "METRICS_TOKEN": None,
    "METRICS_ALLOW": None,
    # Read from the environment by docgen.logging_setup (gunicorn and the CLI have no app).
    "LOG_FORMAT": "text",
    "LOG_LEVEL": "INFO",
    # Beyond one machine (issue 18): files in an S3 bucket, jobs on a Redis queue.
    "STORAGE_URL": None,
    "QUEUE_URL": None,
    # Read from the environment by docgen.store.engine.pg_pool (a pool is per process, not per app).
    "DB_POOL_SIZE": 4,
}

SECRET_FILE = "secret_key"
DATABASE_FILE = "docgen.sqlite3"
FILES_DIR = "files"


class InvalidSetting(DocgenError):
    """A DOCGEN_* setting the service cannot start with; the message says which and why."""


def time_zone(name: Any) -> ZoneInfo:
    """The IANA zone `name` («Europe/Moscow»); InvalidSetting with a Russian message if unknown."""
    text = str(name or "").strip()
    try:
        if not text:
            raise ValueError(text)
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError):
        raise InvalidSetting(
            f"DOCGEN_TIMEZONE: неизвестный часовой пояс «{text}». Укажите название часового пояса "
            "из базы IANA, например «Europe/Moscow», «Asia/Yekaterinburg» или «UTC»."
        ) from None


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in {"", "0", "false", "no", "off", "нет"}
    return bool(value)


def _check_region_urls(app: Flask) -> None:
    """DOCGEN_STORAGE_URL and DOCGEN_QUEUE_URL that cannot work stop the start, saying why."""
    from docgen.jobs.queue import check_url as queue_problem
    from docgen.store.blobstore import StorageUrlInvalid, check_url

    try:
        check_url(app.config.get("STORAGE_URL") or None)
    except StorageUrlInvalid as exc:
        raise InvalidSetting(str(exc)) from None
    if app.config.get("QUEUE_URL"):
        problem = queue_problem(str(app.config["QUEUE_URL"]))
        if problem:
            raise InvalidSetting(problem)


def _require_shared_secret(app: Flask) -> None:
    """Several app nodes share one database that is not SQLite: each would make its own key in
    its own data folder, and a session signed by one node would not open on another."""
    url = app.config.get("DATABASE_URL") or os.environ.get("DOCGEN_DATABASE_URL")
    if url and not str(url).startswith("sqlite"):
        raise InvalidSetting(
            "DOCGEN_SECRET_KEY не задан: с базой данных не SQLite (DOCGEN_DATABASE_URL) служба может "
            "работать на нескольких серверах, и ключ подписи сессий должен быть у всех один. Задайте "
            "DOCGEN_SECRET_KEY одинаковым на всех серверах, например вывод команды "
            'python -c "import secrets; print(secrets.token_hex(32))".'
        )


def configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Defaults, then DOCGEN_* variables, then `test_config`; derive the paths and limits."""
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("DOCGEN")
    if "DOCGEN_DEMO_PASSWORD" in os.environ:  # a password is text even when it looks like JSON
        app.config["DEMO_PASSWORD"] = os.environ["DOCGEN_DEMO_PASSWORD"]
    if "DOCGEN_METRICS_TOKEN" in os.environ:  # likewise a token
        app.config["METRICS_TOKEN"] = os.environ["DOCGEN_METRICS_TOKEN"]
    if test_config:
        app.config.from_mapping(test_config)

    data_dir = Path(app.config["DATA_DIR"]).expanduser().resolve()
    private.make_dir(data_dir / FILES_DIR)  # 0700, as everything the service keeps (store/private.py)
    private.tighten(data_dir)
    app.config["DATA_DIR"] = str(data_dir)
    app.config["DATABASE"] = database_target(data_dir, app.config.get("DATABASE_URL") or "")
    app.config["FILES_DIR"] = str(data_dir / FILES_DIR)
    app.config["DEMO"] = _truthy(app.config["DEMO"])
    app.config["TIMEZONE"] = time_zone(app.config["TIMEZONE"]).key

    _check_region_urls(app)
    if not app.config.get("SECRET_KEY"):
        _require_shared_secret(app)
        app.config["SECRET_KEY"] = secret_key(data_dir)

    megabytes = float(app.config["MAX_UPLOAD_MB"])
    app.config["MAX_CONTENT_LENGTH"] = int(megabytes * 1024 * 1024)
    # The editor's pairs tab of a large school has thousands of fields.
    app.config["MAX_FORM_MEMORY_SIZE"] = app.config["MAX_CONTENT_LENGTH"]
    app.config["MAX_FORM_PARTS"] = 50_000
    if not app.config.get("SESSION_COOKIE_SAMESITE"):  # Flask's default is None
        app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SECURE_COOKIES"] = _truthy(app.config["SECURE_COOKIES"])
    app.config["SESSION_COOKIE_SECURE"] = app.config["SECURE_COOKIES"]
    app.config["SESSION_COOKIE_NAME"] = "docgen_session"
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=float(app.config["SESSION_HOURS"]))
    if app.config["DEMO_PASSWORD"] is not None:
        app.config["DEMO_PASSWORD"] = str(app.config["DEMO_PASSWORD"])
    set_render_limits(
        seconds=float(app.config["RENDER_SECONDS"]),
        output_mb=float(app.config["RENDER_OUTPUT_MB"]),
        memory_mb=float(app.config["RENDER_MEMORY_MB"]),
    )
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]


def secret_key(data_dir: Path) -> str:
    """The data directory's own random key: created once (mode 0600), then read."""
    return private_file(data_dir, SECRET_FILE, lambda: secrets.token_hex(32))


def private_file(data_dir: Path, name: str, make: Callable[[], str]) -> str:
    """A small secret kept in the data directory: created once (mode 0600), then read.

    Written to a temporary file and linked into place, so that several workers starting
    at once all end up with the same, complete value.
    """
    path = data_dir / name
    if not path.exists():
        temporary = data_dir / f".{name}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(make())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    return path.read_text(encoding="ascii").strip()
