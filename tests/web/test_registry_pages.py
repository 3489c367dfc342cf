"""«Реестр» pages: import from a spreadsheet (preview, confirm, re-import), the registry and its
exports, the municipal roll-up, KPIs and charts, the roadmap timeline and calendar, scoping."""

from __future__ import annotations

import copy
import io
import re
import zipfile
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from web_helpers import PASSWORD_HASH, log_in

from docgen.forms.defaults import json_safe
from docgen.model import read_data
from docgen.participants import NAME_BIRTH
from docgen.store import dossiers, orgs, users
from docgen.store.db import connect, rows
from docgen.store.scope import Scope
from docgen.web.demo import DEMO_SAMPLE
from tests.web.conftest import read_form

PNG = b"\x89PNG\r\n\x1a\n"
HEADERS = ["Фамилия наставника", "Имя наставника", "Отчество наставника", "Пол наставника",
           "Должность наставника", "Фамилия наставляемого", "Имя наставляемого", "Отчество наставляемого",
           "Пол наставляемого", "Класс/должность наставляемого", "Форма наставничества", "Начало",
           "Окончание"]  # fmt: skip
GOOD = [
    ["Сорокина", "Вера", "Павловна", "ж", "учитель биологии", "Лапин", "Олег", "Игоревич", "м",
     "учитель биологии", "учитель – учитель", "15.09.2022", "31.05.2023"],
    ["Сорокина", "Вера", "Павловна", "ж", "учитель биологии", "Рыбакова", "Нина", "Олеговна", "ж",
     "обучающаяся 7 «Б» класса", "учитель – ученик", "15.09.2022", "31.05.2023"],
]  # fmt: skip
BAD_GENDER = ["Зуев", "Пётр", "Ильич", "x", "учитель истории", "Котов", "Ян", "Ильич", "м",
              "учитель истории", "учитель – учитель", "15.09.2022", "31.05.2023"]  # fmt: skip


def sheet(*body: list[Any], headers: list[str] = HEADERS) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = "Участники"
    ws.append(headers)
    for values in body:
        ws.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def preview(client, dossier_id: int, content: bytes, name: str = "uchastniki.xlsx", match_by=NAME_BIRTH):
    return client.post(f"/registry/dossiers/{dossier_id}/import",
                       data={"file": (io.BytesIO(content), name), "match_by": match_by},
                       content_type="multipart/form-data")  # fmt: skip


def confirm(client, dossier_id: int, page: str, **changes: str):
    fields = dict(read_form(page, "confirm-import"))
    fields.update(changes)
    return client.post(f"/registry/dossiers/{dossier_id}/import/confirm", data=fields)


def data_of(client, dossier_id: int) -> dict[str, Any]:
    return client.get(f"/api/v1/dossiers/{dossier_id}").get_json()["data"]


def audit(app, action: str) -> list[dict[str, Any]]:
    db = connect(app.config["DATABASE"])
    try:
        return rows(db, "SELECT * FROM audit WHERE action = ? ORDER BY id", [action])
    finally:
        db.conn.close()


# -- import --------------------------------------------------------------------------------------


def test_import_page_offers_the_sample_and_matching(client, demo_id):
    page = client.get(f"/registry/dossiers/{demo_id}/import").get_data(as_text=True)
    assert 'href="/registry/sample.xlsx"' in page
    assert "Сопоставлять людей по" in page and "ФИО и дата рождения" in page
    assert 'enctype="multipart/form-data"' in page and 'name="csrf_token"' in page
    sample = client.get("/registry/sample.xlsx")
    assert sample.status_code == 200
    assert "Инструкция" in load_workbook(io.BytesIO(sample.data)).sheetnames


def test_preview_shows_a_bad_row_with_its_number_and_column(client, demo_id):
    response = preview(client, demo_id, sheet(GOOD[0], BAD_GENDER, GOOD[1]))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    message = "Неизвестный пол «x»: укажите «м» или «ж»"
    assert f'<td class="num">3</td><td>Пол наставника</td><td>{message}</td>' in page
    assert '<strong id="count-new">2</strong>' in page
    assert "Загрузить 2 строки" in page
    assert re.search(r'name="sha256" value="[0-9a-f]{64}"', page)
    # Nothing is written by a preview.
    assert all(p["mentor"]["surname"] != "Сорокина" for p in data_of(client, demo_id)["pairs"])


def test_a_sheet_without_required_columns_cannot_be_loaded(client, demo_id):
    response = preview(client, demo_id, sheet(GOOD[0][:3], headers=HEADERS[:3]))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Нет обязательного столбца «Пол наставника»" in page
    assert "confirm-import" not in page
    missing = client.post(f"/registry/dossiers/{demo_id}/import", data={"match_by": "name"},
                          content_type="multipart/form-data")  # fmt: skip
    assert missing.status_code == 422 and "Выберите файл таблицы" in missing.get_data(as_text=True)


def test_confirm_imports_the_good_rows_and_a_reimport_changes_nothing(app, client, demo_id):
    before = data_of(client, demo_id)
    content = sheet(GOOD[0], BAD_GENDER, GOOD[1])
    done = confirm(client, demo_id, preview(client, demo_id, content).get_data(as_text=True))
    assert done.status_code == 302
    assert done.headers["Location"].startswith(f"/dossiers/{demo_id}/pairs")
    after = data_of(client, demo_id)
    added = after["pairs"][len(before["pairs"]) :]
    assert [(p["mentor"]["surname"], [m["surname"] for m in p["mentees"]]) for p in added] == [
        ("Сорокина", ["Лапин"]), ("Сорокина", ["Рыбакова"])]  # fmt: skip
    assert all(p["mentor"]["surname"] != "Зуев" for p in after["pairs"])  # the bad row is not loaded
    editor = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Загружено строк: 2" in editor and 'value="Рыбакова"' in editor
    entry = audit(app, "participants_import")[-1]
    assert entry["object_id"] == str(demo_id) and '"rows": 2' in entry["details"]

    again = preview(client, demo_id, content).get_data(as_text=True)
    assert '<strong id="count-new">0</strong>' in again
    assert '<strong id="count-updated">0</strong>' in again
    assert '<strong id="count-unchanged">2</strong>' in again
    assert confirm(client, demo_id, again).status_code == 302
    assert data_of(client, demo_id)["pairs"] == after["pairs"]


def test_confirm_trusts_nothing_from_the_browser(client, demo_id):
    page = preview(client, demo_id, sheet(*GOOD)).get_data(as_text=True)
    other_sha = "0" * 64
    for changes in ({"sha256": other_sha}, {"filename": "drugoj.csv"}, {"match_by": "name"}, {"ticket": "x"}):
        response = confirm(client, demo_id, page, **changes)
        assert response.status_code == 400, changes
        assert "загрузите файл ещё раз" in response.get_data(as_text=True)
    # The draft was saved in between: the preview is shown again against the current draft.
    data = data_of(client, demo_id)
    client.put(
        f"/api/v1/dossiers/{demo_id}",
        json={"data": data, "revision": client.get(f"/api/v1/dossiers/{demo_id}").get_json()["revision"]},
    )
    stale = confirm(client, demo_id, page)
    assert stale.status_code == 409 and "Досье изменилось после проверки" in stale.get_data(as_text=True)
    assert len(data_of(client, demo_id)["pairs"]) == len(data["pairs"])
    assert confirm(client, demo_id, stale.get_data(as_text=True)).status_code == 302
    assert len(data_of(client, demo_id)["pairs"]) == len(data["pairs"]) + 2


def test_a_csv_sheet_and_matching_by_a_column(client, demo_id):
    text = ";".join(HEADERS) + "\r\n" + ";".join(GOOD[0]) + "\r\n"
    page = preview(client, demo_id, text.encode("cp1251"), "spisok.csv", match_by="Телефон")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "телефон (если не указан" in body and "Загрузить 1 строку" in body


# -- registry and exports ------------------------------------------------------------------------


def test_registry_lists_the_gymnasium_mentors_and_mentees(client, demo_id):
    page = client.get(f"/registry/dossiers/{demo_id}/").get_data(as_text=True)
    assert "База наставников" in page and "База наставляемых" in page
    for name in ("Иванова Мария Петровна", "Кириллов Артём Сергеевич"):
        assert name in page
    minors = client.get(f"/registry/dossiers/{demo_id}/", query_string={"minor": "да"}).get_data(as_text=True)
    mentees = minors.split('id="mentees"')[1]
    assert "Кириллов Артём Сергеевич" not in mentees  # a young teacher, not a minor
    assert '">да</td>' in mentees and '">нет</td>' not in mentees  # cells carry a data-label
    assert "registry.xlsx?minor=" in minors


def test_xlsx_export_opens_with_openpyxl_and_is_audited(app, client, demo_id):
    response = client.get(f"/registry/dossiers/{demo_id}/registry.xlsx")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Наставники", "Наставляемые"]
    header = [c.value for c in book["Наставники"][1]]
    assert header[:3] == ["№", "ФИО", "Пол"]
    assert book["Наставники"]["B2"].value == "Иванова Мария Петровна"
    entry = audit(app, "registry_export")[-1]
    assert entry["object_id"] == str(demo_id) and '"format": "xlsx"' in entry["details"]
    url = f"/registry/dossiers/{demo_id}/registry.docx"
    docx = client.get(url, query_string={"form": "учитель – ученик"})
    assert docx.status_code == 200
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(docx.data)).namelist()


def test_viewer_sees_the_registry_but_cannot_import_or_download(client_as, demo_id):
    viewer = client_as("viewer")
    page = viewer.get(f"/registry/dossiers/{demo_id}/").get_data(as_text=True)
    assert "Иванова Мария Петровна" in page and "Скачать .xlsx" not in page and "import" not in page
    assert viewer.get(f"/registry/dossiers/{demo_id}/import").status_code == 403
    assert preview(viewer, demo_id, sheet(*GOOD)).status_code == 403
    assert viewer.get(f"/registry/dossiers/{demo_id}/registry.xlsx").status_code == 403


# -- municipal roll-up ---------------------------------------------------------------------------


def _school(app, short_name: str, parent: str | None, surname: str) -> int:
    """Another school (under the office `parent`, or none) with a copy of the demo dossier."""
    db = connect(app.config["DATABASE"])
    try:
        parent_id = orgs.find_organisation(db, parent)["id"] if parent else None
        org_id = orgs.create_organisation(db, name=f"{short_name} (полное)", short_name=short_name,
                                          kind="school", parent_id=parent_id)  # fmt: skip
        data = copy.deepcopy(json_safe(read_data(DEMO_SAMPLE)))
        data["pairs"] = data["pairs"][:2]
        data["pairs"][0]["mentor"]["surname"] = surname
        dossier_id = dossiers.save_draft(db, Scope(org_id), school_year=data["school_year"], data=data)
        users.create_user(db, org_id=org_id, login=f"curator-{org_id}", role="curator",
                          password_hash=PASSWORD_HASH)  # fmt: skip
        return dossier_id
    finally:
        db.conn.close()


def test_rollup_for_an_office_across_two_schools(app, client_as, demo_id):
    second = _school(app, "Школа № 2 (тест)", "УО Тест", "Второва")
    foreign = _school(app, "Чужая школа", None, "Чужакова")
    office = client_as("office")
    page = office.get("/registry/rollup").get_data(as_text=True)
    assert set(re.findall(r'data-dossier="(\d+)"', page)) == {str(demo_id), str(second)}
    assert "Школа № 2 (тест)" in page and "Второва" in page
    assert "Чужая школа" not in page and "Чужакова" not in page
    book = load_workbook(io.BytesIO(office.get("/registry/rollup.xlsx").data))
    assert book.sheetnames[0] == "Всего" and len(book.sheetnames) == 3
    total = book["Всего"]
    organisations = {row[1] for row in total.iter_rows(min_row=2, values_only=True)}
    assert organisations == {"Школа № 2 (тест)", "МБОУ гимназия № 20 им. С.С. Станчева"}
    per_school = sum(book[name].max_row - 1 for name in book.sheetnames[1:])
    assert total.max_row - 1 == per_school
    assert office.get(f"/registry/dossiers/{foreign}/").status_code == 404
    # A school has no schools of its own.
    school_page = client_as("curator").get("/registry/rollup").get_data(as_text=True)
    assert "нет подведомственных организаций" in school_page


# -- KPIs ----------------------------------------------------------------------------------------


def test_kpi_page_computes_shares_from_the_inputs_and_serves_charts(app, client, demo_id):
    url = f"/registry/dossiers/{demo_id}/kpi"
    assert "для доли укажите, сколько всего" in client.get(url).get_data(as_text=True)
    bad = client.post(url, data={"pupils": "много", "mentee_satisfaction": "120"})
    assert bad.status_code == 422
    text = bad.get_data(as_text=True)
    assert "ожидается целое неотрицательное число" in text and "от 0 до 100" in text
    assert 'value="много"' in text  # what was typed is kept
    saved = client.post(url, data={"pupils": "600", "teachers": "58", "mentee_satisfaction": "90"})
    assert saved.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "22 из 600" in page and "3,7" in page and 'value="600"' in page
    assert "введено вручную" in page  # the satisfaction typed in
    for chart in ("plan_fact", "forms"):
        assert f'src="/registry/dossiers/{demo_id}/kpi/{chart}.png"' in page
        png = client.get(f"{url}/{chart}.png")
        assert png.status_code == 200 and png.mimetype == "image/png" and png.data.startswith(PNG)
    assert client.get(f"{url}/other.png").status_code == 404
    report = client.get(f"{url}/report.docx")
    assert report.status_code == 200
    assert "word/media/" in " ".join(zipfile.ZipFile(io.BytesIO(report.data)).namelist())
    assert '"what": "kpi_report"' in audit(app, "registry_export")[-1]["details"]
    assert '"pupils": 600' in audit(app, "kpi_inputs_update")[-1]["details"]


# -- the roadmap ---------------------------------------------------------------------------------


def test_timeline_png_and_calendar(app, client, demo_id):
    section = client.get(f"/dossiers/{demo_id}/roadmap").get_data(as_text=True)
    assert f'src="/registry/dossiers/{demo_id}/timeline.png"' in section
    assert f'href="/registry/dossiers/{demo_id}/roadmap.ics">Календарь (.ics)' in section
    assert "Срок прошёл" in section  # the demo's 2022/2023 events are all past
    png = client.get(f"/registry/dossiers/{demo_id}/timeline.png")
    assert png.status_code == 200 and png.data.startswith(PNG)
    ics = client.get(f"/registry/dossiers/{demo_id}/roadmap.ics")
    assert ics.status_code == 200 and ics.mimetype == "text/calendar"
    text = ics.get_data(as_text=True)
    assert text.startswith("BEGIN:VCALENDAR\r\n") and "BEGIN:VEVENT" in text
    assert '"format": "ics"' in audit(app, "registry_export")[-1]["details"]
    # A draft without a roadmap: no picture, and its routes say so.
    empty = client.post("/api/v1/dossiers", json={"data": {"school_year": "2030/2031"}}).get_json()["id"]
    assert "timeline.png" not in client.get(f"/dossiers/{empty}/roadmap").get_data(as_text=True)
    assert client.get(f"/registry/dossiers/{empty}/timeline.png").status_code == 404


def test_pairs_section_links_to_the_import(client, demo_id):
    page = client.get(f"/dossiers/{demo_id}/pairs").get_data(as_text=True)
    assert f'href="/registry/dossiers/{demo_id}/import"' in page


# -- scoping -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/registry.xlsx",
        "/registry.docx",
        "/import",
        "/kpi",
        "/kpi/plan_fact.png",
        "/kpi/report.docx",
        "/timeline.png",
        "/roadmap.ics",
    ],
)
def test_another_organisations_dossier_is_404(app, client, path):
    foreign = _school(app, f"Другая школа {path}", None, "Чужакова")
    assert client.get(f"/registry/dossiers/{foreign}{path}").status_code == 404


def test_writes_to_another_organisation_are_404(app, client, client_as, demo_id):
    foreign = _school(app, "Другая школа", None, "Чужакова")
    assert preview(client, foreign, sheet(*GOOD)).status_code == 404
    assert client.post(f"/registry/dossiers/{foreign}/kpi", data={"pupils": "1"}).status_code == 404
    assert client.post(f"/registry/dossiers/{foreign}/import/confirm", data={}).status_code == 404
    # The office reads its school's registry but does not write into its dossier.
    office = client_as("office")
    assert office.get(f"/registry/dossiers/{demo_id}/").status_code == 200
    assert office.get(f"/registry/dossiers/{demo_id}/import").status_code == 404
    assert preview(office, demo_id, sheet(*GOOD)).status_code == 404
    # A ticket is bound to its user: another curator of the same school cannot replay it.
    page = preview(client, demo_id, sheet(*GOOD)).get_data(as_text=True)
    other = log_in(app.test_client(), _second_curator(app))
    assert confirm(other, demo_id, page).status_code == 400


def _second_curator(app) -> str:
    db = connect(app.config["DATABASE"])
    try:
        school = min(orgs.list_organisations(db), key=lambda o: o["id"])
        users.create_user(db, org_id=school["id"], login="curator-two", role="curator",
                          password_hash=PASSWORD_HASH)  # fmt: skip
        return "curator-two"
    finally:
        db.conn.close()
