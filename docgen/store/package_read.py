"""Reading template packages: the caller's own, those published to it, their files and materials."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from docgen.errors import UnknownKind
from docgen.render.registry import get_kind

from .db import one, rows
from .errors import NotFound
from .files import FileStore
from .orgs import get_organisation
from .scope import Scope, guard_module

# -- reading -----------------------------------------------------------------------------------

_COLUMNS = (
    "p.id, p.org_id, o.short_name AS organisation, p.name, p.version, p.comment, p.materials, "
    "p.created_by, p.created_at, p.published_by, p.published_at"
)


def _package(found: dict[str, Any], db: sqlite_utils.Database) -> dict[str, Any]:
    found["materials"] = json.loads(found["materials"])
    found["files"] = rows(
        db,
        "SELECT kind, version_id, version_seq, sha256, size FROM template_package_files "
        "WHERE package_id = ? ORDER BY kind",
        [found["id"]],
    )
    for item in found["files"]:
        item["title"] = _kind_title(item["kind"])
    found["published"] = found["published_at"] is not None
    return found


def _kind_title(kind_id: str) -> str:
    try:
        return get_kind(kind_id).title
    except UnknownKind:
        return kind_id


def _parent_id(db: sqlite_utils.Database, org_id: int) -> int | None:
    return get_organisation(db, org_id)["parent_id"]


def get_package(db: sqlite_utils.Database, scope: Scope, package_id: int) -> dict[str, Any]:
    """A package of the caller's organisation, or a published one of its parent organisation."""
    found = one(
        db,
        f"SELECT {_COLUMNS} FROM template_packages p JOIN organisations o ON o.id = p.org_id WHERE p.id = ?",
        [package_id],
    )
    if found is None:
        raise NotFound("Пакет шаблонов", package_id)
    own = scope.can_read(found["org_id"])
    published_to_us = found["published_at"] is not None and found["org_id"] == _parent_id(db, scope.org_id)
    if not (own or published_to_us):
        raise NotFound("Пакет шаблонов", package_id)
    return _package(found, db)


def list_packages(db: sqlite_utils.Database, scope: Scope) -> list[dict[str, Any]]:
    """The caller's own packages, newest first."""
    found = rows(
        db,
        f"SELECT {_COLUMNS} FROM template_packages p JOIN organisations o ON o.id = p.org_id "
        "WHERE p.org_id = ? ORDER BY p.name, p.version DESC",
        [scope.org_id],
    )
    return [_package(f, db) for f in found]


def published_to(db: sqlite_utils.Database, scope: Scope) -> list[dict[str, Any]]:
    """Packages the parent organisation has published to the caller (newest version per name)."""
    parent = _parent_id(db, scope.org_id)
    if parent is None:
        return []
    found = rows(
        db,
        f"SELECT {_COLUMNS} FROM template_packages p JOIN organisations o ON o.id = p.org_id "
        "WHERE p.org_id = ? AND p.published_at IS NOT NULL AND p.version = ("
        "SELECT MAX(q.version) FROM template_packages q WHERE q.org_id = p.org_id "
        "AND q.name = p.name AND q.published_at IS NOT NULL) ORDER BY p.published_at DESC, p.id DESC",
        [parent],
    )
    return [_package(f, db) for f in found]


def package_file(
    db: sqlite_utils.Database, files: FileStore, scope: Scope, package_id: int, kind_id: str
) -> tuple[str, bytes]:
    """A template of a readable package: (file name, bytes)."""
    package = get_package(db, scope, package_id)
    item = next((f for f in package["files"] if f["kind"] == kind_id), None)
    if item is None:
        raise NotFound("Шаблон в пакете", kind_id)
    return get_kind(kind_id).template, files.get(item["sha256"])


def material_file(
    db: sqlite_utils.Database, files: FileStore, scope: Scope, package_id: int, name: str
) -> tuple[str, bytes]:
    package = get_package(db, scope, package_id)
    item = next((m for m in package["materials"] if m["file"] == name), None)
    if item is None:
        raise NotFound("Материал пакета", name)
    return name.rsplit("/", 1)[-1], files.get(item["sha256"])


# Materials a school can take into its own dossier: dossier key -> file in the package.
DOSSIER_MATERIALS = {"roadmap": "materials/roadmap.json", "kpis": "materials/kpis.json"}


def offered_materials(db: sqlite_utils.Database, scope: Scope) -> dict[str, dict[str, Any]]:
    """For each dossier key of DOSSIER_MATERIALS, the newest package published to the caller that
    carries it: {"roadmap": {"package_id", "package", "version", "organisation", "title"}}."""
    offers: dict[str, dict[str, Any]] = {}
    for package in published_to(db, scope):
        for key, file_name in DOSSIER_MATERIALS.items():
            item = next((m for m in package["materials"] if m["file"] == file_name), None)
            if item is not None and key not in offers:
                offers[key] = {
                    "package_id": package["id"],
                    "package": package["name"],
                    "version": package["version"],
                    "organisation": package["organisation"],
                    "title": item["title"],
                }
    return offers


def material_data(
    db: sqlite_utils.Database, files: FileStore, scope: Scope, package_id: int, key: str
) -> tuple[dict[str, Any], Any]:
    """The package and the dossier data it carries for `key` (a roadmap, a KPI table)."""
    if key not in DOSSIER_MATERIALS:
        raise NotFound("Материал пакета", key)
    package = get_package(db, scope, package_id)
    item = next((m for m in package["materials"] if m["file"] == DOSSIER_MATERIALS[key]), None)
    if item is None:
        raise NotFound("Материал пакета", DOSSIER_MATERIALS[key])
    return package, json.loads(files.get(item["sha256"]))


guard_module(globals())
