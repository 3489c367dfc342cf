"""Положение о наставничестве: students, teachers, and a municipal office's own."""

from __future__ import annotations

from typing import Any

from docgen.model import Direction, Dossier
from docgen.render.registry import AUTHORITIES, DocumentKind, DocumentPart, register

from ._common import single


def _build(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    municipal = dossier.municipal
    return single(
        {
            "territory": municipal.territory if municipal else "",
            "subordinate_name": municipal.subordinate_name if municipal else "",
            "registry_keeper_org": (municipal.registry_keeper_org or "") if municipal else "",
        }
    )


register(
    DocumentKind(
        id="polozhenie-students",
        title="Положение о наставничестве обучающихся",
        slug="polozhenie-obuchayushchiesya",
        position=2,
        template="polozhenie-students.docx",
        build=_build,
        attachment_of=("implementation-order",),
        approval_word="УТВЕРЖДЕНО",
        applies=lambda d: Direction.STUDENTS in d.directions,
        description="По методологии целевой модели (распоряжение Минпросвещения № Р-145)",
    )
)

register(
    DocumentKind(
        id="polozhenie-teachers",
        title="Положение о системе наставничества педагогических работников",
        slug="polozhenie-pedagogi",
        position=3,
        template="polozhenie-teachers.docx",
        build=_build,
        attachment_of=("implementation-order",),
        approval_word="УТВЕРЖДЕНО",
        applies=lambda d: Direction.TEACHERS in d.directions,
        description="По методическим рекомендациям (письмо № АЗ-1128/08 и Профсоюза № 657)",
    )
)

register(
    DocumentKind(
        id="polozhenie-municipal",
        title="Положение о наставничестве педагогических работников (муниципальное)",
        slug="polozhenie-municipalnoe",
        position=2,
        template="polozhenie-municipal.docx",
        build=_build,
        attachment_of=("municipal-order",),
        approval_word="УТВЕРЖДЕНО",
        org_kinds=AUTHORITIES,
        applies=lambda d: d.municipal is not None and d.municipal.polozhenie,
        description="Муниципальное Положение для образовательных организаций территории (образец 001)",
    )
)
