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
