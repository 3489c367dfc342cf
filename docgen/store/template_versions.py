"""Versions of an organisation's own templates: upload, store, read; the history of actions on them."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from docgen.render.checks import check_template
from docgen.render.registry import get_kind

from .db import now, one, rows, write_transaction
from .errors import NotFound
from .files import FileStore
from .scope import Scope, guard_module
from .template_records import Upload

# -- versions ----------------------------------------------------------------------------------

_VERSION_COLUMNS = (
    "v.id, v.org_id, v.kind, v.seq, v.sha256, v.size, v.file_name, v.comment, v.notes, v.origin, "
    "v.author, v.created_at"
)


def _version(found: dict[str, Any]) -> dict[str, Any]:
    found["notes"] = json.loads(found["notes"])
    return found


def add_version(
    db: sqlite_utils.Database,
    files: FileStore,
    scope: Scope,
    kind_id: str,
    content: bytes,
    *,
    file_name: str = "",
    comment: str = "",
    notes: list[str] | None = None,
    origin: str = "upload",
) -> int:
    """Store a checked template as the next version of the kind (not live yet)."""
    kind = get_kind(kind_id)
    sha = files.put(content)
    with write_transaction(db):
        (seq,) = db.execute(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM template_versions WHERE org_id = ? AND kind = ?",
            [scope.org_id, kind.id],
        ).fetchone()
        version_id = int(
            db.execute(
                "INSERT INTO template_versions (org_id, kind, seq, sha256, size, file_name, comment, "
                "notes, origin, author, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                [
                    scope.org_id,
                    kind.id,
                    seq,
                    sha,
                    len(content),
                    (file_name or kind.template).strip()[:200],
                    comment.strip()[:500],
                    json.dumps(notes or [], ensure_ascii=False),
                    origin,
                    scope.user,
                    now(),
                ],
            ).fetchall()[0][0]
        )
        _event(db, scope, kind.id, "upload", version_id=version_id)
    return version_id


def upload_template(
    db: sqlite_utils.Database,
    files: FileStore,
    scope: Scope,
    kind_id: str,
    data: bytes,
    *,
    file_name: str = "",
    comment: str = "",
) -> Upload:
    """Check an uploaded template exactly as `docgen templates check` does; store it if accepted.

    Tags Word split across runs are joined and the repaired file is what is stored. A refused
    upload stores nothing: `Upload.report.errors` say where and why.
    """
    kind = get_kind(kind_id)
    report = check_template(data, kind.id, file_name or kind.template)
    if not report.ok:
        return Upload(report)
    content = report.repaired or data
    version_id = add_version(
        db,
        files,
        scope,
        kind.id,
        content,
        file_name=file_name,
        comment=comment,
        notes=[f.message for f in report.notes],
    )
    return Upload(report, version_id)


def get_version(db: sqlite_utils.Database, scope: Scope, version_id: int) -> dict[str, Any]:
    """A version of the caller's organisation (with `live`: is it the live one)."""
    found = one(
        db,
        f"SELECT {_VERSION_COLUMNS}, (l.version_id IS NOT NULL) AS live FROM template_versions v "
        "LEFT JOIN template_live l ON l.org_id = v.org_id AND l.kind = v.kind "
        "AND l.version_id = v.id WHERE v.id = ? AND v.org_id = ?",
        [version_id, scope.org_id],
    )
    if found is None:
        raise NotFound("Версия шаблона", version_id)
    found["live"] = bool(found["live"])
    return _version(found)


def list_versions(db: sqlite_utils.Database, scope: Scope, kind_id: str) -> list[dict[str, Any]]:
    """Versions of a kind of the caller's organisation, newest first, with `live`."""
    found = rows(
        db,
        f"SELECT {_VERSION_COLUMNS}, (l.version_id IS NOT NULL) AS live FROM template_versions v "
        "LEFT JOIN template_live l ON l.org_id = v.org_id AND l.kind = v.kind "
        "AND l.version_id = v.id WHERE v.org_id = ? AND v.kind = ? ORDER BY v.seq DESC",
        [scope.org_id, kind_id],
    )
    for item in found:
        item["live"] = bool(item["live"])
    return [_version(f) for f in found]


def version_content(
    db: sqlite_utils.Database, files: FileStore, scope: Scope, version_id: int
) -> tuple[dict[str, Any], bytes]:
    version = get_version(db, scope, version_id)
    return version, files.get(version["sha256"])


def live_version(db: sqlite_utils.Database, scope: Scope, kind_id: str) -> dict[str, Any] | None:
    """The caller's own live version of a kind, or None (package or default in use)."""
    found = one(
        db,
        f"SELECT {_VERSION_COLUMNS} FROM template_live l "
        "JOIN template_versions v ON v.id = l.version_id WHERE l.org_id = ? AND l.kind = ?",
        [scope.org_id, kind_id],
    )
    return _version(found) if found else None


def _event(
    db: sqlite_utils.Database,
    scope: Scope,
    kind_id: str,
    action: str,
    *,
    version_id: int | None = None,
    package_id: int | None = None,
) -> None:
    db.execute(
        "INSERT INTO template_events (org_id, kind, action, version_id, package_id, user, at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [scope.org_id, kind_id, action, version_id, package_id, scope.user, now()],
    )


def template_events(db: sqlite_utils.Database, scope: Scope, kind_id: str) -> list[dict[str, Any]]:
    return rows(
        db,
        "SELECT e.id, e.action, e.version_id, v.seq AS version_seq, e.package_id, "
        "p.name AS package_name, p.version AS package_version, e.user, e.at "
        "FROM template_events e LEFT JOIN template_versions v ON v.id = e.version_id "
        "LEFT JOIN template_packages p ON p.id = e.package_id "
        "WHERE e.org_id = ? AND e.kind = ? ORDER BY e.id DESC",
        [scope.org_id, kind_id],
    )


guard_module(globals())
