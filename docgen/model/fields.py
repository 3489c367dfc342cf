"""Reusable field types of the dossier: trimmed strings, Russian dates, money."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field

_DATE_RU = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")


def _parse_date(value: Any) -> Any:
    """Accept 15.11.2022 as well as ISO 2022-11-15; leave other types to pydantic."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        match = _DATE_RU.match(value)
        if match:
            day, month, year = (int(g) for g in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                raise ValueError(f"такой даты нет: «{value.strip()}»") from None
        if value.strip() == "":
            return None
    return value


def _parse_money(value: Any) -> Any:
    """Accept '5 000', '5000,50', 5000; reject words with a Russian message."""
    if value is None or isinstance(value, (int, float, Decimal)):
        return value
    if isinstance(value, str):
        text = value.replace("\u00a0", "").replace(" ", "").replace(",", ".")
        text = text.removesuffix("руб.").removesuffix("₽")
        if text == "":
            return None
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValueError(f"ожидается сумма в рублях, например 5000 или 5000,50: «{value}»") from None
    return value


def _strip(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split()) if "\n" not in value else value.strip()
    return value


def _empty_to_none(value: Any) -> Any:
    value = _strip(value)
    if value == "":
        return None
    return value


RuDate = Annotated[date, BeforeValidator(_parse_date)]
Money = Annotated[Decimal, BeforeValidator(_parse_money), Field(ge=0, decimal_places=2)]
# Limits a text may not pass: a 10,000-character surname would break a document's layout.
MAX_TEXT = 4000  # the longest text of the seeds (a roadmap section) is about 1,400 characters
MAX_NAME = 100
# A surname, a name, a patronymic: letters, with a space, a hyphen or an apostrophe between them.
_NAME = re.compile(r"[^\W\d_]+(?:\s?[-'’]\s?[^\W\d_]+|\s[^\W\d_]+)*")
NAME_RULE = "только буквы, дефис, апостроф и пробел"


def _check_name(value: str | None) -> str | None:
    if not value:
        return value
    value = unicodedata.normalize("NFC", value)
    if not _NAME.fullmatch(value):
        raise ValueError(f"{NAME_RULE} (без цифр, знаков и эмодзи)")
    return value


_NAME_SCHEMA = {"pattern": r"^\p{L}+(?:\s?[-'’]\s?\p{L}+|\s\p{L}+)*$"}

Text = Annotated[str, BeforeValidator(_strip), Field(min_length=1, max_length=MAX_TEXT)]
OptionalText = Annotated[Annotated[str, Field(max_length=MAX_TEXT)] | None, BeforeValidator(_empty_to_none)]
# Free text that may legitimately be empty (roadmap cells, for instance).
Cell = Annotated[str, BeforeValidator(_strip), Field(max_length=MAX_TEXT)]
# Parts of a person's name (not the initials): ≤ 100 characters, letters and separators only.
Name = Annotated[
    str,
    BeforeValidator(_strip),
    Field(min_length=1, max_length=MAX_NAME, json_schema_extra=_NAME_SCHEMA),
    AfterValidator(_check_name),
]
OptionalName = Annotated[
    Annotated[str, Field(max_length=MAX_NAME, json_schema_extra=_NAME_SCHEMA), AfterValidator(_check_name)]
    | None,
    BeforeValidator(_empty_to_none),
]
