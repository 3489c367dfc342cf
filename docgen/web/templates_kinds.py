"""«Шаблоны» pages of the kinds: the list, a kind's page, downloads, the reference, uploads."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge

from docgen.render.checks import MAX_TEMPLATE_BYTES, CheckReport
from docgen.render.placeholders import DEMO_SAMPLE
from docgen.render.registry import DocumentKind
from docgen.store import packages, templates

from .audit_area import log_action
from .context import current_scope
from .db import get_db, get_files
from .downloads import attachment
from .errors import error_response
from .templates_common import _is_authority, _kind, _megabytes, _permissions, bp, repair_text, upload_limit
from .templates_docx import word_diff
from .templates_reference import cheat_sheet, reference_groups

# -- pages -------------------------------------------------------------------------------------


@bp.get("/")
def index():
    db, files, scope = get_db(), get_files(), current_scope()
    items = []
    for kind in templates.kinds_for_org(db, scope):
        items.append({"kind": kind, "resolved": templates.resolve(db, files, scope, kind.id)})
    return render_template(
        "templates/index.html",
        items=items,
        updates=packages.pending_updates(db, files, scope),
        published=packages.published_to(db, scope),
        authority=_is_authority(),
        word_diff=word_diff,
        **_permissions(),
    )


def _kind_page(
    kind: DocumentKind,
    *,
    refused: CheckReport | None = None,
    comment: str = "",
    file_name: str = "",
    status: int = 200,
):
    db, files, scope = get_db(), get_files(), current_scope()
    page = render_template(
        "templates/kind.html",
        kind=kind,
        resolved=templates.resolve(db, files, scope, kind.id),
        versions=templates.list_versions(db, scope, kind.id),
        events=templates.template_events(db, scope, kind.id),
        update=packages.pending_update(db, files, scope, kind.id),
        package=templates.package_template(db, scope, kind.id),
        refused=refused,
        comment=comment,
        file_name=file_name,
        limit=upload_limit(),
        limit_text=_megabytes(upload_limit()),
        authority=_is_authority(),
        word_diff=word_diff,
        **_permissions(),
    )
    return page, status


@bp.get("/<kind_id>/")
def kind_page(kind_id: str):
    return _kind_page(_kind(kind_id))


@bp.get("/<kind_id>/current.docx")
def download_current(kind_id: str):
    kind = _kind(kind_id)
    resolved = templates.resolve(get_db(), get_files(), current_scope(), kind.id)
    return attachment(resolved.content, kind.template)


@bp.get("/<kind_id>/default.docx")
def download_default(kind_id: str):
    kind = _kind(kind_id)
    return attachment(templates.default_template(kind.id).content, kind.template)


@bp.get("/<kind_id>/reference")
def reference(kind_id: str):
    kind = _kind(kind_id)
    return render_template(
        "templates/reference.html", kind=kind, groups=reference_groups(kind.id), demo_sample=DEMO_SAMPLE
    )


@bp.get("/<kind_id>/reference.docx")
def reference_docx(kind_id: str):
    kind = _kind(kind_id)
    return attachment(cheat_sheet(kind.id), f"spravochnik-polei-{kind.id}.docx")


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_exc: RequestEntityTooLarge):
    """A request over MAX_CONTENT_LENGTH is refused before any view runs: say the limit."""
    if request.endpoint == "templates.import_package":
        message = f"Файл пакета больше {_megabytes(_app_limit())} МБ — это предел загрузки."
    else:
        message = f"Файл больше {_megabytes(upload_limit())} МБ — это предел загрузки шаблона."
    return error_response(413, message)


def _app_limit() -> int:
    return int(current_app.config.get("MAX_CONTENT_LENGTH") or MAX_TEMPLATE_BYTES)


@bp.post("/<kind_id>/upload")
def upload(kind_id: str):
    kind = _kind(kind_id)
    limit = upload_limit()
    too_large = CheckReport()
    too_large.error("файл", f"файл больше {_megabytes(limit)} МБ — это предел загрузки шаблона")
    try:
        uploaded = request.files.get("file")
        comment = request.form.get("comment", "")
    except RequestEntityTooLarge:
        return _kind_page(kind, refused=too_large, status=413)
    if uploaded is None or not uploaded.filename:
        missing = CheckReport()
        missing.error("файл", "выберите файл шаблона .docx")
        return _kind_page(kind, refused=missing, comment=comment, status=422)
    data = uploaded.read(limit + 1)
    if len(data) > limit:
        return _kind_page(kind, refused=too_large, comment=comment, file_name=uploaded.filename, status=413)
    result = templates.upload_template(
        get_db(), get_files(), current_scope(), kind.id, data, file_name=uploaded.filename, comment=comment
    )
    if not result.ok:
        return _kind_page(
            kind, refused=result.report, comment=comment, file_name=uploaded.filename, status=422
        )
    version = templates.get_version(get_db(), current_scope(), result.version_id)  # type: ignore[arg-type]
    log_action("template_upload", "template_version", version["id"], kind=kind.id, seq=version["seq"])
    for note in result.report.notes:
        flash(f"Шаблон принят, {repair_text(note.message)}.", "warning")
    flash(
        f"Загружена версия {version['seq']}. Посмотрите, как выглядит документ, и опубликуйте её.",
        "success",
    )
    return redirect(url_for(".version", kind_id=kind.id, version_id=version["id"]))
