"""The registration journal: numbers of a series (`journal_series`), per organisation and year.

A number is allocated inside the caller's write transaction (`db.write_transaction`), so
concurrent issues queue on the engine's write lock (and, on PostgreSQL, on the counter row of
the series and year): numbers are never duplicated, and a transaction that fails rolls its
numbers back, so none is skipped. A voided number stays in the journal with its reason and is
never reused. The printable journal is `journal_print`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlite_utils

from .db import now, one, rows, write_transaction
from .engine import dialect
from .errors import (
    InvalidSeries,
    NotFound,
    NumberAlreadyVoided,
    VoidReasonRequired,
)
from .journal_series import (  # noqa: F401  (the series functions, re-exported: web.journal uses journal.*)
    DEFAULT_SERIES_CODE,
    create_series,
    ensure_default_series,
    get_series,
    list_series,
    update_series,
)
from .scope import Scope, guard_module

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


guard_module(globals())
