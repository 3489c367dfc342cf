"""Roadmap deadlines as month ranges, the timeline picture and the .ics calendar (RFC 5545)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from participants_helpers import png_size

from docgen.model import Roadmap
from docgen.participants import parse_deadline, roadmap_ics, roadmap_items, timeline_png
from docgen.participants.calendar_ics import escape_text, fold_line
from docgen.participants.timeline import CURRENT, OVERDUE, UNDATED, UPCOMING
from tests.conftest import sample

STAMP = datetime(2022, 11, 10, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Май 2022", date(2022, 5, 1), date(2022, 5, 31)),
        ("Август - сентябрь 2022", date(2022, 8, 1), date(2022, 9, 30)),
        ("Август – сентябрь 2022", date(2022, 8, 1), date(2022, 9, 30)),
        ("Сентябрь 2022", date(2022, 9, 1), date(2022, 9, 30)),
        ("2022 - 2023 уч. год", date(2022, 9, 1), date(2023, 5, 31)),
        ("в течение 2022/23 учебного года", date(2022, 9, 1), date(2023, 5, 31)),
        ("Январь 2023", date(2023, 1, 1), date(2023, 1, 31)),
        ("Февраль 2024", date(2024, 2, 1), date(2024, 2, 29)),
        ("В течение года", date(2022, 9, 1), date(2023, 5, 31)),
        ("постоянно", date(2022, 9, 1), date(2023, 5, 31)),
        ("ежемесячно", date(2022, 9, 1), date(2023, 5, 31)),
        ("октябрь 2022 – март 2023", date(2022, 10, 1), date(2023, 3, 31)),
        ("ноябрь – январь 2023", date(2022, 11, 1), date(2023, 1, 31)),
        ("Сентябрь-октябрь", date(2022, 9, 1), date(2022, 10, 31)),
        ("май", date(2023, 5, 1), date(2023, 5, 31)),
        ("август", date(2022, 8, 1), date(2022, 8, 31)),
        ("сент. 2022", date(2022, 9, 1), date(2022, 9, 30)),
        ("в мае 2023 г.", date(2023, 5, 1), date(2023, 5, 31)),
        ("II полугодие", date(2023, 1, 1), date(2023, 5, 31)),
        ("1 полугодие", date(2022, 9, 1), date(2022, 12, 31)),
        ("3 четверть", date(2023, 1, 1), date(2023, 3, 31)),
        ("до 30.09.2022", date(2022, 9, 30), date(2022, 9, 30)),
        ("14.10.2022", date(2022, 10, 14), date(2022, 10, 14)),
        ("01.09.2022 – 15.09.2022", date(2022, 9, 1), date(2022, 9, 15)),
        ("2023 г.", date(2023, 1, 1), date(2023, 12, 31)),
    ],
)
def test_deadline_texts_as_month_ranges(text, start, end):
    found = parse_deadline(text, 2022)
    assert found is not None, text
    assert (found.start, found.end) == (start, end)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "по мере необходимости", "сроки уточняются", "31.02.2023",
     "Протокол № 8 от 07.06.2022г. педагогического совета, с учетом мнения студенческого совета"],
)  # fmt: skip
def test_texts_without_a_term(text):
    assert parse_deadline(text, 2022) is None


def test_range_labels():
    assert parse_deadline("Август - сентябрь 2022", 2022).label == "август – сентябрь 2022"
    assert parse_deadline("октябрь 2022 – март 2023", 2022).label == "октябрь 2022 – март 2023"
    assert parse_deadline("Май 2022", 2022).label == "май 2022"
    assert parse_deadline("до 30.09.2022", 2022).label == "30.09.2022"


def _roadmap(*events: tuple[str, str, str], stage: str = "Подготовка") -> Roadmap:
    return Roadmap.model_validate(
        {"stages": [{"title": stage, "events": [
            {"title": title, "rows": [{"content": content, "deadline": deadline, "responsible": "Куратор"}]}
            for title, content, deadline in events
        ]}]}
    )  # fmt: skip


def test_items_status_and_stable_uids():
    roadmap = _roadmap(
        ("Приказ", "Издать приказ", "Май 2022"),
        ("Анкетирование", "Анкеты", "Август - сентябрь 2022"),
        ("Встречи", "Регулярные встречи", "2022 - 2023 уч. год"),
        ("Итоги", "Конференция", "Май 2023"),
        ("Сайт", "Раздел на сайте", "по мере необходимости"),
    )
    items = roadmap_items(roadmap, 2022, date(2022, 11, 10), org_name="МБОУ СШ № 7")
    assert [i.status for i in items] == [OVERDUE, OVERDUE, CURRENT, UPCOMING, UNDATED]
    due = [date(2022, 5, 31), date(2022, 9, 30), date(2023, 5, 31), date(2023, 5, 31), None]
    assert [i.due for i in items] == due
    again = roadmap_items(roadmap, 2022, date(2023, 1, 1), org_name="МБОУ СШ № 7")
    assert [i.uid for i in items] == [i.uid for i in again]
    assert len({i.uid for i in items}) == 5
    shifted = _roadmap(("Новое", "Новое", "Май 2022"), *[(i.title, i.content[0], i.deadline) for i in items])
    assert [i.uid for i in roadmap_items(shifted, 2022, org_name="МБОУ СШ № 7")][1:] == [i.uid for i in items]
    other_school = roadmap_items(roadmap, 2022, org_name="МБОУ СШ № 8")
    assert not {i.uid for i in items} & {i.uid for i in other_school}


def test_gymnasium_items_take_the_terms_of_all_rows():
    gym = sample("gymnasium-20")
    items = roadmap_items(gym.roadmap, gym.start_year, date(2022, 11, 10))
    choice = next(i for i in items if i.title.startswith("Выбор форм и программ"))
    assert (choice.range.start, choice.range.end) == (date(2022, 5, 1), date(2022, 8, 31))
    assert choice.deadline == "Май 2022; Август 2022"
    assert all(i.range is not None for i in items)


def test_timeline_png():
    gym = sample("gymnasium-20")
    content = timeline_png(gym.roadmap, gym.start_year, date(2022, 11, 10), org_name="МБОУ гимназия № 20")
    width, height = png_size(content)
    assert width > 1000 and height > 600
    undated = _roadmap(("Сайт", "Раздел", "по мере необходимости"), ("Приказ", "Приказ", "Май 2022"))
    assert png_size(timeline_png(undated, 2022, date(2030, 1, 1)))[0] > 500
    nothing = _roadmap(("Сайт", "Раздел", ""))
    assert png_size(timeline_png(nothing, 2022, date(2022, 10, 1)))[0] > 500


# -- iCalendar ----------------------------------------------------------------------------------


def test_escape_text():
    assert escape_text("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"


def test_fold_line_keeps_octets_and_characters():
    line = "DESCRIPTION:" + "Наставничество, " * 20
    folded = fold_line(line)
    physical = folded.split("\r\n")
    assert len(physical) > 3
    assert all(len(p.encode("utf-8")) <= 75 for p in physical)
    assert all(p.startswith(" ") for p in physical[1:])
    assert "".join([physical[0], *(p[1:] for p in physical[1:])]) == line
    assert fold_line("SHORT:ok") == "SHORT:ok"
    exact = "X:" + "a" * 73
    assert fold_line(exact) == exact and fold_line(exact + "b") == exact + "\r\n b"


def _unfold(content: bytes) -> list[str]:
    text = content.decode("utf-8")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def _unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def test_calendar_of_the_gymnasium_roadmap():
    gym = sample("gymnasium-20")
    content = roadmap_ics(gym.roadmap, gym.start_year, gym.organisation.short_name, stamp=STAMP)
    assert content.endswith(b"\r\n")
    assert b"\n" not in content.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in content.split(b"\r\n"))
    lines = _unfold(content)
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"] and lines[-1] == "END:VCALENDAR"
    items = [i for i in roadmap_items(gym.roadmap, gym.start_year, org_name=gym.organisation.short_name)
             if i.range]  # fmt: skip
    events = sum(len(stage.events) for stage in gym.roadmap.stages)
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == len(items) == events == 15
    starts = [line.removeprefix("DTSTART;VALUE=DATE:") for line in lines if line.startswith("DTSTART")]
    assert starts == [f"{i.due:%Y%m%d}" for i in items]
    ends = [line.removeprefix("DTEND;VALUE=DATE:") for line in lines if line.startswith("DTEND")]
    assert ends[0] == "20220601"  # the day after «Май 2022» ends: an all-day event on 31.05.2022
    uids = [line.removeprefix("UID:") for line in lines if line.startswith("UID:")]
    assert uids == [i.uid for i in items] and len(set(uids)) == len(uids)
    assert lines.count("DTSTAMP:20221110T093000Z") == len(items)
    assert content == roadmap_ics(gym.roadmap, gym.start_year, gym.organisation.short_name, stamp=STAMP)


def test_calendar_escapes_text():
    roadmap = _roadmap(
        ("Совещание; итоги, планы\\решения", "Строка 1\nСтрока 2", "Май 2022"),
        ("Без срока", "—", "по мере необходимости"),
        stage="Этап, первый",
    )
    content = roadmap_ics(roadmap, 2022, "МБОУ «СШ № 7», г. Тверь", stamp=STAMP)
    lines = _unfold(content)
    assert lines.count("BEGIN:VEVENT") == 1
    summary = next(line for line in lines if line.startswith("SUMMARY:"))
    assert summary == "SUMMARY:Совещание\\; итоги\\, планы\\\\решения"
    assert _unescape(summary.removeprefix("SUMMARY:")) == "Совещание; итоги, планы\\решения"
    description = next(line for line in lines if line.startswith("DESCRIPTION:"))
    assert _unescape(description.removeprefix("DESCRIPTION:")).split("\n") == [
        "Этап 1. Этап, первый",
        "Содержание: Строка 1",
        "Строка 2",
        "Сроки: Май 2022",
        "Ответственные: Куратор",
    ]
    assert "X-WR-CALNAME:Дорожная карта наставничества — МБОУ «СШ № 7»\\, г. Тверь" in lines
    for line in content.decode("utf-8").split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
