"""Jinja filters of the HTML pages: Russian dates and sizes."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask


def ru_date(value: object) -> str:
    """'2024-05-20' or a date -> '20.05.2024'; anything else as it is."""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        try:
            if len(value) > 10:
                return datetime.fromisoformat(value).strftime("%d.%m.%Y %H:%M")
            return date.fromisoformat(value).strftime("%d.%m.%Y")
        except ValueError:
            return value
    return "" if value is None else str(value)


def file_size(value: object) -> str:
    try:
        size = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    if size < 1024:
        return f"{size} Б"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} КБ"
    return f"{size / 1024 / 1024:.1f} МБ".replace(".", ",")


def register_filters(app: Flask) -> None:
    app.add_template_filter(ru_date)
    app.add_template_filter(file_size)
