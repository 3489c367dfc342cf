"""The roadmap on a time axis: its events with their terms and statuses.

`roadmap_items` lists the roadmap's events with the term read from their deadline texts
(`parse_deadline`, in deadlines) and a status against today; `timeline_png` (timeline_chart) draws
them with the current date and the events whose term has passed; `roadmap_ics` (calendar_ics)
writes an RFC 5545 calendar with an all-day event on each event's due date.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from docgen.model import Roadmap

from .deadlines import MonthRange, parse_deadline
from .text import squeeze

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
