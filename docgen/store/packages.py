"""Municipal packages: an office bundles its templates with its sample roadmap, KPI table and
Положение into a named, versioned package and publishes it to its schools.

A package is exported and imported as a ZIP: `manifest.json` (name, version, every kind with its
template version and sha256, the materials with theirs), `templates/<kind template file>` and
`materials/…`. Schools see «доступна новая версия» for kinds they adapted themselves
(`pending_updates`) and choose: adopt the package's version, merge by hand, or keep their own.
"""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import zipfile
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from docgen.errors import DocgenError, InvalidDossier, UnknownKind
from docgen.model import Dossier, dossier_from_data
from docgen.render.checks import check_template, material_problem
from docgen.render.hostile import check_members
from docgen.render.registry import get_kind

from .db import now, one, rows, write_transaction
from .errors import NotFound
from .files import FileStore
from .orgs import get_organisation
from .scope import Scope, guard_module
from .templates import (
    AUTHORITY_KINDS,
    Change,
    add_version,
    live_version,
    package_template,
    paragraph_diff,
    paragraphs,
    resolve,
)

MANIFEST = "manifest.json"
FORMAT = "docgen-template-package"
FORMAT_VERSION = 1
MAX_PACKAGE_BYTES = 50 * 1024 * 1024
MAX_PACKAGE_UNPACKED = 200 * 1024 * 1024
MAX_PACKAGE_MEMBERS = 200
MAX_RATIO = 100
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
POLOZHENIE_KIND = "polozhenie-municipal"


class NotAnAuthority(DocgenError):
    def __init__(self) -> None:
        super().__init__("Пакеты шаблонов собирает и публикует управление (орган) образования, а не школа")


class NothingToPackage(DocgenError):
    def __init__(self) -> None:
        super().__init__(
            "В пакет нечего положить: опубликуйте хотя бы одну свою версию шаблона и отметьте её"
        )


class PackageExists(DocgenError):
    def __init__(self, name: str, version: int):
        self.name = name
        self.version = version
        super().__init__(f"Пакет «{name}» версии {version} уже есть, и его файлы отличаются от импортируемых")


class InvalidPackage(DocgenError):
    """The ZIP is not a docgen template package, or a file in it is damaged or refused."""


@dataclass
class PackageUpdate:
    """A newer package version of a kind the organisation adapted itself."""

    kind_id: str
    kind_title: str
    own: dict[str, Any]
    package: dict[str, Any]
    changes: list[Change] = field(default_factory=list)


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
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                scope.org_id,
                name,
                version,
                comment.strip()[:500],
                json.dumps(materials, ensure_ascii=False),
                created_by,
                created_at,
            ],
        ).lastrowid
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


# -- export and import -------------------------------------------------------------------------


def manifest(package: dict[str, Any]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "name": package["name"],
        "version": package["version"],
        "organisation": package["organisation"],
        "comment": package["comment"],
        "created_by": package["created_by"],
        "created_at": package["created_at"],
        "kinds": [
            {
                "kind": item["kind"],
                "title": item["title"],
                "file": f"templates/{get_kind(item['kind']).template}",
                "version": item["version_seq"],
                "sha256": item["sha256"],
                "size": item["size"],
            }
            for item in package["files"]
        ],
        "materials": package["materials"],
    }


def _write(archive: zipfile.ZipFile, name: str, content: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, content)


def export_package(db: sqlite_utils.Database, files: FileStore, scope: Scope, package_id: int) -> bytes:
    """The package as a ZIP: manifest.json, templates/…, materials/… (the same bytes every time)."""
    package = get_package(db, scope, package_id)
    document = manifest(package)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        _write(archive, MANIFEST, json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8"))
        for item in document["kinds"]:
            _write(archive, item["file"], files.get(item["sha256"]))
        for item in document["materials"]:
            _write(archive, item["file"], files.get(item["sha256"]))
    return out.getvalue()


def find_package(db: sqlite_utils.Database, scope: Scope, name: str | None = None) -> dict[str, Any]:
    """The newest version of the caller's package `name` (or of its newest package)."""
    if name:
        found = one(
            db,
            "SELECT id FROM template_packages WHERE org_id = ? AND name = ? ORDER BY version DESC LIMIT 1",
            [scope.org_id, " ".join(name.split())],
        )
    else:
        found = one(
            db, "SELECT id FROM template_packages WHERE org_id = ? ORDER BY id DESC LIMIT 1", [scope.org_id]
        )
    if found is None:
        raise NotFound("Пакет шаблонов", name)
    return get_package(db, scope, found["id"])


def _read_zip(data: bytes) -> dict[str, bytes]:
    if len(data) > MAX_PACKAGE_BYTES:
        raise InvalidPackage(f"Файл пакета больше {MAX_PACKAGE_BYTES // (1024 * 1024)} МБ")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InvalidPackage("Это не пакет шаблонов: файл не является ZIP-архивом")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            unpacked = sum(i.file_size for i in infos)
            packed = max(sum(i.compress_size for i in infos), 1)
            if (
                len(infos) > MAX_PACKAGE_MEMBERS
                or unpacked > MAX_PACKAGE_UNPACKED
                or unpacked / packed > MAX_RATIO
            ):
                raise InvalidPackage("Архив пакета распаковывается в слишком большой объём")
            for member, reason in check_members(infos):
                raise InvalidPackage(f"Файл «{member[:200]}» в архиве пакета не принят: {reason}")
            return {i.filename: archive.read(i) for i in infos if not i.is_dir()}
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InvalidPackage(f"Архив пакета повреждён: {exc}") from None


def _checked(members: dict[str, bytes], item: Any, what: str) -> bytes:
    if not isinstance(item, dict) or not isinstance(item.get("file"), str):
        raise InvalidPackage(f"manifest.json: неверная запись {what}")
    content = members.get(item["file"])
    if content is None:
        raise InvalidPackage(f"В архиве нет файла {item['file']}, указанного в manifest.json")
    if hashlib.sha256(content).hexdigest() != item.get("sha256"):
        raise InvalidPackage(f"Файл {item['file']} повреждён: его sha256 не совпадает с manifest.json")
    return content


def read_package(data: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Parse and verify a package ZIP: its manifest, and every file's bytes by name.

    Every template must pass `check_template` for its kind, every sha256 must match.
    """
    members = _read_zip(data)
    if MANIFEST not in members:
        raise InvalidPackage("В архиве нет manifest.json — это не пакет шаблонов docgen")
    try:
        document = json.loads(members[MANIFEST].decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InvalidPackage(f"manifest.json не читается: {exc}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidPackage("manifest.json: это не пакет шаблонов docgen")
    if document.get("format_version") != FORMAT_VERSION:
        raise InvalidPackage(f"Неизвестная версия формата пакета: {document.get('format_version')}")
    name = document.get("name")
    version = document.get("version")
    if not isinstance(name, str) or not name.strip():
        raise InvalidPackage("manifest.json: нет названия пакета")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InvalidPackage("manifest.json: версия пакета — целое число от 1")
    kinds = document.get("kinds")
    materials = document.get("materials", [])
    if not isinstance(kinds, list) or not kinds or not isinstance(materials, list):
        raise InvalidPackage("manifest.json: нет списка шаблонов")
    contents: dict[str, bytes] = {}
    for item in kinds:
        content = _checked(members, item, "шаблона")
        try:
            kind = get_kind(str(item.get("kind")))
        except UnknownKind as exc:
            raise InvalidPackage(f"{item['file']}: {exc}") from None
        report = check_template(content, kind.id, item["file"])
        if not report.ok:
            raise InvalidPackage(f"{item['file']}: шаблон не принят — {report.errors[0]}")
        contents[item["file"]] = content
    for item in materials:
        content = _checked(members, item, "материала")
        problem = material_problem(item["file"], content)
        if problem:
            raise InvalidPackage(f"{item['file']}: материал не принят — {problem}")
        contents[item["file"]] = content
    return document, contents


def import_package(
    db: sqlite_utils.Database,
    files: FileStore,
    scope: Scope,
    data: bytes,
    *,
    publish: bool = True,
) -> int:
    """Import a package ZIP as the caller's package of the same name and version.

    Each template becomes a version of the caller's organisation (an identical existing version
    is reused); hashes stay exactly as in the manifest. Importing the same package again returns
    the existing one; the same name and version with other files is PackageExists.
    """
    _require_authority(db, scope)
    document, contents = read_package(data)
    name = " ".join(document["name"].split())
    version = document["version"]
    expected = sorted((item["kind"], item["sha256"]) for item in document["kinds"])
    existing = one(
        db,
        "SELECT id FROM template_packages WHERE org_id = ? AND name = ? AND version = ?",
        [scope.org_id, name, version],
    )
    if existing is not None:
        package = get_package(db, scope, existing["id"])
        if sorted((f["kind"], f["sha256"]) for f in package["files"]) != expected:
            raise PackageExists(name, version)
        if publish and not package["published"]:
            publish_package(db, scope, package["id"])
        return int(package["id"])
    materials = []
    for item in document["materials"]:
        sha = files.put(contents[item["file"]])
        materials.append(
            {"file": item["file"], "title": str(item.get("title", "")), "sha256": sha,
             "size": len(contents[item["file"]])}
        )  # fmt: skip
    try:
        with write_transaction(db):
            versions = []
            for item in document["kinds"]:
                kind = get_kind(item["kind"])
                content = contents[item["file"]]
                reused = one(
                    db,
                    "SELECT id FROM template_versions WHERE org_id = ? AND kind = ? AND sha256 = ? "
                    "ORDER BY seq DESC LIMIT 1",
                    [scope.org_id, kind.id, item["sha256"]],
                )
                version_id = (
                    reused["id"]
                    if reused
                    else add_version(
                        db, files, scope, kind.id, content, file_name=item["file"].rsplit("/", 1)[-1],
                        comment=f"из пакета «{name}», версия {version}", origin="import",
                    )
                )  # fmt: skip
                seq = item.get("version")
                versions.append(
                    {"kind": kind.id, "id": version_id, "seq": seq if isinstance(seq, int) else None,
                     "sha256": item["sha256"], "size": len(content)}
                )  # fmt: skip
            package_id = _insert_package(
                db,
                scope,
                name,
                version,
                str(document.get("comment", "")),
                materials,
                str(document.get("created_by") or scope.user),
                str(document.get("created_at") or now()),
                versions,
            )
    except sqlite3.IntegrityError as exc:
        raise InvalidPackage(f"Пакет не импортирован: {exc}") from None
    if publish:
        publish_package(db, scope, package_id)
    return package_id


# -- what schools see --------------------------------------------------------------------------


def pending_update(
    db: sqlite_utils.Database, files: FileStore, scope: Scope, kind_id: str
) -> PackageUpdate | None:
    """«Доступна новая версия»: a package version newer than the organisation's decision, for a
    kind it adapted itself, with the paragraphs that differ from its live version."""
    own = live_version(db, scope, kind_id)
    if own is None:
        return None
    package = package_template(db, scope, kind_id)
    if package is None or package["sha256"] == own["sha256"]:
        return None
    live = one(
        db,
        "SELECT seen_package_id FROM template_live WHERE org_id = ? AND kind = ?",
        [scope.org_id, kind_id],
    )
    seen = live["seen_package_id"] if live else None
    if seen is not None and seen >= package["package_id"]:
        return None
    changes = paragraph_diff(paragraphs(files.get(own["sha256"])), paragraphs(files.get(package["sha256"])))
    return PackageUpdate(kind_id, _kind_title(kind_id), own, package, changes)


def pending_updates(db: sqlite_utils.Database, files: FileStore, scope: Scope) -> list[PackageUpdate]:
    found = []
    for kind_id in _own_live_kinds(db, scope):
        update = pending_update(db, files, scope, kind_id)
        if update is not None:
            found.append(update)
    return found


guard_module(globals())
