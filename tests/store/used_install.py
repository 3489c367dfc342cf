"""A USED installation for the backup tests: the demo loaded, a new dossier written and its
package issued, a template version uploaded and its page pictures opened, the archive's
thumbnails and a PDF viewed — all through the web app, as users do.

Without LibreOffice (or to keep the tests quick) `fake_office` stands in for the converter and
pdftoppm: a small PDF per .docx and a real PNG per page. (A module of its own: conftest is not
importable.)
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from werkzeug.security import generate_password_hash

from docgen.pdf.preview import PNG_MAGIC
from docgen.store import orgs, users
from docgen.store.db import connect
from docgen.store.engine import database_target
from docgen.store.templates import default_template
from docgen.web import previews
from docgen.web.app import create_app

PASSWORD = "пароль-резервных-копий"
PASSWORD_HASH = generate_password_hash(PASSWORD, method="scrypt:1024:8:1")
CURATOR = "curator-backup"
VERSION_KIND = "curator-order"
FAKE_PAGES = 2


# -- a stand-in for LibreOffice and pdftoppm --------------------------------------------------------


def png(seed: bytes) -> bytes:
    """A valid 1×1 PNG whose bytes depend on `seed`."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    digest = hashlib.sha256(seed).digest()
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        PNG_MAGIC
        + chunk(b"IHDR", header)
        + chunk(b"tEXt", b"seed\x00" + digest.hex().encode())
        + chunk(b"IDAT", zlib.compress(b"\x00" + digest[:3]))
        + chunk(b"IEND", b"")
    )


class FakeConverter:
    def convert(self, content: bytes, name: str) -> bytes:
        pages = b"".join(b"%d 0 obj << /Type /Page >> endobj\n" % n for n in range(1, FAKE_PAGES + 1))
        return b"%PDF-1.7\n% " + hashlib.sha256(content).hexdigest().encode() + b"\n" + pages + b"%%EOF\n"


def fake_office(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(previews, "libreoffice_available", lambda: True)
    monkeypatch.setattr(previews, "converter", FakeConverter)
    monkeypatch.setattr(previews, "first_page_png", lambda pdf, width=300: png(pdf + b"thumbnail"))
    monkeypatch.setattr(
        previews, "pages_png", lambda pdf, dpi=60: [png(pdf + b"%d" % n) for n in range(1, FAKE_PAGES + 1)]
    )


@contextmanager
def faked_office() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        fake_office(patch)
        yield


# -- the installation -------------------------------------------------------------------------------


def app_on(data_dir: Path):
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DEMO": True})


def add_curator(app) -> None:
    db = connect(app.config["DATABASE"])
    try:
        if users.find_user(db, CURATOR) is None:
            school = min(orgs.list_organisations(db), key=lambda o: o["id"])
            users.create_user(db, org_id=school["id"], login=CURATOR, role="curator",
                              password_hash=PASSWORD_HASH, name="Резервова Анна Петровна")  # fmt: skip
    finally:
        db.conn.close()


def log_in(client):
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"login": CURATOR, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    with client.session_transaction() as session:
        client.environ_base["HTTP_X_CSRF_TOKEN"] = session["csrf"]
    return client


def curator(data_dir: Path):
    """A logged-in curator of the demo school on the installation in `data_dir`."""
    app = app_on(data_dir)
    add_curator(app)
    return log_in(app.test_client())


def ready(client, url: str, timeout: float = 120.0):
    """GET `url` again while it answers 202 («готовится»: a background job prepares it)."""
    deadline = time.monotonic() + timeout
    response = client.get(url)
    while response.status_code == 202 and time.monotonic() < deadline:
        time.sleep(0.1)
        response = client.get(url)
    return response


def is_png(response) -> bool:
    ok = response.status_code == 200 and response.mimetype == "image/png"
    return ok and response.data.startswith(PNG_MAGIC)


def _year_later(value: Any) -> Any:
    """Every date in the data moved a year on (ISO «2022-09-15» or «15.09.2022»)."""
    if isinstance(value, dict):
        return {k: _year_later(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_year_later(v) for v in value]
    if isinstance(value, str):
        value = re.sub(r"^(\d{4})(-\d{2}-\d{2})$", lambda m: f"{int(m[1]) + 1}{m[2]}", value)
        return re.sub(r"^(\d{2}\.\d{2}\.)(\d{4})$", lambda m: f"{m[1]}{int(m[2]) + 1}", value)
    return value


def new_dossier(client) -> int:
    """A dossier of its own for 2023/2024: the demo's, a year later, with another site section."""
    demo = client.get("/api/v1/dossiers").get_json()["items"][0]["id"]
    data = _year_later(client.get(f"/api/v1/dossiers/{demo}").get_json()["data"])
    data["school_year"] = "2023/2024"
    data["site_section"] = "https://example.org/nastavnichestvo/2023"
    created = client.post("/api/v1/dossiers", json={"data": data})
    assert created.status_code == 201, created.get_data(as_text=True)[:500]
    return created.get_json()["id"]


def use(data_dir: Path, kinds: list[str] | None = None) -> dict[str, Any]:
    """Make the installation in `data_dir` a used one; what was done, for the tests. `kinds`:
    the documents to issue (all of the package by default)."""
    client = curator(data_dir)
    dossier = new_dossier(client)
    issued = client.post(f"/api/v1/dossiers/{dossier}/generate", json={"date": "2023-09-01", "kinds": kinds})
    assert issued.status_code == 201, issued.get_data(as_text=True)[:500]
    documents = [d["id"] for d in issued.get_json()["documents"]]
    assert len(documents) == len(kinds) if kinds else len(documents) >= 3

    uploaded = client.post(f"/templates/{VERSION_KIND}/upload", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(default_template(VERSION_KIND).content), "приказ.docx"),
                                 "comment": "наша версия"})  # fmt: skip
    assert uploaded.status_code == 302, uploaded.get_data(as_text=True)[:500]
    version_url = uploaded.headers["Location"]
    pictures = version_pictures(client, version_url)
    assert pictures and all(is_png(ready(client, src)) for src in pictures)

    search = client.get("/archive/").get_data(as_text=True)
    thumbnails = sorted(set(re.findall(r'src="(/archive/\d+/thumbnail\.png)"', search)))
    assert len(thumbnails) >= min(3, len(documents))
    assert all(is_png(ready(client, src)) for src in thumbnails)
    pdf = ready(client, f"/archive/{documents[0]}/document.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    return {"documents": documents, "version_url": version_url, "dossier": dossier}


def version_pictures(client, version_url: str) -> list[str]:
    """The page pictures a version's page shows (once a job has drawn them: the page polls)."""
    page = client.get(version_url)
    assert page.status_code == 200
    waiting = re.search(r'data-poll-reload="([^"]+)"', page.get_data(as_text=True))
    if waiting:
        ready(client, waiting.group(1))
        page = client.get(version_url)
    return re.findall(r'src="(/templates/[^"]+/pages/\d+\.png)"', page.get_data(as_text=True))


# -- looking inside ---------------------------------------------------------------------------------


def query(data_dir: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = connect(database_target(data_dir))  # autocommit, on the engine the suite runs on
    try:
        return [tuple(row) for row in conn.execute(sql, list(params)).fetchall()]
    finally:
        conn.close()


def blob(data_dir: Path, sha: str) -> Path:
    return data_dir / "files" / sha[:2] / sha[2:4] / sha


def blobs(data_dir: Path) -> set[str]:
    return {p.name for p in (data_dir / "files").rglob("*") if p.is_file()}
