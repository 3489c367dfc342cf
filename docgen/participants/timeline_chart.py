"""The roadmap as a picture: stages and events on a month axis, today marked (matplotlib PNG)."""

from __future__ import annotations

import io
import textwrap
from datetime import date, timedelta

from docgen.model import Roadmap

from .deadlines import MonthRange
from .text import squeeze
from .timeline import CURRENT, DONE, OVERDUE, STATUS_TITLES, UPCOMING, roadmap_items

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
