"""The routes of `previews.bp`: «Скачать PDF», thumbnails and page pictures.

None of them waits for LibreOffice. What is cached is answered at once; otherwise a job is
queued (`previews.cached`) and the answer is 202: for the PDF a «готовится» page that reloads
itself (`Refresh`) until the file comes, for a picture the «готовится» picture, which
static/previews.js asks for again until it is ready.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from flask import Response, current_app, g, render_template, request

from docgen.errors import DocgenError
from docgen.store import archive

from .audit_area import log_action
from .context import current_scope
from .db import get_db, get_files
from .downloads import attachment
from .previews import (
    Pending,
    Unavailable,
    _document_source,
    _version_sample,
    bp,
    cached,
    page_png,
)

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
IMAGE_CACHE = "private, max-age=86400"
PLACEHOLDER = STATIC / "preview-unavailable.png"
PENDING = STATIC / "preview-pending.png"
RETRY_SECONDS = 2


def _image(png: bytes, *, cache: bool = True) -> Response:
    response = current_app.response_class(png, mimetype="image/png")
    if cache:
        response.headers["Cache-Control"] = IMAGE_CACHE
        response.set_etag(hashlib.sha256(png).hexdigest())
        response.make_conditional(request)
    else:
        response.headers["Cache-Control"] = "private, no-cache"
    return response


def placeholder() -> Response:
    """The «просмотр недоступен» picture: not cached for long (LibreOffice may come later)."""
    return _image(PLACEHOLDER.read_bytes(), cache=False)


def pending_image() -> Response:
    """The «готовится» picture, 202: the page's script asks again."""
    response = current_app.response_class(PENDING.read_bytes(), status=202, mimetype="image/png")
    response.headers["Cache-Control"] = "no-store"
    response.headers["Retry-After"] = str(RETRY_SECONDS)
    return response


@bp.get("/archive/<int:doc_id>/document.pdf")
def document_pdf(doc_id: int):
    doc = archive.get_document(get_db(), current_scope(), doc_id)
    try:
        row = cached("pdf", _document_source(doc))
    except Pending:
        page = render_template("archive/pdf_pending.html", doc=doc, retry=RETRY_SECONDS)
        response = current_app.response_class(page, status=202)
        response.headers["Refresh"] = str(RETRY_SECONDS)
        response.headers["Retry-After"] = str(RETRY_SECONDS)
        response.headers["Cache-Control"] = "no-store"
        return response
    except Unavailable as exc:
        g.pdf_refused = str(exc)
        page = render_template("archive/record.html", doc=doc, rerendered=None, diff=None)
        return page, 503
    pdf = get_files().get(row["pdf_sha256"])
    log_action("document_download", "document", doc_id, format="pdf")
    name = doc["filename"].rsplit(".", 1)[0] + ".pdf"
    return attachment(pdf, name, "application/pdf")


@bp.get("/archive/<int:doc_id>/thumbnail.png")
def document_thumbnail(doc_id: int):
    doc = archive.get_document(get_db(), current_scope(), doc_id)
    try:
        return _image(cached("thumbnail", _document_source(doc)))
    except Pending:
        return pending_image()
    except (Unavailable, DocgenError) as exc:
        log.info("thumbnail of document %s unavailable: %s", doc_id, exc)
        return placeholder()


@bp.get("/archive/<int:doc_id>/pages/<int:page>.png")
def document_page(doc_id: int, page: int):
    doc = archive.get_document(get_db(), current_scope(), doc_id)
    try:
        return _image(page_png(_document_source(doc), page))
    except Pending:
        return pending_image()
    except (Unavailable, DocgenError) as exc:
        log.info("page %s of document %s unavailable: %s", page, doc_id, exc)
        return placeholder()


@bp.get("/templates/<kind_id>/versions/<int:version_id>/pages/<int:page>.png")
def version_page(kind_id: str, version_id: int, page: int):
    try:
        source = _version_sample(kind_id, version_id)
        return _image(page_png(source, page))
    except Pending:
        return pending_image()
    except Unavailable as exc:
        log.info("page %s of template version %s unavailable: %s", page, version_id, exc)
        return placeholder()
