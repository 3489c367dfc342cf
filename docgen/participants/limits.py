"""Limits of an imported participants sheet (.xlsx or .csv), so that a hostile file is refused
before it costs memory or time: the file's size, the inflated size and compression ratio of an
.xlsx's zip members, the number of members and sheets, rows, columns, the last used cell, and
a CSV line's length.

Each refusal is a `SheetTooLarge` (an `UnreadableSheet`) whose Russian message names the limit
and the place (member, sheet, row or cell).
"""

from __future__ import annotations

import zipfile

from openpyxl.utils import get_column_letter

from .errors import UnreadableSheet

MAX_SHEET_BYTES = 10 * 1024 * 1024  # the uploaded file
MAX_INFLATED_BYTES = 50 * 1024 * 1024  # all members of an .xlsx, unpacked
MAX_RATIO = 100  # unpacked / packed size of a member ...
RATIO_FROM_BYTES = 1024 * 1024  # ... once it unpacks to more than this
MAX_MEMBERS = 1000
MAX_SHEETS = 50
MAX_ROWS = 10_000  # the last row number a sheet may use
MAX_COLUMNS = 200  # the last column a sheet may use (GR)
MAX_CELLS = 250_000  # <c> elements of the sheet read, empty ones too (bounds the parsing time, ~3 s)
MAX_LINE_CHARS = 10_000  # one line of a CSV file
# Parts of an .xlsx read whole besides the sheet and the shared strings (bounded by the total).
MAX_PART_BYTES = 5 * 1024 * 1024
READ_WHOLE = ("[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml")


class SheetTooLarge(UnreadableSheet):
    """The sheet passes a limit; str(exc) names the limit and the place, in Russian."""


def number(value: int) -> str:
    """10000 → «10 000» (Russian thousands)."""
    return f"{value:,}".replace(",", " ")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",").replace(",0", "")


def last_column() -> str:
    return get_column_letter(MAX_COLUMNS)


def check_size(size: int, name: str) -> None:
    """The file itself (before it is read at all: the CLI checks the size on disk)."""
    if size > MAX_SHEET_BYTES:
        raise SheetTooLarge(
            f"Файл «{name}» слишком большой: {_megabytes(size)} МБ, а таблица участников может "
            f"занимать не больше {_megabytes(MAX_SHEET_BYTES)} МБ"
        )


def check_zip(archive: zipfile.ZipFile, name: str) -> None:
    """Members of an .xlsx: their number, total unpacked size and compression ratio.

    The sizes a zip declares are enough: `zipfile` never inflates a member past its declared
    size (it stops there and then fails the CRC check).
    """
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise SheetTooLarge(
            f"Файл «{name}»: частей в книге {number(len(members))}, а допускается не больше "
            f"{number(MAX_MEMBERS)}"
        )
    total = 0
    for member in members:
        total += member.file_size
        if total > MAX_INFLATED_BYTES:
            raise SheetTooLarge(
                f"Файл «{name}»: в распакованном виде книга занимает больше "
                f"{_megabytes(MAX_INFLATED_BYTES)} МБ (превышение на части «{member.filename}»); "
                "похоже на «zip-бомбу» — загрузите обычную таблицу участников"
            )
        if member.filename in READ_WHOLE and member.file_size > MAX_PART_BYTES:
            raise SheetTooLarge(
                f"Файл «{name}»: часть «{member.filename}» занимает {_megabytes(member.file_size)} МБ, "
                f"а допускается не больше {_megabytes(MAX_PART_BYTES)} МБ"
            )
        if member.file_size > RATIO_FROM_BYTES:
            ratio = member.file_size / max(member.compress_size, 1)
            if ratio > MAX_RATIO:
                raise SheetTooLarge(
                    f"Файл «{name}»: часть «{member.filename}» сжата в {number(int(ratio))} раз, "
                    f"а допускается не больше {MAX_RATIO}; похоже на «zip-бомбу»"
                )


def check_whole_part(archive: zipfile.ZipFile, part: str, name: str) -> None:
    """A part openpyxl reads whole wherever the manifest puts it (the shared strings): its
    unpacked size, before it is parsed (2 million short strings take 17 s and 200 MB)."""
    try:
        size = archive.getinfo(part).file_size
    except KeyError:
        return
    if size > MAX_PART_BYTES:
        raise SheetTooLarge(
            f"Файл «{name}»: часть «{part}» занимает {_megabytes(size)} МБ, "
            f"а допускается не больше {_megabytes(MAX_PART_BYTES)} МБ"
        )


def check_sheets(count: int, name: str) -> None:
    if count > MAX_SHEETS:
        raise SheetTooLarge(
            f"Файл «{name}»: листов в книге {number(count)}, а допускается не больше {MAX_SHEETS}"
        )


def check_dimension(bounds: tuple[int, int, int, int] | None, ref: str, name: str, sheet: str) -> None:
    """The sheet's own claim of its used range (`<dimension ref>`): refused when past the limits.

    Only checked, never used to allocate anything: the cells themselves are checked as read.
    """
    if bounds is None:
        return
    _min_col, _min_row, max_col, max_row = bounds
    if (max_row or 0) > MAX_ROWS or (max_col or 0) > MAX_COLUMNS:
        raise SheetTooLarge(
            f"Файл «{name}», лист «{sheet}»: заявленная область {ref} больше допустимой — таблица "
            f"участников может занимать не больше {number(MAX_ROWS)} строк и {MAX_COLUMNS} столбцов "
            f"(до {last_column()}{MAX_ROWS})"
        )


def check_cell(row: int, column: int, name: str, sheet: str) -> None:
    """A cell of an .xlsx sheet, as its reference says (before anything is made for it)."""
    if row <= MAX_ROWS and column <= MAX_COLUMNS:
        return
    ref = f"{get_column_letter(min(max(column, 1), 18278))}{row}"
    if row > MAX_ROWS:
        limit = f"не больше {number(MAX_ROWS)} строк"
    else:
        limit = f"не больше {MAX_COLUMNS} столбцов (последний — {last_column()})"
    raise SheetTooLarge(
        f"Файл «{name}», лист «{sheet}», ячейка {ref}: таблица участников может занимать {limit}"
    )


def check_cells(count: int, row: int, name: str, sheet: str) -> None:
    if count > MAX_CELLS:
        raise SheetTooLarge(
            f"Файл «{name}», лист «{sheet}», строка {number(row)}: ячеек больше {number(MAX_CELLS)} — "
            "столько в таблице участников не бывает"
        )


def check_line(line_number: int, length: int, name: str) -> None:
    if length > MAX_LINE_CHARS:
        raise SheetTooLarge(
            f"Файл «{name}», строка {number(line_number)}: строка длиннее {number(MAX_LINE_CHARS)} "
            f"знаков ({number(length)})"
        )


def check_record(record: int, columns: int, name: str) -> None:
    """A CSV record (a row of the table) by its number and its number of cells."""
    if record > MAX_ROWS:
        raise SheetTooLarge(
            f"Файл «{name}», строка {number(record)}: в таблице участников может быть не больше "
            f"{number(MAX_ROWS)} строк"
        )
    if columns > MAX_COLUMNS:
        raise SheetTooLarge(
            f"Файл «{name}», строка {number(record)}: столбцов {number(columns)}, а допускается "
            f"не больше {MAX_COLUMNS}"
        )
