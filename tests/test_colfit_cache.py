"""The column fit reads each distinct row and cell once (docgen/render/colfit_rows.py): what it
remembers must never change what a document looks like."""

from __future__ import annotations

from docgen.render import colfit_rows
from docgen.render.colfit import fit_columns
from docgen.render.package import render_dossier
from tests.docxread import open_docx
from tests.layout_dossiers import small_school

ROW = (
    '<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:type="dxa" w:w="600"/></w:tcPr>'
    "<w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc><w:tc><w:tcPr>"
    '<w:tcW w:type="dxa" w:w="4000"/></w:tcPr><w:p><w:r><w:t>да</w:t></w:r></w:p></w:tc></w:tr>'
)


def table(second_column: int, *words: str) -> str:
    return (
        '<w:tbl><w:tblPr><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid><w:gridCol w:w="600"/>'
        f'<w:gridCol w:w="{second_column}"/></w:tblGrid>' + "".join(ROW.format(w) for w in words) + "</w:tbl>"
    )


def grid(xml: str) -> list[int]:
    return [int(part.split('"')[0]) for part in xml.split('<w:gridCol w:w="')[1:]]


def cell_widths(xml: str) -> list[int]:
    return [int(part.split('"')[0]) for part in xml.split('<w:tcW w:type="dxa" w:w="')[1:]]


def test_the_same_rows_in_tables_of_other_widths_take_each_table_s_widths():
    narrow = fit_columns(table(4000, "консультация", "встреча"))
    wide = fit_columns(table(8000, "консультация", "встреча"))  # the very same row pieces
    assert grid(narrow) != grid(wide)
    assert sum(grid(narrow)) == 4600 and sum(grid(wide)) == 8600
    for fitted in (narrow, wide):
        assert cell_widths(fitted) == grid(fitted) * 2  # every cell of every row follows its grid


def test_a_document_is_the_same_whether_the_fit_remembers_its_rows_or_not():
    dossier = small_school()
    colfit_rows.forget()
    first = {d.kind.id + d.filename: d.content for d in render_dossier(dossier)}
    again = {d.kind.id + d.filename: d.content for d in render_dossier(dossier)}
    colfit_rows.forget()
    fresh = {d.kind.id + d.filename: d.content for d in render_dossier(dossier)}
    assert first == again == fresh
    order = next(content for key, content in first.items() if key.startswith("pairs-order"))
    assert len(open_docx(order).tables) >= 2  # the pairs and the signatures


def test_a_table_inside_a_table_is_left_alone():
    inner = table(4000, "консультация")
    outer = table(4000, "консультация").replace("<w:t>да</w:t>", "<w:t>да</w:t>" + inner, 1)
    assert fit_columns(outer) is outer
    assert fit_columns(inner) != inner
