"""Issuing from the web: choose, confirm, issue; journal numbers; archive; re-render."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from werkzeug.datastructures import MultiDict

from docgen.errors import UnknownPlaceholder
from tests.web.conftest import read_form

KINDS = ["implementation-order", "curator-order", "pairs-order", "roadmap"]


def _issue(client, dossier_id: int, kinds: list[str], when: str = "01.09.2023"):
    fields = MultiDict([("kinds", k) for k in kinds] + [("issue_date", when)])
    confirm = client.post(f"/dossiers/{dossier_id}/generate", data=fields)
    assert confirm.status_code == 200
    return confirm, client.post(f"/dossiers/{dossier_id}/issue", data=fields)


def test_choose_lists_every_supported_kind_checked(client, demo_id):
    page = client.get(f"/dossiers/{demo_id}/generate").get_data(as_text=True)
    checked = re.findall(r'name="kinds" value="([^"]+)" checked', page)
    assert "pairs-order" in checked and "personal-programme" in checked
    assert "municipal-order" not in checked  # not for a school


def test_generate_journal_archive_download_rerender(client, demo_id):
    confirm, issued = _issue(client, demo_id, KINDS)
    text = confirm.get_data(as_text=True)
    assert "Будет сформировано файлов: <strong>4</strong>" in text
    assert "Приказы получат регистрационные номера в журнале: <strong>3</strong>" in text
    assert issued.status_code == 302
    batch_page = client.get(issued.headers["Location"]).get_data(as_text=True)
    # The journal gives the numbers in the series format of the demo («{n}-од»).
    for number in ("1-од", "2-од", "3-од"):
        assert f'<td data-label="Номер">{number}</td>' in batch_page
    zip_url = re.search(r'href="(/batches/\d+/package\.zip)"', batch_page).group(1)
    archive = zipfile.ZipFile(io.BytesIO(client.get(zip_url).data))
    names = archive.namelist()
    assert "manifest.json" in names
    assert sum(n.endswith(".docx") for n in names) == 4

    journal = client.get("/journal/").get_data(as_text=True)
    assert "<strong>3-од</strong>" in journal
    assert "01.09.2023" in journal

    # «Ивановой» finds the pairs order that names «Иванова Мария Петровна».
    found = client.get("/archive/", query_string={"q": "Ивановой"}).get_data(as_text=True)
    assert "Об утверждении наставнических пар (групп)" in found
    assert "<mark>" in found
    doc_id = re.search(r'href="/archive/(\d+)">Приказ «Об утверждении наставнических', found)
    record = client.get(f"/archive/{doc_id.group(1)}").get_data(as_text=True)
    for label in ("Хеш шаблона", "Хеш снимка досье", "Выпустил", "Скачать оригинал"):
        assert label in record
    download = client.get(f"/archive/{doc_id.group(1)}/download")
    assert download.status_code == 200
    assert download.data[:2] == b"PK"
    assert "attachment" in download.headers["Content-Disposition"]
    again = client.post(f"/archive/{doc_id.group(1)}/rerender").get_data(as_text=True)
    assert "Текст совпадает с оригиналом" in again

    # Export of chosen results as a ZIP.
    export = client.post("/archive/export", data=MultiDict([("ids", doc_id.group(1))]))
    assert zipfile.ZipFile(io.BytesIO(export.data)).namelist()[-1] == "manifest.json"


def test_filters_of_the_archive(client, demo_id):
    _issue(client, demo_id, KINDS)
    page = client.get("/archive/", query_string={"kind": "roadmap"}).get_data(as_text=True)
    assert "Найдено документов: 1" in page
    page = client.get("/archive/", query_string={"number": "2-од"}).get_data(as_text=True)
    assert "Найдено документов: 1" in page
    page = client.get("/archive/", query_string={"person": "Жмуриной"}).get_data(as_text=True)
    assert "о назначении куратора" in page
    page = client.get("/archive/", query_string={"year": "двадцать"}).get_data(as_text=True)
    assert "Год: ожидается целое число" in page


def test_invalid_dossier_goes_back_to_the_editor(client, demo_id):
    data = client.get(f"/api/v1/dossiers/{demo_id}").get_json()["data"]
    data["pairs"][0]["mentees"][0]["gender"] = ""
    client.put(
        f"/api/v1/dossiers/{demo_id}",
        json={"data": data, "revision": client.get(f"/api/v1/dossiers/{demo_id}").get_json()["revision"]},
    )
    response = client.get(f"/dossiers/{demo_id}/generate")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Документы сформировать нельзя" in page
    assert "Пара 1 → наставляемый 1 → пол" in page


def test_template_error_is_a_russian_page_and_registers_nothing(client, demo_id, monkeypatch):
    def broken(*args, **kwargs):
        raise UnknownPlaceholder("В шаблоне нет значения «curator.fio.xyz»", template="x.docx")

    monkeypatch.setattr("docgen.store.issue.render_dossier", broken)
    _confirm, issued = _issue(client, demo_id, KINDS)
    assert issued.status_code == 500
    text = issued.get_data(as_text=True)
    assert "Не удалось сформировать документ" in text
    assert "Ничего не зарегистрировано" in text
    assert "Traceback" not in text
    assert client.get("/api/v1/journal").get_json()["items"] == []
    assert client.get("/api/v1/archive").get_json()["total"] == 0


def test_void_a_journal_entry(client, demo_id):
    _issue(client, demo_id, ["curator-order"])
    entry = client.get("/api/v1/journal").get_json()["items"][0]
    empty = client.post(f"/journal/{entry['id']}/void", data={"reason": "  "})
    assert empty.status_code == 422
    assert "Укажите причину аннулирования номера" in empty.get_data(as_text=True)
    done = client.post(f"/journal/{entry['id']}/void", data={"reason": "ошибка в дате"})
    assert done.status_code == 302
    page = client.get("/journal/").get_data(as_text=True)
    assert "аннулирован</span> ошибка в дате" in page
    # The next number is not the voided one.
    _issue(client, demo_id, ["curator-order"])
    numbers = [e["number"] for e in client.get("/api/v1/journal").get_json()["items"]]
    assert numbers == ["1-од", "2-од"]


def test_series_settings_and_print(client, demo_id):
    page = client.get("/journal/series").get_data(as_text=True)
    assert "основная деятельность" in page
    created = client.post(
        "/journal/series",
        data={
            "code": "ls",
            "title": "личный состав",
            "number_format": "04-01-03-{n}",
            "year_mode": "school",
        },
    )
    assert created.status_code == 302
    bad = client.post(
        "/journal/series",
        data={
            "code": "x",
            "title": "другое",
            "number_format": "без номера",
            "year_mode": "calendar",
        },
    )
    assert bad.status_code == 422
    assert "должен содержать {n} ровно один раз" in bad.get_data(as_text=True)
    period = {"date_from": "01.01.2023", "date_to": "31.12.2023"}
    printed = client.get("/journal/print", query_string=period)
    assert printed.status_code == 200
    assert printed.data[:2] == b"PK"


@pytest.mark.parametrize("url", ["/dossiers/999/organisation", "/archive/999", "/batches/999"])
def test_missing_records_are_russian_404(client, demo_id, url):
    response = client.get(url)
    assert response.status_code == 404
    assert '<html lang="ru">' in response.get_data(as_text=True)


def test_editor_form_reader_sees_no_template_rows(client, demo_id):
    page = client.get(f"/dossiers/{demo_id}/pairs").get_data(as_text=True)
    assert not any("__i" in name for name, _ in read_form(page))
