"""Helpers shared by the storage tests (a module of its own: conftest is not importable)."""

from __future__ import annotations

import copy
import io
from datetime import date
from pathlib import Path

from docx import Document

from docgen.model import read_data

ROOT = Path(__file__).resolve().parents[2]
GYMNASIUM = ROOT / "samples" / "gymnasium-20.yaml"
FEW_KINDS = ["implementation-order", "curator-order", "pairs-order", "roadmap"]
ISSUE_DATE = date(2023, 9, 4)

_raw: dict = {}


def gymnasium_data() -> dict:
    """The gymnasium sample as raw data (a fresh deep copy each time)."""
    if not _raw:
        _raw.update(read_data(GYMNASIUM))
    return copy.deepcopy(_raw)


def docx_text(content: bytes) -> str:
    """Paragraphs and table cells, as python-docx reads them."""
    doc = Document(io.BytesIO(content))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines).replace("\u00a0", " ")
