"""Which layer a kind's template comes from (own → package → default); which one each archive record used."""

from __future__ import annotations

import hashlib
from typing import Any

import sqlite_utils

from docgen.render.registry import get_kind
from docgen.render.templates import default_template_bytes

from .db import one, write_transaction
from .files import FileStore
from .scope import Scope, guard_module
from .template_records import ResolvedTemplate
from .template_versions import live_version


def package_template(db: sqlite_utils.Database, scope: Scope, kind_id: str) -> dict[str, Any] | None:
    """The kind's file in the parent organisation's package, as published to the caller.

    Of each package name only its newest published version counts; of those, the most
    recently published one that contains the kind wins.
    """
    return one(
        db,
        "SELECT p.id AS package_id, p.org_id AS package_org_id, p.name AS package_name, "
        "p.version AS package_version, p.published_at, f.kind, f.version_id, f.version_seq, "
        "f.sha256, f.size FROM organisations o "
        "JOIN template_packages p ON p.org_id = o.parent_id AND p.published_at IS NOT NULL "
        "JOIN template_package_files f ON f.package_id = p.id AND f.kind = ? "
        "WHERE o.id = ? AND p.version = (SELECT MAX(q.version) FROM template_packages q "
        "WHERE q.org_id = p.org_id AND q.name = p.name AND q.published_at IS NOT NULL) "
        "ORDER BY p.published_at DESC, p.id DESC LIMIT 1",
        [kind_id, scope.org_id],
    )


def default_template(kind_id: str) -> ResolvedTemplate:
    kind = get_kind(kind_id)
    content = default_template_bytes(kind.id, kind.template)
    return ResolvedTemplate(kind.id, content, hashlib.sha256(content).hexdigest(), "default")


def resolve(db: sqlite_utils.Database, files: FileStore, scope: Scope, kind_id: str) -> ResolvedTemplate:
    """The template the caller's organisation uses for a kind: own → package → default."""
    kind = get_kind(kind_id)
    own = live_version(db, scope, kind.id)
    if own is not None:
        return ResolvedTemplate(
            kind.id,
            files.get(own["sha256"]),
            own["sha256"],
            "own",
            version_id=own["id"],
            version_seq=own["seq"],
        )
    package = package_template(db, scope, kind.id)
    if package is not None:
        return ResolvedTemplate(
            kind.id,
            files.get(package["sha256"]),
            package["sha256"],
            "package",
            version_id=package["version_id"],
            version_seq=package["version_seq"],
            package_id=package["package_id"],
            package_name=package["package_name"],
            package_version=package["package_version"],
        )
    return default_template(kind.id)


class LayeredResolver:
    """A `TemplateResolver` for `render_dossier` / `issue_documents` that remembers its answers.

    `used[kind_id]` is the ResolvedTemplate each kind was rendered with.
    """

    def __init__(self, db: sqlite_utils.Database, files: FileStore, scope: Scope):
        self.db = db
        self.files = files
        self.scope = scope
        self.used: dict[str, ResolvedTemplate] = {}

    def resolve(self, kind_id: str) -> ResolvedTemplate:
        found = self.used.get(kind_id)
        if found is None:
            found = resolve(self.db, self.files, self.scope, kind_id)
            self.used[kind_id] = found
        return found

    def __call__(self, kind_id: str, file_name: str) -> bytes:
        return self.resolve(kind_id).content


def layered_resolver(db: sqlite_utils.Database, files: FileStore, scope: Scope) -> LayeredResolver:
    return LayeredResolver(db, files, scope)


# -- archive records ---------------------------------------------------------------------------


def record_document_templates(
    db: sqlite_utils.Database,
    scope: Scope,
    documents: list[tuple[int, str, str]],
    used: dict[str, ResolvedTemplate],
) -> None:
    """Remember the template version of each new archive record: (document id, kind, sha256)."""
    with write_transaction(db):
        for document_id, kind_id, template_sha in documents:
            resolved = used.get(kind_id)
            if resolved is None or resolved.sha256 != template_sha:
                continue
            db.execute(
                "INSERT INTO document_templates (document_id, org_id, kind, source, version_id, "
                "version_seq, package_id, template_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    document_id,
                    scope.org_id,
                    kind_id,
                    resolved.source,
                    resolved.version_id,
                    resolved.version_seq,
                    resolved.package_id,
                    resolved.sha256,
                ],
            )


def document_template(db: sqlite_utils.Database, scope: Scope, document_id: int) -> dict[str, Any] | None:
    """The template version an archived document was rendered with, or None if not recorded."""
    where, params = scope.sql_readable("t.org_id")
    found = one(
        db,
        "SELECT t.document_id, t.org_id, t.kind, t.source, t.version_id, t.version_seq, "
        "t.package_id, p.name AS package_name, p.version AS package_version, t.template_sha256, "
        "v.author, v.created_at, v.comment "
        "FROM document_templates t LEFT JOIN template_packages p ON p.id = t.package_id "
        "LEFT JOIN template_versions v ON v.id = t.version_id "
        f"WHERE t.document_id = ? AND {where}",
        [document_id, *params],
    )
    if found is None:
        return None
    if found["source"] == "own":
        found["label"] = f"своя версия {found['version_seq']}"
    elif found["source"] == "package":
        found["label"] = f"пакет «{found['package_name']}», версия {found['package_version']}"
    else:
        found["label"] = "встроенный по умолчанию"
    return found


guard_module(globals())
