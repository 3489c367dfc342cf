"""Series of order numbers: each organisation's own (code, title, number format, numbering year).

The numbers themselves are `journal`'s.
"""

from __future__ import annotations

import string
from typing import Any

import sqlite_utils

from docgen.render.registry import CORE_ACTIVITY, get_kind

from .db import now, one, rows, write_transaction
from .engine import IntegrityError, dialect, unique_violation
from .errors import InvalidSeries, NotFound, SeriesExists, SeriesInUse
from .scope import Scope, guard_module

DEFAULT_SERIES_CODE = "od"
YEAR_MODES = ("calendar", "school")

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


guard_module(globals())
