"""The header of an import sheet (which column is which) and the checking of each data row."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from .columns import BY_HEADER, BY_KEY, COLUMNS, MENTEE, MENTOR, PAIR, Column
from .import_types import ImportRow, RowError
from .import_values import _age, _category_of_role, _convert
from .tables import SheetRows
from .text import header_key, squeeze

REQUIRED = "Не заполнено обязательное поле"


# -- the header ---------------------------------------------------------------------------------


def _count_known(values: Iterable[object]) -> int:
    return sum(1 for v in values if header_key(v) in BY_HEADER)


def _header(sheet: SheetRows, errors: list[RowError]) -> tuple[dict[int, str], list]:
    """Column index → column key, and the data rows after the header."""
    if not sheet.rows:
        errors.append(RowError(0, "", "Таблица пуста: нет ни строки заголовков, ни данных", True))
        return {}, []
    # The header is the first row with a known column name (a title above it is allowed).
    at = next((i for i, (_, values) in enumerate(sheet.rows[:10]) if _count_known(values)), 0)
    header_row, headers = sheet.rows[at]
    body = sheet.rows[at + 1 :]
    columns: dict[int, str] = {}
    seen: dict[str, int] = {}
    known_names = [c.header for c in COLUMNS]
    for index, raw in enumerate(headers):
        text = squeeze(raw)
        if not text:
            continue
        column = BY_HEADER.get(header_key(text))
        if column is None:
            close = difflib.get_close_matches(text, known_names, n=1, cutoff=0.75)
            hint = f"; возможно, имелся в виду «{close[0]}»" if close else ""
            errors.append(RowError(header_row, text, f"Неизвестный столбец «{text}»{hint}", True))
            continue
        if column.key in seen:
            errors.append(
                RowError(
                    header_row,
                    column.header,
                    f"Столбец «{column.header}» указан дважды (столбцы {_letter(seen[column.key])} "
                    f"и {_letter(index)})",
                    True,
                )
            )
            continue
        seen[column.key] = index
        columns[index] = column.key
    for column in COLUMNS:
        if column.required and column.key not in seen:
            errors.append(
                RowError(header_row, column.header, f"Нет обязательного столбца «{column.header}»", True)
            )
    if not body and not errors:
        errors.append(RowError(header_row, "", "В таблице нет строк с данными под заголовком", True))
    return columns, body


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


# -- one row ------------------------------------------------------------------------------------


def _parse_row(number: int, cells: dict[str, object], errors: list[RowError]) -> ImportRow | None:
    found: list[RowError] = []
    values: dict[str, Any] = {}

    def bad(column: Column, message: str) -> None:
        found.append(RowError(number, column.header, message))

    for column in COLUMNS:
        if column.key not in cells:
            continue
        raw = cells[column.key]
        if squeeze(raw) == "":
            if column.required:
                bad(column, REQUIRED)
            continue
        try:
            values[column.key] = _convert(column, raw)
        except ValueError as exc:
            bad(column, str(exc))
    start, end = values.get("start"), values.get("end")
    if start and end and end <= start:
        bad(BY_KEY["end"], f"Окончание ({end:%d.%m.%Y}) должно быть позже начала ({start:%d.%m.%Y})")
    if found:
        errors.extend(found)
        return None
    row = ImportRow(number, {}, {}, {})
    for key, value in values.items():
        column = BY_KEY[key]
        {MENTOR: row.mentor, MENTEE: row.mentee, PAIR: row.pair}[column.role][column.field] = value
    mentor_role, _, mentee_role = row.pair["form"].partition(" – ")
    row.mentor_defaults["category"] = _category_of_role(mentor_role, mentor=True)
    row.mentee_defaults["category"] = _category_of_role(mentee_role, mentor=False)
    birth = row.mentee.get("birth_date")
    if birth is not None:
        row.mentee_defaults["minor"] = _age(birth, row.pair["start"]) < 18
    return row
