"""Dates, school years and periods."""

from __future__ import annotations

from datetime import date

import pytest

from docgen.grammar import (
    MONTHS_GENITIVE,
    MONTHS_NOMINATIVE,
    NBSP,
    format_date,
    parse_date,
    parse_school_year,
    period_text,
    school_year,
)


def test_month_tables() -> None:
    assert len(MONTHS_GENITIVE) == len(MONTHS_NOMINATIVE) == 12
    assert MONTHS_GENITIVE[10] == "ноября"
    assert MONTHS_NOMINATIVE[4] == "май"
    assert MONTHS_GENITIVE[4] == "мая"


@pytest.mark.parametrize(
    ("value", "style", "expected"),
    [
        (date(2022, 11, 15), "numeric", "15.11.2022"),
        (date(2016, 6, 5), "numeric", "05.06.2016"),
        (date(2022, 11, 15), "long", f"15 ноября 2022{NBSP}г."),
        (date(2016, 6, 5), "long", f"5 июня 2016{NBSP}г."),
        (date(2022, 11, 15), "stamp", f"“15” ноября 2022{NBSP}г."),
        (date(2016, 6, 5), "stamp", f"“05” июня 2016{NBSP}г."),
        (date(2022, 11, 15), "month_year", "ноябрь 2022"),
        (date(2022, 5, 1), "Month_year", "Май 2022"),
        (date(2023, 3, 8), "long", f"8 марта 2023{NBSP}г."),
    ],
)
def test_format_date(value: date, style: str, expected: str) -> None:
    assert format_date(value, style) == expected


def test_format_date_default_is_numeric() -> None:
    assert format_date(date(2023, 1, 9)) == "09.01.2023"


def test_format_date_unknown_style() -> None:
    with pytest.raises(ValueError, match="неизвестный формат даты"):
        format_date(date(2023, 1, 9), "short")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15.11.2022", date(2022, 11, 15)),
        (" 5.6.2016 ", date(2016, 6, 5)),
        ("2022-11-15", date(2022, 11, 15)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["15.11.22", "31.02.2023", "2022/11/15", "", "завтра"])
def test_parse_date_refuses(text: str) -> None:
    with pytest.raises(ValueError, match=r"неверная дата «.*»: ожидается ДД\.ММ\.ГГГГ"):
        parse_date(text)


def test_school_year() -> None:
    assert school_year(2022) == "2022/2023 учебный год"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022/2023", 2022),
        ("2022-2023", 2022),
        ("2022/23", 2022),
        ("2022–2023", 2022),
        ("2024/2025 учебный год", 2024),
    ],
)
def test_parse_school_year(text: str, expected: int) -> None:
    assert parse_school_year(text) == expected


@pytest.mark.parametrize("text", ["2022/2024", "2022", "22/23", "2022/24", "учебный год"])
def test_parse_school_year_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="неверный учебный год"):
        parse_school_year(text)


def test_period_text() -> None:
    assert period_text(date(2022, 9, 1), date(2023, 5, 31)) == "с 01.09.2022 по 31.05.2023"


def test_period_text_refuses_reversed_period() -> None:
    with pytest.raises(ValueError, match="раньше его начала"):
        period_text(date(2023, 5, 31), date(2022, 9, 1))
