"""Streaming read of one worksheet of an .xlsx, with the limits of `limits` checked as it goes.

openpyxl's own readers are not used for the cells: the full reader allocates every cell of the
used range, and the read-only one pads rows and columns up to the sheet's `<dimension>` (a
one-cell sheet at XFD1048576 means a million rows of 16 384 cells). Here the workbook's parts
are read with openpyxl's part readers, and the chosen sheet's XML is parsed row by row: each
cell's reference is checked before anything is made for it, and only cells with values are kept.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree.ElementTree import iterparse

from . import limits
from .errors import UnreadableSheet

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@dataclass(frozen=True)
class SheetPart:
    title: str
    path: str  # the member of the zip


class XlsxBook:
    """An .xlsx opened for reading one sheet at a time; use as a context manager."""

    def __init__(self, data: bytes, name: str):
        from openpyxl.reader.excel import ExcelReader

        self.name = name
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        self.archive = reader.archive
        try:
            self._read_parts(reader, name)
        except BaseException:
            self.archive.close()
            raise

    def _read_parts(self, reader, name: str) -> None:
        """Check the zip's limits, then read the workbook, its strings and styles (not the sheets)."""
        from openpyxl.styles.stylesheet import apply_stylesheet
        from openpyxl.xml.constants import SHARED_STRINGS

        limits.check_zip(self.archive, name)
        with warnings.catch_warnings():
            # Excel extensions openpyxl does not model (slicers, data validation lists) only warn.
            warnings.simplefilter("ignore")
            reader.read_manifest()
            reader.read_workbook()
            limits.check_sheets(len(reader.parser.sheets), name)
            parts = [
                SheetPart(sheet.name, rel.target)
                for sheet, rel in reader.parser.find_sheets()
                if "chartsheet" not in (rel.Type or "")
            ]
            strings = reader.package.find(SHARED_STRINGS)
            if strings is not None:
                limits.check_whole_part(self.archive, strings.PartName[1:], name)
            reader.read_strings()
            apply_stylesheet(self.archive, reader.wb)
        self.reader = reader
        self.sheets = [p for p in parts if p.path in set(self.archive.namelist())]

    def __enter__(self) -> XlsxBook:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.archive.close()

    def rows(self, part: SheetPart) -> Iterator[tuple[int, list[object]]]:
        """(1-based row, values up to the last value) of the rows that have a value."""
        self._check_dimension(part)
        wb = self.reader.wb
        with self.archive.open(part.path) as source:
            parser = _parser_class()(
                source,
                self.reader.shared_strings,
                data_only=True,
                epoch=wb.epoch,
                date_formats=wb._date_formats,
                timedelta_formats=wb._timedelta_formats,
            )
            count = 0
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for number, cells in parser.parse():
                    count += len(cells)
                    limits.check_cells(count, number, self.name, part.title)
                    values: dict[int, object] = {}
                    for cell in cells:
                        limits.check_cell(cell["row"], cell["column"], self.name, part.title)
                        if cell["value"] is not None:
                            values[cell["column"]] = cell["value"]
                    limits.check_cell(number, 1, self.name, part.title)  # an empty <row r=…>
                    if values:
                        row: list[object] = [None] * max(values)
                        for column, value in values.items():
                            row[column - 1] = value
                        yield number, row

    def _check_dimension(self, part: SheetPart) -> None:
        """The `<dimension ref>` claim, read from the sheet's head (it precedes the cells)."""
        from openpyxl.utils.cell import range_boundaries

        with self.archive.open(part.path) as source:
            for seen, (_event, element) in enumerate(iterparse(source, events=("start",))):
                if seen > 100:  # it comes second in a sheet; not there: no claim to check
                    return
                if element.tag == f"{_MAIN}dimension":
                    ref = element.get("ref") or ""
                    try:
                        bounds = range_boundaries(ref)
                    except (ValueError, TypeError):
                        return
                    limits.check_dimension(bounds, ref, self.name, part.title)
                    return
                if element.tag == f"{_MAIN}sheetData":
                    return


def _inline_text(element) -> str:
    """The text of an `<is>` (inline string): its `<t>`, or its runs' `<t>`; no phonetic runs."""
    parts = []
    for child in element:
        if child.tag == f"{_MAIN}t":
            parts.append(child.text or "")
        elif child.tag == f"{_MAIN}r":
            parts.extend(t.text or "" for t in child.iter(f"{_MAIN}t"))
    return "".join(parts)


def _parser_class():
    """openpyxl's sheet parser, with inline strings read directly: openpyxl builds a rich-text
    object for each (two thirds of the time of a sheet written with inline strings)."""
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.worksheet._reader import WorkSheetParser

    class Parser(WorkSheetParser):
        def parse_cell(self, element):
            if element.get("t") != "inlineStr":
                return super().parse_cell(element)
            coordinate = element.get("r")
            if coordinate:
                row, column = coordinate_to_tuple(coordinate)
                self.col_counter = column
            else:
                self.col_counter += 1
                row, column = self.row_counter, self.col_counter
            inline = element.find(f"{_MAIN}is")
            value = _inline_text(inline) if inline is not None else None
            return {"row": row, "column": column, "value": value, "data_type": "s", "style_id": 0}

    return Parser


def open_book(data: bytes, name: str) -> XlsxBook:
    """The book, or UnreadableSheet (SheetTooLarge for a limit) with a Russian message."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise UnreadableSheet(
            f"Файл «{name}» не является книгой Excel (.xlsx): он повреждён или другого формата"
        )
    try:
        return XlsxBook(data, name)
    except UnreadableSheet:
        raise
    except Exception as exc:  # openpyxl raises KeyError, ValueError, ParseError, BadZipFile...
        raise unreadable(name) from exc


def unreadable(name: str) -> UnreadableSheet:
    return UnreadableSheet(
        f"Файл «{name}» не удалось прочитать как книгу Excel (.xlsx): он повреждён или другого формата"
    )
