"""Secrets of the whole installation kept in the database, so that every app node sees the same
one (issue 18: stateless nodes): today the first-run setup code (`docgen.web.setup_code`).
Not an organisation's data: there is no organisation yet when the setup code is made.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import sqlite_utils

SETUP_CODE = "setup_code"


def ensure(db: sqlite_utils.Database, name: str, make: Callable[[], str]) -> str:
    """The secret `name`, made by `make` the first time; nodes starting at once agree on one."""
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    db.execute(
        "INSERT INTO install_secrets (name, value, created_at) VALUES (?, ?, ?) "
        "ON CONFLICT (name) DO NOTHING",
        [name, make(), stamp],
    )
    return get(db, name) or ""


def get(db: sqlite_utils.Database, name: str) -> str | None:
    found = db.execute("SELECT value FROM install_secrets WHERE name = ?", [name]).fetchone()
    return str(found[0]) if found else None


def discard(db: sqlite_utils.Database, name: str) -> None:
    db.execute("DELETE FROM install_secrets WHERE name = ?", [name])
