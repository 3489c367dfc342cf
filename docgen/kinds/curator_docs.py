"""The curator's consent and supplementary agreement: the curator's extra pay is additional work
(ТК РФ ст. 60.2 и 151) and needs the curator's written consent and an agreement, like a mentor's."""

from __future__ import annotations

from typing import Any

from docgen.legal.dates import curator_date, law_context
from docgen.legal.signing import employer_context
from docgen.model import Dossier
from docgen.render.registry import EVERYONE, DocumentKind, DocumentPart, register

from ._common import per_person
from .consents import is_own_employee


def curator_is_paid(dossier: Dossier) -> bool:
    return dossier.curator_payment is not None and is_own_employee(dossier.curator, dossier)


def _role(dossier: Dossier) -> dict[str, str]:
    """A school's curator works in the school; an authority's coordinator across its territory."""
    if dossier.organisation.kind.is_authority and dossier.municipal is not None:
        return {"gen": "координатора", "where": f"образовательных организациях {dossier.municipal.territory}"}
    return {"gen": "куратора", "where": ""}


def _curator_documents(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    context = {
        "law": law_context(curator_date(dossier)),
        "employer": employer_context(dossier, dossier.curator),
        "role": _role(dossier),
    }
    return [per_person(dossier.curator, context)]


register(
    DocumentKind(
        id="curator-consent",
        title="Согласие куратора на выполнение дополнительной работы",
        slug="soglasie-kuratora",
        position=5,
        template="curator-consent.docx",
        build=_curator_documents,
        org_kinds=EVERYONE,
        applies=curator_is_paid,
        description="Куратору установлена доплата: согласие на дополнительную работу (ТК РФ ст. 60.2, 151)",
    )
)
register(
    DocumentKind(
        id="curator-supplementary-agreement",
        title="Дополнительное соглашение к трудовому договору с куратором",
        slug="dopolnitelnoe-soglashenie-kuratora",
        position=5,
        template="curator-agreement.docx",
        build=_curator_documents,
        org_kinds=EVERYONE,
        applies=curator_is_paid,
        description="Доплата куратору за дополнительную работу (ТК РФ ст. 60.2, 151)",
    )
)
