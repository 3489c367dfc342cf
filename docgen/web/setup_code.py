"""The one-time setup code: proof that the first administrator is whoever installed docgen.

A fresh install has no accounts, and its first-run page creates the administrator. Without a
check, whoever opened the page first would become administrator. So when the service starts
with no accounts, it writes a random nine-digit code into the data folder (`setup_code`, mode
0600) and prints it to the service's log; the first-run page asks for it. Wrong codes count
against the same rate limit as failed logins. The file is deleted once the administrator exists.
`docgen users create --admin` on the server remains the alternative.
"""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path

from flask import Flask

from docgen.store import users
from docgen.store.db import connect

from .config import private_file

SETUP_FILE = "setup_code"
RATE_LIMIT_KEY = "<первоначальная настройка>"


def _path(data_dir: str | Path) -> Path:
    return Path(data_dir) / SETUP_FILE


def _new_code() -> str:
    digits = f"{secrets.randbelow(10**9):09d}"
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"


def announce(app: Flask) -> None:
    """At start-up: with no accounts yet, make sure a code exists and print it to the log."""
    db = connect(app.config["DATABASE"])
    try:
        if users.count_users(db):
            discard(app.config["DATA_DIR"])
            return
    finally:
        db.conn.close()
    code = private_file(Path(app.config["DATA_DIR"]), SETUP_FILE, _new_code)
    app.logger.warning(
        "docgen: учётных записей ещё нет. Откройте /setup и введите код установки %s (он же в файле %s).",
        code,
        _path(app.config["DATA_DIR"]),
    )


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def matches(data_dir: str | Path, given: str) -> bool:
    try:
        expected = _path(data_dir).read_text(encoding="ascii").strip()
    except OSError:
        return False
    return hmac.compare_digest(_digits(expected), _digits(given)) and len(_digits(expected)) == 9


def discard(data_dir: str | Path) -> None:
    _path(data_dir).unlink(missing_ok=True)
