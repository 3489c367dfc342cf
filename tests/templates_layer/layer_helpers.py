"""Helpers of the template-layer tests (a module of its own: conftest is not importable)."""

from __future__ import annotations

import copy
import io
import re
import zipfile
from html import unescape
from pathlib import Path
from typing import Any

from docx import Document
from factories import docx_bytes
from werkzeug.security import generate_password_hash

from docgen.model import read_data
from docgen.store.text import extract_text

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
TEMPLATES = ROOT / "docgen" / "templates"
CSRF_TOKEN = "t" * 43
PASSWORD = "пароль-для-тестов"
# A cheap scrypt for test accounts (real ones use werkzeug's default cost): logins stay fast.
PASSWORD_HASH = generate_password_hash(PASSWORD, method="scrypt:1024:8:1")
OLD_PHRASE = "Контроль за исполнением настоящего приказа оставляю за собой"
NEW_PHRASE = "Контроль за исполнением приказа оставляю за собой"

_raw: dict[str, dict] = {}


def _sample(name: str) -> dict:
    if name not in _raw:
        _raw[name] = read_data(SAMPLES / name)
    return copy.deepcopy(_raw[name])


def gymnasium_data() -> dict:
    return _sample("gymnasium-20.yaml")


def municipal_data() -> dict:
    return _sample("municipal-berezniki.json")


# -- .docx files ---------------------------------------------------------------------------------


docx = docx_bytes


def replace_phrase(content: bytes, old: str, new: str) -> bytes:
    """Edit a template as a person would in Word: change a phrase inside its run."""
    document = Document(io.BytesIO(content))
    found = False
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if old in run.text:
                run.text = run.text.replace(old, new)
                found = True
    assert found, f"phrase not found: {old}"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def default_template(name: str = "curator-order.docx") -> bytes:
    return (TEMPLATES / name).read_bytes()


def not_a_zip() -> bytes:
    return b"%PDF-1.4\n% not a Word document\n"


def zip_without_document_xml() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("hello.txt", "привет")
    return out.getvalue()


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<a/>")
        archive.writestr("word/media/bomb.bin", b"\0" * (70 * 1024 * 1024))
    return out.getvalue()


def split_runs() -> bytes:
    """A tag Word split across runs of different formatting."""
    document = Document()
    paragraph = document.add_paragraph("Назначить ")
    for piece in ("{{ cura", "tor.fio", ".acc }}", " куратором."):
        paragraph.add_run(piece).bold = piece == "tor.fio"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def text(content: bytes) -> str:
    return extract_text(content)


# -- requests --------------------------------------------------------------------------------------


def form(**fields: Any) -> dict[str, Any]:
    return {"csrf_token": CSRF_TOKEN, **fields}


def upload(client, kind: str, content: bytes, name: str = "шаблон.docx", comment: str = ""):
    return client.post(
        f"/templates/{kind}/upload",
        data=form(file=(io.BytesIO(content), name), comment=comment),
        content_type="multipart/form-data",
    )


def raw_upload(client, url: str, content: bytes, name: str = "шаблон.docx"):
    """A multipart upload built by hand: the test client spools a large multipart body it
    builds itself to a temporary file that it never closes (a ResourceWarning)."""
    boundary = "docgen-test-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{CSRF_TOKEN}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def office_publishes(client, content: bytes, comment: str = "") -> int:
    """As the office: upload and publish a curator-order version, build and publish the package."""
    response = upload(client, "curator-order", content, "приказ-уо.docx", comment=comment)
    assert response.status_code == 302, page_text(response.get_data(as_text=True))
    version_id = int(response.headers["Location"].rsplit("/", 1)[-1])
    assert (
        client.post(f"/templates/curator-order/versions/{version_id}/publish", data=form()).status_code == 302
    )
    built = client.post(
        "/templates/packages/", data=form(name="Шаблоны УО Березники", comment=comment, kinds="curator-order")
    )
    assert built.status_code == 302, page_text(client.get("/templates/packages/").get_data(as_text=True))
    package_id = int(built.headers["Location"].rsplit("/", 1)[-1])
    published = client.post(f"/templates/packages/{package_id}/publish", data=form())
    assert published.status_code == 302
    return package_id


def login(client, user: str) -> None:
    """Log in as `user` (password PASSWORD); every later form sends CSRF_TOKEN."""
    with client.session_transaction() as session:
        session["csrf"] = CSRF_TOKEN
    response = client.post("/login", data=form(login=user, password=PASSWORD))
    assert response.status_code == 302, page_text(response.get_data(as_text=True))
    with client.session_transaction() as session:
        session["csrf"] = CSRF_TOKEN  # a login starts a fresh session with a new token


def page_text(html: str) -> str:
    """The visible text of a page, whitespace collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
