"""Recognising the same person in a sheet and in a dossier: by name and birth date or a chosen column."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .columns import NAME_ONLY
from .import_values import _date
from .text import fold, squeeze

# -- identity of people -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ident:
    names: str
    birth: date | None
    email: str
    phone: str


def _match_value(field_name: str, value: object) -> str:
    text = squeeze(value)
    if field_name == "phone":
        digits = re.sub(r"\D", "", text)
        return "7" + digits[1:] if len(digits) == 11 and digits[0] == "8" else digits
    return text.lower()


def _ident(person: Mapping[str, Any]) -> _Ident:
    if person.get("name"):
        parts = [person.get("surname"), person.get("name"), person.get("patronymic")]
    else:
        parts = [person.get("surname"), person.get("initials")]
    birth = person.get("birth_date")
    if birth is not None and not isinstance(birth, date):
        try:
            birth = _date(birth)
        except ValueError:
            birth = None
    return _Ident(
        fold(" ".join(squeeze(p) for p in parts if p)),
        birth,
        _match_value("email", person.get("email")),
        _match_value("phone", person.get("phone")),
    )


def _same(a: _Ident, b: _Ident, match_by: str, field_name: str | None) -> bool:
    if field_name:
        mine, theirs = getattr(a, field_name), getattr(b, field_name)
        if mine and theirs:
            return mine == theirs
    if a.names != b.names:
        return False
    if match_by == NAME_ONLY:
        return True
    return a.birth is None or b.birth is None or a.birth == b.birth


def _full_name(person: Mapping[str, Any]) -> str:
    if person.get("name"):
        return " ".join(squeeze(person.get(k)) for k in ("surname", "name", "patronymic") if person.get(k))
    return " ".join(squeeze(person.get(k)) for k in ("surname", "initials") if person.get(k))
