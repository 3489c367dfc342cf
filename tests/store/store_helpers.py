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


# Кравец with hand-written forms: the automatic genitive and dative are «Кравца», «Кравцу», so a
# search finds «Кравеца» or «Кравецу» only through the dossier's own forms.
KRAVETS_FORMS = {
    "genitive": "Кравеца Артёма Сергеевича",
    "dative": "Кравецу Артёму Сергеевичу",
    "accusative": "Кравеца Артёма Сергеевича",
    "instrumental": "Кравецом Артёмом Сергеевичем",
    "prepositional": "Кравеце Артёме Сергеевиче",
}


def kravets_data() -> dict:
    """The gymnasium sample whose first mentee (Кириллов Артём Сергеевич) is Кравец with
    hand-written case forms."""
    data = gymnasium_data()
    mentee = data["pairs"][0]["mentees"][0]
    mentee["surname"] = "Кравец"
    mentee["name_forms"] = dict(KRAVETS_FORMS)
    return data


def docx_text(content: bytes) -> str:
    """Paragraphs and table cells, as python-docx reads them."""
    doc = Document(io.BytesIO(content))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines).replace("\u00a0", " ")
