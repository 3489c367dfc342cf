"""The plain text of a .docx as a reader sees it: headers, body paragraphs and table cells."""

from __future__ import annotations

import io

from docx import Document

from .docx_text import blocks, clean_lines


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
        lines.extend(blocks(element))
    lines.extend(blocks(doc.element.body))
    for element in footers:
        lines.extend(blocks(element))
    return clean_lines(lines)
