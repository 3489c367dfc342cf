"""Versions through the web: every upload is a version, preview before it goes live (rendered
with the organisation's dossier, compared paragraph by paragraph), publish, revert, drop."""

from __future__ import annotations

import io

from docx import Document
from layer_helpers import (
    NEW_PHRASE,
    OLD_PHRASE,
    default_template,
    form,
    page_text,
    replace_phrase,
    text,
    upload,
)

from docgen.store import templates as layers
from docgen.store.blobstore import open_store


def _upload(client, content: bytes, comment: str) -> int:
    response = upload(client, "curator-order", content, "приказ.docx", comment=comment)
    assert response.status_code == 302, page_text(response.get_data(as_text=True))
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[-1])


def _publish(client, version_id: int, revert: bool = False):
    data = form(revert="1") if revert else form()
    return client.post(f"/templates/curator-order/versions/{version_id}/publish", data=data)


def test_preview_shows_the_changed_paragraph_before_anything_goes_live(client, db, school):
    version_id = _upload(client, replace_phrase(default_template(), OLD_PHRASE, NEW_PHRASE), "короче")
    html = client.get(f"/templates/curator-order/versions/{version_id}").get_data(as_text=True)
    visible = page_text(html)
    assert "Приказ о назначении куратора внедрения целевой модели наставничества: версия 1" in visible
    assert "не опубликована; сейчас действует встроенный по умолчанию" in visible
    assert "Предпросмотр: досье на 2022/2023 учебный год" in visible
    assert "изменён абзац было: 5. Контроль за исполнением настоящего приказа оставляю за собой." in visible
    assert "стало: 5. Контроль за исполнением приказа оставляю за собой." in visible
    assert "<del>настоящего</del>" in html
    assert '<p class="changed">5. Контроль за исполнением приказа оставляю за собой.</p>' in html
    assert "Назначить куратором внедрения целевой модели наставничества" in visible  # the preview text
    sample = client.get(f"/templates/curator-order/versions/{version_id}/sample.docx")
    assert sample.status_code == 200
    assert "5. Контроль за исполнением приказа оставляю за собой." in text(sample.data)
    assert layers.live_version(db, school, "curator-order") is None
    assert layers.resolve(db, _files(client), school, "curator-order").source == "default"


def test_preview_uses_the_demo_sample_when_the_organisation_has_no_dossier(client, db, school):
    db.execute("DELETE FROM dossiers WHERE org_id = ?", [school.org_id])
    version_id = _upload(client, replace_phrase(default_template(), OLD_PHRASE, NEW_PHRASE), "")
    visible = page_text(client.get(f"/templates/curator-order/versions/{version_id}").get_data(as_text=True))
    assert "Предпросмотр: демонстрационное досье (образец gymnasium-20)" in visible


def test_publish_then_revert_to_an_earlier_version(client, db, school):
    first = _upload(client, replace_phrase(default_template(), OLD_PHRASE, NEW_PHRASE), "первая")
    second = _upload(client, replace_phrase(default_template(), OLD_PHRASE, "Контроль — за мной"), "вторая")
    assert [v["seq"] for v in layers.list_versions(db, school, "curator-order")] == [2, 1]

    response = _publish(client, second)
    assert response.status_code == 302
    assert layers.live_version(db, school, "curator-order")["id"] == second
    page = page_text(client.get("/templates/curator-order/").get_data(as_text=True))
    assert "Действует шаблон своя версия 2" in page
    assert "Версия 1" in page and "Вернуть эту версию" in page

    assert _publish(client, first, revert=True).status_code == 302
    live = layers.live_version(db, school, "curator-order")
    assert (live["id"], live["seq"], live["comment"]) == (first, 1, "первая")
    resolved = layers.resolve(db, _files(client), school, "curator-order")
    assert NEW_PHRASE in text(resolved.content)
    events = [(e["action"], e["version_seq"]) for e in layers.template_events(db, school, "curator-order")]
    assert events == [("revert", 1), ("publish", 2), ("upload", 2), ("upload", 1)]
    history = page_text(client.get("/templates/curator-order/").get_data(as_text=True))
    assert "возвращена версия 1" in history and "опубликована версия 2" in history

    dropped = client.post("/templates/curator-order/adopt", data=form())
    assert dropped.status_code == 302
    assert layers.live_version(db, school, "curator-order") is None
    assert [v["seq"] for v in layers.list_versions(db, school, "curator-order")] == [2, 1]  # kept


def test_the_current_template_downloads_as_the_effective_one(client, db, school):
    assert client.get("/templates/curator-order/current.docx").data == default_template()
    version_id = _upload(client, replace_phrase(default_template(), OLD_PHRASE, NEW_PHRASE), "")
    _publish(client, version_id)
    current = client.get("/templates/curator-order/current.docx")
    assert current.headers["Content-Disposition"].startswith("attachment")
    body = "\n".join(p.text for p in Document(io.BytesIO(current.data)).paragraphs)
    assert NEW_PHRASE in body and OLD_PHRASE not in body
    assert client.get("/templates/curator-order/default.docx").data == default_template()


def test_a_version_of_another_kind_is_not_found_under_this_kind(client):
    version_id = _upload(client, replace_phrase(default_template(), OLD_PHRASE, NEW_PHRASE), "")
    assert client.get(f"/templates/pairs-order/versions/{version_id}").status_code == 404
    assert client.get("/templates/curator-order/versions/999").status_code == 404


def _files(client):

    return open_store(
        client.application.config["FILES_DIR"], client.application.config.get("STORAGE_URL") or ""
    )
