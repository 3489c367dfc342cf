"""Query-string filters of the journal, the archive and the API, with Russian messages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from docgen.grammar import parse_date


@dataclass
class Parsed:
    values: dict[str, object] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def _text(args: Mapping[str, str], key: str) -> str:
    return " ".join((args.get(key) or "").split())


def date_field(args: Mapping[str, str], key: str, out: Parsed, label: str) -> date | None:
    raw = _text(args, key)
    if not raw:
        return None
    try:
        value = parse_date(raw)
    except ValueError:
        out.errors[key] = f"{label}: ожидается дата ДД.ММ.ГГГГ"
        return None
    out.values[key] = value
    return value


def int_field(
    args: Mapping[str, str], key: str, out: Parsed, label: str, low: int = 0, high: int = 10**9
) -> int | None:
    raw = _text(args, key)
    if not raw:
        return None
    if not raw.isdigit() or not low <= int(raw) <= high:
        out.errors[key] = f"{label}: ожидается целое число от {low} до {high}"
        return None
    out.values[key] = int(raw)
    return int(raw)


def journal_filters(args: Mapping[str, str]) -> Parsed:
    out = Parsed()
    start = date_field(args, "date_from", out, "Дата с")
    end = date_field(args, "date_to", out, "Дата по")
    if start and end and end < start:
        out.errors["date_to"] = "Дата по: не может быть раньше даты «с»"
    series = _text(args, "series")
    if series:
        out.values["series"] = series
    return out


def archive_filters(args: Mapping[str, str]) -> Parsed:
    out = Parsed()
    for key in ("q", "kind", "number", "person"):
        text = _text(args, key)
        if text:
            out.values[key] = text
    int_field(args, "year", out, "Год", 1900, 2200)
    int_field(args, "page", out, "Страница", 1, 100_000)
    return out
