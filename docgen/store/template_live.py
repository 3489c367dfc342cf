"""Which own version is live: publishing, reverting, falling back to the package, dismissing a package."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from docgen.render.registry import get_kind

from .db import now, one, write_transaction
from .errors import NotFound
from .scope import Scope, guard_module
from .template_layers import package_template
from .template_versions import _event, get_version


def _live_row(db: sqlite_utils.Database, org_id: int, kind_id: str) -> dict[str, Any] | None:
    return one(
        db,
        "SELECT version_id, seen_package_id FROM template_live WHERE org_id = ? AND kind = ?",
        [org_id, kind_id],
    )


def _set_live(
    db: sqlite_utils.Database,
    scope: Scope,
    kind_id: str,
    version_id: int | None,
    seen_package_id: int | None,
) -> None:
    db.execute(
        "INSERT INTO template_live (org_id, kind, version_id, seen_package_id, updated_by, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (org_id, kind) DO UPDATE SET "
        "version_id = excluded.version_id, seen_package_id = excluded.seen_package_id, "
        "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        [scope.org_id, kind_id, version_id, seen_package_id, scope.user, now()],
    )


def _seen_after(db: sqlite_utils.Database, scope: Scope, kind_id: str) -> int | None:
    """The newest package id the organisation has now seen for a kind."""
    current = package_template(db, scope, kind_id)
    previous = _live_row(db, scope.org_id, kind_id)
    seen = previous["seen_package_id"] if previous else None
    if current is None:
        return seen
    return max(current["package_id"], seen or 0)


def publish_version(
    db: sqlite_utils.Database, scope: Scope, version_id: int, *, revert: bool = False
) -> dict[str, Any]:
    """Make a version live (revert: an earlier one, again). Returns the version."""
    with write_transaction(db):
        version = get_version(db, scope, version_id)
        seen = _seen_after(db, scope, version["kind"])
        _set_live(db, scope, version["kind"], version["id"], seen)
        _event(db, scope, version["kind"], "revert" if revert else "publish", version_id=version["id"])
    version["live"] = True
    return version


def drop_own(db: sqlite_utils.Database, scope: Scope, kind_id: str, *, action: str = "drop") -> None:
    """Stop using an own version: the kind falls back to the package, else the default.

    The versions stay (any of them can be published again).
    """
    kind = get_kind(kind_id)
    with write_transaction(db):
        package = package_template(db, scope, kind.id)
        seen = _seen_after(db, scope, kind.id)
        _set_live(db, scope, kind.id, None, seen)
        _event(db, scope, kind.id, action, package_id=package["package_id"] if package else None)


def dismiss_package(db: sqlite_utils.Database, scope: Scope, kind_id: str, package_id: int) -> None:
    """Keep the own version: no «доступна новая версия» for this package version again."""
    kind = get_kind(kind_id)
    with write_transaction(db):
        row = _live_row(db, scope.org_id, kind.id)
        if row is None or row["version_id"] is None:
            raise NotFound("Своя версия шаблона", kind.id)
        if not _offered(db, scope, kind.id, package_id):  # another organisation's, or no such
            raise NotFound("Пакет шаблонов", package_id)
        seen = max(package_id, row["seen_package_id"] or 0)
        db.execute(
            "UPDATE template_live SET seen_package_id = ?, updated_by = ?, updated_at = ? "
            "WHERE org_id = ? AND kind = ?",
            [seen, scope.user, now(), scope.org_id, kind.id],
        )
        _event(db, scope, kind.id, "dismiss", version_id=row["version_id"], package_id=package_id)


def _offered(db: sqlite_utils.Database, scope: Scope, kind_id: str, package_id: int) -> bool:
    """A package the parent organisation published to the caller, with this kind in it."""
    return (
        0 < package_id < 2**63
        and one(
            db,
            "SELECT p.id FROM organisations o JOIN template_packages p ON p.org_id = o.parent_id "
            "JOIN template_package_files f ON f.package_id = p.id AND f.kind = ? "
            "WHERE o.id = ? AND p.id = ? AND p.published_at IS NOT NULL",
            [kind_id, scope.org_id, package_id],
        )
        is not None
    )


guard_module(globals())
