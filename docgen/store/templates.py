"""Template layers: built-in defaults → the municipal package → the organisation's own version.

For each kind an organisation uses its own live version if it has one, else the latest
published package of its parent organisation (`organisations.parent_id`, the municipal office)
that contains the kind, else the default in docgen/templates/. Every upload is a version
(author, time, comment, sha256; the bytes live in the FileStore); one version per (org, kind)
is live. Archive records remember the exact version they were rendered with
(`document_templates`). Packages themselves are built in `docgen.store.packages`.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from docgen.bundled import sample_paths
from docgen.errors import DocgenError, InvalidDossier
from docgen.model import Dossier, dossier_from_data, load_dossier
from docgen.render.checks import CheckReport, check_template
from docgen.render.package import render_dossier
from docgen.render.placeholders import DEMO_SAMPLE
from docgen.render.registry import DocumentKind, all_kinds, get_kind
from docgen.render.templates import default_template_bytes

from .db import migrations, now, one, rows, write_transaction
from .errors import NotFound
from .files import FileStore
from .scope import Scope, guard_module
from .text import extract_text

SOURCES = ("default", "package", "own")
AUTHORITY_KINDS = frozenset({"municipal_office", "regional_body"})


# -- exceptions --------------------------------------------------------------------------------


class TemplateRefused(DocgenError):
    """An upload failed `check_template`; `report.errors` say where and why."""

    def __init__(self, report: CheckReport):
        self.report = report
        lines = "; ".join(str(f) for f in report.errors)
        super().__init__(f"Шаблон не принят: {lines}")


class TemplateNotRenderable(DocgenError):
    """A version passed the checks but fails on a real dossier: it cannot go live."""


# -- records -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResolvedTemplate:
    """The template an organisation uses for a kind, and where it comes from."""

    kind_id: str
    content: bytes = field(repr=False)
    sha256: str
    source: str  # "default" | "package" | "own"
    version_id: int | None = None  # own: the org's version; package: the office's version
    version_seq: int | None = None  # the version number people see («версия 3»)
    package_id: int | None = None
    package_name: str | None = None
    package_version: int | None = None

    @property
    def bytes(self) -> bytes:
        return self.content

    @property
    def label(self) -> str:
        """Russian: «по умолчанию», «пакет «…», версия 2», «своя версия 3»."""
        if self.source == "own":
            return f"своя версия {self.version_seq}"
        if self.source == "package":
            return f"пакет «{self.package_name}», версия {self.package_version}"
        return "встроенный по умолчанию"


@dataclass(frozen=True)
class Change:
    """One difference between two documents' paragraphs."""

    op: str  # "added" | "removed" | "changed"
    old: str = ""
    new: str = ""


@dataclass
class Upload:
    report: CheckReport
    version_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.version_id is not None


@dataclass
class Preview:
    """A version rendered with a real dossier, beside the template that is live now."""

    kind_id: str
    version: dict[str, Any]
    dossier_label: str
    current: ResolvedTemplate
    filename: str = ""
    content: bytes | None = None
    lines: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    error: str | None = None
    current_error: str | None = None


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
                "notes, origin, author, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            ).lastrowid
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


# -- layers ------------------------------------------------------------------------------------


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


# -- differences and previews ------------------------------------------------------------------


def paragraphs(content: bytes) -> list[str]:
    """The paragraph and table-cell texts of a .docx (headers first), as people read them."""
    return extract_text(content).splitlines()


def paragraph_diff(old: list[str], new: list[str]) -> list[Change]:
    """Which paragraphs were added, removed or changed (difflib over paragraph texts)."""
    changes: list[Change] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        before, after = old[i1:i2], new[j1:j2]
        if tag == "replace":
            for index in range(max(len(before), len(after))):
                if index < len(before) and index < len(after):
                    changes.append(Change("changed", before[index], after[index]))
                elif index < len(before):
                    changes.append(Change("removed", old=before[index]))
                else:
                    changes.append(Change("added", new=after[index]))
        elif tag == "delete":
            changes.extend(Change("removed", old=text) for text in before)
        else:
            changes.extend(Change("added", new=text) for text in after)
    return changes


def _sample_dossiers() -> list[tuple[str, Dossier]]:
    samples = sorted(sample_paths(), key=lambda p: (p.stem != DEMO_SAMPLE, p.name))
    return [(p.stem, load_dossier(p)) for p in samples]


def preview_dossier(db: sqlite_utils.Database, scope: Scope, kind_id: str) -> tuple[Dossier, str]:
    """The organisation's latest valid dossier the kind applies to, else a sample dossier."""
    kind = get_kind(kind_id)
    for record in rows(
        db,
        "SELECT id, school_year, data FROM dossiers WHERE org_id = ? ORDER BY school_year DESC, id DESC",
        [scope.org_id],
    ):
        try:
            dossier = dossier_from_data(json.loads(record["data"]))
        except InvalidDossier:
            continue
        if kind.applies_to(dossier):
            return dossier, f"досье на {record['school_year']} учебный год"
    for stem, dossier in _sample_dossiers():
        if kind.applies_to(dossier):
            return dossier, f"демонстрационное досье (образец {stem})"
    raise NotFound("Досье, к которому относится этот вид документа", kind.id)


def render_with(dossier: Dossier, kind_id: str, template: bytes) -> tuple[str, bytes]:
    """The first document of a kind rendered from `template` (file name, bytes)."""

    def resolver(requested: str, file_name: str) -> bytes:
        if requested != kind_id:
            raise KeyError(requested)
        return template

    try:
        documents = render_dossier(dossier, only=[kind_id], resolver=resolver)
    except DocgenError:
        raise
    except (ArithmeticError, LookupError, TypeError, ValueError, AttributeError) as exc:
        # An uploaded template's own expressions ({{ 1 // 0 }}) fail outside Jinja's errors.
        raise TemplateNotRenderable(f"Ошибка при заполнении шаблона: {type(exc).__name__}: {exc}") from None
    if not documents:
        raise TemplateNotRenderable("Этот вид документа не относится к досье")
    return documents[0].filename, documents[0].content


def preview_version(db: sqlite_utils.Database, files: FileStore, scope: Scope, version_id: int) -> Preview:
    """Render a version with the organisation's latest dossier (or the demo sample) and compare
    it, paragraph by paragraph, with the same dossier rendered by the template live now."""
    version, content = version_content(db, files, scope, version_id)
    kind_id = version["kind"]
    current = resolve(db, files, scope, kind_id)
    dossier, label = preview_dossier(db, scope, kind_id)
    preview = Preview(kind_id, version, label, current)
    try:
        preview.filename, preview.content = render_with(dossier, kind_id, content)
    except DocgenError as exc:
        preview.error = str(exc)
        return preview
    preview.lines = paragraphs(preview.content)
    try:
        _name, before = render_with(dossier, kind_id, current.content)
    except DocgenError as exc:
        preview.current_error = str(exc)
        before_lines: list[str] = []
    else:
        before_lines = paragraphs(before)
    preview.changes = paragraph_diff(before_lines, preview.lines)
    return preview


def check_renders(db: sqlite_utils.Database, files: FileStore, scope: Scope, version_id: int) -> None:
    """TemplateNotRenderable unless the version renders with the preview dossier."""
    version, content = version_content(db, files, scope, version_id)
    dossier, label = preview_dossier(db, scope, version["kind"])
    try:
        render_with(dossier, version["kind"], content)
    except DocgenError as exc:
        raise TemplateNotRenderable(
            f"Версия {version['seq']} не формируется на данных ({label}): {exc}"
        ) from None


guard_module(globals())
