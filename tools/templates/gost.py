"""Layout primitives of ГОСТ Р 7.0.97 for building the default templates with python-docx.

Every template is built from these, so margins, fonts, requisites, signature and stamps are
set in one place. Jinja tags are always written inside one run, so docxtpl sees them whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from docgen.gost import add_page_number, drop_thumbnail, set_style_fonts
from tools.templates._keep import (
    cant_split,
    fit_header_widths,
    keep_last_with_next,
    shrink_empty_ends,
    stamp_pair,
)

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
TEXT_WIDTH_MM = 170  # A4 210 mm less 30 mm left and 10 mm right margins
STAMP_INDENT_MM = 95

OUT_DIR = Path(__file__).resolve().parents[2] / "docgen" / "templates"


class DocBuilder:
    """A document under construction with the house layout already applied."""

    def __init__(self, *, landscape: bool = False, page_numbers: bool = True):
        self.doc = Document()
        drop_thumbnail(self.doc)
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(297), Mm(210)
        section.left_margin = Mm(30)
        section.right_margin = Mm(10)
        section.top_margin = Mm(20)
        section.bottom_margin = Mm(20)
        section.header_distance = Mm(10)
        section.footer_distance = Mm(10)
        self.text_width_mm = (297 if landscape else 210) - 40
        styles = self.doc.styles
        set_style_fonts(styles["Normal"], BODY_PT)
        normal = styles["Normal"].paragraph_format
        normal.space_before = Pt(0)
        normal.space_after = Pt(0)
        normal.line_spacing = 1.0
        set_style_fonts(styles["Table Grid"], TABLE_PT)
        if page_numbers:
            section.different_first_page_header_footer = True
            header = section.header.paragraphs[0]
            header.alignment = WD_ALIGN_PARAGRAPH.CENTER
            add_page_number(header)
            for run in header.runs:
                run.font.size = Pt(12)
        # Remove the empty first paragraph python-docx starts with.
        body = self.doc.element.body
        for p in list(body.iterchildren(qn("w:p"))):
            body.remove(p)

    # -- paragraphs --------------------------------------------------------------------------

    def para(
        self,
        text: str = "",
        *,
        align: str = "justify",
        indent: bool = True,
        bold: bool = False,
        size: int | None = None,
        space_before: int = 0,
        space_after: int = 0,
        left_mm: float = 0,
        keep_with_next: bool = False,
    ) -> Paragraph:
        p = self.doc.add_paragraph()
        p.alignment = {
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
        }[align]
        fmt = p.paragraph_format
        fmt.first_line_indent = Cm(1.25) if indent and align == "justify" else Cm(0)
        fmt.space_before = Pt(space_before)
        fmt.space_after = Pt(space_after)
        if left_mm:
            fmt.left_indent = Mm(left_mm)
        if keep_with_next:
            fmt.keep_with_next = True
        if text:
            run = p.add_run(text)
            run.bold = bold
            if size:
                run.font.size = Pt(size)
        return p

    def text(self, text: str, **kw) -> Paragraph:
        """A justified body paragraph with a 1.25 cm first-line indent."""
        return self.para(text, **kw)

    def runs(self, parts: Sequence[tuple[str, bool]], **kw) -> Paragraph:
        """A paragraph of several runs: [(text, bold), ...]."""
        p = self.para(**kw)
        for text, bold in parts:
            p.add_run(text).bold = bold
        return p

    def tag(self, tag: str) -> Paragraph:
        """A paragraph holding only a docxtpl paragraph tag ({%p if %}); it disappears on render."""
        return self.para(tag, align="left", indent=False)

    def blank(self) -> Paragraph:
        return self.para("", align="left", indent=False)

    def heading(self, text: str, *, space_before: int = 12, space_after: int = 6) -> Paragraph:
        return self.para(
            text,
            align="center",
            indent=False,
            bold=True,
            space_before=space_before,
            space_after=space_after,
            keep_with_next=True,
        )

    def new_section(self, *, landscape: bool) -> None:
        """Start a new page in a new section (e.g. a landscape annex); numbering continues."""
        from docx.enum.section import WD_SECTION

        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        section.different_first_page_header_footer = False
        width, height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = width, height
        self.text_width_mm = (297 if landscape else 210) - 40

    def annex_mark(self, number_expr: str = "") -> None:
        """«Приложение [№ N] к приказу <org> от … № …» at the top right of an in-order annex."""
        left = self.text_width_mm - 75
        label = f"Приложение № {number_expr}" if number_expr else "Приложение"
        self.para(label, align="left", indent=False, left_mm=left)
        self.para("к приказу {{ org.name.gen }}", align="left", indent=False, left_mm=left)
        self.para("{{ order.ref }}", align="left", indent=False, left_mm=left, space_after=18)

    def page_break(self) -> None:
        from docx.enum.text import WD_BREAK

        self.para(align="left", indent=False).add_run().add_break(WD_BREAK.PAGE)

    # -- requisites of an order ----------------------------------------------------------------

    def org_header(self, doc_type: str = "ПРИКАЗ") -> None:
        """Founder → organisation → document type → date and number → place (brief §4.4)."""
        self.tag("{%p for line in org.founder_lines %}")
        self.para("{{ line }}", align="center", indent=False, size=12)
        self.tag("{%p endfor %}")
        self.para("{{ org.full_name|upper }}", align="center", indent=False, bold=True, space_before=6)
        # «П Р И К А З» goes with «п р и к а з ы в а ю:», «ПРИКАЗ» with «ПРИКАЗЫВАЮ:» (OrderStyle).
        spaced = " ".join(doc_type)
        word = f"{{% if org.order_word == 'ПРИКАЗЫВАЮ:' %}}{doc_type}{{% else %}}{spaced}{{% endif %}}"
        self.para(word, align="center", indent=False, bold=True, space_before=18, space_after=12)
        self.tabbed("{{ order.date }}", "№ {{ order.number }}")
        self.para("{{ org.city }}", align="center", indent=False, space_before=6, space_after=12)

    def tabbed(
        self,
        left: str,
        right: str,
        *,
        space_before: int = 0,
        bold: bool = False,
        keep_with_next: bool = False,
    ) -> Paragraph:
        """Left text and right text on one line, the right one flush with the right margin."""
        p = self.para(align="left", indent=False, space_before=space_before, keep_with_next=keep_with_next)
        p.paragraph_format.tab_stops.add_tab_stop(Mm(self.text_width_mm), WD_TAB_ALIGNMENT.RIGHT)
        run = p.add_run(f"{left}\t{right}")
        run.bold = bold
        return p

    def title(self, text: str) -> Paragraph:
        """«О …»: bold, left-aligned, no full stop (brief §4.6)."""
        p = self.para(text, align="left", indent=False, bold=True, space_after=12, keep_with_next=True)
        p.paragraph_format.right_indent = Mm(self.text_width_mm / 2 - 10)
        return p

    def order_word(self) -> Paragraph:
        return self.para(
            "{{ org.order_word }}",
            align="left",
            indent=False,
            space_before=6,
            space_after=6,
            keep_with_next=True,
        )

    def signature(self, person: str = "org.director", space_before: int = 24) -> Paragraph:
        """Position at the left, «И.О. Фамилия» at the right margin (brief §4.8); the text's last
        paragraph stays on the signature's page."""
        keep_last_with_next(self.doc)
        return self.tabbed(
            f"{{{{ {person}.position|capfirst }}}}",
            f"{{{{ {person}.signature }}}}",
            space_before=space_before,
        )

    def stamp(
        self, word_expr: str = "approval.word", *, annex: bool = True, beside: Sequence[str] = ()
    ) -> None:
        """Approval stamp at the top right of an attachment (brief §4.9). `beside`: lines of a
        second stamp («ПРИНЯТО …», {%p %} tags allowed) set at the left on the same level, as
        ГОСТ Р 7.0.97 draws two stamps: a borderless two-column table."""
        left = STAMP_INDENT_MM if self.text_width_mm == TEXT_WIDTH_MM else self.text_width_mm - 75
        lines = ["Приложение № {{ approval.annex }}"] if annex else []
        lines += [f"{{{{ {word_expr} }}}}", "приказом {{ org.name.gen }}", "{{ approval.ref }}"]
        if beside:
            stamp_pair(self.doc, list(beside), lines, [left - 5, self.text_width_mm - left + 5])
            self.para("", align="left", indent=False, space_after=6)
            return
        for i, line in enumerate(lines):
            self.para(
                line, align="left", indent=False, left_mm=left, space_after=18 if i == len(lines) - 1 else 0
            )

    def familiarisation(self, people_expr: str, heading: str | None = None) -> None:
        """«С приказом ознакомлен/ознакомлена/ознакомлены:» with a line per person to sign (brief
        §4.10); the word agrees with the number and gender of the people listed. The signature
        above stays with the heading, and the heading with the first line."""
        if heading is None:
            heading = f"С приказом {{{{ {people_expr}|agree('ознакомлен', 'ознакомлена', 'ознакомлены') }}}}:"
        keep_last_with_next(self.doc)
        self.para(heading, align="left", indent=False, space_before=18, space_after=6, keep_with_next=True)
        self.table(
            headers=None,
            row=[
                "{{ p.position|capfirst }}",
                "__________",
                "{{ p.signature }}",
                "«__» ________ 20__ г.",
            ],
            loop=f"for p in {people_expr}",
            widths=[60, 26, 38, 46],
            borders=False,
            align=["left", "center", "left", "left"],
        )

    # -- tables ----------------------------------------------------------------------------------

    def table(
        self,
        *,
        headers: Sequence[str] | None,
        row: Sequence[str],
        loop: str | None,
        widths: Sequence[float],
        borders: bool = True,
        numbers_row: bool = False,
        align: Sequence[str] | None = None,
        bold_header: bool = True,
        extra_rows: Sequence[Sequence[str]] = (),
    ) -> Table:
        """A table with a header, an optional «1 2 3» row and a docxtpl row loop.

        Every row is kept whole on a page (cantSplit); the header and numbers rows repeat on
        every page. `widths` are a proposal: a column narrower than its header's longest word
        takes width from columns with room, and a header that still cannot fit is set smaller.
        Values are fitted the same way when the document is rendered (docgen/render/colfit.py).
        """
        header_size = TABLE_PT
        if headers:
            widths, header_size = fit_header_widths(headers, widths)
        rows = (1 if headers else 0) + (1 if numbers_row else 0) + len(extra_rows)
        rows += 3 if loop else 1
        table = self.doc.add_table(rows=rows, cols=len(row))
        if borders:
            table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _fixed_layout(table)
        for grid_col, width in zip(table._tbl.tblGrid.iterchildren(qn("w:gridCol")), widths, strict=True):
            grid_col.set(qn("w:w"), str(int(Mm(width).twips)))
        index = 0
        if headers:
            self._fill_row(
                table.rows[index], headers, widths, bold=bold_header, center=True, size=header_size
            )
            _repeat_header(table.rows[index])
            index += 1
        if numbers_row:
            numbers = [str(i) for i in range(1, len(row) + 1)]
            self._fill_row(table.rows[index], numbers, widths, center=True)
            _repeat_header(table.rows[index])
            index += 1
        for extra in extra_rows:
            self._fill_row(table.rows[index], extra, widths, align=align)
            index += 1
        if loop:
            self._fill_row(table.rows[index], [f"{{%tr {loop} %}}"] + [""] * (len(row) - 1), widths)
            index += 1
        self._fill_row(table.rows[index], row, widths, align=align)
        index += 1
        if loop:
            self._fill_row(table.rows[index], ["{%tr endfor %}"] + [""] * (len(row) - 1), widths)
        for table_row in table.rows:
            cant_split(table_row)
        return table

    def _fill_row(self, row, values, widths, *, bold=False, center=False, align=None, size=TABLE_PT) -> None:
        for i, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            cell.width = Mm(widths[i])
            p = cell.paragraphs[0]
            fmt = p.paragraph_format
            fmt.first_line_indent = Cm(0)
            if center:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif align:
                p.alignment = {
                    "left": WD_ALIGN_PARAGRAPH.LEFT,
                    "center": WD_ALIGN_PARAGRAPH.CENTER,
                    "right": WD_ALIGN_PARAGRAPH.RIGHT,
                    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
                }[align[i]]
            else:
                p.alignment = WD_ALIGN_PARAGRAPH.LEFT
            if value:
                run = p.add_run(value)
                run.bold = bold
                run.font.size = Pt(size)

    def save(self, name: str) -> Path:
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        path = OUT_DIR / name
        core = self.doc.core_properties
        core.author = "docgen"
        core.title = ""
        core.comments = ""
        core.language = "ru-RU"
        shrink_empty_ends(self.doc)
        self.doc.save(path)
        _normalise_zip(path)
        return path


def _fixed_layout(table: Table) -> None:
    """<w:tblLayout w:type="fixed"/> in its place in CT_TblPr's sequence (before tblLook):
    python-docx puts it there; appending a second one after tblLook breaks the schema."""
    table.autofit = False


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    tr_pr.append(header)


def _normalise_zip(path: Path) -> None:
    """Fixed timestamps so that rebuilding an unchanged template gives identical bytes."""
    import io
    import zipfile

    data = path.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                import re

                content = re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"", content)
            dst.writestr(member, content)
    path.write_bytes(out.getvalue())
