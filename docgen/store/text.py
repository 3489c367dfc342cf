"""The plain text of a .docx as a reader sees it: headers, body paragraphs and table cells."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from docx import Document
from docx.oxml.ns import qn

_P = qn("w:p")
_TBL = qn("w:tbl")
_TR = qn("w:tr")
_TC = qn("w:tc")
_T = qn("w:t")
_TAB = qn("w:tab")
_BR = qn("w:br")
_SDT = qn("w:sdt")
_SDT_CONTENT = qn("w:sdtContent")


def _paragraph_text(p: Any) -> str:
    parts: list[str] = []
    for node in p.iter(_T, _TAB, _BR):
        if node.tag == _T:
            parts.append(node.text or "")
        elif node.tag == _TAB:
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _blocks(container: Any) -> Iterator[str]:
    """Lines of a body/header/cell element in document order; each table cell once."""
    for child in container.iterchildren():
        if child.tag == _P:
            yield _paragraph_text(child)
        elif child.tag == _TBL:
            for tr in child.iterchildren(_TR):
                for tc in tr.iterchildren(_TC):
                    yield from _blocks(tc)
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _blocks(content)


def extract_text(content: bytes) -> str:
    """Headers first, then the body, then footers: one line per paragraph, table cell or line
    break, spaces collapsed (NBSP and tabs become spaces), empty lines dropped."""
    doc = Document(io.BytesIO(content))
    lines: list[str] = []
    seen: set[int] = set()
    headers, footers = [], []
    for section in doc.sections:
        for holder, target in (
            (section.first_page_header, headers),
            (section.header, headers),
            (section.even_page_header, headers),
            (section.first_page_footer, footers),
            (section.footer, footers),
            (section.even_page_footer, footers),
        ):
            if holder.is_linked_to_previous:
                continue
            part = holder.part
            if id(part) in seen:
                continue
            seen.add(id(part))
            target.append(holder._element)
    for element in headers:
        lines.extend(_blocks(element))
    lines.extend(_blocks(doc.element.body))
    for element in footers:
        lines.extend(_blocks(element))
    cleaned = (" ".join(piece.replace("\u00a0", " ").split()) for line in lines for piece in line.split("\n"))
    return "\n".join(line for line in cleaned if line)
