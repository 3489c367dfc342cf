"""The database: connection, schema migrations, transactions, small helpers.

`connect` takes a path or `DOCGEN_DATABASE_URL` (see `engine`): SQLite by default, PostgreSQL for
a `postgresql://` URL. Every table carries `org_id` (in `organisations` it is a generated copy
of `id`). The connection runs in autocommit mode: a single statement commits on its own, and
every multi-statement write runs in `write_transaction`, which takes the engine's write lock
first (SQLite: `BEGIN IMMEDIATE`, busy timeout 30 s; PostgreSQL: an advisory lock) so that
concurrent writers queue instead of failing half-way.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from . import migrations as _migrations
from .engine import connect, dialect

__all__ = ["applied_migrations", "connect", "migrate", "now", "one", "rows", "write_transaction"]


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply pending migrations (idempotent, safe to run from several processes at once).

    Returns the names of the migrations this call applied.
    """
    with write_transaction(db):
        return _migrations.apply(db, now())


def applied_migrations(db: sqlite_utils.Database) -> list[str]:
    return _migrations.applied(db)


def pending_migrations(db: sqlite_utils.Database) -> list[str]:
    return _migrations.pending(db)


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """BEGIN (taking the write lock) … COMMIT, or ROLLBACK on any exception; nested calls use a savepoint."""
    conn = db.conn
    if conn.in_transaction:
        name = f"docgen_{secrets.token_hex(6)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield db
        except BaseException:
            if conn.in_transaction:
                conn.execute(f"ROLLBACK TO {name}")
                conn.execute(f"RELEASE {name}")
            raise
        conn.execute(f"RELEASE {name}")
        return
    dialect(db).begin_write(conn)
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def rows(db: sqlite_utils.Database, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    cursor = db.execute(sql, list(params))
    keys = [d[0] for d in cursor.description]
    return [dict(zip(keys, row, strict=True)) for row in cursor.fetchall()]


def one(db: sqlite_utils.Database, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
    found = rows(db, sql, params)
    return found[0] if found else None


def now() -> str:
    """The current UTC time as stored: ISO 8601 with seconds, e.g. 2024-05-20T09:15:02+00:00."""
    return datetime.now(UTC).isoformat(timespec="seconds")
