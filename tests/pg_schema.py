"""Running the suite on PostgreSQL: `DOCGEN_TEST_DATABASE_URL=postgresql://…` gives every test a
fresh schema on that server (its URL sets `search_path`), exported as DOCGEN_DATABASE_URL so the
app, the CLI and worker processes all use it. Unset: SQLite, as always."""

from __future__ import annotations

import os
import secrets
from urllib.parse import quote

TEST_URL = os.environ.get("DOCGEN_TEST_DATABASE_URL", "").strip()


def on_postgres() -> bool:
    return bool(TEST_URL)


def create_schema() -> tuple[str, str]:
    """A new empty schema: (its name, the URL that works in it)."""
    import psycopg

    name = f"t_{secrets.token_hex(6)}"
    with psycopg.connect(TEST_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    joiner = "&" if "?" in TEST_URL else "?"
    return name, f"{TEST_URL}{joiner}options={quote(f'-csearch_path={name}')}"


def drop_schema(name: str) -> None:
    import psycopg

    with psycopg.connect(TEST_URL, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")


# -- the few checks that look at the engine itself ----------------------------------------------


def writer_can_start(target) -> bool:
    """Whether another connection could start a write transaction now (no writer holds the lock)."""
    from docgen.store.engine import connect, is_postgres
    from docgen.store.engine.dialect import WRITE_LOCK

    if is_postgres(target):
        db = connect(target)
        try:
            db.execute("BEGIN")
            free = db.execute(
                "SELECT pg_try_advisory_xact_lock(?, hashtext(current_schema()))", [WRITE_LOCK]
            ).fetchone()[0]
            db.execute("ROLLBACK")
            return bool(free)
        finally:
            db.close()
    import sqlite3

    probe = sqlite3.connect(target, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        probe.close()


def drop_trigger(db, name: str, table: str) -> None:
    """Lift an immutability rule (tests that simulate an archive written by older code)."""
    if getattr(db, "engine", "") == "postgresql":
        db.execute(f"DROP TRIGGER {name} ON {table}")
    else:
        db.execute(f"DROP TRIGGER {name}")


def table_columns(db, table: str) -> list[str]:
    if getattr(db, "engine", "") == "postgresql":
        found = db.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = ? ORDER BY ordinal_position",
            [table],
        )
        return [r[0] for r in found.fetchall()]
    return [r[1] for r in db.execute(f"PRAGMA table_xinfo({table})")]


def forget_migration(db, name: str) -> None:
    """Make a migration look pending (tests of an installation from before it)."""
    table = "docgen_migrations" if getattr(db, "engine", "") == "postgresql" else "_sqlite_migrations"
    db.execute(f"DELETE FROM {table} WHERE name = ?", [name])


def as_new_server() -> None:
    """Before a restore on PostgreSQL: empty this test's schema, as a new server would be (a
    PostgreSQL backup restores into the schema it was taken from). Nothing to do on SQLite."""
    url = os.environ.get("DOCGEN_DATABASE_URL", "")
    if not on_postgres() or not url:
        return
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        (name,) = conn.execute("SELECT current_schema()").fetchone()
        conn.execute(f"DROP SCHEMA {name} CASCADE")
        conn.execute(f"CREATE SCHEMA {name}")
