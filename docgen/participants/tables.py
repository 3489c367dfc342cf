"""Reading a spreadsheet (.xlsx or .csv) into numbered rows of cell values."""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from .text import squeeze

XLSX_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".txt")
DATA_SHEET = "Участники"
SERVICE_SHEETS = ("Инструкция", "Списки")
_DELIMITERS = (";", ",", "\t")


class UnreadableSheet(Exception):
    """The file as a whole cannot be read as a table; str(exc) is a Russian message."""


@dataclass(frozen=True)
class SheetRows:
    rows: list[tuple[int, list[object]]]  # (1-based sheet row, cell values), blank rows left out
    encoding: str = ""  # for CSV: utf-8-sig, utf-8 or cp1251
    delimiter: str = ""  # for CSV
    sheet: str = ""  # for .xlsx: the worksheet read


def read_rows(data: bytes, filename: str, *, recognise=None) -> SheetRows:
    """Rows of the first data sheet of an .xlsx, or of a CSV file (encoding and delimiter detected).

    `recognise(values) -> int` counts known headers in a row; it picks the CSV delimiter.
    """
    name = PurePath(filename or "").name or "файл"
    suffix = PurePath(name).suffix.lower()
    if not data:
        raise UnreadableSheet(f"Файл «{name}» пуст")
    if suffix == ".xls" or data[:4] == b"\xd0\xcf\x11\xe0":
        raise UnreadableSheet(
            f"Формат «{name}» (Excel 97–2003, .xls) не поддерживается: "
            "сохраните таблицу как «Книга Excel (.xlsx)» или «CSV»"
        )
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(data, name)
    if suffix in CSV_SUFFIXES:
        return _read_csv(data, name, recognise)
    raise UnreadableSheet(f"Неподдерживаемый тип файла «{name}»: загрузите таблицу .xlsx (Excel) или .csv")


def _read_xlsx(data: bytes, name: str) -> SheetRows:
    from openpyxl import load_workbook

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise UnreadableSheet(
            f"Файл «{name}» не является книгой Excel (.xlsx): он повреждён или другого формата"
        )
    try:
        with warnings.catch_warnings():
            # Excel extensions openpyxl does not model (slicers, data validation lists) only warn.
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises KeyError, ValueError, InvalidFileException...
        raise UnreadableSheet(
            f"Файл «{name}» не удалось прочитать как книгу Excel (.xlsx): он повреждён или другого формата"
        ) from exc
    sheets = [ws for ws in book.worksheets if ws.title not in SERVICE_SHEETS] or book.worksheets
    preferred = [ws for ws in sheets if ws.title == DATA_SHEET]
    sheet = (preferred or sheets)[0]
    rows = []
    for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
        cells = list(values)
        if any(squeeze(v) for v in cells):
            rows.append((number, cells))
    return SheetRows(rows, sheet=sheet.title)


def _decode(data: bytes, name: str) -> tuple[str, str]:
    if b"\x00" in data[:4096] or data[:4] == b"PK\x03\x04":
        raise UnreadableSheet(
            f"Файл «{name}» не похож на текстовую таблицу CSV; книгу Excel загружайте с расширением .xlsx"
        )
    if data.startswith(b"\xef\xbb\xbf"):
        return data.decode("utf-8-sig", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Excel in a Russian locale saves «CSV (разделители — точка с запятой)» in Windows-1251.
        return data.decode("cp1251", errors="replace"), "cp1251"


def _read_csv(data: bytes, name: str, recognise) -> SheetRows:
    text, encoding = _decode(data, name)
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not first:
        raise UnreadableSheet(f"Файл «{name}» пуст")
    delimiter = _sniff(first, text, recognise)
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        # Numbered by record, as Excel numbers the rows when it opens the file.
        for number, values in enumerate(reader, start=1):
            if any(squeeze(v) for v in values):
                rows.append((number, list(values)))
    except csv.Error as exc:
        raise UnreadableSheet(f"Файл «{name}»: ошибка в строке {number + 1}: {exc}") from exc
    return SheetRows(rows, encoding=encoding, delimiter=delimiter)


def _sniff(first_line: str, text: str, recognise) -> str:
    """The delimiter that splits the header line into the most known headers (then the most cells)."""

    def score(delimiter: str) -> tuple[int, int]:
        cells = next(csv.reader([first_line], delimiter=delimiter))
        known = recognise(cells) if recognise else 0
        return known, len(cells)

    best = max(_DELIMITERS, key=score)
    if score(best) == (0, 1):
        try:
            return csv.Sniffer().sniff(text[:4096], delimiters="".join(_DELIMITERS)).delimiter
        except csv.Error:
            return ";"
    return best
