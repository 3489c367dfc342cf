"""Приказ «О внедрении целевой модели наставничества» and the documents it approves."""

from __future__ import annotations

from typing import Any

from docgen.model import Direction, Dossier
from docgen.render.people import person_context
from docgen.render.registry import CORE_ACTIVITY, DocumentKind, DocumentPart, register

from ._common import acquainted, single, working_group_leader

BASIS_STUDENTS = (
    "распоряжения Министерства просвещения Российской Федерации от 25.12.2019 № Р-145 "
    "«Об утверждении методологии (целевой модели) наставничества обучающихся для организаций, "
    "осуществляющих образовательную деятельность по общеобразовательным, дополнительным "
    "общеобразовательным и программам среднего профессионального образования, в том числе "
    "с применением лучших практик обмена опытом между обучающимися»"
)
BASIS_TEACHERS = (
    "методических рекомендаций по разработке и внедрению системы (целевой модели) "
    "наставничества педагогических работников в образовательных организациях, направленных "
    "совместным письмом Министерства просвещения Российской Федерации от 21.12.2021 "
    "№ АЗ-1128/08 и Общероссийского Профсоюза образования от 21.12.2021 № 657"
)
BASIS_LABOUR_CODE = "статьи 351.8 Трудового кодекса Российской Федерации"


def default_basis(dossier: Dossier) -> list[str]:
    """The preamble's legal basis (genitive, after «На основании») when the dossier gives none."""
    if dossier.basis:
        return list(dossier.basis)
    basis = []
    if Direction.STUDENTS in dossier.directions:
        basis.append(BASIS_STUDENTS)
    if Direction.TEACHERS in dossier.directions:
        basis.append(BASIS_TEACHERS)
    if dossier.start_year >= 2025:  # ТК РФ ст. 351.8 in force since 01.03.2025
        basis.append(BASIS_LABOUR_CODE)
    return basis


def _implementation(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    leader = working_group_leader(dossier) if dossier.working_group else None
    people = [dossier.curator] + ([leader] if leader else [])
    return single(
        {
            "basis": default_basis(dossier),
            "working_group_leader": person_context(leader) if leader else None,
            "acquainted": acquainted(dossier, people),
        },
        people,
    )


register(
    DocumentKind(
        id="implementation-order",
        title="Приказ «О внедрении целевой модели наставничества»",
        slug="prikaz-o-vnedrenii",
        position=1,
        template="implementation-order.docx",
        build=_implementation,
        series=CORE_ACTIVITY,
        description="Вводит целевую модель, утверждает Положение, дорожную карту, назначает куратора",
    )
)
