"""Consents: personal data (adult; parent of a minor), mentoring consent and supplementary
agreement of an employee-mentor (ТК РФ ст. 351.8)."""

from __future__ import annotations

from typing import Any

from docgen.model import Dossier, Person
from docgen.render.context import pair_context
from docgen.render.registry import SCHOOLS, DocumentKind, DocumentPart, register

from ._common import per_person
from .pairs import EMPLOYEES


def participants(dossier: Dossier) -> list[Person]:
    found: dict[str, Person] = {}
    for pair in dossier.pairs:
        for person in (pair.mentor, *pair.mentees):
            found.setdefault(person.key, person)
    return list(found.values())


def is_own_employee(person: Person, dossier: Dossier) -> bool:
    """Staff of the issuing organisation; a mentor who works elsewhere signs with their employer."""
    if person.category not in EMPLOYEES:
        return False
    org = dossier.organisation
    return not person.workplace or person.workplace in (org.short_name, org.full_name)


def employee_mentors(dossier: Dossier) -> list[tuple[Person, list[int]]]:
    """Mentors employed by the organisation, with the pairs (1-based) each one leads."""
    found: dict[str, tuple[Person, list[int]]] = {}
    for index, pair in enumerate(dossier.pairs, 1):
        if is_own_employee(pair.mentor, dossier):
            found.setdefault(pair.mentor.key, (pair.mentor, []))[1].append(index)
    return list(found.values())


def _adult_consents(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    return [per_person(p, {}) for p in participants(dossier) if not p.minor]


def _minor_consents(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    return [per_person(p, {}) for p in participants(dossier) if p.minor]


def _mentor_pairs(dossier: Dossier, numbers: list[int]) -> list[dict[str, Any]]:
    return [pair_context(n, dossier.pairs[n - 1]) for n in numbers]


def _mentoring_consents(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    return [
        per_person(mentor, {"mentor_pairs": _mentor_pairs(dossier, numbers)})
        for mentor, numbers in employee_mentors(dossier)
    ]


_ADULT = "Согласие на обработку персональных данных"
register(
    DocumentKind(
        id="consent-pd-adult",
        title=_ADULT,
        slug="soglasie-pd",
        position=8,
        template="consent-pd-adult.docx",
        build=_adult_consents,
        org_kinds=SCHOOLS,
        applies=lambda d: any(not p.minor for p in participants(d)),
        description="Совершеннолетний участник (152-ФЗ, ст. 9); на каждого",
    )
)
register(
    DocumentKind(
        id="consent-pd-minor",
        title=_ADULT + " несовершеннолетнего (законным представителем)",
        slug="soglasie-pd-predstavitelya",
        position=9,
        template="consent-pd-minor.docx",
        build=_minor_consents,
        org_kinds=SCHOOLS,
        applies=lambda d: any(p.minor for p in participants(d)),
        description="Родитель (законный представитель) несовершеннолетнего; на каждого",
    )
)
register(
    DocumentKind(
        id="mentoring-consent",
        title="Согласие работника на осуществление наставничества",
        slug="soglasie-na-nastavnichestvo",
        position=10,
        template="mentoring-consent.docx",
        build=_mentoring_consents,
        org_kinds=SCHOOLS,
        applies=lambda d: bool(employee_mentors(d)),
        description="ТК РФ ст. 351.8: письменное согласие работника-наставника",
    )
)
register(
    DocumentKind(
        id="supplementary-agreement",
        title="Дополнительное соглашение к трудовому договору о наставничестве",
        slug="dopolnitelnoe-soglashenie",
        position=11,
        template="supplementary-agreement.docx",
        build=_mentoring_consents,
        org_kinds=SCHOOLS,
        applies=lambda d: bool(employee_mentors(d)),
        description="ТК РФ ст. 351.8: наставничество по соглашению сторон с доплатой",
    )
)
