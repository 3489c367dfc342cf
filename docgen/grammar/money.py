"""Amounts of money in words and figures: «5 000 (пять тысяч) рублей 00 копеек»."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from docgen.grammar.cases import NBSP


def plural(n: int, one: str, few: str, many: str) -> str:
    """The noun form agreeing with `n`: 1 рубль, 2 рубля, 5 рублей, 11 рублей, 21 рубль."""
    n = abs(int(n))
    if 11 <= n % 100 <= 14:
        return many
    if n % 10 == 1:
        return one
    if 2 <= n % 10 <= 4:
        return few
    return many


def _to_decimal(amount: Decimal | int | float | str) -> Decimal:
    if isinstance(amount, bool):
        raise ValueError(f"неверная сумма «{amount}»")
    try:
        if isinstance(amount, str):
            cleaned = "".join(amount.split()).replace(",", ".")
            value = Decimal(cleaned)
        elif isinstance(amount, float):
            value = Decimal(repr(amount))
        else:
            value = Decimal(amount)
    except (InvalidOperation, ValueError, TypeError):
        raise ValueError(f"неверная сумма «{amount}»") from None
    if not value.is_finite():
        raise ValueError(f"неверная сумма «{amount}»")
    return value


def format_number(n: Decimal | int | float | str) -> str:
    """«5 000», «1 234 567», «1 234,5»: groups of three split by non-breaking spaces."""
    value = _to_decimal(n)
    sign = "-" if value < 0 else ""
    text = format(abs(value), "f")
    whole, _, fraction = text.partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    result = sign + NBSP.join(groups)
    return f"{result},{fraction}" if fraction else result


def format_money(amount: Decimal | int | float | str) -> str:
    """«21 000 (двадцать одна тысяча) рублей 00 копеек»; kopecks rounded half up."""
    return _money_in_words(_to_decimal(amount), str(amount))


@lru_cache(maxsize=4096)
def _money_in_words(value: Decimal, given: str) -> str:
    """Payments repeat across a package's pairs: each amount is put into words once."""
    from num2words import num2words

    if value < 0:
        raise ValueError(f"сумма не может быть отрицательной: «{given}»")
    value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    rubles = int(value)
    kopecks = int((value - rubles) * 100)
    words = num2words(rubles, lang="ru")
    return (
        f"{format_number(rubles)} ({words}) {plural(rubles, 'рубль', 'рубля', 'рублей')} "
        f"{kopecks:02d} {plural(kopecks, 'копейка', 'копейки', 'копеек')}"
    )
