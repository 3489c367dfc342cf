"""Applying the PostgreSQL schema: the migrations of `postgres_initial` and `postgres_tables`, in
order, each recorded in `docgen_migrations`, all in one write transaction (which holds the write
lock, so two nodes starting at once apply them once)."""

from __future__ import annotations

from typing import Any

from .postgres_initial import INITIAL
from .postgres_tables import LATER

MIGRATIONS: list[tuple[str, list[str]]] = [*INITIAL, *LATER]

_TABLE = """
CREATE TABLE IF NOT EXISTS docgen_migrations (
    name TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
)
"""


def applied(db: Any) -> list[str]:
    exists = db.execute("SELECT to_regclass('docgen_migrations') IS NOT NULL").fetchone()[0]
    if not exists:
        return []
    return [r[0] for r in db.execute("SELECT name FROM docgen_migrations ORDER BY name").fetchall()]


def pending(db: Any) -> list[str]:
    done = set(applied(db))
    return [name for name, _ in MIGRATIONS if name not in done]


def apply(db: Any, now: str) -> list[str]:
    """Apply pending migrations inside the caller's write transaction; their names."""
    from ..reindex import files_beside, reindex_archive  # reindex imports the archive, then db

    db.execute(_TABLE)
    names = pending(db)
    for name, statements in MIGRATIONS:
        if name not in names:
            continue
        for statement in statements:
            db.execute(statement)
        if name == "0500_person_lemmas":  # as on SQLite: index what an older archive holds
            reindex_archive(db, files_beside(db))
        db.execute("INSERT INTO docgen_migrations (name, applied_at) VALUES (?, ?)", [name, now])
    return names
