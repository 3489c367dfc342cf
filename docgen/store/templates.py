"""Template layers: built-in defaults → the municipal package → the organisation's own version.

For each kind an organisation uses its own live version if it has one, else the latest
published package of its parent organisation (`organisations.parent_id`, the municipal office)
that contains the kind, else the default in docgen/templates/. Every upload is a version
(author, time, comment, sha256; the bytes live in the FileStore); one version per (org, kind)
is live. Archive records remember the exact version they were rendered with
(`document_templates`). Packages themselves are built in `docgen.store.packages`.
"""

from __future__ import annotations

import sqlite_utils

from docgen.render.registry import DocumentKind, all_kinds

from .db import migrations, one
from .errors import NotFound
from .scope import Scope, guard_module
from .template_diffs import Change, paragraph_diff, paragraphs
from .template_layers import (
    LayeredResolver,
    default_template,
    document_template,
    layered_resolver,
    package_template,
    record_document_templates,
    resolve,
)
from .template_live import dismiss_package, drop_own, publish_version
from .template_previews import check_renders, preview_dossier, preview_version, render_with
from .template_records import Preview, ResolvedTemplate, TemplateNotRenderable, TemplateRefused, Upload
from .template_versions import (
    add_version,
    get_version,
    list_versions,
    live_version,
    template_events,
    upload_template,
    version_content,
)

__all__ = [
    "AUTHORITY_KINDS",
    "SOURCES",
    "Change",
    "LayeredResolver",
    "NotFound",
    "Preview",
    "ResolvedTemplate",
    "TemplateNotRenderable",
    "TemplateRefused",
    "Upload",
    "add_version",
    "check_renders",
    "default_template",
    "dismiss_package",
    "document_template",
    "drop_own",
    "get_version",
    "is_authority",
    "kinds_for_org",
    "layered_resolver",
    "list_versions",
    "live_version",
    "organisation_kind",
    "package_template",
    "paragraph_diff",
    "paragraphs",
    "preview_dossier",
    "preview_version",
    "publish_version",
    "record_document_templates",
    "render_with",
    "resolve",
    "template_events",
    "upload_template",
    "version_content",
]

SOURCES = ("default", "package", "own")
AUTHORITY_KINDS = frozenset({"municipal_office", "regional_body"})


# -- schema ------------------------------------------------------------------------------------

_SCHEMA = [
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


@migrations(name="0100_template_layers")
def _m0100_template_layers(db: sqlite_utils.Database) -> None:
    for statement in _SCHEMA:
        db.execute(statement)


# -- kinds -------------------------------------------------------------------------------------


def organisation_kind(db: sqlite_utils.Database, org_id: int) -> str:
    found = one(db, "SELECT kind FROM organisations WHERE id = ?", [org_id])
    if found is None:
        raise NotFound("Организация", org_id)
    return str(found["kind"])


def is_authority(db: sqlite_utils.Database, org_id: int) -> bool:
    return organisation_kind(db, org_id) in AUTHORITY_KINDS


def kinds_for_org(db: sqlite_utils.Database, scope: Scope) -> list[DocumentKind]:
    """Kinds an organisation adapts: its own; an office also every school kind (for packages)."""
    org_kind = organisation_kind(db, scope.org_id)
    if org_kind in AUTHORITY_KINDS:
        return all_kinds()
    return [k for k in all_kinds() if org_kind in {o.value for o in k.org_kinds}]


guard_module(globals())
