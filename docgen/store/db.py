"""The SQLite database: connection settings, schema migrations, transactions, small helpers.

Every table carries `org_id` (in `organisations` it is a generated copy of `id`). The
connection runs in autocommit mode (`isolation_level=None`): a single statement commits on its
own, and every multi-statement write runs in `write_transaction`, which starts with
`BEGIN IMMEDIATE` so that concurrent writers queue on SQLite's write lock (busy_timeout 30 s)
instead of failing half-way.
"""

from __future__ import annotations

import secrets
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils.migrations import Migrations

from . import private

BUSY_TIMEOUT_MS = 30_000

migrations = Migrations("docgen")


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


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply pending migrations (idempotent, safe to run from several processes at once).

    Returns the names of the migrations this call applied.
    """
    with write_transaction(db):
        pending = [m.name for m in migrations.pending(db)]
        migrations.apply(db)
    return pending


def applied_migrations(db: sqlite_utils.Database) -> list[str]:
    return [m.name for m in migrations.applied(db)]


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception; nested calls use a savepoint."""
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
    conn.execute("BEGIN IMMEDIATE")
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


# -- migrations ------------------------------------------------------------------------------

_INITIAL = [
    """
    CREATE TABLE organisations (
        id INTEGER PRIMARY KEY,
        org_id INTEGER GENERATED ALWAYS AS (id) VIRTUAL,
        name TEXT NOT NULL CHECK (trim(name) <> ''),
        short_name TEXT NOT NULL UNIQUE CHECK (trim(short_name) <> ''),
        kind TEXT NOT NULL
            CHECK (kind IN ('school', 'college', 'municipal_office', 'regional_body')),
        parent_id INTEGER REFERENCES organisations(id),
        created_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE series (
        id INTEGER PRIMARY KEY,
        org_id INTEGER NOT NULL REFERENCES organisations(id),
        code TEXT NOT NULL,
        title TEXT NOT NULL,
        number_format TEXT NOT NULL,
        year_mode TEXT NOT NULL CHECK (year_mode IN ('calendar', 'school')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (org_id, code),
        UNIQUE (org_id, title)
    )
    """,
    """
    CREATE TABLE dossiers (
        id INTEGER PRIMARY KEY,
        org_id INTEGER NOT NULL REFERENCES organisations(id),
        school_year TEXT NOT NULL,
        data TEXT NOT NULL,
        revision INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        UNIQUE (org_id, school_year)
    )
    """,
    """
    CREATE TABLE batches (
        id INTEGER PRIMARY KEY,
        org_id INTEGER NOT NULL REFERENCES organisations(id),
        dossier_id INTEGER REFERENCES dossiers(id) ON DELETE SET NULL,
        dossier_revision INTEGER,
        school_year TEXT NOT NULL,
        issue_date TEXT NOT NULL,
        issued_by TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        snapshot_sha256 TEXT NOT NULL,
        kinds TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE journal (
        id INTEGER PRIMARY KEY,
        org_id INTEGER NOT NULL REFERENCES organisations(id),
        series_id INTEGER NOT NULL REFERENCES series(id),
        year INTEGER NOT NULL,
        seq INTEGER NOT NULL CHECK (seq > 0),
        number TEXT NOT NULL,
        date TEXT NOT NULL,
        kind TEXT,
        title TEXT NOT NULL,
        batch_id INTEGER REFERENCES batches(id),
        status TEXT NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'void')),
        void_reason TEXT,
        voided_by TEXT,
        voided_at TEXT,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (org_id, series_id, year, seq)
    )
    """,
    "CREATE INDEX journal_org_date ON journal (org_id, date)",
    "CREATE INDEX journal_batch ON journal (batch_id)",
    # A registered number never changes and never disappears; only voiding updates a row.
    """
    CREATE TRIGGER journal_immutable BEFORE UPDATE OF
        org_id, series_id, year, seq, number, date, kind, title, batch_id, created_by, created_at
    ON journal
    BEGIN
        SELECT RAISE(ABORT, 'journal entries are immutable');
    END
    """,
    """
    CREATE TRIGGER journal_no_unvoid BEFORE UPDATE OF status ON journal
    WHEN OLD.status = 'void'
    BEGIN
        SELECT RAISE(ABORT, 'a voided number stays voided');
    END
    """,
    """
    CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
    BEGIN
        SELECT RAISE(ABORT, 'journal entries cannot be deleted');
    END
    """,
    """
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        org_id INTEGER NOT NULL REFERENCES organisations(id),
        batch_id INTEGER REFERENCES batches(id),
        journal_id INTEGER REFERENCES journal(id),
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        number TEXT,
        number_key TEXT,
        number_seq INTEGER,
        date TEXT NOT NULL,
        year INTEGER NOT NULL,
        people TEXT NOT NULL DEFAULT '[]',
        filename TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        template_sha256 TEXT NOT NULL,
        snapshot_sha256 TEXT NOT NULL,
        issued_by TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        text TEXT NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX documents_org_date ON documents (org_id, date, id)",
    "CREATE INDEX documents_org_kind_year ON documents (org_id, kind, year, date)",
    "CREATE INDEX documents_org_year ON documents (org_id, year, date)",
    "CREATE INDEX documents_org_number ON documents (org_id, number_key)",
    "CREATE INDEX documents_org_seq ON documents (org_id, number_seq)",
    "CREATE INDEX documents_batch ON documents (batch_id)",
    "CREATE INDEX documents_journal ON documents (journal_id)",
    """
    CREATE TRIGGER documents_immutable BEFORE UPDATE ON documents
    BEGIN
        SELECT RAISE(ABORT, 'archived documents are immutable');
    END
    """,
    """
    CREATE TRIGGER documents_no_delete BEFORE DELETE ON documents
    BEGIN
        SELECT RAISE(ABORT, 'archived documents cannot be deleted');
    END
    """,
    # Full-text index over pre-stemmed text (see docgen.store.stemming). Contentless: the
    # original text lives in documents.text, the index keeps only tokens. Its rowid sorts
    # newest first (YYYYMMDD * 10^10 + documents.id, see docgen.store.archive.fts_rowid), and
    # `meta` holds filter tokens (organisation, kind, year, number), so a search with words is
    # answered by the index alone, scope included, without touching 100 000 rows.
    """
    CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, people, body, meta,
        content = '',
        tokenize = "unicode61 remove_diacritics 0 tokenchars '-/.'"
    )
    """,
]


@migrations(name="0001_initial")
def _m0001_initial(db: sqlite_utils.Database) -> None:
    for statement in _INITIAL:
        db.execute(statement)


# Migrations of other store modules register on `migrations` when imported.
from . import templates as _templates  # noqa: E402, F401  (0100_template_layers)

# Accounts, the audit log and open login sessions (0200_users, 0201_audit, 0202_sessions;
# the audit entries' request ids, 0600_audit_request_id).
# isort: off
from . import users as _users  # noqa: E402, F401
from . import audit as _audit  # noqa: E402, F401
from . import sessions as _sessions  # noqa: E402, F401
# isort: on

# KPI inputs of the registry pages (0300_kpi_inputs).
from . import kpi_inputs as _kpi_inputs  # noqa: E402, F401

# PDF copies and page pictures (0400_previews); a municipal office's draft jobs (0401_draft_jobs);
# the jobs that draw PDFs and pictures (0410_preview_jobs).
# isort: off
from . import previews as _previews  # noqa: E402, F401
from . import draft_jobs as _draft_jobs  # noqa: E402, F401
from . import preview_jobs as _preview_jobs  # noqa: E402, F401
# isort: on

# The archive's people indexed by lemma; re-indexes existing archives (0500_person_lemmas).
# Tokens that make issuing happen once per request (0510_issue_tokens).
# Installation-wide secrets shared by every app node: the first-run setup code (0610_install_secrets).
from . import install_secrets as _install_secrets  # noqa: E402, F401
from . import issue_tokens as _issue_tokens  # noqa: E402, F401
from . import reindex as _reindex  # noqa: E402, F401
