"""A version rendered with a real dossier and compared with what the live template gives."""

from __future__ import annotations

import json

import sqlite_utils

from docgen.bundled import sample_paths
from docgen.errors import DocgenError, InvalidDossier
from docgen.model import Dossier, dossier_from_data, load_dossier
from docgen.render.package import render_dossier
from docgen.render.placeholders import DEMO_SAMPLE
from docgen.render.registry import get_kind

from .db import rows
from .errors import NotFound
from .files import FileStore
from .scope import Scope, guard_module
from .template_diffs import paragraph_diff, paragraphs
from .template_layers import resolve
from .template_records import Preview, TemplateNotRenderable
from .template_versions import version_content


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
