"""The house ГОСТ Р 7.0.97 layout for documents built with python-docx.

A4, margins 30/10/20/20 mm, Times New Roman 14, tables 12, page numbers centred at the top from
page 2. Used directly for documents of any length built in code (registry exports, the KPI
report, the journal, the placeholder cheat-sheet) and by `tools/templates/gost.py`, which builds
the default Jinja templates on the same primitives.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from docgen.textwidth import column_need_twips, spread

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
MARGINS_MM = {"left": 30, "right": 10, "top": 20, "bottom": 20}

_ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def set_style_fonts(style, size_pt: int) -> None:
    style.font.name = FONT
    style.font.size = Pt(size_pt)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "ru-RU")
    lang.set(qn("w:eastAsia"), "ru-RU")


def add_page_number(paragraph: Paragraph) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), ("text", "2"), ("end", None)):
        if kind in ("begin", "separate", "end"):
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif kind is None:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._r.append(t)
    run.font.size = Pt(12)


def new_document(*, landscape: bool = False) -> DocumentObject:
    """An empty A4 document with the house margins, fonts and page numbers from page 2."""
    doc = Document()
    drop_thumbnail(doc)
    section = doc.sections[0]
    _page_setup(section, landscape)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_page_number(header)
    set_style_fonts(doc.styles["Normal"], BODY_PT)
    fmt = doc.styles["Normal"].paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    set_style_fonts(doc.styles["Table Grid"], TABLE_PT)
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    return doc


def drop_thumbnail(doc: DocumentObject) -> None:
    """python-docx's default package carries a picture of a blank page as its thumbnail; file
    browsers would show it for every document docgen makes. Without the relationship the part is
    not written."""
    package_rels = doc.part.package.rels
    for rel_id in [r.rId for r in package_rels.values() if r.reltype == RT.THUMBNAIL]:
        package_rels.pop(rel_id)


def _page_setup(section, landscape: bool) -> None:
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])


def text_width_mm(doc: DocumentObject) -> float:
    section = doc.sections[-1]
    return (section.page_width - section.left_margin - section.right_margin) / Mm(1)


def para(
    doc: DocumentObject,
    text: str = "",
    *,
    align: str = "justify",
    bold: bool = False,
    size: int | None = None,
    indent: bool = True,
    space_before: int = 0,
    space_after: int = 0,
    keep_with_next: bool = False,
) -> Paragraph:
    p = doc.add_paragraph()
    p.alignment = _ALIGN[align]
    fmt = p.paragraph_format
    fmt.first_line_indent = Cm(1.25) if indent and align == "justify" else Cm(0)
    fmt.space_before = Pt(space_before)
    fmt.space_after = Pt(space_after)
    fmt.keep_with_next = keep_with_next
    if text:
        run = p.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
    return p


def heading(doc: DocumentObject, text: str, *, space_before: int = 12, space_after: int = 6) -> Paragraph:
    return para(doc, text, align="center", bold=True, indent=False, space_before=space_before,
                space_after=space_after, keep_with_next=True)  # fmt: skip


def page_break(doc: DocumentObject) -> None:
    para(doc, align="left", indent=False).add_run().add_break(WD_BREAK.PAGE)


def new_page_section(doc: DocumentObject, *, landscape: bool) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page_setup(section, landscape)
    section.different_first_page_header_footer = False


def table(
    doc: DocumentObject,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths_mm: Sequence[float],
    *,
    align: Sequence[str] | None = None,
) -> Table:
    """A grid table, 12 pt, fixed column widths, the header row bold and repeated on every page,
    no row split across pages. A column narrower than its longest word (header or value) takes
    width from columns with room to spare, so no word breaks inside."""
    widths_mm = _fitted_widths(headers, rows, widths_mm)
    t = doc.add_table(rows=1 + len(rows), cols=len(headers))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False  # <w:tblLayout w:type="fixed"/>
    aligns = list(align or ["left"] * len(headers))
    for r, values in enumerate([headers, *rows]):
        row = t.rows[r]
        tr_pr = row._tr.get_or_add_trPr()
        cant_split = OxmlElement("w:cantSplit")
        tr_pr.append(cant_split)
        if r == 0:
            repeat = OxmlElement("w:tblHeader")
            repeat.set(qn("w:val"), "true")
            tr_pr.append(repeat)
        for c, value in enumerate(values):
            cell = row.cells[c]
            cell.width = Mm(widths_mm[c])
            paragraph = cell.paragraphs[0]
            paragraph.alignment = _ALIGN["center" if r == 0 else aligns[c]]
            run = paragraph.add_run("" if value is None else str(value))
            run.font.size = Pt(TABLE_PT)
            run.bold = r == 0
    grid = t._tbl.tblGrid
    for col, width in zip(grid.iterchildren(qn("w:gridCol")), widths_mm, strict=False):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    return t


def _fitted_widths(
    headers: Sequence[str], rows: Sequence[Sequence[object]], widths_mm: Sequence[float]
) -> list[float]:
    needs = [column_need_twips(str(h), TABLE_PT, bold=True) for h in headers]
    for values in rows:
        for c, value in enumerate(values[: len(needs)]):
            if value is not None:
                needs[c] = max(needs[c], column_need_twips(str(value), TABLE_PT))
    proposal = [round(Mm(w).twips) for w in widths_mm]
    fitted = spread(proposal, needs)
    if fitted == proposal:
        return list(widths_mm)
    return [t / Mm(1).twips for t in fitted]


def signature(doc: DocumentObject, position: str, name: str, *, space_before: int = 24) -> Paragraph:
    """Position at the left margin, «И.О. Фамилия» at the right margin on the same line."""
    p = para(doc, align="left", indent=False, space_before=space_before)
    p.paragraph_format.tab_stops.add_tab_stop(Mm(text_width_mm(doc)), WD_TAB_ALIGNMENT.RIGHT)
    p.add_run(f"{position}\t{name}")
    return p


def to_bytes(doc: DocumentObject) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
