"""Print rules the template primitives apply: header widths that fit their words, blocks kept
on one page (keep-with-next), no blank page from an empty paragraph after a table."""

from __future__ import annotations

import re
from collections.abc import Sequence

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from docgen.textwidth import column_need_twips, spread

TABLE_PT = 12


def cant_split(row) -> None:
    """The row is kept whole on one page (w:cantSplit, first in w:trPr)."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:cantSplit")) is None:
        tr_pr.insert(0, OxmlElement("w:cantSplit"))


def keep_with_next_block(table) -> None:
    """Keep-with-next on every paragraph of the table: Word and LibreOffice keep the whole table
    on the page of the paragraph after it (for a short table that must not part from what
    follows, such as a plan from its signatures)."""
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def no_side_margins(table) -> None:
    """Cell margins 0 at the left and right (w:tblCellMar in its place, before w:tblLook)."""
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), "0")
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        tbl_pr.append(margins)


def stamp_pair(doc, left_lines: list[str], right_lines: list[str], widths_mm: list[float]) -> None:
    """Two stamps side by side (ГОСТ Р 7.0.97): a borderless two-column table, one row kept
    whole, lines as paragraphs ({%p %} tags allowed) and an empty paragraph closing each cell,
    so a cell keeps a paragraph whatever its tags drop."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    table = doc.add_table(rows=1, cols=2)
    table.autofit = False  # <w:tblLayout w:type="fixed"/>
    for grid_col, width in zip(table._tbl.tblGrid.iterchildren(qn("w:gridCol")), widths_mm, strict=True):
        grid_col.set(qn("w:w"), str(int(Mm(width).twips)))
    cant_split(table.rows[0])
    no_side_margins(table)  # the stamps' text lines up with the body text
    for cell, lines, width in zip(table.rows[0].cells, (left_lines, right_lines), widths_mm, strict=True):
        cell.width = Mm(width)
        first = cell.paragraphs[0]
        for line in lines:
            p = first if first is not None else cell.add_paragraph()
            first = None
            p.paragraph_format.first_line_indent = Cm(0)
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
            p.add_run(line)
        cell.add_paragraph()


_JINJA_VALUE = re.compile(r"\{\{.*?\}\}")


def fit_header_widths(headers: Sequence[str], widths: Sequence[float]) -> tuple[list[float], int]:
    """Column widths (mm, same total) in which no header word breaks, and the header size:
    12 pt, or smaller when the header words cannot all fit at 12 pt."""
    total = sum(widths)
    proposal = [round(Mm(w).twips) for w in widths]
    for size in (TABLE_PT, 11, 10, 9):
        # a placeholder in a header («{{ kpi.target_year }}») prints as a year or a short label
        needs = [column_need_twips(_JINJA_VALUE.sub("2024/2025", h), size, bold=True) for h in headers]
        if sum(needs) <= sum(proposal):
            fitted = spread(proposal, needs)
            mm = [round(t / Mm(1).twips, 1) for t in fitted]
            mm[-1] = round(total - sum(mm[:-1]), 1)
            return mm, size
    return list(widths), 9


def keep_last_with_next(doc) -> None:
    """Keep-with-next (and keep-lines) on the last paragraph that will print: the one before
    the next block. Walking back over {%p %} tag paragraphs (they vanish on render), a paragraph
    inside a {%p if %} block may not print, so the last paragraph of each branch and the one
    before the block are kept — never a whole branch, which would glue the document together
    and push it to the next page."""
    depth = 0
    branch_done = False
    blocks = [c for c in doc.element.body.iterchildren() if c.tag in (qn("w:p"), qn("w:tbl"))]
    for element in reversed(blocks):
        if element.tag != qn("w:p"):
            return
        paragraph = Paragraph(element, doc)
        text = paragraph.text.strip()
        if text.startswith("{%p"):
            if re.match(r"\{%p\s*endif", text):
                depth += 1
            elif re.match(r"\{%p\s*if", text):
                depth = max(0, depth - 1)
            elif re.match(r"\{%p\s*endfor", text):
                depth = 0  # the loop's last item is enough: a whole list must not be glued
            branch_done = False  # endif, else, elif, if: another branch (or the block's start)
            continue
        if not text or (depth > 0 and branch_done):
            continue
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.keep_together = True
        if depth == 0:
            return
        branch_done = True


def shrink_empty_ends(doc) -> None:
    """An empty paragraph after a table, or one holding a section break, prints as a line of
    its own; when the table ends at the foot of a page, that line makes a blank page. Set such
    paragraphs 1 pt high so they always fit."""
    body = doc.element.body
    children = [c for c in body.iterchildren() if c.tag in (qn("w:p"), qn("w:tbl"))]
    for before, element in zip([None, *children], children, strict=False):
        if element.tag != qn("w:p") or Paragraph(element, doc).text.strip():
            continue
        p_pr = element.find(qn("w:pPr"))
        holds_section = p_pr is not None and p_pr.find(qn("w:sectPr")) is not None
        last = element is children[-1]
        after_table = before is not None and before.tag == qn("w:tbl")
        if not (holds_section or last or after_table):
            continue
        if any(r.find(qn("w:br")) is not None for r in element.iter(qn("w:r"))):
            continue  # a page break paragraph: its own rule
        _tiny(Paragraph(element, doc))


def _tiny(paragraph: Paragraph) -> None:
    from docx.enum.text import WD_LINE_SPACING

    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(1)
    p_pr = paragraph._p.get_or_add_pPr()
    r_pr = p_pr.find(qn("w:rPr"))
    if r_pr is None:
        r_pr = OxmlElement("w:rPr")
        section = p_pr.find(qn("w:sectPr"))
        if section is not None:
            section.addprevious(r_pr)  # CT_PPr: rPr comes before sectPr
        else:
            p_pr.append(r_pr)
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    r_pr.append(size)
