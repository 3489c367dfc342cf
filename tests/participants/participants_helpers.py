"""Helpers of the participants tests: sheets made with openpyxl, small dossiers, the gymnasium data."""

from __future__ import annotations

import copy
import csv
import io
import struct
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook

from tests.factories import dossier_data

ROOT = Path(__file__).resolve().parents[2]
GYMNASIUM = ROOT / "samples" / "gymnasium-20.yaml"

HEADERS = [
    "Фамилия наставника", "Имя наставника", "Отчество наставника", "Пол наставника",
    "Должность наставника", "Категория наставника", "Место работы наставника",
    "Фамилия наставляемого", "Имя наставляемого", "Отчество наставляемого", "Пол наставляемого",
    "Дата рождения наставляемого", "Класс/должность наставляемого", "Категория наставляемого",
    "Несовершеннолетний", "Форма наставничества", "Вид наставничества", "Начало", "Окончание",
    "Программа", "Доплата, руб.",
]  # fmt: skip

PETROVA = {"Фамилия наставника": "Петрова", "Имя наставника": "Елена", "Отчество наставника": "Ивановна",
           "Пол наставника": "ж", "Должность наставника": "учитель химии"}  # fmt: skip


def row(**cells: Any) -> dict[str, Any]:
    """A sheet row as {header: value}; keyword names use _ for spaces: Пол_наставника="ж"."""
    return {key.replace("_", " "): value for key, value in cells.items()}


def good_rows() -> list[dict[str, Any]]:
    """Four rows: a group of two pupils, a teacher pair of the same mentor, an employer's pair."""
    return [
        {
            **PETROVA,
            "Фамилия наставляемого": "Соколов",
            "Имя наставляемого": "Игорь",
            "Отчество наставляемого": "Петрович",
            "Пол наставляемого": "м",
            "Дата рождения наставляемого": "05.04.2010",
            "Класс/должность наставляемого": "обучающийся 8 «А» класса",
            "Форма наставничества": "учитель - ученик",
            "Вид наставничества": "групповое",
            "Начало": "01.09.2024",
            "Окончание": "31.05.2025",
            "Программа": "Химия вокруг нас",
            "Доплата, руб.": "3 000",
        },
        {
            **PETROVA,
            "Фамилия наставляемого": "Белова",
            "Имя наставляемого": "Алёна",
            "Отчество наставляемого": "Сергеевна",
            "Пол наставляемого": "ж",
            "Дата рождения наставляемого": "12.11.2009",
            "Класс/должность наставляемого": "обучающаяся 8 «А» класса",
            "Форма наставничества": "учитель – ученик",
            "Вид наставничества": "групповое",
            "Начало": "01.09.2024",
            "Окончание": "31.05.2025",
        },
        {
            **PETROVA,
            "Фамилия наставляемого": "Орлова",
            "Имя наставляемого": "Дарья",
            "Отчество наставляемого": "Олеговна",
            "Пол наставляемого": "ж",
            "Класс/должность наставляемого": "учитель химии",
            "Форма наставничества": "учитель – учитель",
            "Вид наставничества": "традиционное",
            "Начало": "15.09.2024",
            "Окончание": "31.05.2025",
            "Программа": "Первый год в школе",
            "Доплата, руб.": 2500,
        },
        {
            "Фамилия наставника": "Гордеев",
            "Имя наставника": "Виктор",
            "Отчество наставника": "Степанович",
            "Пол наставника": "м",
            "Должность наставника": "инженер-технолог",
            "Место работы наставника": "ООО «Агротех»",
            "Фамилия наставляемого": "Соколов",
            "Имя наставляемого": "Игорь",
            "Отчество наставляемого": "Петрович",
            "Пол наставляемого": "м",
            "Дата рождения наставляемого": "05.04.2010",
            "Класс/должность наставляемого": "обучающийся 8 «А» класса",
            "Форма наставничества": "работодатель – ученик",
            "Начало": "01.02.2025",
            "Окончание": "30.04.2025",
        },
    ]


def xlsx(rows: list[dict[str, Any]], headers: list[str] | None = None, *, title: str | None = None) -> bytes:
    """An .xlsx with a header row (after an optional title row) and the rows under it."""
    headers = list(HEADERS if headers is None else headers)
    book = Workbook()
    sheet = book.active
    sheet.title = "Участники"
    if title:
        sheet.append([title])
    if headers:
        sheet.append(headers)
    for values in rows:
        sheet.append([values.get(h) for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[dict[str, Any]], *, delimiter: str = ";", encoding: str = "cp1251") -> bytes:
    """A CSV file as Excel writes it: CRLF, cells with the delimiter in quotes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for values in rows:
        writer.writerow(["" if values.get(h) is None else str(values.get(h)) for h in HEADERS])
    return buffer.getvalue().encode(encoding)


def school_data(**overrides: Any) -> dict[str, Any]:
    """The minimal school dossier of tests/factories without pairs (the sheet brings them)."""
    return dossier_data(**{"pairs": [], **overrides})


def gymnasium_data() -> dict[str, Any]:
    return copy.deepcopy(yaml.safe_load(GYMNASIUM.read_text(encoding="utf-8")))


def png_size(content: bytes) -> tuple[int, int]:
    assert content[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", content[16:24])
    return width, height
