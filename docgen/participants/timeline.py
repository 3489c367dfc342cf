"""The roadmap on a time axis: deadline texts read as month ranges, a timeline picture, a calendar.

Roadmap deadlines are free text («Май 2022», «Август - сентябрь 2022», «2022 - 2023 уч. год»,
«В течение года»); `parse_deadline` reads them as a range of whole months (None when it cannot).
`timeline_png` draws stages and events with the current date and the events whose term has
passed; `roadmap_ics` writes an RFC 5545 calendar with an all-day event on each event's due date.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from docgen.grammar.dates import MONTHS_NOMINATIVE
from docgen.model import Roadmap

from .text import fold, squeeze

# -- deadlines ----------------------------------------------------------------------------------

_MONTHS = re.compile(
    r"(?<![а-я])(?:(январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-я]*"
    r"|(янв|фев|мар|апр|авг|сен|сент|окт|ноя|дек)(?![а-я]))"
)
_MONTH_NUMBER = {
    "январ": 1, "янв": 1, "феврал": 2, "фев": 2, "март": 3, "мар": 3, "апрел": 4, "апр": 4,
    "май": 5, "мая": 5, "мае": 5, "июн": 6, "июл": 7, "август": 8, "авг": 8,
    "сентябр": 9, "сен": 9, "сент": 9, "октябр": 10, "окт": 10, "ноябр": 11, "ноя": 11,
    "декабр": 12, "дек": 12,
}  # fmt: skip
_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
_DATE = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.\s?(\d{4})(?!\d)")
_SCHOOL_YEAR = re.compile(r"(?<!\d)(20\d{2})\s*[/\-–—]\s*(20\d{2}|\d{2})(?!\d)")
_WHOLE_YEAR = (
    "в течение года", "в течение учебного года", "в течение всего", "в течение уч", "весь период",
    "постоянно", "ежемесячно", "еженедельно", "ежеквартально", "систематически", "регулярно",
    "раз в квартал", "раз в месяц", "раз в четверть", "в течение периода",
)  # fmt: skip
_PART = re.compile(
    r"(?<![а-яa-z0-9])(i{1,3}|iv|1|2|3|4|перв\w*|втор\w*|трет\w*|четверт\w*)\s*(полугоди|четверт)"
)
_ORDINALS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4,
             "перв": 1, "втор": 2, "трет": 3, "четв": 4}  # fmt: skip
# Quarters (четверти) and halves of a school year, as (first month, last month); Jan–Aug are next year.
_QUARTERS = {1: (9, 10), 2: (11, 12), 3: (1, 3), 4: (4, 5)}
_HALVES = {1: (9, 12), 2: (1, 5)}
MAX_DEADLINE_LENGTH = 60  # longer cells are text that strayed into the column, not a term


@dataclass(frozen=True)
class MonthRange:
    start: date  # the first day of the first month (or the date itself)
    end: date  # the last day of the last month (or the date itself)

    @property
    def label(self) -> str:
        if self.start.day != 1 or self.end != _month_end(self.end.year, self.end.month):
            if self.start == self.end:
                return f"{self.end:%d.%m.%Y}"
            return f"{self.start:%d.%m.%Y} – {self.end:%d.%m.%Y}"
        first = MONTHS_NOMINATIVE[self.start.month - 1]
        last = MONTHS_NOMINATIVE[self.end.month - 1]
        if (self.start.year, self.start.month) == (self.end.year, self.end.month):
            return f"{first} {self.end.year}"
        if self.start.year == self.end.year:
            return f"{first} – {last} {self.end.year}"
        return f"{first} {self.start.year} – {last} {self.end.year}"

    def union(self, other: MonthRange) -> MonthRange:
        return MonthRange(min(self.start, other.start), max(self.end, other.end))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _months(year_start: int, first: int, last: int) -> MonthRange:
    """Months of the school year starting in `year_start` (September–December in it, the rest next)."""

    def year_of(month: int) -> int:
        return year_start if month >= 9 else year_start + 1

    return MonthRange(date(year_of(first), first, 1), _month_end(year_of(last), last))


def _year_of_lone_month(month: int, school_year_start: int) -> int:
    """A month written without a year: September–December and July–August of the first year
    (preparation before the school year), January–June of the second."""
    return school_year_start + 1 if month <= 6 else school_year_start


def parse_deadline(text: str, school_year_start: int) -> MonthRange | None:
    """A roadmap deadline as a month range; None when the text names no term.

    «Май 2022» → May 2022; «Август - сентябрь 2022» → Aug–Sep 2022; «октябрь 2022 – март 2023»;
    «2022 - 2023 уч. год» → Sep 2022–May 2023; «В течение года», «постоянно» → the school year
    (September–May); «II полугодие», «3 четверть» → its months; «до 30.09.2022» → that day;
    «Сентябрь-октябрь» → the months of the school year `school_year_start`/+1.
    """
    key = fold(text)
    if not key or len(key) > MAX_DEADLINE_LENGTH:
        return None
    dates = []
    written = _DATE.findall(key)
    for day, month, year in written:
        try:
            dates.append(date(int(year), int(month), int(day)))
        except ValueError:
            continue
    if written:  # «31.02.2023» is no date at all, not the year 2023
        return MonthRange(min(dates), max(dates)) if dates else None
    span = _SCHOOL_YEAR.search(key)
    first_year = None
    if span:
        first_year = int(span.group(1))
        second = span.group(2)
        second_year = int(second) if len(second) == 4 else first_year // 100 * 100 + int(second)
        if "уч" in key and second_year == first_year + 1 and not _MONTHS.search(key):
            return _months(first_year, 9, 5)
    part = _PART.search(key)
    if part:
        number = _ORDINALS.get(part.group(1)) or _ORDINALS.get(part.group(1)[:4])
        table = _HALVES if part.group(2).startswith("полугод") else _QUARTERS
        if number in table:
            return _months(first_year or school_year_start, *table[number])
    months = [(m.start(), _MONTH_NUMBER[m.group(1) or m.group(2)]) for m in _MONTHS.finditer(key)]
    years = [(m.start(), int(m.group(1))) for m in _YEAR.finditer(key)]
    if months:
        return _month_span(months, years, school_year_start)
    if years:
        return MonthRange(date(min(y for _, y in years), 1, 1), date(max(y for _, y in years), 12, 31))
    if any(phrase in key for phrase in _WHOLE_YEAR):
        return _months(school_year_start, 9, 5)
    return None


def _month_span(
    months: list[tuple[int, int]], years: list[tuple[int, int]], school_year_start: int
) -> MonthRange:
    (start_at, first), (end_at, last) = months[0], months[-1]

    def right(at: int) -> int | None:
        return next((y for pos, y in years if pos > at), None)

    def left(at: int) -> int | None:
        return next((y for pos, y in reversed(years) if pos < at), None)

    start_year, end_year = right(start_at), right(end_at) or left(end_at)
    if start_year is None and end_year is None:
        start_year = _year_of_lone_month(first, school_year_start)
        end_year = start_year if last >= first else start_year + 1
    elif start_year is None:
        start_year = end_year if first <= last else end_year - 1
    elif end_year is None:
        end_year = start_year
    begin, finish = date(start_year, first, 1), _month_end(end_year, last)
    if begin > finish:
        if start_year == end_year:  # «ноябрь – январь 2023»: the year belongs to the end
            begin = date(start_year - 1, first, 1)
        else:
            begin, finish = date(end_year, last, 1), _month_end(start_year, first)
    return MonthRange(begin, finish)


# -- roadmap items ------------------------------------------------------------------------------

DONE = "done"  # marked done in the roadmap (with its date)
OVERDUE = "overdue"  # the term has passed
CURRENT = "current"  # today is within the term
UPCOMING = "upcoming"
UNDATED = "undated"  # no term could be read
STATUS_TITLES = {
    DONE: "выполнено",
    OVERDUE: "срок истёк",
    CURRENT: "идёт сейчас",
    UPCOMING: "впереди",
    UNDATED: "срок не указан",
}


@dataclass(frozen=True)
class TimelineItem:
    stage_no: int
    stage: str
    title: str  # the event's title, or its first row's content when it has none
    content: tuple[str, ...]  # contents of its rows
    responsible: str
    deadline: str  # the terms as written, «; »-joined
    range: MonthRange | None
    status: str
    uid: str
    done: date | None = None

    @property
    def due(self) -> date | None:
        return self.range.end if self.range else None


def _status(term: MonthRange | None, today: date) -> str:
    if term is None:
        return UNDATED
    if term.end < today:
        return OVERDUE
    if term.start <= today:
        return CURRENT
    return UPCOMING


def roadmap_items(
    roadmap: Roadmap, school_year_start: int, today: date | None = None, *, org_name: str = ""
) -> list[TimelineItem]:
    """One item per roadmap event, in order, with its term read from the rows' deadlines.

    Rows without a deadline continue the previous row; when no row has one, the stage's
    deadline is used. The UID depends on the organisation, the school year, the stage's and
    the event's titles (and the rank among same-titled events), not on positions.
    """
    today = today or date.today()
    items = []
    seen: dict[tuple[str, str], int] = {}
    for stage_no, stage in enumerate(roadmap.stages, start=1):
        for event in stage.events:
            contents = tuple(_lines(r.content) for r in event.rows if squeeze(r.content))
            title = squeeze(event.title) or (squeeze(contents[0]) if contents else f"Этап {stage_no}")
            texts = _unique(squeeze(r.deadline) for r in event.rows)
            if not texts and stage.deadline:
                texts = [squeeze(stage.deadline)]
            term = None
            for text in texts:
                parsed = parse_deadline(text, school_year_start)
                if parsed is not None:
                    term = parsed if term is None else term.union(parsed)
            key = (stage.title, title)
            seen[key] = seen.get(key, 0) + 1
            basis = "|".join((org_name, str(school_year_start), stage.title, title, str(seen[key])))
            items.append(
                TimelineItem(
                    stage_no=stage_no,
                    stage=squeeze(stage.title),
                    title=title,
                    content=contents,
                    responsible="; ".join(_unique(squeeze(r.responsible) for r in event.rows)),
                    deadline="; ".join(texts),
                    range=term,
                    status=DONE if event.done else _status(term, today),
                    done=event.done,
                    uid=hashlib.sha1(basis.encode("utf-8")).hexdigest()[:32] + "@docgen",
                )
            )
    return items


def _lines(text: str) -> str:
    """Whitespace squeezed within lines; line breaks kept, blank lines dropped."""
    return "\n".join(squeeze(line) for line in text.splitlines() if line.strip())


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


# -- the picture --------------------------------------------------------------------------------

_COLOURS = {DONE: "#3C8D5A", OVERDUE: "#D64545", CURRENT: "#E9A23B", UPCOMING: "#5B84B1"}
_STAGE_COLOUR = "#B8C4D6"
_SHORT_MONTHS = ("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")


def timeline_png(roadmap: Roadmap, school_year_start: int, today: date, *, org_name: str = "") -> bytes:
    """Stages and events on a month axis; today marked, passed terms in red, no-term events listed."""
    import matplotlib
    from matplotlib import dates as mdates
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter

    items = roadmap_items(roadmap, school_year_start, today, org_name=org_name)
    rows: list[tuple[str, str, MonthRange | None, str]] = []  # (kind, label, range, status)
    for stage_no, stage in enumerate(roadmap.stages, start=1):
        own = [i for i in items if i.stage_no == stage_no]
        ranges = [i.range for i in own if i.range]
        span = None
        for term in ranges:
            span = term if span is None else span.union(term)
        rows.append(("stage", _wrap(f"Этап {stage_no}. {squeeze(stage.title)}", 70), span, ""))
        for item in own:
            label = _wrap(item.title, 70)
            if item.range is None:
                label += "\n(срок не указан)"
            rows.append(("event", label, item.range, item.status))
    dated = [r for _, _, r, _ in rows if r]
    with matplotlib.rc_context({"font.family": "DejaVu Sans", "font.size": 8}):
        figure = Figure(figsize=(12, max(3.0, 0.42 * len(rows) + 1.6)), dpi=120)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        if dated:
            first = min(r.start for r in dated)
            last = max(r.end for r in dated)
        else:
            first, last = date(school_year_start, 9, 1), date(school_year_start + 1, 5, 31)
        if first - timedelta(days=365) <= today <= last + timedelta(days=365):
            first, last = min(first, today), max(last, today)
        left = mdates.date2num(first - timedelta(days=12))
        right = mdates.date2num(last + timedelta(days=12))
        positions = list(range(len(rows)))[::-1]
        for position, (kind, _, term, status) in zip(positions, rows, strict=True):
            if term is None:
                if kind == "event":
                    axes.text(left + 2, position, "срок не указан", va="center", color="#777777",
                              style="italic")  # fmt: skip
                continue
            start = mdates.date2num(term.start)
            width = mdates.date2num(term.end + timedelta(days=1)) - start
            if kind == "stage":
                axes.barh(position, width, left=start, height=0.35, color=_STAGE_COLOUR)
            else:
                axes.barh(position, width, left=start, height=0.6, color=_COLOURS[status],
                          edgecolor="#8B1A1A" if status == OVERDUE else "none", linewidth=1.2)  # fmt: skip
        axes.set_yticks(positions, [label for _, label, _, _ in rows])
        for tick, (kind, *_rest) in zip(axes.get_yticklabels(), rows, strict=True):
            if kind == "stage":
                tick.set_fontweight("bold")
        axes.set_xlim(left, right)
        axes.set_ylim(-0.8, len(rows) - 0.2)
        today_x = mdates.date2num(today)
        if left <= today_x <= right:
            axes.axvline(today_x, color="#C0392B", linestyle="--", linewidth=1.4)
            axes.text(today_x, -0.75, f" сегодня {today:%d.%m.%Y}", color="#C0392B", va="bottom", fontsize=8,
                      bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})  # fmt: skip
            note = ""
        else:
            note = f" (сегодня {today:%d.%m.%Y} — за пределами шкалы)"
        axes.xaxis.set_major_locator(mdates.MonthLocator())
        axes.xaxis.set_major_formatter(
            FuncFormatter(
                lambda x, _pos: f"{_SHORT_MONTHS[mdates.num2date(x).month - 1]}\n{mdates.num2date(x).year}"
            )
        )
        axes.grid(axis="x", alpha=0.3)
        axes.spines[["top", "right"]].set_visible(False)
        title = "Дорожная карта: этапы и мероприятия" + (f" — {org_name}" if org_name else "")
        axes.set_title(title + note, loc="left", fontsize=11)
        legend = [
            Patch(color=_COLOURS[s], label=STATUS_TITLES[s]) for s in (DONE, OVERDUE, CURRENT, UPCOMING)
        ]
        legend.append(Patch(color=_STAGE_COLOUR, label="этап целиком"))
        axes.legend(handles=legend, loc="upper center", bbox_to_anchor=(0.5, -0.4 / max(len(rows), 4) - 0.06),
                    ncol=4, frameon=False)  # fmt: skip
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
        return buffer.getvalue()


def _wrap(text: str, width: int) -> str:
    lines = textwrap.wrap(text, width=width)
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), width=width, placeholder="…")]
    return "\n".join(lines) or "—"


# -- the calendar (RFC 5545) --------------------------------------------------------------------

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
