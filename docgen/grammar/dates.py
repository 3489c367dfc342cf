"""Dates, school years and periods as Russian documents write them."""

from __future__ import annotations

import re
from datetime import date

from docgen.grammar.cases import NBSP

MONTHS_NOMINATIVE: tuple[str, ...] = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)
MONTHS_GENITIVE: tuple[str, ...] = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
DATE_STYLES = ("numeric", "long", "stamp", "month_year", "Month_year")

_NUMERIC = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SCHOOL_YEAR = re.compile(r"^(\d{4})\s*[/\-–—]\s*(\d{2}|\d{4})(?:\s+учебн\w*\s+год\w*)?$")


def format_date(d: date, style: str = "numeric") -> str:
    """15.11.2022 · 15 ноября 2022 г. · “15” ноября 2022 г. · ноябрь 2022 · Ноябрь 2022."""
    month = MONTHS_GENITIVE[d.month - 1]
    if style == "numeric":
        return d.strftime("%d.%m.") + f"{d.year:04d}"
    if style == "long":
        return f"{d.day} {month} {d.year}{NBSP}г."
    if style == "stamp":
        return f"“{d.day:02d}” {month} {d.year}{NBSP}г."
    if style in ("month_year", "Month_year"):
        name = MONTHS_NOMINATIVE[d.month - 1]
        if style == "Month_year":
            name = name.capitalize()
        return f"{name} {d.year}"
    known = ", ".join(DATE_STYLES)
    raise ValueError(f"неизвестный формат даты «{style}»; допустимые: {known}")


def parse_date(text: str) -> date:
    """Read «15.11.2022» or «2022-11-15»; a two-digit year is refused as ambiguous."""
    cleaned = text.strip()
    numeric, iso = _NUMERIC.match(cleaned), _ISO.match(cleaned)
    try:
        if numeric:
            day, month, year = (int(g) for g in numeric.groups())
            return date(year, month, day)
        if iso:
            year, month, day = (int(g) for g in iso.groups())
            return date(year, month, day)
    except ValueError:
        pass
    raise ValueError(f"неверная дата «{text}»: ожидается ДД.ММ.ГГГГ")


def school_year(start_year: int) -> str:
    """«2022/2023 учебный год»."""
    return f"{start_year}/{start_year + 1} учебный год"


def parse_school_year(text: str) -> int:
    """The first year of «2022/2023», «2022-2023» or «2022/23»."""
    match = _SCHOOL_YEAR.match(text.strip())
    if match:
        start, end = int(match[1]), match[2]
        expected = str(start + 1)
        if end == expected or (len(end) == 2 and end == expected[-2:]):
            return start
    raise ValueError(f"неверный учебный год «{text}»: ожидается ГГГГ/ГГГГ, например 2022/2023")


def period_text(start: date, end: date) -> str:
    """«с 01.09.2022 по 31.05.2023»."""
    if end < start:
        raise ValueError(f"конец периода {format_date(end)} раньше его начала {format_date(start)}")
    return f"с {format_date(start)} по {format_date(end)}"
