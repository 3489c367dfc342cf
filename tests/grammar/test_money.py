"""Money in figures and words, plural agreement, number grouping."""

from __future__ import annotations

from decimal import Decimal

import pytest

from docgen.grammar import NBSP, format_money, format_number, plural


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (5000, f"5{NBSP}000 (пять тысяч) рублей 00 копеек"),
        (Decimal("1.50"), "1 (один) рубль 50 копеек"),
        ("2.01", "2 (два) рубля 01 копейка"),
        (21000, f"21{NBSP}000 (двадцать одна тысяча) рублей 00 копеек"),
        (1000, f"1{NBSP}000 (одна тысяча) рублей 00 копеек"),
        (2000, f"2{NBSP}000 (две тысячи) рублей 00 копеек"),
        (11, "11 (одиннадцать) рублей 00 копеек"),
        (14, "14 (четырнадцать) рублей 00 копеек"),
        (111, "111 (сто одиннадцать) рублей 00 копеек"),
        (22, "22 (двадцать два) рубля 00 копеек"),
        (101, "101 (сто один) рубль 00 копеек"),
        ("3.12", "3 (три) рубля 12 копеек"),
        ("3.22", "3 (три) рубля 22 копейки"),
        (0, "0 (ноль) рублей 00 копеек"),
        (
            1_000_000,
            f"1{NBSP}000{NBSP}000 (один миллион) рублей 00 копеек",
        ),
        ("5 000,5", f"5{NBSP}000 (пять тысяч) рублей 50 копеек"),
        (1.5, "1 (один) рубль 50 копеек"),
        # rounding half up to kopecks
        ("0.005", "0 (ноль) рублей 01 копейка"),
        (2.675, "2 (два) рубля 68 копеек"),
        ("9.999", "10 (десять) рублей 00 копеек"),
    ],
)
def test_format_money(amount: object, expected: str) -> None:
    assert format_money(amount) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("amount", [-1, "-0.01", Decimal("-100")])
def test_negative_money_is_refused(amount: object) -> None:
    with pytest.raises(ValueError, match="не может быть отрицательной"):
        format_money(amount)  # type: ignore[arg-type]


@pytest.mark.parametrize("amount", ["пять", "", "NaN", "inf", True])
def test_garbage_money_is_refused(amount: object) -> None:
    with pytest.raises(ValueError, match="неверная сумма"):
        format_money(amount)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "рубль"),
        (2, "рубля"),
        (4, "рубля"),
        (5, "рублей"),
        (11, "рублей"),
        (12, "рублей"),
        (14, "рублей"),
        (21, "рубль"),
        (23, "рубля"),
        (111, "рублей"),
        (1001, "рубль"),
        (0, "рублей"),
    ],
)
def test_plural(n: int, expected: str) -> None:
    assert plural(n, "рубль", "рубля", "рублей") == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (5, "5"),
        (5000, f"5{NBSP}000"),
        (1234567, f"1{NBSP}234{NBSP}567"),
        (Decimal("1234.50"), f"1{NBSP}234,50"),
        (-25000, f"-25{NBSP}000"),
    ],
)
def test_format_number(n: object, expected: str) -> None:
    assert format_number(n) == expected  # type: ignore[arg-type]
