"""Journal numbers an issue will get: predicted before rendering, confirmed under the write lock.

Documents print their own numbers, so they are rendered with the numbers the journal is
expected to give (read without any lock). The short write transaction then registers the
numbers and checks they are the predicted ones; if another writer took them meanwhile the
transaction rolls back (`NumbersTaken`) and the caller renders again. Numbers stay gapless:
nothing is registered unless the whole batch is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlite_utils

from docgen.render.registry import CORE_ACTIVITY, DocumentKind

from .db import one
from .errors import NotFound
from .journal import allocate_number, journal_year
from .journal_series import _SERIES_COLUMNS, check_number_format, series_for_kind
from .scope import Scope, guard_module


class NumbersTaken(Exception):
    """Another writer registered a predicted number first (internal: the caller renders again)."""


@dataclass(frozen=True)
class PredictedNumber:
    kind_id: str
    year: int
    seq: int
    number: str


def _series(
    db: sqlite_utils.Database, scope: Scope, kind: DocumentKind, number_format: str | None
) -> dict[str, Any]:
    """The series an order kind is numbered in, as `series_for_kind` would give it, without
    creating the default series (it is created in the write transaction)."""
    found = one(
        db,
        f"SELECT {_SERIES_COLUMNS} FROM series WHERE org_id = ? AND title = ?",
        [scope.org_id, kind.series],
    )
    if found is not None:
        return found
    if kind.series != CORE_ACTIVITY:
        raise NotFound(f"Серия номеров «{kind.series}»")
    return {"id": None, "number_format": check_number_format(number_format or "{n}"), "year_mode": "calendar"}


def predict_numbers(
    db: sqlite_utils.Database,
    scope: Scope,
    kinds: list[DocumentKind],
    *,
    when: date,
    number_format: str | None,
) -> dict[str, PredictedNumber]:
    """The next free number of every order kind in `kinds`, in issuing order (no lock taken)."""
    last: dict[tuple[int | None, int], int] = {}
    predicted: dict[str, PredictedNumber] = {}
    for kind in kinds:
        if not kind.is_order:
            continue
        series = _series(db, scope, kind, number_format)
        year = journal_year(when, series["year_mode"])
        key = (series["id"], year)
        if key not in last:
            last[key] = 0
            if series["id"] is not None:
                (value,) = db.execute(
                    "SELECT COALESCE(MAX(seq), 0) FROM journal "
                    "WHERE org_id = ? AND series_id = ? AND year = ?",
                    [scope.org_id, series["id"], year],
                ).fetchone()
                last[key] = int(value)
        last[key] += 1
        seq = last[key]
        predicted[kind.id] = PredictedNumber(kind.id, year, seq, series["number_format"].format(n=seq))
    return predicted


def register_predicted(
    db: sqlite_utils.Database,
    scope: Scope,
    kind: DocumentKind,
    predicted: PredictedNumber,
    *,
    when: date,
    number_format: str | None,
    batch_id: int,
) -> dict[str, Any]:
    """Register the kind's next number inside the write transaction; NumbersTaken unless it is
    the predicted one (the caller's transaction then rolls back)."""
    series = series_for_kind(db, scope, kind.id, number_format=number_format)
    entry = allocate_number(
        db, scope, series=series, when=when, title=kind.title, kind=kind.id, batch_id=batch_id
    )
    if (entry["number"], entry["seq"], entry["year"]) != (predicted.number, predicted.seq, predicted.year):
        raise NumbersTaken(kind.id)
    return entry


guard_module(globals())
