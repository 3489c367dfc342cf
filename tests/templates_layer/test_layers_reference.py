"""The placeholder reference page and its cheat-sheet .docx: generated from the placeholders the
renderer really provides and their Russian descriptions, so they cannot drift."""

from __future__ import annotations

import io
from html import unescape

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from layer_helpers import page_text

from docgen.render.descriptions import describe
from docgen.render.placeholders import kind_placeholders

KIND = "curator-order"


def test_the_reference_page_lists_every_placeholder_with_type_description_and_example(client):
    html = client.get(f"/templates/{KIND}/reference").get_data(as_text=True)
    rows = [unescape(r) for r in html.split("<tr>")[1:]]
    cells = {r.split("<code>", 1)[1].split("</code>", 1)[0]: r for r in rows if "<code>{{ " in r}
    placeholders = kind_placeholders(KIND)
    assert set(cells) == {"{{ " + path + " }}" for path in placeholders}
    row = cells["{{ curator.fio.acc }}"]
    assert "<td>текст</td>" in row
    assert f"<td>{describe('curator.fio.acc')}</td>" in row
    assert "<td>Жмурину Ольгу Алексеевну</td>" in row
    visible = page_text(html)
    assert "Справочник полей: Приказ о назначении куратора внедрения целевой модели наставничества" in visible
    assert "Скачать памятку (.docx)" in visible


def test_every_reference_row_has_a_description(client):
    html = unescape(client.get(f"/templates/{KIND}/reference").get_data(as_text=True))
    assert "<td></td><td>" not in html.replace("\n", "")  # no row without a description


@pytest.fixture(scope="module")
def sheet():
    from docgen.web.templates_area import cheat_sheet

    return Document(io.BytesIO(cheat_sheet(KIND)))


def test_the_cheat_sheet_is_landscape_with_gost_margins(sheet):
    section = sheet.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    margins = (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin)
    assert [round(m.mm) for m in margins] == [30, 10, 20, 20]


def test_the_cheat_sheet_table_holds_the_reference(sheet):
    assert sheet.paragraphs[0].text == "Справочник полей шаблона"
    assert "Приказ о назначении куратора" in sheet.paragraphs[1].text
    (table,) = sheet.tables
    header = table.rows[0]
    assert [c.text for c in header.cells] == ["Поле", "Тип", "Пояснение", "Пример"]
    repeat = header._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
    assert repeat is not None  # the header repeats on every page
    placeholders = kind_placeholders(KIND)
    assert len(table.rows) == len(placeholders) + 1
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}
    assert rows["{{ curator.fio.acc }}"] == [
        "{{ curator.fio.acc }}",
        "текст",
        describe("curator.fio.acc"),
        "Жмурину Ольгу Алексеевну",
    ]
    run = table.rows[1].cells[0].paragraphs[0].runs[0]
    assert run.font.name == "Times New Roman" and run.font.size.pt == 12


def test_the_cheat_sheet_downloads(client):
    response = client.get(f"/templates/{KIND}/reference.docx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "spravochnik-polei-curator-order.docx" in response.headers["Content-Disposition"]
    assert Document(io.BytesIO(response.data)).tables
