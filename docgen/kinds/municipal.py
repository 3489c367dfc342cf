"""A municipal office's order approving its Положение (seed 001) and its annexes."""

from __future__ import annotations

from typing import Any

from docgen.grammar import format_date
from docgen.model import Dossier
from docgen.render.people import person_context
from docgen.render.registry import AUTHORITIES, CORE_ACTIVITY, DocumentKind, DocumentPart, register


def _build(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    municipal = dossier.municipal
    assert municipal is not None
    keeper = municipal.registry_keeper
    control = municipal.control_person
    people = [p for p in (keeper, control) if p is not None]
    return [
        DocumentPart(
            context={
                "municipal": {
                    "territory": municipal.territory,
                    "subordinate_name": municipal.subordinate_name,
                    "basis": list(municipal.basis),
                    "registry_keeper": person_context(keeper) if keeper else None,
                    "registry_keeper_org": municipal.registry_keeper_org or "",
                    "deadline": (
                        format_date(municipal.schools_deadline, "numeric")
                        if municipal.schools_deadline
                        else ""
                    ),
                    "controllers": [
                        {**person_context(c.person), "duty": c.duty or ""} for c in municipal.controllers
                    ],
                    "control": person_context(control) if control else None,
                    "repealed_order": municipal.repealed_order or "",
                },
                "acquainted": [person_context(p) for p in people],
            },
            people=tuple(p.full_name for p in people),
        )
    ]


register(
    DocumentKind(
        id="municipal-order",
        title="Приказ «Об утверждении Положения о наставничестве педагогических работников»",
        slug="prikaz-ob-utverzhdenii-polozheniya",
        position=1,
        template="municipal-order.docx",
        build=_build,
        series=CORE_ACTIVITY,
        org_kinds=AUTHORITIES,
        description="Приказ управления образования (образец 001): Положение, дорожная карта, показатели",
    )
)
