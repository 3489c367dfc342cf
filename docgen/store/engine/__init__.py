"""The one seam between the store and its database engine.

`DOCGEN_DATABASE_URL` (or a path) selects the engine: a file path or `sqlite:///path` is the
embedded SQLite default; `postgresql://user:pass@host:port/db` is PostgreSQL 15+. Both give an
object with the `sqlite_utils.Database` methods the store uses (`execute`, `conn`, `close`,
`table_names`); the store writes its SQL once, with `?` placeholders. The few statements that
differ between the engines are the `Dialect`'s: the start of a write transaction, insert-or-ignore,
the full-text index (FTS5 on SQLite, `tsvector` + GIN on PostgreSQL) and the issuing gate.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from .dialect import Dialect, PostgresDialect, SqliteDialect

POSTGRES_SCHEMES = ("postgresql://", "postgres://")
SQLITE_SCHEME = "sqlite:///"

try:
    import psycopg as _psycopg

    IntegrityError: tuple[type[Exception], ...] = (sqlite3.IntegrityError, _psycopg.IntegrityError)
    DatabaseError: tuple[type[Exception], ...] = (sqlite3.DatabaseError, _psycopg.DatabaseError)
except ImportError:  # pragma: no cover - psycopg is only needed for PostgreSQL
    IntegrityError = (sqlite3.IntegrityError,)
    DatabaseError = (sqlite3.DatabaseError,)


def is_postgres(target: str | Path) -> bool:
    return str(target).startswith(POSTGRES_SCHEMES)


def sqlite_path(target: str | Path) -> str:
    """The file of a SQLite target: a plain path, or `sqlite:///path` (`sqlite:////abs/path`)."""
    text = str(target)
    return text[len(SQLITE_SCHEME) :] if text.startswith(SQLITE_SCHEME) else text


def connect(target: str | Path, pooled: bool = False) -> Any:
    """A connection to the database `target` names (a path or a URL), in autocommit mode.
    `pooled` (web requests): on PostgreSQL, borrowed from the process's pool and given back by
    `db.conn.close()`; SQLite opens a file, which costs next to nothing, so it is never pooled."""
    if is_postgres(target):
        from .postgres import PgDatabase

        return PgDatabase(str(target), pooled=pooled)
    from .sqlite import connect as connect_sqlite

    return connect_sqlite(sqlite_path(target))


def dialect(db: Any) -> Dialect:
    """The dialect of an open connection."""
    return POSTGRES if getattr(db, "engine", None) == "postgresql" else SQLITE


SQLITE = SqliteDialect()
POSTGRES = PostgresDialect()

__all__ = [
    "DatabaseError",
    "Dialect",
    "IntegrityError",
    "connect",
    "dialect",
    "is_postgres",
    "sqlite_path",
]


def unique_violation(exc: BaseException, table: str = "", column: str = "") -> bool:
    """Whether `exc` is a broken unique constraint (on `table.column` when given)."""
    constraint = getattr(getattr(exc, "diag", None), "constraint_name", None)
    if constraint is not None:  # PostgreSQL: series_org_id_code_key, users_login, …
        if getattr(exc, "sqlstate", None) != "23505":
            return False
        return not column or (constraint.startswith(table) and constraint.endswith((f"{column}_key", column)))
    text = str(exc)
    return "UNIQUE" in text and (not column or f"{table}.{column}" in text)


def database_file(db: Any) -> str:
    """The SQLite database's file path ('' for an in-memory database or a PostgreSQL server)."""
    if dialect(db).name != "sqlite":
        return ""
    from .sqlite import database_file as sqlite_file

    return sqlite_file(db)


DATABASE_FILE = "docgen.sqlite3"  # the embedded database's file in the data folder
URL_VARIABLE = "DOCGEN_DATABASE_URL"


def database_target(data_dir: str | Path, url: str | None = None) -> str:
    """What to `connect` to: `url`, else $DOCGEN_DATABASE_URL, else the data folder's SQLite file."""
    import os

    chosen = url if url is not None else os.environ.get(URL_VARIABLE)
    return str(chosen).strip() if chosen and str(chosen).strip() else str(Path(data_dir) / DATABASE_FILE)
