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


def acquainted(people: list[Person]) -> list[dict[str, Any]]:
    return [person_context(p) for p in people]
