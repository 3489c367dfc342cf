"""Helpers shared by kind modules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from docgen.grammar import join_with_and
from docgen.model import Category, Dossier, Person
from docgen.render.filenames import person_slug
from docgen.render.people import CASES, Declined, person_context
from docgen.render.registry import DocumentPart

LEADER_ROLE = "руководитель рабочей группы"
# People an order of the organisation binds besides its staff: its own adult students.
_OWN_PEOPLE = (Category.TEACHER, Category.STAFF, Category.STUDENT, Category.PUPIL)


def single(context: dict[str, Any] | None = None, people: list[Person] | None = None):
    """A kind that yields exactly one document."""
    names = tuple(dict.fromkeys(p.full_name for p in people or []))  # each person once
    return [DocumentPart(context=context or {}, people=names)]


def per_person(person: Person, context: dict[str, Any]) -> DocumentPart:
    pctx = person_context(person)
    return DocumentPart(
        context={"person": pctx, **context},
        suffix=person_slug(person.surname, pctx["initials"]),
        subtitle=str(pctx["short"]),
        people=(person.full_name,),
    )


def is_leader_role(role: str) -> bool:
    return role.strip().lower().startswith("руководитель")


def working_group_leader(dossier: Dossier) -> Person:
    """Who leads the working group: the member whose role says so, else the curator.

    The implementation order, the working-group order and its annex all take the leader from
    here, so they cannot name two different people.
    """
    for member in dossier.working_group:
        if is_leader_role(member.role):
            return member.person
    return dossier.curator


def working_group_members(dossier: Dossier) -> list[dict[str, Any]]:
    """The annex «Состав рабочей группы»: the leader first, marked as such, then the others."""
    leader = working_group_leader(dossier)
    rows = [{**person_context(leader), "role": LEADER_ROLE, "is_leader": True}]
    for member in dossier.working_group:
        if member.person.key == leader.key:
            continue
        role = "член рабочей группы" if is_leader_role(member.role) else member.role
        rows.append({**person_context(member.person), "role": role, "is_leader": False})
    return rows


def _unique(people: Iterable[Person | None]) -> list[Person]:
    seen: dict[str, Person] = {}
    for person in people:
        if person is not None:
            seen.setdefault(person.key, person)
    return list(seen.values())


def bound_by_order(person: Person) -> bool:
    """Is an adult mentee bound by the organisation's order (own staff or an adult student)?"""
    return not person.minor and not person.workplace and person.category in _OWN_PEOPLE


def acquainted(dossier: Dossier, people: Iterable[Person | None]) -> list[dict[str, Any]]:
    """«С приказом ознакомлены»: everyone the order gives a duty, each once, never the signatory."""
    signatory = dossier.organisation.director.key
    return [person_context(p) for p in _unique(people) if p.key != signatory]


def listed_with_positions(people: list[dict[str, Any]]) -> Declined:
    """«учителя математики Иванову Марию Петровну, … и …» in every case."""
    return Declined(
        {case: join_with_and([getattr(p["with_position"], case.short) for p in people]) for case in CASES}
    )


def own_pay_hidden(dossier: Dossier) -> dict[str, Any]:
    """An order the director signs does not set the director's own pay (as curator): that pay
    rests on the agreement the authorised deputy signs. Overrides the shared context."""
    if dossier.curator.key == dossier.organisation.director.key:
        return {"curator_payment": ""}
    return {}
