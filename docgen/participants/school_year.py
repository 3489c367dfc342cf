"""Rows of an import whose pair runs outside the dossier's school year: refused at preview
with the row and column, since the dossier would not accept them (pairs fall inside the year)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from docgen.model.consistency import year_bounds

from .columns import BY_KEY

_FIRST_YEAR = re.compile(r"^\s*(\d{4})")
_TITLES = {"start": "Начало", "end": "Окончание"}


def school_year_bounds(existing: Mapping[str, Any] | None) -> tuple[date, date] | None:
    """1 September to 31 August of the dossier's school year; None when it has none yet."""
    found = _FIRST_YEAR.match(str((existing or {}).get("school_year") or ""))
    if not found:
        return None
    return year_bounds(int(found.group(1)))


def outside_year(pair: Mapping[str, Any], bounds: tuple[date, date]) -> tuple[str, str] | None:
    """(column header, Russian message) for a start or end outside the year, else None."""
    first, last = bounds
    for key in ("start", "end"):
        value = pair.get(key)
        if isinstance(value, date) and not first <= value <= last:
            return BY_KEY[key].header, (
                f"{_TITLES[key]} ({value:%d.%m.%Y}) вне учебного года досье "
                f"({first:%d.%m.%Y} – {last:%d.%m.%Y})"
            )
    return None
