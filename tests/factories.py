"""Small dossiers built in code, for tests that need one precise thing."""

from __future__ import annotations

import copy
import io
from typing import Any

from docx import Document

_BASE: dict[str, Any] = {
    "organisation": {
        "kind": "school",
        "full_name": "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 7»",
        "short_name": "МБОУ СШ № 7",
        "city": "г. Тверь",
        "director": {
            "surname": "Орлов", "name": "Павел", "patronymic": "Игоревич",
            "gender": "male", "position": "директор",
        },
        "number_format": "{n}-од",
    },
    "school_year": "2024/2025",
    "curator": {
        "surname": "Жмурина", "name": "Ольга", "patronymic": "Алексеевна",
        "gender": "female", "position": "заместитель директора по учебно-воспитательной работе",
    },
    "forms": ["учитель – ученик"],
    "pairs": [
        {
            "mentor": {
                "surname": "Иванова", "name": "Мария", "patronymic": "Петровна",
                "gender": "female", "position": "учитель математики",
            },
            "mentees": [
                {
                    "surname": "Шевчук", "name": "Анна", "patronymic": "Викторовна",
                    "gender": "female", "position": "обучающаяся 9 «А» класса",
                    "category": "обучающийся", "minor": True,
                }
            ],
            "form": "учитель – ученик",
            "start": "01.09.2024",
            "end": "31.05.2025",
        }
    ],
    "orders": {"implementation-order": {"number": "12", "date": "30.08.2024"}},
    "roadmap": {
        "stages": [
            {
                "title": "Подготовка условий",
                "events": [{"title": "Приказ", "rows": [{"content": "Издать приказ",
                            "deadline": "Август 2024", "responsible": "Куратор"}]}],
            }
        ]
    },
}  # fmt: skip


def dossier_data(**overrides: Any) -> dict[str, Any]:
    """A valid minimal school dossier; keyword arguments replace top-level sections."""
    data = copy.deepcopy(_BASE)
    data.update(copy.deepcopy(overrides))
    return data


def docx_bytes(*paragraphs: str, table_rows: list[list[str]] | None = None) -> bytes:
    """A small .docx with these paragraphs (and a table of these rows), as a file's bytes."""
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table_rows:
        table = document.add_table(rows=len(table_rows), cols=len(table_rows[0]))
        for row, values in zip(table.rows, table_rows, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
