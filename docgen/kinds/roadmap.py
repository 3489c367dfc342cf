"""Дорожная карта внедрения целевой модели наставничества, in the column sets of the seeds."""

from __future__ import annotations

from typing import Any

from docgen.model import Dossier, Roadmap, RoadmapLayout
from docgen.render.registry import EVERYONE, DocumentKind, DocumentPart, register

from ._common import single


def _unique_join(values: list[str], sep: str = ", ") -> str:
    return sep.join(dict.fromkeys(v for v in values if v))


def full_rows(roadmap: Roadmap) -> list[dict[str, str]]:
    """Seed 000: a row per content line; stage and event shown on their first row only."""
    rows = []
    for number, stage in enumerate(roadmap.stages, 1):
        for event_index, event in enumerate(stage.events):
            for row_index, row in enumerate(event.rows):
                first_of_event = row_index == 0
                first_of_stage = first_of_event and event_index == 0
                rows.append(
                    {
                        "no": str(number) if first_of_stage else "",
                        "stage": stage.title if first_of_stage else "",
                        "event": event.title if first_of_event else "",
                        "content": row.content,
                        "deadline": row.deadline,
                        "responsible": row.responsible,
                        "first_of_stage": first_of_stage,
                    }
                )
    return rows


def stage_rows(roadmap: Roadmap) -> list[dict[str, str]]:
    """Seeds 001/002: a row per stage with its content, responsible and deadline gathered."""
    rows = []
    for number, stage in enumerate(roadmap.stages, 1):
        content_parts = []
        responsible, deadlines = [], []
        for event in stage.events:
            text = " ".join(r.content for r in event.rows if r.content)
            content_parts.append(" ".join(p for p in (event.title, text) if p))
            responsible += [r.responsible for r in event.rows]
            deadlines += [r.deadline for r in event.rows]
        rows.append(
            {
                "no": f"{number}.",
                "stage": stage.title,
                "content": " ".join(p for p in content_parts if p),
                "responsible": stage.responsible or _unique_join(responsible),
                "deadline": stage.deadline or _unique_join(deadlines),
            }
        )
    return rows


def event_rows(roadmap: Roadmap) -> list[dict[str, str]]:
    """Seeds 003/004: «Мероприятие · Сроки · Ответственные», a row per event line."""
    rows = []
    for stage in roadmap.stages:
        for event in stage.events:
            for index, row in enumerate(event.rows):
                title = event.title if index == 0 else ""
                rows.append(
                    {
                        "event": " ".join(p for p in (title, row.content) if p),
                        "deadline": row.deadline,
                        "responsible": row.responsible,
                    }
                )
    return rows


def roadmap_context(roadmap: Roadmap) -> dict[str, Any]:
    return {
        "title": roadmap.title or "",
        "layout": roadmap.layout.value,
        "sections": [{"title": s.title, "text": s.text} for s in roadmap.sections],
        "rows": {
            RoadmapLayout.FULL: full_rows,
            RoadmapLayout.STAGES: stage_rows,
            RoadmapLayout.EVENTS: event_rows,
        }[roadmap.layout](roadmap),
    }


def _build(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    assert dossier.roadmap is not None
    return single({"roadmap": roadmap_context(dossier.roadmap)})


register(
    DocumentKind(
        id="roadmap",
        title="Дорожная карта внедрения целевой модели наставничества",
        slug="dorozhnaya-karta",
        position=4,
        template="roadmap.docx",
        build=_build,
        attachment_of=("implementation-order", "municipal-order"),
        approval_word="УТВЕРЖДЕНА",
        org_kinds=EVERYONE,
        applies=lambda d: d.roadmap is not None,
        description="Этапы, мероприятия, сроки и ответственные; три набора столбцов из образцов",
    )
)
