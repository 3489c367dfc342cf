"""The statements that differ between SQLite and PostgreSQL, one class per engine.

Everything else the store says in SQL both engines understand (`RETURNING id` included).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from typing import Any

from .tsquery import fts5_to_tsquery, tsvector_literal

# The key of the advisory lock every PostgreSQL write transaction takes (see `begin_write`).
WRITE_LOCK = zlib.crc32(b"docgen write") & 0x7FFFFFFF
GATE_LOCK = zlib.crc32(b"docgen issue gate") & 0x7FFFFFFF
# The gate's first key: GATE_LOCK mixed with the schema (organisation ids repeat across schemas).
_GATE_KEY = "(CAST(? AS integer) # hashtext(current_schema()))"


class Dialect:
    name = ""

    def begin_write(self, conn: Any) -> None:
        """Open the write transaction: writers queue here, one at a time."""
        raise NotImplementedError

    def insert_ignore(self, table: str, columns: Sequence[str]) -> str:
        """INSERT of one row that does nothing when it breaks a unique constraint."""
        raise NotImplementedError

    def insert_rows(self, db: Any, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Insert many rows at once (in the caller's transaction)."""
        marks = ", ".join("?" * len(columns))
        db.conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    # -- the archive's full-text index (table documents_fts, keyed by `rowid`) --

    FTS_COLUMNS: tuple[str, ...] = ()  # the index table's columns: rowid, then `fts_columns`'s

    def fts_columns(self, columns: Sequence[str]) -> tuple[Any, ...]:
        """The stored form of a row's (title, people, body, meta); computed before the write
        transaction, so the lock is held for the inserts alone."""
        return tuple(columns)

    def fts_delete_all(self) -> str:
        raise NotImplementedError

    def fts_match(self, alias: str) -> str:
        """A condition on the index table `alias` with one parameter: `fts_query(expression)`."""
        raise NotImplementedError

    def fts_query(self, expression: str) -> str:
        return expression

    def next_journal_seq(self, db: Any, org_id: int, series_id: int, year: int) -> int:
        """The next sequence number of a series in a year, taken inside the write transaction
        (nothing else can take it until that transaction ends; a rollback gives it back)."""
        (last,) = db.execute(
            "SELECT COALESCE(MAX(seq), 0) FROM journal WHERE org_id = ? AND series_id = ? AND year = ?",
            [org_id, series_id, year],
        ).fetchone()
        return int(last) + 1


class SqliteDialect(Dialect):
    name = "sqlite"
    FTS_COLUMNS = ("rowid", "title", "people", "body", "meta")

    def begin_write(self, conn: Any) -> None:
        conn.execute("BEGIN IMMEDIATE")  # take SQLite's write lock now, not at the first write

    def insert_ignore(self, table: str, columns: Sequence[str]) -> str:
        marks = ", ".join("?" * len(columns))
        return f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) VALUES ({marks})"

    def fts_delete_all(self) -> str:
        return "INSERT INTO documents_fts (documents_fts) VALUES ('delete-all')"

    def fts_match(self, alias: str) -> str:
        return "documents_fts MATCH ?"


class PostgresDialect(Dialect):
    name = "postgresql"
    FTS_COLUMNS = ("rowid", "terms")

    def begin_write(self, conn: Any) -> None:
        # Writers queue on one transaction-scoped advisory lock, as on SQLite's write lock: the
        # store's read-then-write steps (next version, next document id) stay correct on any
        # number of nodes. Journal numbers lock their own counter row besides (journal_numbers).
        # Advisory locks belong to the database, not the schema: the key names the schema, so two
        # installations in one database (schemas) never wait for each other.
        conn.execute("BEGIN")
        conn.execute("SELECT pg_advisory_xact_lock(?, hashtext(current_schema()))", [WRITE_LOCK])

    def insert_ignore(self, table: str, columns: Sequence[str]) -> str:
        marks = ", ".join("?" * len(columns))
        return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) ON CONFLICT DO NOTHING"

    def insert_rows(self, db: Any, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        # COPY: one stream instead of a statement per row (an issue writes hundreds of rows).
        if not rows:
            return
        with (
            db.conn.raw.cursor() as cursor,
            cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def fts_columns(self, columns: Sequence[str]) -> tuple[Any, ...]:
        title, people, body, meta = columns
        return (tsvector_literal(title=title, people=people, body=body, meta=meta),)

    def fts_delete_all(self) -> str:
        return "DELETE FROM documents_fts"

    def fts_match(self, alias: str) -> str:
        return f"{alias}.terms @@ ?::tsquery"

    def fts_query(self, expression: str) -> str:
        return fts5_to_tsquery(expression)

    def next_journal_seq(self, db: Any, org_id: int, series_id: int, year: int) -> int:
        # The counter row of (organisation, series, year), created from the journal the first
        # time, then incremented: UPDATE locks the row until the transaction ends, so concurrent
        # writers on any node take consecutive numbers, and a rollback leaves no gap.
        key = [org_id, series_id, year]
        db.execute(
            "INSERT INTO journal_counters (org_id, series_id, year, last_seq) "
            "SELECT ?, ?, ?, COALESCE(MAX(seq), 0) FROM journal "
            "WHERE org_id = ? AND series_id = ? AND year = ? ON CONFLICT DO NOTHING",
            [*key, *key],
        )
        (seq,) = db.execute(
            "UPDATE journal_counters SET last_seq = last_seq + 1 "
            "WHERE org_id = ? AND series_id = ? AND year = ? RETURNING last_seq",
            key,
        ).fetchone()
        return int(seq)

    def try_gate(self, db: Any, org_id: int) -> bool:
        """Take the organisation's issuing gate (`issue_gate`) if free; held by this session."""
        return bool(
            db.execute(f"SELECT pg_try_advisory_lock({_GATE_KEY}, ?)", [GATE_LOCK, org_id]).fetchone()[0]
        )

    def release_gate(self, db: Any, org_id: int) -> None:
        db.execute(f"SELECT pg_advisory_unlock({_GATE_KEY}, ?)", [GATE_LOCK, org_id])
