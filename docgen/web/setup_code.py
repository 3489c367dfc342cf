"""The one-time setup code: proof that the first administrator is whoever installed docgen.

A fresh install has no accounts, and its first-run page creates the administrator. Without a
check, whoever opened the page first would become administrator. So when the service starts
with no accounts, it makes a random nine-digit code, keeps it in the database (table
`install_secrets`: every app node of a region sees the same code, whatever its data folder)
and prints it to the service's log; the first-run page asks for it. Each node also writes it
into its data folder (`setup_code`, mode 0600), to read it on the server one has just started;
a node that starts after the administrator exists removes its stale copy. Wrong
codes count against the same rate limit as failed logins. The code (and the file) is deleted
once the administrator exists. `docgen users create --admin` on the server remains the
alternative.
"""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path

import sqlite_utils
from flask import Flask

from docgen.store import install_secrets, users
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
            discard(db, app.config["DATA_DIR"])
            return
        file = _path(app.config["DATA_DIR"])
        # A code written by an older version into the file only is kept (it may be in use).
        earlier = file.read_text(encoding="ascii").strip() if file.is_file() else None
        code = install_secrets.ensure(db, install_secrets.SETUP_CODE, lambda: earlier or _new_code())
    finally:
        db.conn.close()
    if private_file(Path(app.config["DATA_DIR"]), SETUP_FILE, lambda: code) != code:
        file.unlink(missing_ok=True)  # a stale file: the database's code is the one asked for
        private_file(Path(app.config["DATA_DIR"]), SETUP_FILE, lambda: code)
    app.logger.warning(
        "docgen: учётных записей ещё нет. Откройте /setup и введите код установки %s (он же в файле %s).",
        code,
        file,
    )


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def matches(db: sqlite_utils.Database, given: str) -> bool:
    expected = install_secrets.get(db, install_secrets.SETUP_CODE)
    if not expected:
        return False
    return hmac.compare_digest(_digits(expected), _digits(given)) and len(_digits(expected)) == 9


def discard(db: sqlite_utils.Database | None, data_dir: str | Path) -> None:
    """First-run setup is over: forget the code (the database's and the file)."""
    if db is not None:
        install_secrets.discard(db, install_secrets.SETUP_CODE)
    _path(data_dir).unlink(missing_ok=True)
