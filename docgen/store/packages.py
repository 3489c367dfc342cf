"""Municipal packages: an office bundles its templates with its sample roadmap, KPI table and
Положение into a named, versioned package and publishes it to its schools.

A package is exported and imported as a ZIP: `manifest.json` (name, version, every kind with its
template version and sha256, the materials with theirs), `templates/<kind template file>` and
`materials/…`. Schools see «доступна новая версия» for kinds they adapted themselves
(`pending_updates`) and choose: adopt the package's version, merge by hand, or keep their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from .db import one
from .files import FileStore
from .package_build import (
    POLOZHENIE_KIND,
    _own_live_kinds,
    build_materials,
    create_package,
    latest_dossier,
    publish_package,
)
from .package_errors import InvalidPackage, NotAnAuthority, NothingToPackage, PackageExists
from .package_read import (
    DOSSIER_MATERIALS,
    _kind_title,
    get_package,
    list_packages,
    material_data,
    material_file,
    offered_materials,
    package_file,
    published_to,
)
from .package_zip import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MAX_PACKAGE_BYTES,
    MAX_PACKAGE_MEMBERS,
    MAX_PACKAGE_UNPACKED,
    MAX_RATIO,
    ZIP_TIME,
    export_package,
    find_package,
    import_package,
    manifest,
    read_package,
)
from .scope import Scope, guard_module
from .templates import Change, live_version, package_template, paragraph_diff, paragraphs

__all__ = [
    "DOSSIER_MATERIALS",
    "FORMAT",
    "FORMAT_VERSION",
    "MANIFEST",
    "MAX_PACKAGE_BYTES",
    "MAX_PACKAGE_MEMBERS",
    "MAX_PACKAGE_UNPACKED",
    "MAX_RATIO",
    "POLOZHENIE_KIND",
    "ZIP_TIME",
    "InvalidPackage",
    "NotAnAuthority",
    "NothingToPackage",
    "PackageExists",
    "PackageUpdate",
    "build_materials",
    "create_package",
    "export_package",
    "find_package",
    "get_package",
    "import_package",
    "latest_dossier",
    "list_packages",
    "manifest",
    "material_data",
    "material_file",
    "offered_materials",
    "package_file",
    "pending_update",
    "pending_updates",
    "publish_package",
    "published_to",
    "read_package",
]


@dataclass
class PackageUpdate:
    """A newer package version of a kind the organisation adapted itself."""

    kind_id: str
    kind_title: str
    own: dict[str, Any]
    package: dict[str, Any]
    changes: list[Change] = field(default_factory=list)


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
