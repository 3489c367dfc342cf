"""The printable registration journal (.docx): the journal of one series over a period."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import sqlite_utils
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from docgen.errors import UnknownKind
from docgen.grammar import format_date
from docgen.render.registry import CORE_ACTIVITY, get_kind

from .db import one
from .errors import NotFound
from .journal import journal_entries
from .journal_series import DEFAULT_SERIES_CODE
from .scope import Scope, guard_module

FONT = "Times New Roman"


# -- printable journal -----------------------------------------------------------------------


def _set_font(run_or_style: Any, size: float | None = None, bold: bool | None = None) -> None:
    font = run_or_style.font
    font.name = FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    element = run_or_style.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _paragraph(doc: Any, text: str, *, size: float = 12, bold: bool = False, center: bool = True):
    paragraph = doc.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    _set_font(run, size, bold)
    return paragraph


def _cell(cell: Any, text: str, *, bold: bool = False, center: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    _set_font(run, 11, bold)


def _fix_widths(table: Any, widths: list[Any]) -> None:
    """Fixed column widths that Word and LibreOffice both honour (grid and cells)."""
    table.autofit = False
    for grid_col, width in zip(table._tbl.tblGrid.iterchildren(qn("w:gridCol")), widths, strict=True):
        grid_col.set(qn("w:w"), str(int(width.twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _status(entry: dict[str, Any]) -> str:
    if entry["status"] == "void":
        return f"Аннулирован: {entry['void_reason']}"
    return "Зарегистрирован"


def _kind_title(entry: dict[str, Any]) -> str:
    title = entry["title"]
    if entry["kind"]:
        try:
            kind_title = get_kind(entry["kind"]).title
        except UnknownKind:  # a kind removed since the entry was made keeps its id
            kind_title = entry["kind"]
        if kind_title != title:
            return f"{title} ({kind_title})"
    return title


def journal_docx(
    db: sqlite_utils.Database,
    scope: Scope,
    *,
    date_from: date,
    date_to: date,
    series_code: str = DEFAULT_SERIES_CODE,
    org_id: int | None = None,
) -> bytes:
    """The journal of one organisation (the caller's, or a readable `org_id`) as a .docx."""
    owner = scope.org_id if org_id is None else org_id
    if not scope.can_read(owner):
        raise NotFound("Организация", owner)
    organisation = one(db, "SELECT name FROM organisations WHERE id = ?", [owner])
    if organisation is None:
        raise NotFound("Организация", owner)
    series = one(db, "SELECT title FROM series WHERE org_id = ? AND code = ?", [owner, series_code])
    series_title = series["title"] if series else CORE_ACTIVITY
    entries = journal_entries(
        db, scope, date_from=date_from, date_to=date_to, series_code=series_code, org_id=owner
    )

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = Mm(30)
    section.right_margin = Mm(10)
    section.top_margin = Mm(20)
    section.bottom_margin = Mm(20)
    normal = doc.styles["Normal"]
    _set_font(normal, 12)

    _paragraph(doc, f"Журнал регистрации приказов по {_dative(series_title)}", size=14, bold=True)
    _paragraph(doc, organisation["name"])
    _paragraph(
        doc, f"за период с {format_date(date_from)} по {format_date(date_to)}"
    ).paragraph_format.space_after = Pt(12)

    headers = ["№", "Дата", "Номер", "Заголовок (вид документа)", "Статус/причина аннулирования"]
    widths = [Mm(12), Mm(24), Mm(22), Mm(70), Mm(42)]
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell(cell, text, bold=True, center=True)
    header = table.rows[0]._tr.get_or_add_trPr()
    header.append(header.makeelement(qn("w:tblHeader"), {}))  # repeat on every page
    for index, entry in enumerate(entries, 1):
        cells = table.add_row().cells
        _cell(cells[0], str(index), center=True)
        _cell(cells[1], format_date(date.fromisoformat(entry["date"])), center=True)
        _cell(cells[2], entry["number"], center=True)
        _cell(cells[3], _kind_title(entry))
        _cell(cells[4], _status(entry))
    _fix_widths(table, widths)
    if not entries:
        _paragraph(doc, "За период приказы не зарегистрированы.", center=False)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _dative(series_title: str) -> str:
    """«основная деятельность» → «основной деятельности» (other titles are declined as phrases)."""
    if series_title == CORE_ACTIVITY:
        return "основной деятельности"
    from docgen.grammar import decline_phrase

    return decline_phrase(series_title, "dative")


guard_module(globals())
