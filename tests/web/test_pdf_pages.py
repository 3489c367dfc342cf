"""PDF copies and page pictures on the web: «Скачать PDF» (PDF/A) on an archive record, the
thumbnails of the archive search, page previews of a record and of a template version; scoped
routes (another organisation's ids answer 404); without LibreOffice a Russian message and the
.docx link, never a 500."""

from __future__ import annotations

import io
import re
import shutil
import time
from datetime import date
from pathlib import Path

import pytest

from docgen.model import read_data
from docgen.pdf import page_count, pdfa_part
from docgen.pdf.preview import PNG_MAGIC
from docgen.store import dossiers as drafts
from docgen.store import issue, orgs
from docgen.store.blobstore import open_store
from docgen.store.db import connect
from docgen.store.scope import Scope
from docgen.store.templates import default_template
from docgen.web import previews

ROOT = Path(__file__).resolve().parents[2]
no_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) не установлен")
no_pdftoppm = pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) не установлен"
)


def _issue(client, demo_id: int, kinds=("curator-order", "roadmap")) -> dict[str, int]:
    body = {"kinds": list(kinds), "date": "2025-09-01"}
    response = client.post(f"/api/v1/dossiers/{demo_id}/generate", json=body)
    assert response.status_code == 201, response.get_data(as_text=True)[:300]
    return {d["kind"]: d["id"] for d in response.get_json()["documents"]}


@pytest.fixture
def foreign(app) -> dict[str, int]:
    """A document and a template version of another organisation (not the demo school's)."""
    db = connect(app.config["DATABASE"])
    files = open_store(app.config["FILES_DIR"], app.config.get("STORAGE_URL") or "")
    try:
        org = orgs.create_organisation(db, name="Другая школа", short_name="Другая школа", kind="school")
        scope = Scope(org, "чужой")
        data = read_data(ROOT / "samples" / "gymnasium-20.yaml")
        dossier = drafts.save_draft(db, scope, school_year=data["school_year"], data=data)
        result = issue.issue_documents(db, files, scope, dossier_id=dossier, kinds=["roadmap"],
                                       issue_date=date(2025, 9, 1), issued_by="чужой")  # fmt: skip
        from docgen.store import templates

        upload = templates.upload_template(db, files, scope, "roadmap", default_template("roadmap").content,
                                           file_name="roadmap.docx")  # fmt: skip
        return {"document": result.documents[0]["id"], "version": int(upload.version_id)}
    finally:
        db.conn.close()


def _upload(client) -> str:
    """Upload the default roadmap template as a new version; the version page's URL."""
    content = io.BytesIO(default_template("roadmap").content)
    response = client.post("/templates/roadmap/upload", data={"file": (content, "roadmap.docx")},
                           content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return response.headers["Location"]


def ready(client, url: str, timeout: float = 180.0):
    """GET `url` again while it answers 202 («готовится»: a background job prepares it)."""
    deadline = time.monotonic() + timeout
    response = client.get(url)
    while response.status_code == 202 and time.monotonic() < deadline:
        time.sleep(0.1)
        response = client.get(url)
    return response


def settled(client, url: str):
    """A page whose pictures are being prepared polls (data-poll-reload), then reloads: the same."""
    page = client.get(url)
    waiting = re.search(r'data-poll-reload="([^"]+)"', page.get_data(as_text=True))
    if waiting:
        ready(client, waiting.group(1))
        page = client.get(url)
    return page


def _is_png(response) -> bool:
    return (
        response.status_code == 200
        and response.mimetype == "image/png"
        and response.data.startswith(PNG_MAGIC)
    )


# -- with LibreOffice ----------------------------------------------------------------------------


@pytest.mark.libreoffice
@no_soffice
@no_pdftoppm
def test_pdf_download_is_pdfa_and_pages_match(client, demo_id):
    doc_id = _issue(client, demo_id)["roadmap"]
    record = settled(client, f"/archive/{doc_id}")
    assert record.status_code == 200
    html = record.get_data(as_text=True)
    assert f'href="/archive/{doc_id}/document.pdf"' in html and "Скачать PDF" in html
    pictures = re.findall(rf'src="/archive/{doc_id}/pages/(\d+)\.png"', html)

    pdf = client.get(f"/archive/{doc_id}/document.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF-")
    assert pdfa_part(pdf.data) == 2  # PDF/A-2b: the archive copy
    assert b"pdfaid" in pdf.data
    assert (
        pdf.headers["Content-Disposition"].startswith("attachment")
        and ".pdf" in pdf.headers["Content-Disposition"]
    )
    assert len(pictures) == page_count(pdf.data) >= 2
    assert pictures == [str(n) for n in range(1, len(pictures) + 1)]
    for n in pictures:
        assert _is_png(client.get(f"/archive/{doc_id}/pages/{n}.png"))
    assert client.get(f"/archive/{doc_id}/pages/{len(pictures) + 1}.png").status_code == 404


@pytest.mark.libreoffice
@no_soffice
@no_pdftoppm
def test_thumbnails_are_scoped_and_cached(client, demo_id, foreign, monkeypatch):
    doc_id = _issue(client, demo_id, ["curator-order"])["curator-order"]
    search = client.get("/archive/").get_data(as_text=True)
    assert f'src="/archive/{doc_id}/thumbnail.png"' in search

    thumb = ready(client, f"/archive/{doc_id}/thumbnail.png")
    assert _is_png(thumb)
    assert "max-age" in thumb.headers["Cache-Control"] and "private" in thumb.headers["Cache-Control"]
    assert "no-store" not in thumb.headers["Cache-Control"]
    etag = thumb.headers["ETag"]
    assert client.get(f"/archive/{doc_id}/thumbnail.png", headers={"If-None-Match": etag}).status_code == 304

    # Cached: a second look converts nothing, even without LibreOffice.
    monkeypatch.setattr(previews, "libreoffice_available", lambda: False)
    assert client.get(f"/archive/{doc_id}/thumbnail.png").data == thumb.data
    assert client.get(f"/archive/{doc_id}/document.pdf").data.startswith(b"%PDF-")

    other = foreign["document"]
    for url in (
        f"/archive/{other}/thumbnail.png",
        f"/archive/{other}/pages/1.png",
        f"/archive/{other}/document.pdf",
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.libreoffice
@no_soffice
@no_pdftoppm
def test_template_version_page_by_page(client, foreign):
    version_url = _upload(client)
    version_id = int(version_url.rstrip("/").rsplit("/", 1)[1])
    html = settled(client, version_url).get_data(as_text=True)
    pages = re.findall(rf'src="/templates/roadmap/versions/{version_id}/pages/(\d+)\.png"', html)
    assert pages and f'data-pages="{len(pages)}"' in html
    sample = client.get(f"/templates/roadmap/versions/{version_id}/sample.docx").data
    from docgen.pdf import PdfConverter

    with PdfConverter(workers=1, pdfa=True) as converter:
        assert page_count(converter.convert(sample, "sample.docx")) == len(pages)
    assert _is_png(client.get(f"/templates/roadmap/versions/{version_id}/pages/1.png"))
    assert (
        client.get(f"/templates/roadmap/versions/{version_id}/pages/{len(pages) + 1}.png").status_code == 404
    )
    assert client.get(f"/templates/roadmap/versions/{foreign['version']}/pages/1.png").status_code == 404
    assert client.get(f"/templates/curator-order/versions/{version_id}/pages/1.png").status_code == 404


@pytest.mark.thread_jobs_only  # with a queue, LibreOffice is the worker's, not this process's
def test_viewer_sees_pictures_but_not_the_pdf(client, client_as, demo_id, monkeypatch):
    monkeypatch.setattr(previews, "libreoffice_available", lambda: False)
    doc_id = _issue(client, demo_id, ["curator-order"])["curator-order"]
    viewer = client_as("viewer")
    assert viewer.get(f"/archive/{doc_id}/document.pdf").status_code == 403
    assert viewer.get(f"/archive/{doc_id}/thumbnail.png").status_code == 200
    record = viewer.get(f"/archive/{doc_id}").get_data(as_text=True)
    assert f'href="/archive/{doc_id}/document.pdf"' not in record


# -- without LibreOffice -------------------------------------------------------------------------


@pytest.mark.thread_jobs_only  # with a queue, LibreOffice is the worker's, not this process's
def test_without_libreoffice_the_page_says_so_and_keeps_the_docx(client, demo_id, monkeypatch, foreign):
    monkeypatch.setenv("PATH", "/nonexistent")
    assert not previews.libreoffice_available()
    doc_id = _issue(client, demo_id, ["curator-order"])["curator-order"]

    record = settled(client, f"/archive/{doc_id}")
    assert record.status_code == 200
    html = record.get_data(as_text=True)
    assert "LibreOffice не установлен" in html
    assert f'href="/archive/{doc_id}/download"' in html
    assert f'href="/archive/{doc_id}/document.pdf"' not in html

    pdf = client.get(f"/archive/{doc_id}/document.pdf")
    assert pdf.status_code == 503
    assert "LibreOffice не установлен" in pdf.get_data(as_text=True)
    assert f'href="/archive/{doc_id}/download"' in pdf.get_data(as_text=True)

    for url in (f"/archive/{doc_id}/thumbnail.png", f"/archive/{doc_id}/pages/1.png"):
        placeholder = client.get(url)
        assert _is_png(placeholder), url
        assert "no-cache" in placeholder.headers["Cache-Control"]
    assert client.get(f"/archive/{foreign['document']}/thumbnail.png").status_code == 404

    search = client.get("/archive/").get_data(as_text=True)
    assert f'src="/archive/{doc_id}/thumbnail.png"' in search

    version = client.get(_upload(client))
    assert version.status_code == 200 and "LibreOffice не установлен" in version.get_data(as_text=True)
    assert "sample.docx" in version.get_data(as_text=True)
