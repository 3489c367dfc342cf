"""PDF copies and page pictures: «Скачать PDF» on an archive record, thumbnails in the archive
search, page-by-page previews of a record and of a template version's sample document.

Everything is computed on first use from the .docx and cached (`docgen.store.previews`: the
docx sha256 → the PDF/A-2b copy's sha256, the thumbnail and the page PNGs, all blobs in the
FileStore). Documents are found through the request's Scope, so another organisation's ids
answer 404. Without LibreOffice the pages say so in Russian and the .docx stays downloadable;
an image route then answers with a placeholder picture (never a 500).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, current_app, g, render_template, request

from docgen.errors import DocgenError, UnknownKind
from docgen.pdf import (
    PdfConversionFailed,
    PdfConverter,
    PdfUnavailable,
    PreviewFailed,
    PreviewUnavailable,
    first_page_png,
    libreoffice_available,
    page_count,
    pages_png,
)
from docgen.render.registry import get_kind
from docgen.store import archive, previews, templates
from docgen.store.files import FileStore

from .audit_area import log_action
from .context import current_scope
from .db import get_db, get_files
from .downloads import attachment
from .metrics import note_pdf

log = logging.getLogger(__name__)

bp = Blueprint("previews", __name__)

THUMBNAIL_WIDTH = 300
PAGE_DPI = 72
MAX_PAGES = 60  # pictures shown on a page; longer documents: the first ones, and a note
IMAGE_CACHE = "private, max-age=86400"
PLACEHOLDER = Path(__file__).resolve().parent / "static" / "preview-unavailable.png"

NO_LIBREOFFICE = (
    "LibreOffice не установлен на сервере: PDF и просмотр страниц недоступны. "
    "Документ можно скачать в формате .docx."
)

# -- the converter: one per process, its LibreOffice profile stays warm -------------------------

_lock = threading.Lock()
_converter: PdfConverter | None = None


def converter() -> PdfConverter:
    """The process's PdfConverter (PDF/A-2b); PdfUnavailable without LibreOffice."""
    global _converter
    if not libreoffice_available():
        raise PdfUnavailable(NO_LIBREOFFICE)
    with _lock:
        if _converter is None:
            _converter = PdfConverter(workers=2, pdfa=True)
        return _converter


class Unavailable(Exception):
    """A PDF or picture cannot be made now; str() is the Russian reason."""


# -- cache -------------------------------------------------------------------------------------


@dataclass
class Source:
    """A .docx to picture: whose it is (the cache's organisation), its hash, how to read it."""

    org_id: int
    sha256: str
    name: str
    content: bytes | None = None
    files: FileStore | None = None

    def read(self) -> bytes:
        if self.content is None:
            assert self.files is not None
            self.content = self.files.get(self.sha256)
        return self.content


def _pdf_row(source: Source) -> dict[str, Any]:
    """The cached row with the PDF, converting the .docx first if needed (or again, when the
    PDF's blob is gone: a cache is rebuilt, never an error)."""
    db, scope = get_db(), current_scope()
    found = previews.get_preview(db, scope, source.org_id, source.sha256)
    if found is not None and get_files().exists(found["pdf_sha256"]):
        return found
    if found is not None:
        log.warning("PDF of %s is missing from the file store: converting again", source.sha256)
        previews.drop_preview(db, scope, source.org_id, source.sha256)
    try:
        pdf = converter().convert(source.read(), source.name)
    except (PdfUnavailable, PdfConversionFailed) as exc:
        note_pdf("unavailable" if isinstance(exc, PdfUnavailable) else "failed")
        raise Unavailable(str(exc)) from None
    note_pdf("ok")
    sha = get_files().put(pdf)
    return previews.save_pdf(db, scope, source.org_id, source.sha256, sha, page_count(pdf))


def pdf_bytes(source: Source) -> tuple[bytes, int]:
    row = _pdf_row(source)
    return get_files().get(row["pdf_sha256"]), int(row["page_count"])


def thumbnail(source: Source) -> bytes:
    row = _pdf_row(source)
    files = get_files()
    if row["thumbnail_sha256"] and files.exists(row["thumbnail_sha256"]):
        return files.get(row["thumbnail_sha256"])
    try:
        png = first_page_png(files.get(row["pdf_sha256"]), width=THUMBNAIL_WIDTH)
    except (PreviewUnavailable, PreviewFailed) as exc:
        raise Unavailable(str(exc)) from None
    previews.save_thumbnail(get_db(), current_scope(), source.org_id, source.sha256, files.put(png))
    return png


def page_shas(source: Source) -> list[str]:
    """The sha256 of every page's PNG (drawn once, then cached)."""
    row = _pdf_row(source)
    files = get_files()
    if row["pages"] is not None and all(files.exists(sha) for sha in row["pages"]):
        return row["pages"]
    try:
        pictures = pages_png(files.get(row["pdf_sha256"]), dpi=PAGE_DPI)
    except (PreviewUnavailable, PreviewFailed) as exc:
        raise Unavailable(str(exc)) from None
    shas = [files.put(png) for png in pictures]
    previews.save_pages(get_db(), current_scope(), source.org_id, source.sha256, shas)
    return shas


def page_png(source: Source, page: int) -> bytes:
    shas = page_shas(source)
    if not 1 <= page <= len(shas):
        abort(404, description="В документе нет такой страницы")
    return get_files().get(shas[page - 1])


# -- what the pages show -----------------------------------------------------------------------


@dataclass
class PagesInfo:
    """For the HTML: whether the PDF is there, how many page pictures, or why not."""

    pdf: bool = False
    pages: int = 0
    shown: int = 0
    message: str = ""
    no_libreoffice: bool = False


def pages_info(source: Source) -> PagesInfo:
    try:
        shas = page_shas(source)
    except Unavailable as exc:
        found = previews.get_preview(get_db(), current_scope(), source.org_id, source.sha256)
        message = str(exc)
        no_office = not libreoffice_available() and found is None
        if no_office:
            message = NO_LIBREOFFICE
        return PagesInfo(pdf=found is not None, message=message, no_libreoffice=no_office)
    except DocgenError as exc:  # a blob missing or damaged: say so, never a 500
        log.error("preview of %s: %s", source.sha256, exc)
        return PagesInfo(message=f"Просмотр недоступен: {exc}")
    return PagesInfo(pdf=True, pages=len(shas), shown=min(len(shas), MAX_PAGES))


def _document_source(doc: dict[str, Any]) -> Source:
    return Source(int(doc["org_id"]), doc["sha256"], doc["filename"], files=get_files())


@bp.app_template_global()
def document_pages(doc: dict[str, Any]) -> PagesInfo:
    """For archive/record.html: the PDF and page pictures of an archived document."""
    return pages_info(_document_source(doc))


def _version_sample(kind_id: str, version_id: int) -> Source:
    """The sample .docx of a template version of the caller's organisation (as on its page)."""
    try:
        kind = get_kind(kind_id)
    except UnknownKind:
        abort(404)
    db, scope = get_db(), current_scope()
    version, content = templates.version_content(db, get_files(), scope, version_id)
    if version["kind"] != kind.id:
        abort(404)
    dossier, _label = templates.preview_dossier(db, scope, kind.id)
    try:
        name, document = templates.render_with(dossier, kind.id, content)
    except DocgenError as exc:
        raise Unavailable(f"Документ по версии {version['seq']} не формируется: {exc}") from None
    return Source(scope.org_id, hashlib.sha256(document).hexdigest(), name, content=document)


@bp.app_template_global()
def version_pages(kind_id: str, version_id: int, content: bytes | None) -> PagesInfo:
    """For templates/version.html: page pictures of the version's sample document."""
    if not content:
        return PagesInfo(message="Документ по этой версии не формируется")
    source = Source(current_scope().org_id, hashlib.sha256(content).hexdigest(), f"{kind_id}.docx", content)
    return pages_info(source)


# -- responses ---------------------------------------------------------------------------------


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


# -- routes ------------------------------------------------------------------------------------


@bp.get("/archive/<int:doc_id>/document.pdf")
def document_pdf(doc_id: int):
    doc = archive.get_document(get_db(), current_scope(), doc_id)
    try:
        pdf, _pages = pdf_bytes(_document_source(doc))
    except Unavailable:
        g.pdf_refused = True
        page = render_template("archive/record.html", doc=doc, rerendered=None, diff=None)
        return page, 503
    log_action("document_download", "document", doc_id, format="pdf")
    name = doc["filename"].rsplit(".", 1)[0] + ".pdf"
    return attachment(pdf, name, "application/pdf")


@bp.get("/archive/<int:doc_id>/thumbnail.png")
def document_thumbnail(doc_id: int):
    doc = archive.get_document(get_db(), current_scope(), doc_id)
    try:
        return _image(thumbnail(_document_source(doc)))
    except (Unavailable, DocgenError) as exc:
        log.info("thumbnail of document %s unavailable: %s", doc_id, exc)
        return placeholder()


@bp.get("/archive/<int:doc_id>/pages/<int:page>.png")
def document_page(doc_id: int, page: int):
    doc = archive.get_document(get_db(), current_scope(), doc_id)
    try:
        return _image(page_png(_document_source(doc), page))
    except (Unavailable, DocgenError) as exc:
        log.info("page %s of document %s unavailable: %s", page, doc_id, exc)
        return placeholder()


@bp.get("/templates/<kind_id>/versions/<int:version_id>/pages/<int:page>.png")
def version_page(kind_id: str, version_id: int, page: int):
    try:
        source = _version_sample(kind_id, version_id)
        return _image(page_png(source, page))
    except Unavailable as exc:
        log.info("page %s of template version %s unavailable: %s", page, version_id, exc)
        return placeholder()
