"""Building a package from an office's live versions and materials, and publishing it to its schools."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from docgen.errors import DocgenError, InvalidDossier
from docgen.model import Dossier, dossier_from_data
from docgen.render.registry import get_kind

from .db import now, rows, write_transaction
from .errors import NotFound
from .files import FileStore
from .orgs import get_organisation
from .package_errors import InvalidPackage, NotAnAuthority, NothingToPackage
from .package_read import get_package
from .scope import Scope, guard_module
from .templates import AUTHORITY_KINDS, live_version, resolve

POLOZHENIE_KIND = "polozhenie-municipal"


# -- building ----------------------------------------------------------------------------------


def _require_authority(db: sqlite_utils.Database, scope: Scope) -> dict[str, Any]:
    org = get_organisation(db, scope.org_id)
    if org["kind"] not in AUTHORITY_KINDS:
        raise NotAnAuthority()
    return org


def latest_dossier(db: sqlite_utils.Database, scope: Scope) -> tuple[Dossier, str] | None:
    for record in rows(
        db,
        "SELECT school_year, data FROM dossiers WHERE org_id = ? ORDER BY school_year DESC, id DESC",
        [scope.org_id],
    ):
        try:
            return dossier_from_data(json.loads(record["data"])), record["school_year"]
        except InvalidDossier:
            continue
    return None


def build_materials(db: sqlite_utils.Database, files: FileStore, scope: Scope) -> list[dict[str, Any]]:
    """The office's sample roadmap and KPI table (from its latest valid dossier) and its
    Положение rendered with the municipal Положение template it uses."""
    found = latest_dossier(db, scope)
    if found is None:
        return []
    dossier, school_year = found
    data = dossier.model_dump(mode="json")
    materials: list[dict[str, Any]] = []

    def add(name: str, title: str, content: bytes) -> None:
        materials.append({"file": name, "title": title, "sha256": files.put(content), "size": len(content)})

    def as_json(value: Any) -> bytes:
        return json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8")

    if data.get("roadmap"):
        add("materials/roadmap.json", f"Примерная дорожная карта ({school_year})", as_json(data["roadmap"]))
    if data.get("kpis"):
        add("materials/kpis.json", f"Показатели эффективности ({school_year})", as_json(data["kpis"]))
    kind = get_kind(POLOZHENIE_KIND)
    if kind.applies_to(dossier):
        from .templates import render_with

        template = resolve(db, files, scope, kind.id)
        try:
            _name, content = render_with(dossier, kind.id, template.content)
        except DocgenError:
            content = b""
        if content:
            add("materials/polozhenie.docx", kind.title, content)
    return materials


def create_package(
    db: sqlite_utils.Database,
    files: FileStore,
    scope: Scope,
    *,
    name: str,
    kinds: list[str] | None = None,
    comment: str = "",
) -> int:
    """Bundle the office's live own versions (`kinds`, default all) as the next package version.

    The package is a draft until `publish_package`.
    """
    _require_authority(db, scope)
    name = " ".join(name.split())
    if not name:
        raise InvalidPackage("Укажите название пакета")
    chosen: list[dict[str, Any]] = []
    wanted = None if kinds is None else set(kinds)
    for kind_id in sorted(wanted) if wanted is not None else _own_live_kinds(db, scope):
        own = live_version(db, scope, get_kind(kind_id).id)
        if own is not None:
            chosen.append(own)
    if not chosen:
        raise NothingToPackage()
    materials = build_materials(db, files, scope)
    with write_transaction(db):
        (version,) = db.execute(
            "SELECT COALESCE(MAX(version), 0) + 1 FROM template_packages WHERE org_id = ? AND name = ?",
            [scope.org_id, name],
        ).fetchone()
        package_id = _insert_package(db, scope, name, version, comment, materials, scope.user, now(), chosen)
    return package_id


def _own_live_kinds(db: sqlite_utils.Database, scope: Scope) -> list[str]:
    return [
        r["kind"]
        for r in rows(
            db,
            "SELECT kind FROM template_live WHERE org_id = ? AND version_id IS NOT NULL ORDER BY kind",
            [scope.org_id],
        )
    ]


def _insert_package(
    db: sqlite_utils.Database,
    scope: Scope,
    name: str,
    version: int,
    comment: str,
    materials: list[dict[str, Any]],
    created_by: str,
    created_at: str,
    versions: list[dict[str, Any]],
) -> int:
    package_id = int(
        db.execute(
            "INSERT INTO template_packages (org_id, name, version, comment, materials, created_by, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [
                scope.org_id,
                name,
                version,
                comment.strip()[:500],
                json.dumps(materials, ensure_ascii=False),
                created_by,
                created_at,
            ],
        ).fetchall()[0][0]
    )
    for item in versions:
        db.execute(
            "INSERT INTO template_package_files (package_id, org_id, kind, version_id, version_seq, "
            "sha256, size) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                package_id,
                scope.org_id,
                item["kind"],
                item.get("id"),
                item["seq"],
                item["sha256"],
                item["size"],
            ],
        )
    return package_id


def publish_package(db: sqlite_utils.Database, scope: Scope, package_id: int) -> dict[str, Any]:
    """Publish a package version to the office's schools (organisations whose parent it is)."""
    _require_authority(db, scope)
    with write_transaction(db):
        package = get_package(db, scope, package_id)
        if package["org_id"] != scope.org_id:
            raise NotFound("Пакет шаблонов", package_id)
        if not package["published"]:
            db.execute(
                "UPDATE template_packages SET published_by = ?, published_at = ? WHERE id = ? AND org_id = ?",
                [scope.user, now(), package_id, scope.org_id],
            )
    return get_package(db, scope, package_id)


guard_module(globals())
