"""A .docx shown as HTML blocks, and the word-level difference of two paragraphs, for the «Шаблоны» pages."""

from __future__ import annotations

import difflib
import io
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.oxml.ns import qn


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(op, text) pieces: "=" kept, "-" removed, "+" added words of a changed paragraph."""
    a, b = old.split(" "), new.split(" ")
    pieces: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(("+", " ".join(b[j1:j2])))
    return pieces


@dataclass
class Block:
    """One block of a document preview: a paragraph or a table."""

    type: str  # "p" | "table"
    text: str = ""
    rows: list[list[tuple[str, int]]] | None = None  # (cell text, colspan)
    centered: bool = False
    bold: bool = False
    changed: bool = False

    @property
    def css(self) -> str:
        flags = (("center", self.centered), ("bold", self.bold), ("changed", self.changed))
        return " ".join(name for name, on in flags if on)


def docx_blocks(content: bytes, changed: set[str] | None = None) -> list[Block]:
    """Body paragraphs and tables of a .docx, in order, for an HTML preview."""
    document = Document(io.BytesIO(content))
    changed = changed or set()
    blocks: list[Block] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            text = _text(child)
            jc = child.find(f"{qn('w:pPr')}/{qn('w:jc')}")
            bold = any(_is_bold(r) for r in child.iter(qn("w:r")) if r.find(qn("w:t")) is not None)
            blocks.append(
                Block(
                    "p",
                    text,
                    centered=jc is not None and jc.get(qn("w:val")) == "center",
                    bold=bold and bool(text),
                    changed=_norm(text) in changed,
                )
            )
        elif child.tag == qn("w:tbl"):
            table_rows = []
            for tr in child.iterchildren(qn("w:tr")):
                cells = []
                for tc in tr.iterchildren(qn("w:tc")):
                    span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
                    text = "\n".join(_text(p) for p in tc.iter(qn("w:p")))
                    cells.append((text, int(span.get(qn("w:val"))) if span is not None else 1))
                table_rows.append(cells)
            blocks.append(Block("table", rows=table_rows))
    return blocks


def _is_bold(run: Any) -> bool:
    mark = run.find(f"{qn('w:rPr')}/{qn('w:b')}")
    return mark is not None and mark.get(qn("w:val"), "true") not in ("0", "false")


def _text(paragraph: Any) -> str:
    parts = []
    for node in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        parts.append(node.text or "" if node.tag == qn("w:t") else (" " if node.tag == qn("w:tab") else "\n"))
    return "".join(parts).replace("\u00a0", " ")


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())
