"""Reading a spreadsheet (.xlsx or .csv) into numbered rows of cell values."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import PurePath

from . import limits
from .errors import UnreadableSheet
from .text import squeeze
from .xlsx_stream import open_book, unreadable

__all__ = ["CSV_SUFFIXES", "XLSX_SUFFIXES", "SheetRows", "UnreadableSheet", "read_rows"]

XLSX_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".txt")
DATA_SHEET = "Участники"
SERVICE_SHEETS = ("Инструкция", "Списки")
_DELIMITERS = (";", ",", "\t")


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
    limits.check_size(len(data), name)
    if suffix != ".xls" and data[:4] == b"\xd0\xcf\x11\xe0" and b"E\0n\0c\0r\0y\0p\0t" in data[:65536]:
        raise UnreadableSheet(  # Excel keeps a password-protected .xlsx in an OLE file too
            f"Файл «{name}» защищён паролем (зашифрован): снимите пароль и сохраните таблицу как "
            "«Книга Excel (.xlsx)» или «CSV»"
        )
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
    """Rows of the data sheet, streamed: limits checked cell by cell, `<dimension>` not trusted."""
    book = open_book(data, name)
    with book:
        sheets = [p for p in book.sheets if p.title not in SERVICE_SHEETS] or book.sheets
        if not sheets:
            raise unreadable(name)
        preferred = [p for p in sheets if p.title == DATA_SHEET]
        sheet = (preferred or sheets)[0]
        try:
            rows = [(number, cells) for number, cells in book.rows(sheet) if any(squeeze(v) for v in cells)]
        except UnreadableSheet:
            raise
        except Exception as exc:  # a broken sheet part: bad XML, a bad cell reference...
            raise unreadable(name) from exc
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
    for number, line in enumerate(lines, start=1):
        limits.check_line(number, len(line), name)
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
            limits.check_record(number, len(values), name)
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
