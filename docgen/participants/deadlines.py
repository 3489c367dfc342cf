"""Roadmap deadlines read as month ranges.

Roadmap deadlines are free text («Май 2022», «Август - сентябрь 2022», «2022 - 2023 уч. год»,
«В течение года»); `parse_deadline` reads them as a range of whole months (None when it cannot).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from docgen.grammar.dates import MONTHS_NOMINATIVE

from .text import fold

_MONTHS = re.compile(
    r"(?<![а-я])(?:(январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-я]*"
    r"|(янв|фев|мар|апр|авг|сен|сент|окт|ноя|дек)(?![а-я]))"
)
_MONTH_NUMBER = {
    "январ": 1, "янв": 1, "феврал": 2, "фев": 2, "март": 3, "мар": 3, "апрел": 4, "апр": 4,
    "май": 5, "мая": 5, "мае": 5, "июн": 6, "июл": 7, "август": 8, "авг": 8,
    "сентябр": 9, "сен": 9, "сент": 9, "октябр": 10, "окт": 10, "ноябр": 11, "ноя": 11,
    "декабр": 12, "дек": 12,
}  # fmt: skip
_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
_DATE = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.\s?(\d{4})(?!\d)")
_SCHOOL_YEAR = re.compile(r"(?<!\d)(20\d{2})\s*[/\-–—]\s*(20\d{2}|\d{2})(?!\d)")
_WHOLE_YEAR = (
    "в течение года", "в течение учебного года", "в течение всего", "в течение уч", "весь период",
    "постоянно", "ежемесячно", "еженедельно", "ежеквартально", "систематически", "регулярно",
    "раз в квартал", "раз в месяц", "раз в четверть", "в течение периода",
)  # fmt: skip
_PART = re.compile(
    r"(?<![а-яa-z0-9])(i{1,3}|iv|1|2|3|4|перв\w*|втор\w*|трет\w*|четверт\w*)\s*(полугоди|четверт)"
)
_ORDINALS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4,
             "перв": 1, "втор": 2, "трет": 3, "четв": 4}  # fmt: skip
# Quarters (четверти) and halves of a school year, as (first month, last month); Jan–Aug are next year.
_QUARTERS = {1: (9, 10), 2: (11, 12), 3: (1, 3), 4: (4, 5)}
_HALVES = {1: (9, 12), 2: (1, 5)}
MAX_DEADLINE_LENGTH = 60  # longer cells are text that strayed into the column, not a term


@dataclass(frozen=True)
class MonthRange:
    start: date  # the first day of the first month (or the date itself)
    end: date  # the last day of the last month (or the date itself)

    @property
    def label(self) -> str:
        if self.start.day != 1 or self.end != _month_end(self.end.year, self.end.month):
            if self.start == self.end:
                return f"{self.end:%d.%m.%Y}"
            return f"{self.start:%d.%m.%Y} – {self.end:%d.%m.%Y}"
        first = MONTHS_NOMINATIVE[self.start.month - 1]
        last = MONTHS_NOMINATIVE[self.end.month - 1]
        if (self.start.year, self.start.month) == (self.end.year, self.end.month):
            return f"{first} {self.end.year}"
        if self.start.year == self.end.year:
            return f"{first} – {last} {self.end.year}"
        return f"{first} {self.start.year} – {last} {self.end.year}"

    def union(self, other: MonthRange) -> MonthRange:
        return MonthRange(min(self.start, other.start), max(self.end, other.end))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _months(year_start: int, first: int, last: int) -> MonthRange:
    """Months of the school year starting in `year_start` (September–December in it, the rest next)."""

    def year_of(month: int) -> int:
        return year_start if month >= 9 else year_start + 1

    return MonthRange(date(year_of(first), first, 1), _month_end(year_of(last), last))


def _year_of_lone_month(month: int, school_year_start: int) -> int:
    """A month written without a year: September–December and July–August of the first year
    (preparation before the school year), January–June of the second."""
    return school_year_start + 1 if month <= 6 else school_year_start


def parse_deadline(text: str, school_year_start: int) -> MonthRange | None:
    """A roadmap deadline as a month range; None when the text names no term.

    «Май 2022» → May 2022; «Август - сентябрь 2022» → Aug–Sep 2022; «октябрь 2022 – март 2023»;
    «2022 - 2023 уч. год» → Sep 2022–May 2023; «В течение года», «постоянно» → the school year
    (September–May); «II полугодие», «3 четверть» → its months; «до 30.09.2022» → that day;
    «Сентябрь-октябрь» → the months of the school year `school_year_start`/+1.
    """
    key = fold(text)
    if not key or len(key) > MAX_DEADLINE_LENGTH:
        return None
    dates = []
    written = _DATE.findall(key)
    for day, month, year in written:
        try:
            dates.append(date(int(year), int(month), int(day)))
        except ValueError:
            continue
    if written:  # «31.02.2023» is no date at all, not the year 2023
        return MonthRange(min(dates), max(dates)) if dates else None
    span = _SCHOOL_YEAR.search(key)
    first_year = None
    if span:
        first_year = int(span.group(1))
        second = span.group(2)
        second_year = int(second) if len(second) == 4 else first_year // 100 * 100 + int(second)
        if "уч" in key and second_year == first_year + 1 and not _MONTHS.search(key):
            return _months(first_year, 9, 5)
    part = _PART.search(key)
    if part:
        number = _ORDINALS.get(part.group(1)) or _ORDINALS.get(part.group(1)[:4])
        table = _HALVES if part.group(2).startswith("полугод") else _QUARTERS
        if number in table:
            return _months(first_year or school_year_start, *table[number])
    months = [(m.start(), _MONTH_NUMBER[m.group(1) or m.group(2)]) for m in _MONTHS.finditer(key)]
    years = [(m.start(), int(m.group(1))) for m in _YEAR.finditer(key)]
    if months:
        return _month_span(months, years, school_year_start)
    if years:
        return MonthRange(date(min(y for _, y in years), 1, 1), date(max(y for _, y in years), 12, 31))
    if any(phrase in key for phrase in _WHOLE_YEAR):
        return _months(school_year_start, 9, 5)
    return None


def _month_span(
    months: list[tuple[int, int]], years: list[tuple[int, int]], school_year_start: int
) -> MonthRange:
    (start_at, first), (end_at, last) = months[0], months[-1]

    def right(at: int) -> int | None:
        return next((y for pos, y in years if pos > at), None)

    def left(at: int) -> int | None:
        return next((y for pos, y in reversed(years) if pos < at), None)

    start_year, end_year = right(start_at), right(end_at) or left(end_at)
    if start_year is None and end_year is None:
        start_year = _year_of_lone_month(first, school_year_start)
        end_year = start_year if last >= first else start_year + 1
    elif start_year is None:
        start_year = end_year if first <= last else end_year - 1
    elif end_year is None:
        end_year = start_year
    begin, finish = date(start_year, first, 1), _month_end(end_year, last)
    if begin > finish:
        if start_year == end_year:  # «ноябрь – январь 2023»: the year belongs to the end
            begin = date(start_year - 1, first, 1)
        else:
            begin, finish = date(end_year, last, 1), _month_end(start_year, first)
    return MonthRange(begin, finish)
