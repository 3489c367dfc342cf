"""Read what a person sees in a produced .docx: paragraphs, table cells, headers, footers."""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Iterator

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

NBSP = "\u00a0"


def open_docx(content: bytes) -> DocumentObject:
    return Document(io.BytesIO(content))


def norm(text: str) -> str:
    """Whitespace-normalised text (NBSP counts as a space)."""
    return " ".join(text.replace(NBSP, " ").split())


def _block_items(parent) -> Iterator[Paragraph | Table]:
    element = parent.element.body if isinstance(parent, DocumentObject) else parent._element
    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, parent)
        elif child.tag == qn("w:tbl"):
            yield Table(child, parent)


def paragraphs(doc: DocumentObject) -> list[str]:
    """Body paragraphs outside tables, in order, as written (NBSP kept)."""
    return [p.text for p in doc.paragraphs]


def table_rows(table: Table) -> list[list[str]]:
    """Cells per row as stored (one entry per <w:tc>, so merged continuations stay blank)."""
    rows = []
    for tr in table._tbl.iterchildren(qn("w:tr")):
        cells = []
        for tc in tr.iterchildren(qn("w:tc")):
            texts = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p"))]
            cells.append("\n".join(texts))
        rows.append(cells)
    return rows


def all_text(content: bytes) -> str:
    """Every piece of text in the package's XML parts: body, tables, headers, footers."""
    chunks = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                xml = archive.read(name).decode("utf-8")
                for paragraph in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.DOTALL):
                    pieces = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", paragraph)
                    chunks.append(html.unescape("".join(pieces)))
    return "\n".join(chunks)


def body_text(doc: DocumentObject) -> str:
    """Paragraphs and table cells in document order, one line each."""
    lines = []
    for block in _block_items(doc):
        if isinstance(block, Paragraph):
            lines.append(block.text)
        else:
            for row in table_rows(block):
                lines.append(" | ".join(row))
    return "\n".join(lines)


def reading_order(doc: DocumentObject) -> list[str]:
    """Paragraph texts as a reader meets them: body paragraphs, and a table's paragraphs row by
    row, cell by cell (two stamps side by side are a borderless table: left one first)."""
    texts: list[str] = []
    for block in _block_items(doc):
        if isinstance(block, Paragraph):
            texts.append(block.text)
            continue
        for row in block.rows:
            for cell in dict.fromkeys(row.cells):  # a merged cell is listed once per grid column
                texts.extend(p.text for p in cell.paragraphs)
    return texts
