"""Helpers shared by kind modules."""

from __future__ import annotations

from typing import Any

from docgen.model import Dossier, Person
from docgen.render.filenames import person_slug
from docgen.render.people import person_context
from docgen.render.registry import DocumentPart


def single(context: dict[str, Any] | None = None, people: list[Person] | None = None):
    """A kind that yields exactly one document."""
    return [DocumentPart(context=context or {}, people=tuple(p.full_name for p in people or []))]


def per_person(person: Person, context: dict[str, Any]) -> DocumentPart:
    pctx = person_context(person)
    return DocumentPart(
        context={"person": pctx, **context},
        suffix=person_slug(person.surname, pctx["initials"]),
        subtitle=str(pctx["short"]),
        people=(person.full_name,),
    )


def staff_named(dossier: Dossier) -> list[Person]:
    """Curator and working group: who signs «С приказом ознакомлены» on general orders."""
    people = [dossier.curator] + [m.person for m in dossier.working_group]
    seen: dict[str, Person] = {}
    for person in people:
        seen.setdefault(person.key, person)
    return list(seen.values())


def own_pay_hidden(dossier: Dossier) -> dict[str, Any]:
    """An order the director signs does not set the director's own pay (as curator): that pay
    rests on the agreement the authorised deputy signs. Overrides the shared context."""
    if dossier.curator.key == dossier.organisation.director.key:
        return {"curator_payment": ""}
    return {}


def acquainted(people: list[Person]) -> list[dict[str, Any]]:
    return [person_context(p) for p in people]
