"""Text normalisation shared by the importer and the registry: case-, ё- and dash-insensitive keys."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^0-9a-zа-я]+")
_BRACKETS = re.compile(r"\([^)]*\)")
# Any dash between words (for matching presets) / a dash that is not a hyphen (for writing).
_DASHES = re.compile(r"\s*[-‐‑‒–—−]\s*")
_SPACED_DASH = re.compile(r"\s+[-‐‑]\s*|\s*[-‐‑]\s+|\s*[‒–—−]\s*")


def squeeze(value: object) -> str:
    """A cell as text: None → «», 2500.0 → «2500», runs of whitespace (NBSP too) → one space."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal):
        value = format(value.normalize(), "f")
    return _SPACES.sub(" ", str(value).replace("\u00a0", " ")).strip()


def fold(text: str) -> str:
    """Comparison key: lower case, ё → е, whitespace squeezed."""
    return squeeze(text).lower().replace("ё", "е")


def header_key(text: object) -> str:
    """Key of a column header: bracketed notes, punctuation, case and ё do not matter.

    «Доплата, руб.» → «доплата руб»; «Пол наставника (м/ж)» → «пол наставника».
    """
    plain = _BRACKETS.sub(" ", squeeze(text).lower().replace("ё", "е"))
    return _NOT_WORD.sub(" ", plain).strip()


def dash_key(text: str) -> str:
    """Key of a form of mentoring: «Учитель - ученик» and «учитель – ученик» are the same form."""
    return _DASHES.sub(" – ", fold(text))


def tidy_form(text: str) -> str:
    """A form written with an en dash and spaces, as the brief asks: «учитель – ученик».

    A hyphen between letters stays («учитель-логопед – ученик»).
    """
    return _SPACED_DASH.sub(" – ", squeeze(text))
