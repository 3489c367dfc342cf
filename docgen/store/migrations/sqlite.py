"""The SQLite schema: every migration of the embedded database, in order (sqlite-utils Migrations).

The PostgreSQL schema is `postgres.py` beside this module; a new migration goes into both, under
the same name. Migrations are kept here, not beside the code that uses the tables, so that `db`
needs no store module (issue 18).
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils.migrations import Migrations

from ..person_index import CREATE_FORMS_TABLE
from .sqlite_tables import ARCHIVE_INDEX_PENDING, DOCUMENTS_TEXT_ONCE, INITIAL, INSTALL_SECRETS, TEMPLATES

migrations = Migrations("docgen")


@migrations(name="0001_initial")
def _m0001_initial(db: sqlite_utils.Database) -> None:
    for statement in INITIAL:
        db.execute(statement)


@migrations(name="0100_template_layers")
def _m0100_template_layers(db: sqlite_utils.Database) -> None:
    for statement in TEMPLATES:
        db.execute(statement)


@migrations(name="0200_users")
def _m0200_users(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            org_id INTEGER NOT NULL REFERENCES organisations(id),
            login TEXT NOT NULL UNIQUE COLLATE NOCASE,
            name TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL
                CHECK (role IN ('admin', 'office', 'curator', 'archivist', 'viewer')),
            password_hash TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            session_version INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            last_login_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX users_org ON users (org_id)")
    # Failed logins, shared by every worker: the rate limit counts them per login and address.
    db.execute(
        """
        CREATE TABLE login_failures (
            id INTEGER PRIMARY KEY,
            login TEXT NOT NULL,
            ip TEXT NOT NULL,
            at REAL NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX login_failures_key ON login_failures (login, ip, at)")


@migrations(name="0201_audit")
def _m0201_audit(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            org_id INTEGER REFERENCES organisations(id),
            at TEXT NOT NULL,
            user TEXT NOT NULL,
            action TEXT NOT NULL,
            object_type TEXT,
            object_id TEXT,
            details TEXT NOT NULL DEFAULT '{}',
            ip TEXT
        )
        """
    )
    db.execute("CREATE INDEX audit_org_at ON audit (org_id, at)")
    db.execute("CREATE INDEX audit_user ON audit (user, at)")
    db.execute("CREATE INDEX audit_action ON audit (action, at)")
    db.execute(
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )
    db.execute(
        "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )


@migrations(name="0202_sessions")
def _m0202_sessions(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE sessions (
            key TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            opened_at REAL NOT NULL,
            seen_at REAL NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX sessions_user ON sessions (user_id)")


@migrations(name="0300_kpi_inputs")
def _m0300_kpi_inputs(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE kpi_inputs (
            dossier_id INTEGER PRIMARY KEY REFERENCES dossiers(id) ON DELETE CASCADE,
            org_id INTEGER NOT NULL REFERENCES organisations(id),
            data TEXT NOT NULL DEFAULT '{}',
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX kpi_inputs_org ON kpi_inputs (org_id)")


@migrations(name="0400_previews")
def _m0400_previews(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE previews (
            id INTEGER PRIMARY KEY,
            org_id INTEGER NOT NULL REFERENCES organisations(id),
            source_sha256 TEXT NOT NULL,
            pdf_sha256 TEXT NOT NULL,
            page_count INTEGER NOT NULL CHECK (page_count >= 0),
            thumbnail_sha256 TEXT,
            pages TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (org_id, source_sha256)
        )
        """
    )


@migrations(name="0401_draft_jobs")
def _m0401_draft_jobs(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE draft_jobs (
            id INTEGER PRIMARY KEY,
            org_id INTEGER NOT NULL REFERENCES organisations(id),
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
            per_school INTEGER NOT NULL CHECK (per_school IN (0, 1)),
            schools TEXT NOT NULL,
            kinds TEXT,
            done INTEGER NOT NULL DEFAULT 0,
            total INTEGER NOT NULL DEFAULT 0,
            stage TEXT NOT NULL DEFAULT '',
            problems TEXT NOT NULL DEFAULT '[]',
            files TEXT NOT NULL DEFAULT '[]',
            error TEXT
        )
        """
    )
    db.execute("CREATE INDEX draft_jobs_org ON draft_jobs (org_id, id)")
    # One queued or running job per office: the rule holds across gunicorn workers too.
    db.execute(
        "CREATE UNIQUE INDEX draft_jobs_one_active ON draft_jobs (org_id) "
        "WHERE status IN ('queued', 'running')"
    )


@migrations(name="0402_previews_source_key")
def _m0402_previews_source_key(db: sqlite_utils.Database) -> None:
    """The .docx a row pictures is a key, not a stored file (see the module docstring)."""
    db.execute("ALTER TABLE previews RENAME COLUMN source_sha256 TO source_key")


@migrations(name="0410_preview_jobs")
def _m0410_preview_jobs(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE preview_jobs (
            id INTEGER PRIMARY KEY,
            org_id INTEGER NOT NULL REFERENCES organisations(id),
            kind TEXT NOT NULL CHECK (kind IN ('pdf', 'thumbnail', 'pages')),
            source_key TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
            error TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX preview_jobs_key ON preview_jobs (org_id, source_key, kind, id)")
    db.execute(
        "CREATE UNIQUE INDEX preview_jobs_one_active ON preview_jobs (org_id, source_key, kind) "
        "WHERE status IN ('queued', 'running')"
    )


@migrations(name="0500_person_lemmas")
def _m0500_person_lemmas(db: sqlite_utils.Database) -> None:
    from ..reindex import files_beside, reindex_archive  # reindex imports the archive, which imports db

    for statement in CREATE_FORMS_TABLE:
        db.execute(statement)
    reindex_archive(db, files_beside(db))


@migrations(name="0510_issue_tokens")
def _m0510_issue_tokens(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE issue_tokens (
            id INTEGER PRIMARY KEY,
            org_id INTEGER NOT NULL REFERENCES organisations(id),
            user_login TEXT NOT NULL,
            token TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            batch_id INTEGER NOT NULL REFERENCES batches(id),
            created_at TEXT NOT NULL,
            UNIQUE (org_id, user_login, token)
        )
        """
    )
    db.execute("CREATE INDEX issue_tokens_batch ON issue_tokens (batch_id)")


@migrations(name="0600_audit_request_id")
def _m0600_audit_request_id(db: sqlite_utils.Database) -> None:
    """The id of the web request that did the action (NULL for the CLI), as in the logs."""
    db.execute("ALTER TABLE audit ADD COLUMN request_id TEXT")


@migrations(name="0610_install_secrets")
def _m0610_install_secrets(db: sqlite_utils.Database) -> None:
    """Secrets of the whole installation shared by every app node (store/install_secrets.py)."""
    db.execute(INSTALL_SECRETS)


@migrations(name="0620_archive_index_pending")
def _m0620_archive_index_pending(db: sqlite_utils.Database) -> None:
    """Documents whose full-text rows are written after the issue (store/archive_pending.py)."""
    for statement in ARCHIVE_INDEX_PENDING:
        db.execute(statement)


@migrations(name="0630_documents_text_once")
def _m0630_documents_text_once(db: sqlite_utils.Database) -> None:
    """An archived document's text is written after the issue, once (store/archive_pending.py);
    every other column stays immutable."""
    for statement in DOCUMENTS_TEXT_ONCE:
        db.execute(statement)
