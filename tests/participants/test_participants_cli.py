"""`docgen registry …` commands, invoked through the click group."""

from __future__ import annotations

import io
import json

import pytest
import yaml
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook
from participants_helpers import GYMNASIUM, good_rows, png_size, school_data, xlsx

from docgen.model import load_dossier
from docgen.participants.cli import registry

COLLEGE = GYMNASIUM.parent / "college-blagoveshchensk.yaml"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def school(tmp_path):
    path = tmp_path / "school.yaml"
    path.write_text(yaml.safe_dump(school_data(), allow_unicode=True), encoding="utf-8")
    return path


def test_sample_sheet(runner, tmp_path):
    out = tmp_path / "образец.xlsx"
    result = runner.invoke(registry, ["sample-sheet", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert load_workbook(out).sheetnames[:2] == ["Участники", "Инструкция"]


def test_import_sheet_preview_and_apply(runner, tmp_path, school):
    sheet = tmp_path / "участники.xlsx"
    sheet.write_bytes(xlsx(good_rows()))
    preview = runner.invoke(registry, ["import-sheet", str(school), str(sheet)])
    assert preview.exit_code == 0, preview.output
    assert "строк с данными 4, без ошибок 4, с ошибками 0" in preview.output
    assert "Новые: Петрова Елена Ивановна → Соколов Игорь Петрович, Белова Алёна Сергеевна" in preview.output

    out = tmp_path / "result.yaml"
    applied = runner.invoke(registry, ["import-sheet", str(school), str(sheet), "--apply", "-o", str(out)])
    assert applied.exit_code == 0, applied.output
    assert len(load_dossier(out).pairs) == 3
    again = runner.invoke(registry, ["import-sheet", str(out), str(sheet)])
    assert "Новых пар и групп: 0, изменится: 0, без изменений: 3." in again.output

    as_json = tmp_path / "result.json"
    runner.invoke(registry, ["import-sheet", str(out), str(sheet), "--apply", "-o", str(as_json)])
    assert json.loads(as_json.read_text(encoding="utf-8"))["pairs"][0]["mentor"]["surname"] == "Петрова"


def test_import_sheet_errors(runner, tmp_path, school):
    rows = good_rows()
    rows[1]["Пол наставника"] = "x"
    sheet = tmp_path / "участники.xlsx"
    sheet.write_bytes(xlsx(rows))
    out = tmp_path / "result.yaml"
    result = runner.invoke(registry, ["import-sheet", str(school), str(sheet), "--apply", "-o", str(out)])
    assert result.exit_code == 1
    assert "Строка 3, столбец «Пол наставника»: Неизвестный пол «x»: укажите «м» или «ж»" in result.output
    assert len(load_dossier(out).pairs) == 3  # the good rows are written all the same

    missing_output = runner.invoke(registry, ["import-sheet", str(school), str(sheet), "--apply"])
    assert missing_output.exit_code == 1 and "-o OUT.yaml" in missing_output.output

    bad = tmp_path / "list.pdf"
    bad.write_bytes(b"%PDF")
    result = runner.invoke(registry, ["import-sheet", str(school), str(bad), "--apply", "-o", str(out)])
    assert result.exit_code == 1 and "Неподдерживаемый тип файла «list.pdf»" in result.output


def test_export_xlsx_and_docx(runner, tmp_path):
    xlsx_out = tmp_path / "база.xlsx"
    result = runner.invoke(
        registry, ["export", str(GYMNASIUM), "-o", str(xlsx_out), "--form", "учитель – ученик"]
    )
    assert result.exit_code == 0, result.output
    assert load_workbook(xlsx_out)["Наставники"]["B2"].value == "Иванова Мария Петровна"
    docx_out = tmp_path / "база.docx"
    result = runner.invoke(registry, ["export", str(GYMNASIUM), "-o", str(docx_out), "--adult"])
    assert result.exit_code == 0, result.output
    assert len(Document(str(docx_out)).tables) == 2
    wrong = runner.invoke(registry, ["export", str(GYMNASIUM), "-o", str(tmp_path / "база.pdf")])
    assert wrong.exit_code == 1 and "в .xlsx или .docx" in wrong.output


def test_rollup(runner, tmp_path):
    out = tmp_path / "свод.xlsx"
    result = runner.invoke(registry, ["rollup", str(GYMNASIUM), str(COLLEGE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert len(load_workbook(out).sheetnames) == 3


def test_kpi_report(runner, tmp_path):
    out = tmp_path / "отчёт.docx"
    totals = '{"pupils": 640, "teachers": 58, "mentee_satisfaction": 78}'
    result = runner.invoke(registry, ["kpi-report", str(GYMNASIUM), "-o", str(out), "--totals", totals,
                                      "--today", "15.05.2023"])  # fmt: skip
    assert result.exit_code == 0, result.output
    doc = Document(io.BytesIO(out.read_bytes()))
    assert len(doc.inline_shapes) == 2
    totals_file = tmp_path / "totals.json"
    totals_file.write_text('{"обучающихся": 640}', encoding="utf-8")
    assert runner.invoke(registry, ["kpi-report", str(GYMNASIUM), "-o", str(out), "--totals",
                                    str(totals_file)]).exit_code == 0  # fmt: skip
    bad = runner.invoke(
        registry, ["kpi-report", str(GYMNASIUM), "-o", str(out), "--totals", '{"pupils": -1}']
    )
    assert bad.exit_code == 1 and "«pupils»: ожидается целое неотрицательное число" in bad.output
    broken = runner.invoke(registry, ["kpi-report", str(GYMNASIUM), "-o", str(out), "--totals", "{pupils"])
    assert broken.exit_code == 1 and "некорректный JSON" in broken.output


def test_timeline_and_ics(runner, tmp_path, school):
    png = tmp_path / "карта.png"
    result = runner.invoke(registry, ["timeline", str(GYMNASIUM), "-o", str(png), "--today", "10.11.2022"])
    assert result.exit_code == 0, result.output
    assert png_size(png.read_bytes())[0] > 1000
    bad_date = runner.invoke(registry, ["timeline", str(GYMNASIUM), "-o", str(png), "--today", "вчера"])
    assert bad_date.exit_code == 1 and "--today" in bad_date.output
    ics = tmp_path / "карта.ics"
    result = runner.invoke(registry, ["ics", str(GYMNASIUM), "-o", str(ics)])
    assert result.exit_code == 0, result.output
    assert ics.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")

    data = school_data()
    del data["roadmap"]
    no_roadmap = tmp_path / "no-roadmap.yaml"
    no_roadmap.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(registry, ["ics", str(no_roadmap), "-o", str(ics)])
    assert result.exit_code == 1 and "В досье нет дорожной карты" in result.output


def test_bad_dossier(runner, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("school_year: 2024/2025\n", encoding="utf-8")
    result = runner.invoke(registry, ["export", str(broken), "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 1 and "Досье заполнено с ошибками" in result.output


def test_help_is_russian(runner):
    result = runner.invoke(registry, ["-h"])
    assert result.exit_code == 0
    for command in ("import-sheet", "export", "sample-sheet", "kpi-report", "timeline", "ics", "rollup"):
        assert command in result.output
    assert "Реестр участников" in result.output
