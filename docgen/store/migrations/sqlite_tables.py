"""The tables of the first two SQLite migrations (0001_initial, 0100_template_layers)."""

# -- 0001: organisations, series, dossiers, batches, the journal, the archive ----------------------

INITIAL = [
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


# -- 0100: template layers -------------------------------------------------------------------------

TEMPLATES = [
    """
    CREATE TABLE template_versions (
        id INTEGER PRIMARY KEY,
        org_id INTEGER NOT NULL REFERENCES organisations(id),
        kind TEXT NOT NULL,
        seq INTEGER NOT NULL CHECK (seq > 0),
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        file_name TEXT NOT NULL,
        comment TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '[]',
        origin TEXT NOT NULL DEFAULT 'upload' CHECK (origin IN ('upload', 'import')),
        author TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (org_id, kind, seq)
    )
    """,
    """
    CREATE TRIGGER template_versions_immutable BEFORE UPDATE ON template_versions
    BEGIN
        SELECT RAISE(ABORT, 'template versions are immutable');
    END
    """,
    """
    CREATE TRIGGER template_versions_no_delete BEFORE DELETE ON template_versions
    BEGIN
        SELECT RAISE(ABORT, 'template versions cannot be deleted');
    END
    """,
    """
    CREATE TABLE template_packages (
        id INTEGER PRIMARY KEY,
        org_id INTEGER NOT NULL REFERENCES organisations(id),
        name TEXT NOT NULL CHECK (trim(name) <> ''),
        version INTEGER NOT NULL CHECK (version > 0),
        comment TEXT NOT NULL DEFAULT '',
        materials TEXT NOT NULL DEFAULT '[]',
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        published_by TEXT,
        published_at TEXT,
        UNIQUE (org_id, name, version)
    )
    """,
    "CREATE INDEX template_packages_published ON template_packages (org_id, published_at)",
    """
    CREATE TABLE template_package_files (
        package_id INTEGER NOT NULL REFERENCES template_packages(id),
        org_id INTEGER NOT NULL REFERENCES organisations(id),
        kind TEXT NOT NULL,
        version_id INTEGER REFERENCES template_versions(id),
        version_seq INTEGER,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        PRIMARY KEY (package_id, kind)
    )
    """,
    # The live version of each kind; version_id NULL: no own version (package or default).
    # seen_package_id: the newest package version the organisation has decided about.
    """
    CREATE TABLE template_live (
        org_id INTEGER NOT NULL REFERENCES organisations(id),
        kind TEXT NOT NULL,
        version_id INTEGER REFERENCES template_versions(id),
        seen_package_id INTEGER REFERENCES template_packages(id),
        updated_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (org_id, kind)
    )
    """,
    """
    CREATE TABLE template_events (
        id INTEGER PRIMARY KEY,
        org_id INTEGER NOT NULL REFERENCES organisations(id),
        kind TEXT NOT NULL,
        action TEXT NOT NULL
            CHECK (action IN ('upload', 'publish', 'revert', 'adopt', 'dismiss', 'drop')),
        version_id INTEGER REFERENCES template_versions(id),
        package_id INTEGER REFERENCES template_packages(id),
        user TEXT NOT NULL,
        at TEXT NOT NULL
    )
    """,
    "CREATE INDEX template_events_org_kind ON template_events (org_id, kind, id)",
    # Which template each archived document was rendered with (documents stay immutable).
    """
    CREATE TABLE document_templates (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id),
        org_id INTEGER NOT NULL REFERENCES organisations(id),
        kind TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('default', 'package', 'own')),
        version_id INTEGER REFERENCES template_versions(id),
        version_seq INTEGER,
        package_id INTEGER REFERENCES template_packages(id),
        template_sha256 TEXT NOT NULL
    )
    """,
    """
    CREATE TRIGGER document_templates_immutable BEFORE UPDATE ON document_templates
    BEGIN
        SELECT RAISE(ABORT, 'archived documents are immutable');
    END
    """,
    """
    CREATE TRIGGER document_templates_no_delete BEFORE DELETE ON document_templates
    BEGIN
        SELECT RAISE(ABORT, 'archived documents cannot be deleted');
    END
    """,
]

# Secrets of the whole installation (the first-run setup code): the same text on both engines.
INSTALL_SECRETS = """
CREATE TABLE install_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    created_at TEXT NOT NULL
)
"""

# Documents issued but not yet in the full-text index (store/archive_pending.py): the issue writes
# one row per document, the indexer (a job after the response, or the next search) deletes it.
ARCHIVE_INDEX_PENDING = [
    """
    CREATE TABLE archive_index_pending (
        doc_id INTEGER PRIMARY KEY REFERENCES documents(id),
        org_id INTEGER NOT NULL REFERENCES organisations(id)
    )
    """,
    "CREATE INDEX archive_index_pending_org ON archive_index_pending (org_id)",
]

# Every column of an archived document but its text: never updated. The text is written once,
# after the issue, by the indexer (store/archive_pending.py): an issue stores '' and marks the
# document pending; only '' may become text. (tests/store/test_archive_text_once.py checks that
# this list names every other column of `documents`.)
ARCHIVED_COLUMNS = (
    "id, org_id, batch_id, journal_id, kind, title, number, number_key, number_seq, date, year, "
    "people, filename, size, sha256, template_sha256, snapshot_sha256, issued_by, issued_at"
)

DOCUMENTS_TEXT_ONCE = [
    "DROP TRIGGER documents_immutable",
    f"""
    CREATE TRIGGER documents_immutable BEFORE UPDATE OF {ARCHIVED_COLUMNS} ON documents
    BEGIN
        SELECT RAISE(ABORT, 'archived documents are immutable');
    END
    """,
    """
    CREATE TRIGGER documents_text_once BEFORE UPDATE OF text ON documents
    WHEN OLD.text <> ''
    BEGIN
        SELECT RAISE(ABORT, 'archived documents are immutable');
    END
    """,
]
