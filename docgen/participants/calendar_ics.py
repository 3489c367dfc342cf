"""The roadmap as an RFC 5545 calendar: an all-day event on each event's due date."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from docgen.model import Roadmap

from .text import squeeze
from .timeline import TimelineItem, roadmap_items

_CRLF = "\r\n"


def escape_text(text: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold_line(line: str, limit: int = 75) -> str:
    """Split a content line into ≤ 75-octet lines (§3.1): CRLF and one space start each continuation.

    A UTF-8 character is never cut in two.
    """
    pieces: list[str] = []
    current, size = "", 0
    room = limit
    for char in line:
        length = len(char.encode("utf-8"))
        if size + length > room:
            pieces.append(current)
            current, size = "", 0
            room = limit - 1  # the leading space counts
        current += char
        size += length
    pieces.append(current)
    return (_CRLF + " ").join(pieces)


def _description(item: TimelineItem) -> str:
    lines = [f"Этап {item.stage_no}. {item.stage}"]
    contents = [c for c in item.content if squeeze(c) != item.title]
    if contents:
        lines.append("Содержание: " + " ".join(contents))
    if item.deadline:
        lines.append(f"Сроки: {item.deadline}")
    if item.responsible:
        lines.append(f"Ответственные: {item.responsible}")
    if item.done:
        lines.append(f"Выполнено: {item.done:%d.%m.%Y}")
    return "\n".join(lines)


def roadmap_ics(
    roadmap: Roadmap, school_year_start: int, org_name: str, *, stamp: datetime | None = None
) -> bytes:
    """An iCalendar file: one all-day VEVENT on the last day of each event's term (no term, no event)."""
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//docgen//Дорожная карта наставничества//RU",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + escape_text(f"Дорожная карта наставничества — {org_name}"),
    ]
    for item in roadmap_items(roadmap, school_year_start, org_name=org_name):
        if item.range is None:
            continue
        due = item.range.end
        lines += [
            "BEGIN:VEVENT",
            f"UID:{item.uid}",
            f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
            f"DTSTART;VALUE=DATE:{due:%Y%m%d}",
            f"DTEND;VALUE=DATE:{due + timedelta(days=1):%Y%m%d}",
            "SUMMARY:" + escape_text(("✓ " if item.done else "") + item.title),
            "DESCRIPTION:" + escape_text(_description(item)),
            "CATEGORIES:" + escape_text(f"Этап {item.stage_no}"),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return (_CRLF.join(fold_line(line) for line in lines) + _CRLF).encode("utf-8")
