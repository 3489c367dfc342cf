"""Hostile spreadsheets for the import limits, each built in the test (never stored)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from openpyxl import Workbook

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Участники" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def crafted_xlsx(
    rows_xml: str, *, dimension: str | None = None, padding: Iterator[bytes] | None = None
) -> bytes:
    """A minimal .xlsx written by hand: one sheet «Участники» with `rows_xml` inside <sheetData>,
    an optional `<dimension ref>` claim and `padding` (bytes streamed in after the sheet data,
    as an XML comment: a zip bomb that stays valid XML)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_SHEET_HEAD.encode())
            if dimension:
                sheet.write(f'<dimension ref="{dimension}"/>'.encode())
            sheet.write(f"<sheetData>{rows_xml}</sheetData>".encode())
            sheet.write(b"<!--")
            for chunk in padding or ():
                sheet.write(chunk)
            sheet.write(b"-->")
            sheet.write(b"</worksheet>")
    return out.getvalue()


def one_cell_at_the_end(dimension: str | None = "A1") -> bytes:
    """A single cell at XFD1048576 (the last cell Excel has); the dimension claims A1."""
    return crafted_xlsx(f'<row r="1048576">{inline("XFD1048576", "x")}</row>', dimension=dimension)


def lying_dimension() -> bytes:
    """One real cell at A1, a `<dimension>` claiming the whole sheet."""
    return crafted_xlsx(f'<row r="1">{inline("A1", "Фамилия наставника")}</row>', dimension="A1:XFD1048576")


def zeros(megabytes: int) -> Iterator[bytes]:
    chunk = b" " * (1024 * 1024)
    for _ in range(megabytes):
        yield chunk


def zip_bomb(megabytes: int = 60) -> bytes:
    """A sheet that unpacks to `megabytes` of spaces (packed ~1000 times smaller)."""
    return crafted_xlsx(f'<row r="1">{inline("A1", "Фамилия наставника")}</row>', padding=zeros(megabytes))


def too_many_columns() -> bytes:
    """A header row that runs to column GS (201), with no dimension claim."""
    from openpyxl.utils import get_column_letter

    cells = "".join(inline(f"{get_column_letter(c)}1", f"столбец {c}") for c in range(1, 202))
    return crafted_xlsx(f'<row r="1">{cells}</row>')


def many_sheets(count: int = 51) -> bytes:
    book = Workbook()
    for number in range(count - 1):
        book.create_sheet(f"Лист {number + 2}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_lines(count: int) -> Iterator[bytes]:
    """A CSV of `count` short rows, generated lazily."""
    yield "Фамилия наставника;Имя наставника\n".encode()
    line = b"x;y\n"
    for _ in range(count - 1):
        yield line


def million_rows_csv() -> bytes:
    return b"".join(csv_lines(1_000_000))


def long_line_csv() -> bytes:
    return ("Фамилия наставника;Имя наставника\n" + "Иванов;" + "я" * 20_000 + "\n").encode()


def many_shared_strings(megabytes: int = 6) -> bytes:
    """A shared-strings part of `megabytes` of distinct numbers (packs only ~4 times smaller, so
    no ratio limit sees it), at a path of its own: openpyxl finds it through the manifest."""
    import random

    strings_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    override = f'<Override PartName="/xl/worksheets/strings.xml" ContentType="{strings_type}"/>'
    relation = (
        '<Relationship Id="rId2" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
        'Target="worksheets/strings.xml"/>'
    )
    numbers = random.Random(13)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES.replace("</Types>", override + "</Types>"))
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            _WORKBOOK_RELS.replace("</Relationships>", relation + "</Relationships>"),
        )
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            _SHEET_HEAD + '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>',
        )
        with archive.open("xl/worksheets/strings.xml", "w") as strings:
            strings.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            written = 0
            while written < megabytes * 1024 * 1024:
                item = f"<si><t>{numbers.randrange(10**9)}</t></si>".encode()
                strings.write(item)
                written += len(item)
            strings.write(b"</sst>")
    return out.getvalue()


def password_protected() -> bytes:
    """What Excel saves for a password-protected .xlsx: an OLE file with an «EncryptedPackage»."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le") * 4
