"""Uploading a template through the web: each refusal with its place and Russian reason, the
repair of tags Word split across runs, the upload size limit. A refused upload stores nothing."""

from __future__ import annotations

import io

import pytest
from docx import Document
from layer_helpers import (
    PASSWORD_HASH,
    docx,
    form,
    login,
    not_a_zip,
    page_text,
    raw_upload,
    split_runs,
    upload,
    zip_bomb,
    zip_without_document_xml,
)

from docgen.render.checks import MAX_TEMPLATE_BYTES
from docgen.store import Scope, connect, users
from docgen.store import templates as layers
from docgen.web.app import create_app

REFUSALS = [
    pytest.param(
        not_a_zip(), ["файл: это не документ .docx (файл не является zip-архивом Word)"], id="not-a-zip"
    ),
    pytest.param(
        zip_without_document_xml(),
        ["файл: в архиве нет word/document.xml — это не документ Word"],
        id="no-document-xml",
    ),
    pytest.param(
        zip_bomb(),
        ["файл: архив распаковывается в слишком большой объём (похоже на zip-бомбу)"],
        id="zip-bomb",
    ),
    pytest.param(
        docx("Первый абзац", "Назначить {% if curator %}куратора"),
        ["абзац «Назначить {% if curator %}куратора»:", "не закрыт блок"],
        id="jinja-syntax",
    ),
    pytest.param(
        docx("Назначить куратором {{ kurator.fio }}."),
        [
            "абзац «Назначить куратором {{ kurator.fio }}.»: вид документа не предоставляет поле "
            "{{ kurator.fio }}; возможно, {{ curator.fio }}"
        ],
        id="unknown-placeholder",
    ),
    pytest.param(
        docx("{%tr for p in acquainted %}", "{{ p.fio }}", "{%tr endfor %}"),
        ["абзац «{%tr for p in acquainted %}»: тег {%tr …%} ставится только в строке таблицы"],
        id="row-loop-outside-table",
    ),
]


@pytest.mark.parametrize(("content", "expected"), REFUSALS)
def test_a_broken_template_is_refused_with_place_and_reason(client, db, school, content, expected):
    response = upload(client, "curator-order", content, "мой-приказ.docx", comment="моя правка")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    visible = page_text(html)
    assert "Шаблон не принят: мой-приказ.docx" in visible
    for piece in expected:
        assert piece in visible
    assert 'role="alert"' in html
    assert 'value="моя правка"' in html  # the comment typed is kept
    assert layers.list_versions(db, school, "curator-order") == []


def test_a_split_tag_is_repaired_and_said_so(client, db, school, files):
    response = upload(client, "curator-order", split_runs(), "разбитый.docx")
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    visible = page_text(page.get_data(as_text=True))
    assert "исправлено автоматически: склеены теги, разбитые Word на части (1)" in visible
    (version,) = layers.list_versions(db, school, "curator-order")
    assert version["notes"] == ["исправлено тегов, разбитых Word на части: 1"]
    stored = Document(io.BytesIO(files.get(version["sha256"])))
    assert "{{ curator.fio.acc }}" in [r.text for r in stored.paragraphs[0].runs]
    assert "Предпросмотр" in visible and "Назначить Жмурину Ольгу Алексеевну куратором." in visible


def test_no_file_is_a_refusal_not_an_error(client):
    response = client.post(
        "/templates/curator-order/upload",
        data=form(comment="без файла"),
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "файл: выберите файл шаблона .docx" in page_text(response.get_data(as_text=True))


def test_a_file_over_the_template_limit_is_refused(client, db, school):
    big = b"PK" + b"\0" * MAX_TEMPLATE_BYTES
    response = raw_upload(client, "/templates/curator-order/upload", big, "огромный.docx")
    assert response.status_code == 413
    assert "файл: файл больше 10 МБ — это предел загрузки шаблона" in page_text(
        response.get_data(as_text=True)
    )
    assert layers.list_versions(db, school, "curator-order") == []


def test_the_upload_limit_follows_the_app_setting(tmp_path):
    app = create_app(
        {"TESTING": True, "DATA_DIR": str(tmp_path / "small"), "DEMO": True, "MAX_UPLOAD_MB": 0.5}
    )
    db = connect(app.config["DATABASE"])
    users.create_user(db, org_id=1, login="zhmurina", role="curator", password_hash=PASSWORD_HASH)
    client = app.test_client()
    login(client, "zhmurina")
    form_page = page_text(client.get("/templates/curator-order/").get_data(as_text=True))
    assert "Файл .docx не больше 0,5 МБ" in form_page
    response = raw_upload(client, "/templates/curator-order/upload", b"PK" + b"\0" * (600 * 1024))
    assert response.status_code == 413
    assert "Файл больше 0,5 МБ — это предел загрузки шаблона." in page_text(response.get_data(as_text=True))
    assert layers.list_versions(db, Scope(1), "curator-order") == []
    db.close()


def test_an_upload_to_an_unknown_kind_is_404(client):
    assert upload(client, "no-such-kind", docx("x")).status_code == 404


def test_a_template_that_passes_the_checks_but_fails_on_data_cannot_go_live(client, db, school):
    response = upload(client, "curator-order", docx("Делим: {{ 1 // 0 }}"), "деление.docx")
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    visible = page_text(page.get_data(as_text=True))
    assert "Документ по этой версии не формируется" in visible
    assert "ZeroDivisionError" in visible
    (version,) = layers.list_versions(db, school, "curator-order")
    refused = client.post(f"/templates/curator-order/versions/{version['id']}/publish", data=form())
    assert refused.status_code == 302
    assert layers.live_version(db, school, "curator-order") is None


def test_another_organisation_cannot_see_a_version(client, db, school, second_school_id, files):
    upload(client, "curator-order", split_runs())
    (version,) = layers.list_versions(db, school, "curator-order")
    other = Scope(second_school_id)
    assert layers.list_versions(db, other, "curator-order") == []
    with pytest.raises(layers.NotFound):
        layers.get_version(db, other, version["id"])


def test_a_viewer_sees_the_templates_but_cannot_upload(app, db, demo_id):
    users.create_user(db, org_id=demo_id, login="viewer", role="viewer", password_hash=PASSWORD_HASH)
    viewer = app.test_client()
    login(viewer, "viewer")
    visible = page_text(viewer.get("/templates/curator-order/").get_data(as_text=True))
    assert "Загружать и публиковать шаблоны ваша роль не позволяет." in visible
    assert "Загрузить и проверить" not in visible
    assert upload(viewer, "curator-order", split_runs()).status_code == 403
    assert layers.list_versions(db, Scope(demo_id), "curator-order") == []
