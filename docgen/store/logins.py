"""Login names and failed logins, shared by every worker: the rate limit counts them per login
and address (`docgen.web.security`)."""

from __future__ import annotations

import sqlite_utils

from .db import write_transaction


def normalise_login(login: str) -> str:
    return login.strip().lower()


def count_failures(db: sqlite_utils.Database, login: str, ip: str, since: float) -> int:
    (count,) = db.execute(
        "SELECT count(*) FROM login_failures WHERE login = ? AND ip = ? AND at > ?",
        [normalise_login(login), ip, since],
    ).fetchone()
    return int(count)


def oldest_failure(db: sqlite_utils.Database, login: str, ip: str, since: float) -> float | None:
    (oldest,) = db.execute(
        "SELECT min(at) FROM login_failures WHERE login = ? AND ip = ? AND at > ?",
        [normalise_login(login), ip, since],
    ).fetchone()
    return oldest


def record_failure(db: sqlite_utils.Database, login: str, ip: str, at: float, *, keep: float) -> None:
    """Note a failed login; forget failures older than `keep` (a timestamp) on the way."""
    with write_transaction(db):
        db.execute("DELETE FROM login_failures WHERE at <= ?", [keep])
        db.execute(
            "INSERT INTO login_failures (login, ip, at) VALUES (?, ?, ?)",
            [normalise_login(login), ip, at],
        )


def clear_failures(db: sqlite_utils.Database, login: str, ip: str) -> None:
    db.execute("DELETE FROM login_failures WHERE login = ? AND ip = ?", [normalise_login(login), ip])
