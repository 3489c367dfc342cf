"""The registration journal: series of order numbers per organisation, numbered per year.

A number is allocated inside the caller's write transaction (`BEGIN IMMEDIATE`), so concurrent
issues from several processes queue on SQLite's write lock: numbers are never duplicated, and a
transaction that fails rolls its numbers back, so none is skipped. A voided number stays in the
journal with its reason and is never reused.
"""

from __future__ import annotations

import io
import string
from datetime import date
from typing import Any

import sqlite_utils
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from docgen.errors import UnknownKind
from docgen.grammar import format_date
from docgen.render.registry import CORE_ACTIVITY, get_kind

from .db import now, one, rows, write_transaction
from .engine import IntegrityError, dialect, unique_violation
from .errors import (
    InvalidSeries,
    NotFound,
    NumberAlreadyVoided,
    SeriesExists,
    SeriesInUse,
    VoidReasonRequired,
)
from .scope import Scope, guard_module

DEFAULT_SERIES_CODE = "od"
YEAR_MODES = ("calendar", "school")
FONT = "Times New Roman"

_SERIES_COLUMNS = "id, org_id, code, title, number_format, year_mode, created_at, updated_at"


# -- series ----------------------------------------------------------------------------------


def check_number_format(number_format: str) -> str:
    """A format has exactly the field {n} (optionally with a spec such as {n:03d})."""
    number_format = (number_format or "").strip()
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(number_format) if f is not None]
        sample = number_format.format(n=1)
    except (ValueError, KeyError, IndexError) as exc:
        raise InvalidSeries(f"Неверный формат номера «{number_format}»: {exc}") from None
    if fields != ["n"]:
        raise InvalidSeries(
            f"Формат номера «{number_format}» должен содержать {{n}} ровно один раз, например «{{n}}-од»"
        )
    if not sample.strip():
        raise InvalidSeries("Формат номера не может быть пустым")
    return number_format


def _check_year_mode(year_mode: str) -> str:
    if year_mode not in YEAR_MODES:
        raise InvalidSeries(
            f"Нумерация по году «{year_mode}» неизвестна: допустимо calendar (календарный год) "
            "или school (учебный год с 1 сентября)"
        )
    return year_mode


def ensure_default_series(
    db: sqlite_utils.Database, org_id: int, *, number_format: str | None = None
) -> dict[str, Any]:
    """The organisation's «основная деятельность» series (code "od"), created if missing.

    A new series takes `number_format` (the dossier organisation's format) or "{n}"; an existing
    one is returned unchanged.
    """
    fmt = check_number_format(number_format or "{n}")
    stamp = now()
    db.execute(
        dialect(db).insert_ignore(
            "series", ("org_id", "code", "title", "number_format", "year_mode", "created_at", "updated_at")
        ),
        [org_id, DEFAULT_SERIES_CODE, CORE_ACTIVITY, fmt, "calendar", stamp, stamp],
    )
    found = one(
        db,
        f"SELECT {_SERIES_COLUMNS} FROM series WHERE org_id = ? AND title = ?",
        [org_id, CORE_ACTIVITY],
    )
    assert found is not None
    return found


def list_series(db: sqlite_utils.Database, scope: Scope) -> list[dict[str, Any]]:
    where, params = scope.sql_readable()
    return rows(db, f"SELECT {_SERIES_COLUMNS} FROM series WHERE {where} ORDER BY org_id, code", params)


def get_series(
    db: sqlite_utils.Database, scope: Scope, code: str, *, org_id: int | None = None
) -> dict[str, Any]:
    owner = scope.org_id if org_id is None else org_id
    found = None
    if scope.can_read(owner):
        found = one(
            db,
            f"SELECT {_SERIES_COLUMNS} FROM series WHERE org_id = ? AND code = ?",
            [owner, code],
        )
    if found is None:
        raise NotFound("Серия номеров", code)
    return found


def create_series(
    db: sqlite_utils.Database,
    scope: Scope,
    *,
    code: str,
    title: str,
    number_format: str,
    year_mode: str = "calendar",
) -> int:
    code, title = code.strip(), title.strip()
    if not code or not title:
        raise InvalidSeries("У серии должны быть код и название")
    fmt = check_number_format(number_format)
    _check_year_mode(year_mode)
    stamp = now()
    try:
        cursor = db.execute(
            "INSERT INTO series (org_id, code, title, number_format, year_mode, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [scope.org_id, code, title, fmt, year_mode, stamp, stamp],
        )
    except IntegrityError as exc:
        if unique_violation(exc, "series", "code"):
            raise SeriesExists("код", code) from None
        if unique_violation(exc, "series", "title"):
            raise SeriesExists("название", title) from None
        raise
    return int(cursor.fetchall()[0][0])


def update_series(
    db: sqlite_utils.Database,
    scope: Scope,
    series_id: int,
    *,
    title: str | None = None,
    number_format: str | None = None,
    year_mode: str | None = None,
) -> dict[str, Any]:
    """Change a series of the caller's organisation; the code stays.

    A new format applies to numbers allocated from now on (registered numbers keep their text).
    The year mode cannot change once the series has numbers. The title of the default series
    is what order kinds are matched by, so it cannot change either.
    """
    with write_transaction(db):
        current = one(
            db,
            f"SELECT {_SERIES_COLUMNS} FROM series WHERE id = ? AND org_id = ?",
            [series_id, scope.org_id],
        )
        if current is None:
            raise NotFound("Серия номеров", series_id)
        changes: dict[str, Any] = {}
        if title is not None and title.strip() != current["title"]:
            if current["title"] == CORE_ACTIVITY:
                raise SeriesInUse(
                    f"Название серии «{CORE_ACTIVITY}» изменить нельзя: по нему приказы находят свою серию"
                )
            if not title.strip():
                raise InvalidSeries("У серии должно быть название")
            changes["title"] = title.strip()
        if number_format is not None:
            changes["number_format"] = check_number_format(number_format)
        if year_mode is not None and year_mode != current["year_mode"]:
            _check_year_mode(year_mode)
            used = one(db, "SELECT 1 AS used FROM journal WHERE series_id = ? LIMIT 1", [series_id])
            if used:
                raise SeriesInUse(
                    "В серии уже есть зарегистрированные номера: порядок нумерации по годам изменить нельзя"
                )
            changes["year_mode"] = year_mode
        if changes:
            changes["updated_at"] = now()
            assignments = ", ".join(f"{column} = ?" for column in changes)
            try:
                db.execute(
                    f"UPDATE series SET {assignments} WHERE id = ? AND org_id = ?",
                    [*changes.values(), series_id, scope.org_id],
                )
            except IntegrityError as exc:
                if unique_violation(exc):
                    raise SeriesExists("название", changes.get("title", "")) from None
                raise
        updated = one(db, f"SELECT {_SERIES_COLUMNS} FROM series WHERE id = ?", [series_id])
    assert updated is not None
    return updated


def series_for_kind(
    db: sqlite_utils.Database, scope: Scope, kind_id: str, *, number_format: str | None = None
) -> dict[str, Any]:
    """The caller's series an order kind is numbered in (matched by the kind's series title).

    The default series is created on first use with `number_format`.
    """
    kind = get_kind(kind_id)
    if kind.series is None:
        raise ValueError(f"{kind_id} is not an order: it has no register series")
    if kind.series == CORE_ACTIVITY:
        return ensure_default_series(db, scope.org_id, number_format=number_format)
    found = one(
        db,
        f"SELECT {_SERIES_COLUMNS} FROM series WHERE org_id = ? AND title = ?",
        [scope.org_id, kind.series],
    )
    if found is None:
        raise NotFound(f"Серия номеров «{kind.series}»")
    return found


# -- numbers ---------------------------------------------------------------------------------


def journal_year(when: date, year_mode: str) -> int:
    """The numbering year: calendar year, or the school year's first year (from 1 September)."""
    if year_mode == "school":
        return when.year if when.month >= 9 else when.year - 1
    return when.year


def year_label(year: int, year_mode: str) -> str:
    return f"{year}/{year + 1}" if year_mode == "school" else str(year)


def allocate_number(
    db: sqlite_utils.Database,
    scope: Scope,
    *,
    series: dict[str, Any],
    when: date,
    title: str,
    kind: str | None = None,
    batch_id: int | None = None,
) -> dict[str, Any]:
    """Register the next number of `series` for `when`; must run inside write_transaction.

    Returns {id, seq, year, number}.
    """
    if not db.conn.in_transaction:
        raise RuntimeError("allocate_number must run inside write_transaction(db)")
    if series["org_id"] != scope.org_id:
        raise NotFound("Серия номеров", series["code"])
    year = journal_year(when, series["year_mode"])
    seq = dialect(db).next_journal_seq(db, scope.org_id, series["id"], year)
    number = series["number_format"].format(n=seq)
    cursor = db.execute(
        "INSERT INTO journal (org_id, series_id, year, seq, number, date, kind, title, batch_id, "
        "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [
            scope.org_id,
            series["id"],
            year,
            seq,
            number,
            when.isoformat(),
            kind,
            title,
            batch_id,
            scope.user,
            now(),
        ],
    )
    return {"id": int(cursor.fetchall()[0][0]), "seq": seq, "year": year, "number": number}


def register_entry(
    db: sqlite_utils.Database,
    scope: Scope,
    *,
    when: date,
    title: str,
    series_code: str = DEFAULT_SERIES_CODE,
    kind: str | None = None,
) -> dict[str, Any]:
    """Register a number for an order made outside docgen (the journal is the school's own)."""
    if not title.strip():
        raise InvalidSeries("Укажите заголовок приказа")
    with write_transaction(db):
        if series_code == DEFAULT_SERIES_CODE:
            ensure_default_series(db, scope.org_id)
        series = get_series(db, scope, series_code)
        return allocate_number(db, scope, series=series, when=when, title=title.strip(), kind=kind)


def void_entry(db: sqlite_utils.Database, scope: Scope, entry_id: int, reason: str) -> dict[str, Any]:
    """Void a number of the caller's organisation: it stays in the journal with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise VoidReasonRequired()
    with write_transaction(db):
        entry = one(
            db,
            "SELECT id, number, status FROM journal WHERE id = ? AND org_id = ?",
            [entry_id, scope.org_id],
        )
        if entry is None:
            raise NotFound("Запись журнала", entry_id)
        if entry["status"] == "void":
            raise NumberAlreadyVoided(entry["number"])
        db.execute(
            "UPDATE journal SET status = 'void', void_reason = ?, voided_by = ?, voided_at = ? "
            "WHERE id = ? AND org_id = ?",
            [reason, scope.user, now(), entry_id, scope.org_id],
        )
    return get_entry(db, scope, entry_id)


_ENTRY_SELECT = """
    SELECT j.id, j.org_id, s.code AS series_code, s.title AS series_title, s.year_mode,
           j.year, j.seq, j.number, j.date, j.kind, j.title, j.status, j.void_reason,
           j.voided_by, j.voided_at, j.batch_id, j.created_by, j.created_at,
           (SELECT d.id FROM documents d WHERE d.journal_id = j.id ORDER BY d.id LIMIT 1)
               AS document_id
    FROM journal j JOIN series s ON s.id = j.series_id
"""


def _entry(found: dict[str, Any]) -> dict[str, Any]:
    found["year_label"] = year_label(found["year"], found.pop("year_mode"))
    return found


def get_entry(db: sqlite_utils.Database, scope: Scope, entry_id: int) -> dict[str, Any]:
    where, params = scope.sql_readable("j.org_id")
    found = one(db, f"{_ENTRY_SELECT} WHERE j.id = ? AND {where}", [entry_id, *params])
    if found is None:
        raise NotFound("Запись журнала", entry_id)
    return _entry(found)


def journal_entries(
    db: sqlite_utils.Database,
    scope: Scope,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    series_code: str | None = None,
    org_id: int | None = None,
) -> list[dict[str, Any]]:
    """Entries in registration order (series, year, number), voided ones included.

    Dates are ISO strings; `year_label` is «2023» or «2022/2023»; `document_id` is the archived
    document that carries the number (None for numbers registered by hand).
    """
    where, params = scope.sql_readable("j.org_id")
    clauses = [where]
    if org_id is not None:
        clauses.append("j.org_id = ?")
        params.append(org_id)
    if date_from is not None:
        clauses.append("j.date >= ?")
        params.append(date_from.isoformat())
    if date_to is not None:
        clauses.append("j.date <= ?")
        params.append(date_to.isoformat())
    if series_code is not None:
        clauses.append("s.code = ?")
        params.append(series_code)
    found = rows(
        db,
        f"{_ENTRY_SELECT} WHERE {' AND '.join(clauses)} ORDER BY j.org_id, s.code, j.year, j.seq",
        params,
    )
    return [_entry(f) for f in found]


# -- printable journal -----------------------------------------------------------------------


def _set_font(run_or_style: Any, size: float | None = None, bold: bool | None = None) -> None:
    font = run_or_style.font
    font.name = FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    element = run_or_style.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _paragraph(doc: Any, text: str, *, size: float = 12, bold: bool = False, center: bool = True):
    paragraph = doc.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    _set_font(run, size, bold)
    return paragraph


def _cell(cell: Any, text: str, *, bold: bool = False, center: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    _set_font(run, 11, bold)


def _fix_widths(table: Any, widths: list[Any]) -> None:
    """Fixed column widths that Word and LibreOffice both honour (grid and cells)."""
    table.autofit = False
    for grid_col, width in zip(table._tbl.tblGrid.iterchildren(qn("w:gridCol")), widths, strict=True):
        grid_col.set(qn("w:w"), str(int(width.twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _status(entry: dict[str, Any]) -> str:
    if entry["status"] == "void":
        return f"Аннулирован: {entry['void_reason']}"
    return "Зарегистрирован"


def _kind_title(entry: dict[str, Any]) -> str:
    title = entry["title"]
    if entry["kind"]:
        try:
            kind_title = get_kind(entry["kind"]).title
        except UnknownKind:  # a kind removed since the entry was made keeps its id
            kind_title = entry["kind"]
        if kind_title != title:
            return f"{title} ({kind_title})"
    return title


def journal_docx(
    db: sqlite_utils.Database,
    scope: Scope,
    *,
    date_from: date,
    date_to: date,
    series_code: str = DEFAULT_SERIES_CODE,
    org_id: int | None = None,
) -> bytes:
    """The journal of one organisation (the caller's, or a readable `org_id`) as a .docx."""
    owner = scope.org_id if org_id is None else org_id
    if not scope.can_read(owner):
        raise NotFound("Организация", owner)
    organisation = one(db, "SELECT name FROM organisations WHERE id = ?", [owner])
    if organisation is None:
        raise NotFound("Организация", owner)
    series = one(db, "SELECT title FROM series WHERE org_id = ? AND code = ?", [owner, series_code])
    series_title = series["title"] if series else CORE_ACTIVITY
    entries = journal_entries(
        db, scope, date_from=date_from, date_to=date_to, series_code=series_code, org_id=owner
    )

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = Mm(30)
    section.right_margin = Mm(10)
    section.top_margin = Mm(20)
    section.bottom_margin = Mm(20)
    normal = doc.styles["Normal"]
    _set_font(normal, 12)

    _paragraph(doc, f"Журнал регистрации приказов по {_dative(series_title)}", size=14, bold=True)
    _paragraph(doc, organisation["name"])
    _paragraph(
        doc, f"за период с {format_date(date_from)} по {format_date(date_to)}"
    ).paragraph_format.space_after = Pt(12)

    headers = ["№", "Дата", "Номер", "Заголовок (вид документа)", "Статус/причина аннулирования"]
    widths = [Mm(12), Mm(24), Mm(22), Mm(70), Mm(42)]
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell(cell, text, bold=True, center=True)
    header = table.rows[0]._tr.get_or_add_trPr()
    header.append(header.makeelement(qn("w:tblHeader"), {}))  # repeat on every page
    for index, entry in enumerate(entries, 1):
        cells = table.add_row().cells
        _cell(cells[0], str(index), center=True)
        _cell(cells[1], format_date(date.fromisoformat(entry["date"])), center=True)
        _cell(cells[2], entry["number"], center=True)
        _cell(cells[3], _kind_title(entry))
        _cell(cells[4], _status(entry))
    _fix_widths(table, widths)
    if not entries:
        _paragraph(doc, "За период приказы не зарегистрированы.", center=False)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _dative(series_title: str) -> str:
    """«основная деятельность» → «основной деятельности» (other titles are declined as phrases)."""
    if series_title == CORE_ACTIVITY:
        return "основной деятельности"
    from docgen.grammar import decline_phrase

    return decline_phrase(series_title, "dative")


guard_module(globals())
