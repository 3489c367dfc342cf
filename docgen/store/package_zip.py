"""A template package as a ZIP file: export, and a checked import."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from typing import Any

import sqlite_utils

from docgen.errors import UnknownKind
from docgen.render.checks import check_template, material_problem
from docgen.render.hostile import check_members
from docgen.render.registry import get_kind

from .db import now, one, write_transaction
from .engine import IntegrityError
from .errors import NotFound
from .files import FileStore
from .package_build import _insert_package, _require_authority, publish_package
from .package_errors import InvalidPackage, PackageExists
from .package_read import get_package
from .scope import Scope, guard_module
from .templates import add_version

MANIFEST = "manifest.json"
FORMAT = "docgen-template-package"
FORMAT_VERSION = 1
MAX_PACKAGE_BYTES = 50 * 1024 * 1024
MAX_PACKAGE_UNPACKED = 200 * 1024 * 1024
MAX_PACKAGE_MEMBERS = 200
MAX_RATIO = 100
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


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
    except IntegrityError as exc:
        raise InvalidPackage(f"Пакет не импортирован: {exc}") from None
    if publish:
        publish_package(db, scope, package_id)
    return package_id


guard_module(globals())
