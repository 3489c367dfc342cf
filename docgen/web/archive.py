"""The archive: full-text search with filters, the record page, download, re-render, export."""

from __future__ import annotations

import difflib
import logging
from typing import Any

from flask import Blueprint, abort, render_template, request

from docgen.forms.filters import archive_filters
from docgen.render.registry import all_kinds
from docgen.store import archive

from .audit_area import log_action
from .context import current_scope
from .db import get_db, get_files
from .downloads import attachment, blob_attachment

log = logging.getLogger(__name__)

bp = Blueprint("archive", __name__, url_prefix="/archive")

PAGE_SIZE = 20


@bp.get("/")
def index():
    filters = archive_filters(request.args)
    values = filters.values
    page_number = int(values.get("page", 1))  # type: ignore[arg-type]
    searched = any(k in values for k in ("q", "kind", "year", "number", "person"))
    result = archive.search(
        get_db(),
        current_scope(),
        q=values.get("q"),  # type: ignore[arg-type]
        kind=values.get("kind"),  # type: ignore[arg-type]
        year=values.get("year"),  # type: ignore[arg-type]
        number=values.get("number"),  # type: ignore[arg-type]
        person=values.get("person"),  # type: ignore[arg-type]
        files=get_files(),
        limit=PAGE_SIZE,
        offset=(page_number - 1) * PAGE_SIZE,
    )
    pages = max(1, -(-result.total // PAGE_SIZE))
    if not result.total_exact:  # more hits than were counted: at least one more page
        pages = max(pages, page_number + 1)
    count_text = f"{result.total:,}".replace(",", "\u00a0")  # «1 000»
    return render_template(
        "archive/index.html",
        result=result,
        count_text=count_text if result.total_exact else f"более {count_text}",
        args=request.args,
        filter_errors=filters.errors,
        kinds=all_kinds(),
        searched=searched,
        page=page_number,
        pages=pages,
    )


@bp.get("/<int:doc_id>")
def record(doc_id: int):
    document = archive.get_document(get_db(), current_scope(), doc_id)
    log_action("document_view", "document", doc_id)
    return render_template("archive/record.html", doc=document, rerendered=None, diff=None)


@bp.get("/<int:doc_id>/download")
def download(doc_id: int):
    document = archive.get_document(get_db(), current_scope(), doc_id)
    response = blob_attachment(get_files(), document["sha256"], document["filename"])
    log_action("document_download", "document", doc_id)
    return response


@bp.app_template_global()
def snapshot_missing(doc: dict[str, Any]) -> bool:
    """For archive/record.html: the record's dossier snapshot is gone from the file store
    (the page says so instead of failing; `docgen verify` names it too)."""
    return not get_files().exists(doc["snapshot_sha256"])


@bp.post("/<int:doc_id>/rerender")
def rerender(doc_id: int):
    scope = current_scope()
    document = archive.get_document(get_db(), scope, doc_id)
    if snapshot_missing(document):
        log.error("document %s: dossier snapshot %s is missing", doc_id, document["snapshot_sha256"])
        return render_template("archive/record.html", doc=document, rerendered=None, diff=None), 409
    result = archive.rerender(get_db(), get_files(), scope, doc_id)
    log_action("document_rerender", "document", doc_id, identical_text=result.identical_text)
    diff = None
    if not result.identical_text:
        diff = list(
            difflib.unified_diff(
                result.original_text.splitlines(),
                result.new_text.splitlines(),
                "оригинал",
                "сформирован заново",
                lineterm="",
                n=1,
            )
        )[:400]
    return render_template("archive/record.html", doc=document, rerendered=result, diff=diff)


@bp.post("/export")
def export():
    ids = [int(i) for i in request.form.getlist("ids") if i.isdigit()]
    if not ids:
        abort(400, description="Отметьте документы для выгрузки")
    if len(ids) > 500:
        abort(400, description="За один раз можно выгрузить не больше 500 документов")
    content = archive.export_zip(get_db(), get_files(), current_scope(), ids)
    log_action("archive_export", "document", None, ids=ids)
    return attachment(content, "docgen-arhiv.zip", "application/zip")
