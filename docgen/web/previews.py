"""PDF copies and page pictures: «Скачать PDF» on an archive record, thumbnails in the archive
search, page-by-page previews of a record and of a template version's sample document.

Everything is computed on first use from the .docx and cached (`docgen.store.previews`: the
docx sha256 → the PDF/A-2b copy's sha256, the thumbnail and the page PNGs, all blobs in the
FileStore). A request never converts: on a miss it queues a job (`docgen.store.preview_jobs`,
run in a thread by `jobs.py`, with the process's resident LibreOffice pool) and the page shows
«готовится» and asks again (`preview_routes.py`, static/previews.js). Documents are found
through the request's Scope, so another organisation's ids answer 404. Without LibreOffice the
pages say so in Russian and the .docx stays downloadable; an image route then answers with a
placeholder picture (never a 500).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlite_utils
from flask import Blueprint, abort, current_app

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
from docgen.pdf.pool import OfficePool, make_converter
from docgen.render.registry import get_kind
from docgen.store import preview_jobs, previews, templates
from docgen.store.blobstore import BlobStore
from docgen.store.db import now
from docgen.store.scope import Scope

from . import jobs
from .context import current_scope
from .db import get_db, get_files
from .metrics import note_pdf

log = logging.getLogger(__name__)

bp = Blueprint("previews", __name__)

THUMBNAIL_WIDTH = 300
PAGE_DPI = 72
MAX_PAGES = 60  # pictures shown on a page; longer documents: the first ones, and a note

NO_LIBREOFFICE = (
    "LibreOffice не установлен на сервере: PDF и просмотр страниц недоступны. "
    "Документ можно скачать в формате .docx."
)
PREPARING = "Изображения страниц готовятся — страница обновится сама."

# -- the converter: one per process, its LibreOffice kept running ------------------------------

POOL_SIZE = 1  # resident LibreOffice processes per web worker (gunicorn --workers 2: two in all)
MAX_JOBS = 2  # preview jobs of a process running at once (one converts while one draws pictures)

_lock = threading.Lock()
_converter: OfficePool | PdfConverter | None = None


def converter() -> OfficePool | PdfConverter:
    """The process's converter (PDF/A-2b): a resident pool, or one-shot soffice when no pool
    can start; PdfUnavailable without LibreOffice. Called from job threads only."""
    global _converter
    if not libreoffice_available():
        raise PdfUnavailable(NO_LIBREOFFICE)
    with _lock:
        if _converter is None:
            _converter = make_converter(POOL_SIZE, pdfa=True)
        return _converter


class Unavailable(Exception):
    """A PDF or picture cannot be made now; str() is the Russian reason."""


class NotReady(Exception):
    """The result is not in the cache (and the caller may not convert)."""


class Pending(Exception):
    """A job is preparing the result: the page shows «готовится» and asks again."""


# -- cache -------------------------------------------------------------------------------------


@dataclass
class Ctx:
    """Where a result is read from and written to: the request's, or a job thread's own."""

    db: sqlite_utils.Database
    files: BlobStore
    scope: Scope


def _request_ctx() -> Ctx:
    return Ctx(get_db(), get_files(), current_scope())


@dataclass
class Source:
    """A .docx to picture: whose it is (the cache's organisation), its hash, how to read it."""

    org_id: int
    sha256: str
    name: str
    content: bytes | None = None
    files: BlobStore | None = None

    def read(self) -> bytes:
        if self.content is None:
            assert self.files is not None
            self.content = self.files.get(self.sha256)
        return self.content


def _pdf_row(ctx: Ctx, source: Source, convert: bool = False) -> dict[str, Any]:
    """The cached row with the PDF; with `convert` (a job), converting the .docx first if needed
    (or again, when the PDF's blob is gone: a cache is rebuilt, never an error)."""
    found = previews.get_preview(ctx.db, ctx.scope, source.org_id, source.sha256)
    if found is not None and ctx.files.exists(found["pdf_sha256"]):
        return found
    if not convert:
        raise NotReady()
    if found is not None:
        log.warning("PDF of %s is missing from the file store: converting again", source.sha256)
        previews.drop_preview(ctx.db, ctx.scope, source.org_id, source.sha256)
    try:
        pdf = converter().convert(source.read(), source.name)
    except (PdfUnavailable, PdfConversionFailed) as exc:
        note_pdf("unavailable" if isinstance(exc, PdfUnavailable) else "failed")
        raise Unavailable(str(exc)) from None
    note_pdf("ok")
    sha = ctx.files.put(pdf)
    return previews.save_pdf(ctx.db, ctx.scope, source.org_id, source.sha256, sha, page_count(pdf))


def thumbnail(ctx: Ctx, source: Source, convert: bool = False) -> bytes:
    row = _pdf_row(ctx, source, convert)
    if row["thumbnail_sha256"] and ctx.files.exists(row["thumbnail_sha256"]):
        return ctx.files.get(row["thumbnail_sha256"])
    if not convert:
        raise NotReady()
    try:
        png = first_page_png(ctx.files.get(row["pdf_sha256"]), width=THUMBNAIL_WIDTH)
    except (PreviewUnavailable, PreviewFailed) as exc:
        raise Unavailable(str(exc)) from None
    previews.save_thumbnail(ctx.db, ctx.scope, source.org_id, source.sha256, ctx.files.put(png))
    return png


def page_shas(ctx: Ctx, source: Source, convert: bool = False) -> list[str]:
    """The sha256 of every page's PNG (drawn once, then cached)."""
    row = _pdf_row(ctx, source, convert)
    if row["pages"] is not None and all(ctx.files.exists(sha) for sha in row["pages"]):
        return row["pages"]
    if not convert:
        raise NotReady()
    try:
        pictures = pages_png(ctx.files.get(row["pdf_sha256"]), dpi=PAGE_DPI)
    except (PreviewUnavailable, PreviewFailed) as exc:
        raise Unavailable(str(exc)) from None
    shas = [ctx.files.put(png) for png in pictures]
    previews.save_pages(ctx.db, ctx.scope, source.org_id, source.sha256, shas)
    return shas


PRODUCE: dict[str, Callable[..., Any]] = {"pdf": _pdf_row, "thumbnail": thumbnail, "pages": page_shas}


# -- jobs: a request never converts, it asks a background job to -----------------------------


def cached(kind: str, source: Source) -> Any:
    """The cached result of `kind` for the request; Pending (a job is queued or already
    running) or Unavailable (no LibreOffice, a job failed a moment ago) when it is not there."""
    missed_at = now()
    try:
        return PRODUCE[kind](_request_ctx(), source)
    except NotReady:
        pass
    if not current_app.config.get("QUEUE_URL") and not libreoffice_available():  # else: the worker's
        raise Unavailable(NO_LIBREOFFICE)
    db, scope = get_db(), current_scope()
    _raise_recent_failure(db, scope, source, kind)
    job_id, state = preview_jobs.enqueue(db, scope, source.org_id, source.sha256, kind, missed_at)
    if state == "created":
        _start(kind, source, scope, job_id)
    if state != "finished":
        raise Pending()
    # A job ran to its end since the cache was read: its result (or its failure) is the answer,
    # not a second job for the same document.
    try:
        return PRODUCE[kind](_request_ctx(), source)
    except NotReady:
        pass
    _raise_recent_failure(db, scope, source, kind)
    raise Pending()


def _raise_recent_failure(db: sqlite_utils.Database, scope: Scope, source: Source, kind: str) -> None:
    failure = preview_jobs.recent_failure(db, scope, source.org_id, source.sha256, kind)
    if failure is not None:
        raise Unavailable(failure)


def _start(kind: str, source: Source, scope: Scope, job_id: int) -> None:
    # Picklable for the queue: a stored document is read again by the job; a template version's
    # sample, which is not stored, travels with the job.
    plain = Source(source.org_id, source.sha256, source.name, content=source.content)
    work = functools.partial(produce_job, kind=kind, source=plain, scope=scope, job_id=job_id)
    failed = functools.partial(produce_failed, scope=scope, job_id=job_id)
    jobs.submit("previews", f"{kind}-{job_id}", current_app.config, work, failed, limit=MAX_JOBS)


def produce_job(db: sqlite_utils.Database, files: BlobStore, *, kind: str, source: Source, scope: Scope,
                job_id: int) -> None:  # fmt: skip
    """A preview job (in a thread of the web process, or a `docgen worker`)."""
    preview_jobs.finish(db, scope, job_id, "running")
    source.files = files
    try:
        PRODUCE[kind](Ctx(db, files, scope), source, True)
    except (Unavailable, DocgenError) as exc:
        log.info("%s of %s unavailable: %s", kind, source.sha256, exc)
        preview_jobs.finish(db, scope, job_id, "failed", str(exc))
        return
    preview_jobs.finish(db, scope, job_id, "done")


def produce_failed(db: sqlite_utils.Database, *, scope: Scope, job_id: int) -> None:
    preview_jobs.finish(db, scope, job_id, "failed", "Внутренняя ошибка при подготовке документа")


def page_png(source: Source, page: int) -> bytes:
    shas = cached("pages", source)
    if not 1 <= page <= len(shas):
        abort(404, description="В документе нет такой страницы")
    return get_files().get(shas[page - 1])


# -- what the pages show -----------------------------------------------------------------------


@dataclass
class PagesInfo:
    """For the HTML: whether the PDF is there, how many page pictures, or why not (or that they
    are being prepared: `pending`)."""

    pdf: bool = False
    pages: int = 0
    shown: int = 0
    message: str = ""
    no_libreoffice: bool = False
    pending: bool = False


def pages_info(source: Source) -> PagesInfo:
    try:
        shas = cached("pages", source)
    except Pending:
        return PagesInfo(pdf=True, pending=True, message=PREPARING)
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


@bp.app_template_global()
def thumbnail_ready(doc: dict[str, Any]) -> bool:
    """For archive/index.html: is the document's thumbnail cached (else the page asks again)?"""
    try:
        thumbnail(_request_ctx(), _document_source(doc))
    except (NotReady, DocgenError):
        return False
    return True


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
