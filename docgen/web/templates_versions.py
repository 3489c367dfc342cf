"""«Шаблоны» pages of a version: preview, downloads, publish or revert; adopting or dismissing a package."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for

from docgen.errors import DocgenError
from docgen.render.registry import DocumentKind
from docgen.store import templates

from .audit_area import log_action
from .context import current_scope
from .db import get_db, get_files
from .downloads import attachment
from .templates_common import _kind, _permissions, bp, repair_text
from .templates_docx import _norm, docx_blocks, word_diff


def _version_of(kind: DocumentKind, version_id: int) -> dict[str, Any]:
    version = templates.get_version(get_db(), current_scope(), version_id)
    if version["kind"] != kind.id:
        abort(404)
    return version


@bp.get("/<kind_id>/versions/<int:version_id>")
def version(kind_id: str, version_id: int):
    kind = _kind(kind_id)
    _version_of(kind, version_id)
    preview = templates.preview_version(get_db(), get_files(), current_scope(), version_id)
    changed = {_norm(c.new) for c in preview.changes if c.op in ("added", "changed")}
    blocks = docx_blocks(preview.content, changed) if preview.content else []
    return render_template(
        "templates/version.html",
        kind=kind,
        preview=preview,
        version=preview.version,
        blocks=blocks,
        changes=preview.changes,
        word_diff=word_diff,
        repair_text=repair_text,
        **_permissions(),
    )


@bp.get("/<kind_id>/versions/<int:version_id>/template.docx")
def version_template(kind_id: str, version_id: int):
    kind = _kind(kind_id)
    _version_of(kind, version_id)
    found, content = templates.version_content(get_db(), get_files(), current_scope(), version_id)
    return attachment(content, f"{kind.id}-v{found['seq']}.docx")


@bp.get("/<kind_id>/versions/<int:version_id>/sample.docx")
def version_sample(kind_id: str, version_id: int):
    kind = _kind(kind_id)
    _version_of(kind, version_id)
    db, scope = get_db(), current_scope()
    found, content = templates.version_content(db, get_files(), scope, version_id)
    dossier, _label = templates.preview_dossier(db, scope, kind.id)
    try:
        _name, document = templates.render_with(dossier, kind.id, content)
    except DocgenError as exc:
        abort(422, description=f"Документ по версии {found['seq']} не формируется: {exc}")
    log_action("template_sample", "template_version", version_id, kind=kind.id, dossier=_label)
    return attachment(document, f"obrazec-{kind.id}-v{found['seq']}.docx")


@bp.post("/<kind_id>/versions/<int:version_id>/publish")
def publish(kind_id: str, version_id: int):
    kind = _kind(kind_id)
    found = _version_of(kind, version_id)
    revert = request.form.get("revert") == "1"
    db, scope = get_db(), current_scope()
    try:
        templates.check_renders(db, get_files(), scope, version_id)
    except templates.TemplateNotRenderable as exc:
        flash(f"Версия не опубликована: {exc}", "error")
        return redirect(url_for(".version", kind_id=kind.id, version_id=version_id))
    templates.publish_version(db, scope, version_id, revert=revert)
    log_action("template_publish", "template_version", version_id, kind=kind.id, revert=revert)
    word = "возвращена" if revert else "опубликована"
    flash(f"Версия {found['seq']} {word}: новые документы формируются по ней.", "success")
    return redirect(url_for(".kind_page", kind_id=kind.id))


@bp.post("/<kind_id>/adopt")
def adopt(kind_id: str):
    """Drop the own version: the package's version (else the default) is used."""
    kind = _kind(kind_id)
    action = "adopt" if request.form.get("package_id") else "drop"
    templates.drop_own(get_db(), current_scope(), kind.id, action=action)
    log_action("template_change", "template", kind.id, change=action)
    resolved = templates.resolve(get_db(), get_files(), current_scope(), kind.id)
    flash(f"Своя версия больше не используется: действует шаблон «{resolved.label}».", "success")
    return redirect(url_for(".kind_page", kind_id=kind.id))


@bp.post("/<kind_id>/dismiss")
def dismiss(kind_id: str):
    kind = _kind(kind_id)
    raw = request.form.get("package_id", "")
    if not raw.isdigit():
        abort(400, description="Не указана версия пакета")
    templates.dismiss_package(get_db(), current_scope(), kind.id, int(raw))
    log_action("template_change", "template", kind.id, change="dismiss", package_id=int(raw))
    flash("Оставлена своя версия. О следующей версии пакета мы сообщим.", "success")
    return redirect(url_for(".kind_page", kind_id=kind.id))
