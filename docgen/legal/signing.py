"""Who signs for the employer in a consent or an agreement with one of its staff."""

from __future__ import annotations

from typing import Any

from docgen.grammar import agree_gender
from docgen.model import Dossier, Person
from docgen.model.signing import same_person
from docgen.render.people import person_context


def employer_context(dossier: Dossier, employee: Person) -> dict[str, Any]:
    """The employer's signatory: the director, or the authorised deputy when the director is
    the employee (a person never signs both sides).

    `acting` agrees with the signatory's gender: «действующего» / «действующей».
    """
    org = dossier.organisation
    delegate = org.authorised_signatory
    if delegate is not None and same_person(employee, org.director):
        signer, basis, delegated = delegate.person, delegate.basis, True
    else:
        signer, delegated = org.director, False
        basis = "Положения" if org.kind.is_authority else "Устава"
    return {
        "signer": person_context(signer),
        "acting": agree_gender("действующего", signer.gender),
        "basis": basis,
        "delegated": delegated,
    }
