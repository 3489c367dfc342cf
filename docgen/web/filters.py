"""Jinja filters of the HTML pages: Russian dates (times in the service's zone), sizes, kinds."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from functools import partial

from flask import Flask

from docgen.forms.paths import readable_path
from docgen.model.organisation import OrgKind

from .config import time_zone
from .names import org_name, user_name


def local_time(moment: datetime, zone: tzinfo) -> datetime:
    """A stored moment (UTC; a naive one is taken as UTC) in the zone the pages use."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone)


def ru_date(value: object, zone: tzinfo = UTC) -> str:
    """'2024-05-20' or a date -> '20.05.2024'; a moment -> '20.05.2024 03:00' in `zone`;
    anything else as it is."""
    if isinstance(value, datetime):
        return local_time(value, zone).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        try:
            if len(value) > 10:
                return local_time(datetime.fromisoformat(value), zone).strftime("%d.%m.%Y %H:%M")
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


def org_kind(value: object) -> str:
    """`municipal_office` -> «муниципальный орган управления образованием»."""
    try:
        return OrgKind(str(value)).label
    except ValueError:
        return "" if value is None else str(value)


def register_filters(app: Flask) -> None:
    zone = time_zone(app.config["TIMEZONE"])  # checked at start-up by config.configure
    app.add_template_filter(partial(ru_date, zone=zone), "ru_date")
    app.add_template_filter(file_size)
    app.add_template_filter(org_kind)
    app.add_template_filter(user_name)
    app.add_template_filter(org_name)
    app.add_template_filter(readable_path)
