"""Положение о наставничестве: students, teachers, and a municipal office's own."""

from __future__ import annotations

from typing import Any

from docgen.legal.dates import approval_date, law_context
from docgen.legal.opinions import considered_students, considered_teachers
from docgen.model import Direction, Dossier
from docgen.model.programme import Approval
from docgen.render.context import approval_context
from docgen.render.registry import AUTHORITIES, DocumentKind, DocumentPart, register

from ._common import single


def _context(dossier: Dossier, considered: list[Approval]) -> dict[str, Any]:
    municipal = dossier.municipal
    return {
        "territory": municipal.territory if municipal else "",
        "subordinate_name": municipal.subordinate_name if municipal else "",
        "registry_keeper_org": (municipal.registry_keeper_org or "") if municipal else "",
        "law": law_context(approval_date(dossier)),
        "considered": [approval_context(a) for a in considered],
    }


def _build(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    return single(_context(dossier, []))


def _build_students(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    return single(_context(dossier, considered_students(dossier)))


def _build_teachers(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    return single(_context(dossier, considered_teachers(dossier)))


register(
    DocumentKind(
        id="polozhenie-students",
        title="Положение о наставничестве обучающихся",
        slug="polozhenie-obuchayushchiesya",
        position=2,
        template="polozhenie-students.docx",
        build=_build_students,
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
        build=_build_teachers,
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
