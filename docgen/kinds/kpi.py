"""Показатели эффективности внедрения целевой модели наставничества (seed 004, Приложение 1)."""

from __future__ import annotations

from typing import Any

from docgen.model import Dossier
from docgen.render.registry import EVERYONE, DocumentKind, DocumentPart, register

from ._common import single


def format_value(value: float | None) -> str:
    """50 -> «50», 35.5 -> «35,5», None -> «–»."""
    if value is None:
        return "–"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _build(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    table = dossier.kpis
    assert table is not None
    has_actual = any(k.actual is not None for k in table.indicators)
    return single(
        {
            "kpi": {
                "title": table.title or "",
                "baseline_year": table.baseline_year,
                "target_year": table.target_year,
                "has_actual": has_actual,
                "rows": [
                    {
                        "n": i,
                        "name": k.name,
                        "unit": k.unit,
                        "baseline": format_value(k.baseline),
                        "target": format_value(k.target),
                        "actual": format_value(k.actual),
                    }
                    for i, k in enumerate(table.indicators, 1)
                ],
            }
        }
    )


register(
    DocumentKind(
        id="kpi-table",
        title="Показатели эффективности внедрения целевой модели наставничества",
        slug="pokazateli",
        position=17,
        template="kpi-table.docx",
        build=_build,
        attachment_of=("implementation-order", "municipal-order"),
        approval_word="УТВЕРЖДЕНЫ",
        org_kinds=EVERYONE,
        applies=lambda d: d.kpis is not None,
    )
)
