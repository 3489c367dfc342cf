"""Дорожная карта: one template, three column sets chosen by roadmap.layout."""

from __future__ import annotations

from pathlib import Path

from .gost import DocBuilder


def build() -> list[Path]:
    b = DocBuilder(landscape=True)
    b.stamp()
    b.tag("{%p if roadmap.title %}")
    b.heading("{{ roadmap.title }}", space_before=0)
    b.tag("{%p else %}")
    b.heading(
        "Дорожная карта внедрения целевой модели наставничества в {{ org.name.pre }} на {{ year.label }}",
        space_before=0,
    )
    b.tag("{%p endif %}")
    b.tag("{%p for section in roadmap.sections %}")
    b.para(
        "{{ loop.index }}. {{ section.title }}",
        align="left",
        indent=False,
        bold=True,
        space_before=6,
        space_after=6,
        keep_with_next=True,
    )
    b.text("{{ section.text }}")
    b.tag("{%p endfor %}")
    b.blank()
    b.tag("{%p if roadmap.layout == 'full' %}")
    b.table(
        headers=[
            "№ п/п",
            "Наименование этапа",
            "Мероприятие",
            "Содержание деятельности",
            "Сроки",
            "Ответственные",
        ],
        row=[
            "{{ r.no }}",
            "{{ r.stage }}",
            "{{ r.event }}",
            "{{ r.content }}",
            "{{ r.deadline }}",
            "{{ r.responsible }}",
        ],
        loop="for r in roadmap.rows",
        widths=[12, 40, 50, 85, 30, 40],
        align=["center", "left", "left", "left", "left", "left"],
    )
    b.tag("{%p elif roadmap.layout == 'stages' %}")
    b.table(
        headers=["№ п/п", "Наименование этапа", "Содержание деятельности", "Ответственные", "Сроки"],
        row=["{{ r.no }}", "{{ r.stage }}", "{{ r.content }}", "{{ r.responsible }}", "{{ r.deadline }}"],
        loop="for r in roadmap.rows",
        numbers_row=True,
        widths=[14, 50, 118, 40, 35],
        align=["center", "left", "left", "left", "left"],
    )
    b.tag("{%p else %}")
    b.table(
        headers=["Мероприятие", "Сроки", "Ответственные"],
        row=["{{ r.event }}", "{{ r.deadline }}", "{{ r.responsible }}"],
        loop="for r in roadmap.rows",
        widths=[157, 40, 60],
    )
    b.tag("{%p endif %}")
    b.blank()
    return [b.save("roadmap.docx")]
