"""Приказ «О внедрении целевой модели наставничества» and the documents it approves."""

from __future__ import annotations

from typing import Any

from docgen.legal.bases import BASES
from docgen.legal.dates import implementation_date
from docgen.model import Direction, Dossier
from docgen.render.people import person_context
from docgen.render.registry import CORE_ACTIVITY, DocumentKind, DocumentPart, register

from ._common import acquainted, own_pay_hidden, single, working_group_leader


def default_basis(dossier: Dossier) -> list[str]:
    """The preamble's legal basis (genitive, after «На основании»).

    A dossier's own list is kept as written, except that a registry key («r-145», «tk-351.8»)
    stands for the act's full title. Without a list: the acts of the chosen directions, and
    ТК РФ ст. 351.8 when it is in force on the order's date.
    """
    if dossier.basis:
        return [BASES[item].genitive if item in BASES else item for item in dossier.basis]
    day = implementation_date(dossier)
    keys = []
    if Direction.STUDENTS in dossier.directions:
        keys.append("r-145")
    if Direction.TEACHERS in dossier.directions:
        keys.append("az-1128-08")
    keys.append("tk-351.8")
    return [BASES[key].genitive for key in keys if BASES[key].in_force(day)]


def _implementation(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    leader = working_group_leader(dossier) if dossier.working_group else None
    people = [dossier.curator] + ([leader] if leader else [])
    return single(
        {
            "basis": default_basis(dossier),
            "working_group_leader": person_context(leader) if leader else None,
            "acquainted": acquainted(dossier, people),
            **own_pay_hidden(dossier),
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
