"""Cell values of an import sheet: read into typed values, written and compared as dossier data."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from docgen.grammar.cases import Gender
from docgen.model import FORM_PRESETS, KIND_PRESETS, Category

from .columns import Column
from .text import dash_key, fold, squeeze, tidy_form

_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def _years(raw: object) -> int:
    """Whole years of experience: «3», 3, 3.0; «3 года» and «2,5» are refused."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = squeeze(raw)
    if not text.isdigit() or int(text) > 70:
        raise ValueError(f"Стаж — целое число лет от 0 до 70: «{text}»")
    return int(text)


def _convert(column: Column, raw: object) -> Any:
    text = squeeze(raw)
    name = column.field
    if name == "gender":
        try:
            return Gender.parse(text)
        except ValueError:
            raise ValueError(f"Неизвестный пол «{text}»: укажите «м» или «ж»") from None
    if name in ("birth_date", "start", "end"):
        return _date(raw)
    if name == "minor":
        key = fold(text)
        if key in ("да", "д", "yes", "1", "true", "+"):
            return True
        if key in ("нет", "н", "no", "0", "false", "-"):
            return False
        raise ValueError(f"Ожидается «да» или «нет»: «{text}»")
    if name == "category":
        for category in Category:
            if fold(category.value) == fold(text):
                return category
        allowed = ", ".join(c.value for c in Category)
        raise ValueError(f"Неизвестная категория «{text}»; допустимые: {allowed}")
    if name == "payment":
        return _money(raw)
    if name == "experience_years":
        return _years(raw)
    if name == "form":
        preset = {dash_key(p): p for p in FORM_PRESETS}.get(dash_key(text))
        return preset or tidy_form(text)
    if name == "kind":
        preset = {fold(k): k for k in KIND_PRESETS}.get(fold(text))
        return preset or text
    return text


def _date(raw: object) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = squeeze(raw)
    match = _DATE.match(text)
    iso = _ISO.match(text)
    if match or iso:
        if match:
            day, month, year = (int(g) for g in match.groups())
        else:
            year, month, day = (int(g) for g in iso.groups())
        try:
            return date(year, month, day)
        except ValueError:
            raise ValueError(f"Такой даты нет: «{text}»") from None
    raise ValueError(f"Не удалось прочитать дату «{text}»: ожидается ДД.ММ.ГГГГ")


def _money(raw: object) -> Decimal:
    text = squeeze(raw)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        value = Decimal(str(raw))
    else:
        cleaned = fold(text).replace(" ", "").replace(",", ".")
        for suffix in ("руб.", "руб", "р.", "₽"):
            cleaned = cleaned.removesuffix(suffix)
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            value = Decimal(-1)
    if not value.is_finite() or value < 0 or value.as_tuple().exponent < -2:
        raise ValueError(f"Ожидается сумма в рублях, например 2500 или 2500,50: «{text}»")
    return value


def _category_of_role(role: str, *, mentor: bool) -> Category:
    """The category a side of a form implies: «работодатель – ученик» → работодатель, обучающийся."""
    key = fold(role)
    if "работодател" in key:
        return Category.EMPLOYER
    if "партнер" in key:
        return Category.PARTNER
    if "студент" in key:
        return Category.STUDENT
    if any(word in key for word in ("ученик", "школьник", "обучающ")):
        return Category.PUPIL
    return Category.TEACHER


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _to_data(value: Any) -> Any:
    """A typed value as dossier data writes it (YAML- and JSON-safe)."""
    if isinstance(value, Gender | Category):
        return value.value
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else format(value, "f").replace(".", ",")
    return value


_MODEL_DEFAULTS = {"category": Category.TEACHER.value, "minor": False}


def _same_value(name: str, old: Any, new: Any) -> bool:
    if old is None or old == "":
        old = _MODEL_DEFAULTS.get(name)
        if old is None:
            return False
    try:
        if name == "gender":
            return Gender.parse(old) == new
        if name in ("birth_date", "start", "end"):
            return _date(old) == new
        if name == "category":
            return fold(str(old)) == fold(new.value)
        if name == "minor":
            return bool(old) == new
        if name == "payment":
            return _money(old) == new
        if name == "experience_years":
            return _years(old) == new
    except ValueError:
        return False
    if name in ("surname", "name", "patronymic"):
        return fold(str(old)) == fold(new)
    if name == "form":
        return dash_key(str(old)) == dash_key(new)
    if name == "kind":
        return fold(str(old)) == fold(new)
    return squeeze(old) == squeeze(new)


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, Gender):
        return "м" if value is Gender.MALE else "ж"
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    return squeeze(_to_data(value)) if value is not None else ""
