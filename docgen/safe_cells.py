"""Cells of the spreadsheets docgen writes (.xlsx and .csv), safe from formula injection.

Text from users (names, positions, programme titles, audit details) may start with a character
a spreadsheet reads as the start of a formula: `= + - @`, or a tab or carriage return before
one. Every writer of .xlsx or .csv goes through this module:

- .xlsx: text is stored as text (cell type «s»), never as a formula — openpyxl would otherwise
  turn any str starting with «=» into one — and such a cell also gets Excel's «quote prefix»,
  so that editing it later does not make it a formula either;
- .csv: such text gets a leading apostrophe (the OWASP advice for CSV injection).
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if looks_like_formula(text) else text


def csv_row(values: Any) -> list[str]:
    return [csv_cell(v) for v in values]


def text_cell(cell: Cell, value: Any) -> Cell:
    """Give an .xlsx cell `value`; a str is always stored as text, whatever it starts with."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True
    return cell


def put(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """`sheet.cell(row, column, value)` that never writes a formula."""
    return text_cell(sheet.cell(row=row, column=column), value)
