"""The placeholder reference of a kind: rows for its page and a printable .docx cheat-sheet."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from docgen.render.descriptions import describe
from docgen.render.placeholders import kind_placeholders
from docgen.render.registry import get_kind

# -- placeholder reference ---------------------------------------------------------------------


@dataclass(frozen=True)
class ReferenceRow:
    path: str
    type: str
    description: str
    example: str


def reference_rows(kind_id: str) -> list[ReferenceRow]:
    """Every placeholder of a kind, from `kind_placeholders` + `describe` (cannot drift)."""
    return [
        ReferenceRow(path, item.type, describe(path) or "", item.example)
        for path, item in sorted(kind_placeholders(kind_id).items())
    ]


def reference_groups(kind_id: str) -> list[tuple[str, str, list[ReferenceRow]]]:
    """Rows grouped by their first segment: (head, its description, rows)."""
    groups: dict[str, list[ReferenceRow]] = {}
    for row in reference_rows(kind_id):
        groups.setdefault(row.path.split(".")[0].split("[")[0], []).append(row)
    return [(head, describe(head) or "", items) for head, items in groups.items()]


def _font(run: Any, size: int, bold: bool = False) -> None:
    run.font.name = "Times New Roman"
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), "Times New Roman")


def cheat_sheet(kind_id: str) -> bytes:
    """The reference as a .docx: A4 landscape, ГОСТ margins (left 30, right 10, top and bottom
    20 mm), Times New Roman, a table that repeats its header row on every page."""
    kind = get_kind(kind_id)
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(30), Mm(10)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)

    def paragraph(text: str, size: int = 14, bold: bool = False, center: bool = False) -> None:
        p = document.add_paragraph()
        p.paragraph_format.space_after = Pt(6)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(text), size, bold)

    paragraph("Справочник полей шаблона", bold=True, center=True)
    paragraph(f"{kind.title} ({kind.id}, файл {kind.template})", center=True)
    paragraph(
        "Поле вставляется в шаблон в двойных фигурных скобках: {{ curator.fio.acc }}. Падеж — "
        "последняя часть имени поля (nom, gen, dat, acc, ins, pre). Строки таблицы повторяются "
        "тегами {%tr for p in список %} и {%tr endfor %} в отдельных строках таблицы; [] в имени "
        "поля — элемент списка. Примеры — из демонстрационного досье.",
        size=12,
    )
    rows = reference_rows(kind_id)
    widths = (Mm(62), Mm(30), Mm(85), Mm(80))
    table = document.add_table(rows=len(rows) + 1, cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header = table.rows[0]
    header_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_pr.append(repeat)
    values = [("Поле", "Тип", "Пояснение", "Пример")] + [
        ("{{ " + r.path + " }}", r.type, r.description, r.example) for r in rows
    ]
    for row, texts in zip(table.rows, values, strict=True):
        for index, (cell, text) in enumerate(zip(row.cells, texts, strict=True)):
            cell.width = widths[index]
            p = cell.paragraphs[0]
            _font(p.add_run(text), 12, bold=row is header)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
