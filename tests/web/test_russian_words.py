"""Russian everywhere a user looks (issue 15, §4): the audit log in words, organisation kinds,
the journal's series, the record page's author and technical details."""

from __future__ import annotations

import re

from issue_helpers import confirm_form


def _issue(client, demo_id) -> None:
    _html, fields = confirm_form(client, demo_id, ["curator-order", "roadmap"])
    assert client.post(f"/dossiers/{demo_id}/issue", data=fields).status_code == 302


def _document_ids(client) -> list[int]:
    html = client.get("/archive/").get_data(as_text=True)
    return sorted({int(i) for i in re.findall(r'href="/archive/(\d+)"', html)})


def test_audit_log_shows_objects_and_details_in_words(client, client_as, demo_id):
    _issue(client, demo_id)
    doc_id = _document_ids(client)[0]
    client.get(f"/archive/{doc_id}")
    client.post(f"/dossiers/{demo_id}/organisation", data={"revision": "999"})  # refused: not logged
    html = client_as("admin").get("/audit/").get_data(as_text=True)
    assert re.search(rf"документ № {doc_id} \((Приказ|Дорожная карта)", html), html
    assert "выпуск № " in html
    assert "номера: " in html and "досье № " in html
    assert "document №" not in html
    assert "numbers:" not in html and "['" not in html


def test_audit_details_of_the_api_say_api():
    from docgen.web.audit_words import details_in_words

    assert details_in_words({"numbers": ["1-од", "2-од"], "via": "api"}) == "номера: 1-од, 2-од; через: API"
    assert (
        details_in_words({"section": "pairs", "read_only": True})
        == "раздел: «Пары и группы»; только просмотр: да"
    )


def test_organisation_kinds_are_in_words(client_as):
    html = client_as("admin").get("/admin/organisations").get_data(as_text=True)
    assert "municipal_office" not in html.split("<tbody>")[1].split("</tbody>")[0]
    assert "муниципальный орган управления образованием" in html
    assert "общеобразовательная организация" in html


def test_journal_series_have_no_code_in_brackets(client, demo_id):
    html = client.get("/journal/").get_data(as_text=True)
    assert "(od)" not in html


def test_record_page_names_the_author_and_hides_hashes_under_technical_details(client, demo_id):
    _issue(client, demo_id)
    html = client.get(f"/archive/{_document_ids(client)[0]}").get_data(as_text=True)
    assert "<dt>Выпустил</dt><dd>Тест curator</dd>" in html
    technical = html.split("<summary>Технические сведения</summary>")[1].split("</details>")[0]
    assert "Хеш файла" in technical and "Хеш снимка досье" in technical
    assert "Хеш файла" not in html.split("<summary>Технические сведения</summary>")[0]
