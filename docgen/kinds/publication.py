"""The separate consent to publish personal data on the site (152-ФЗ ст. 10.1, from 01.03.2021)."""

from __future__ import annotations

from typing import Any

from docgen.legal.bases import BASES
from docgen.legal.dates import implementation_date, law_context
from docgen.model import Dossier
from docgen.render.registry import DocumentKind, DocumentPart, register

from ._common import per_person
from .consents import participants


def _in_force(dossier: Dossier) -> bool:
    return BASES["152-fz-10.1"].in_force(implementation_date(dossier))


def _publication(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    law = law_context(implementation_date(dossier))
    basis = BASES["152-fz-10.1"]
    context = {
        "law": {**law, "publication_basis": {"gen": basis.genitive, "ins": basis.instrumental}},
        "resources": [],
    }
    return [per_person(p, context) for p in participants(dossier)]


register(
    DocumentKind(
        id="consent-pd-publication",
        title="Согласие на обработку персональных данных, разрешённых для распространения",
        slug="soglasie-na-rasprostranenie",
        position=9,
        template="consent-pd-publication.docx",
        build=_publication,
        applies=lambda d: bool(participants(d)) and _in_force(d),
        description=(
            "Отдельный документ (152-ФЗ, ст. 10.1; требования приказа Роскомнадзора № 18): "
            "что и где публикуется; совершеннолетний или родитель ребёнка; на каждого"
        ),
    )
)
