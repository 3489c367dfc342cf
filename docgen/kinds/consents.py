"""Consents: personal data (adult; parent of a minor), mentoring consent and supplementary
agreement of an employee-mentor (ТК РФ ст. 351.8 from 01.03.2025, ст. 60.2 и 151 before)."""

from __future__ import annotations

from datetime import date
from typing import Any

from docgen.grammar import Case, decline_phrase
from docgen.legal.dates import law_context, mentoring_date
from docgen.legal.signing import employer_context
from docgen.model import Dossier, Pair, Person
from docgen.render.context import pair_context
from docgen.render.registry import SCHOOLS, DocumentKind, DocumentPart, register

from ._common import per_person
from .pairs import EMPLOYEES


def participants(dossier: Dossier) -> list[Person]:
    found: dict[str, Person] = {}
    for pair in dossier.pairs:
        for person in (pair.mentor, *pair.mentees):
            found.setdefault(person.key, person)
    for change in dossier.pair_changes:  # a mentor who takes over a pair during the year
        if change.new_mentor is not None:
            found.setdefault(change.new_mentor.key, change.new_mentor)
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


def replacement_mentors(dossier: Dossier) -> list[tuple[Person, list[tuple[int, Pair]], date]]:
    """New mentors of the amending order employed by the organisation: each consents and signs an
    agreement for the pairs taken over, from the change's date, under the law of that date."""
    found: dict[str, tuple[Person, list[tuple[int, Pair]], date]] = {}
    for change in dossier.pair_changes:
        mentor = change.new_mentor
        if mentor is None or not is_own_employee(mentor, dossier):
            continue
        taken = dossier.pairs[change.pair - 1].model_copy(
            update={"mentor": mentor, "start": change.date, "payment": change.payment}
        )
        found.setdefault(mentor.key, (mentor, [], change.date))[1].append((change.pair, taken))
    return list(found.values())


def pd_recipients(dossier: Dossier) -> list[str]:
    """Who receives transferred data (dative), named in the processing consent (152-ФЗ ст. 9 ч. 4)."""
    if dossier.pd_recipients:
        return list(dossier.pd_recipients)
    founder = [line.strip() for line in (dossier.organisation.founder or "").splitlines() if line.strip()]
    return [decline_phrase(founder[-1], Case.DATIVE)] if founder else []


def _pd_context(dossier: Dossier) -> dict[str, Any]:
    return {"recipients": pd_recipients(dossier)}


def _adult_consents(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    extra = _pd_context(dossier)
    return [per_person(p, extra) for p in participants(dossier) if not p.minor]


def _minor_consents(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    extra = _pd_context(dossier)
    return [per_person(p, {**extra, **_role(dossier, p)}) for p in participants(dossier) if p.minor]


def _role(dossier: Dossier, person: Person) -> dict[str, Any]:
    """A minor's role and forms of mentoring, for the parent's consent to participation."""
    taken = [
        dossier.pairs[c.pair - 1]
        for c in dossier.pair_changes
        if c.new_mentor is not None and c.new_mentor.key == person.key
    ]
    mentor = bool(taken) or any(pair.mentor.key == person.key for pair in dossier.pairs)
    forms = [
        pair.form
        for pair in dossier.pairs
        if pair.mentor.key == person.key or any(m.key == person.key for m in pair.mentees)
    ] + [pair.form for pair in taken]
    return {"role_gen": "наставника" if mentor else "наставляемого", "role_forms": list(dict.fromkeys(forms))}


def _mentor_pairs(dossier: Dossier, numbers: list[int]) -> list[dict[str, Any]]:
    return [pair_context(n, dossier.pairs[n - 1]) for n in numbers]


def _mentoring_consents(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    parts = []
    for mentor, numbers in employee_mentors(dossier):
        pairs = [dossier.pairs[n - 1] for n in numbers]
        context = {
            "mentor_pairs": _mentor_pairs(dossier, numbers),
            "law": law_context(mentoring_date(dossier, pairs)),
            "employer": employer_context(dossier, mentor),
        }
        parts.append(per_person(mentor, context))
    for mentor, taken, since in replacement_mentors(dossier):
        context = {
            "mentor_pairs": [pair_context(n, pair) for n, pair in taken],
            "law": law_context(since),
            "employer": employer_context(dossier, mentor),
        }
        parts.append(per_person(mentor, context))
    return parts


def _has_employee_mentors(dossier: Dossier) -> bool:
    return bool(employee_mentors(dossier) or replacement_mentors(dossier))


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
        applies=_has_employee_mentors,
        description=(
            "Письменное согласие работника-наставника: ТК РФ ст. 351.8 с 01.03.2025, "
            "до того — ст. 60.2 и 151 (дополнительная работа с доплатой)"
        ),
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
        applies=_has_employee_mentors,
        description="Наставничество с доплатой: ТК РФ ст. 351.8 с 01.03.2025, до того — ст. 60.2 и 151",
    )
)
