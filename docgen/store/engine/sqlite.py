"""The embedded engine: a SQLite file through sqlite-utils (WAL, foreign keys, busy timeout)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import sqlite_utils

from .. import private

BUSY_TIMEOUT_MS = 30_000


def connect(path: str | Path) -> sqlite_utils.Database:
    """Open (or create, mode 0600) the database file: WAL, foreign keys on, busy timeout 30 s."""
    if str(path) != ":memory:":
        private.create_file(path)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db = sqlite_utils.Database(conn)
    if str(path) != ":memory:":
        _enable_wal(db)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA synchronous = NORMAL")
    return db


def _enable_wal(db: sqlite_utils.Database) -> None:
    """Switch a new database file to WAL, waiting out other processes doing the same.

    SQLite answers the switch with «database is locked» at once, without the busy handler, while
    another connection holds the file (two gunicorn workers opening a fresh data folder).
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            db.enable_wal()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def database_file(db: sqlite_utils.Database) -> str:
    """The main database's file path ('' for an in-memory database)."""
    for _seq, name, path in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return path or ""
    return ""
