"""A person never signs both sides of a document (brief §7): the director as a mentor."""

from __future__ import annotations

from decimal import Decimal

from .organisation import Organisation
from .people import Person

_NEED_SIGNATORY = (
    "укажите в разделе «организация» подписанта вместо руководителя (заместителя директора, "
    "действующего на основании приказа), иначе согласие и дополнительное соглашение "
    "пришлось бы подписывать руководителю с самим собой"
)


def same_person(a: Person | None, b: Person | None) -> bool:
    return a is not None and b is not None and a.key == b.key


def director_mentoring(organisation: Organisation, mentors: list[Person]) -> list[int]:
    """Positions (1-based) of the pairs the director leads as a mentor."""
    return [i for i, mentor in enumerate(mentors, 1) if same_person(mentor, organisation.director)]


def check_pairs(organisation: Organisation | None, mentors: list[Person]) -> None:
    if organisation is None:
        return
    led = director_mentoring(organisation, mentors)
    if led and organisation.authorised_signatory is None:
        numbers = ", ".join(str(n) for n in led)
        raise ValueError(
            f"руководитель {organisation.director.full_name} — наставник (пары № {numbers}): "
            + _NEED_SIGNATORY
        )
    _check_signatory(organisation)


def check_curator(organisation: Organisation | None, curator: Person | None, payment: Decimal | None) -> None:
    if organisation is None or payment is None or not same_person(curator, organisation.director):
        return
    if organisation.authorised_signatory is None:
        raise ValueError(
            f"доплату куратору-руководителю {organisation.director.full_name} нельзя установить "
            "его собственным приказом и соглашением: " + _NEED_SIGNATORY
        )


def _check_signatory(organisation: Organisation) -> None:
    signatory = organisation.authorised_signatory
    if signatory is not None and same_person(signatory.person, organisation.director):
        raise ValueError("подписантом вместо руководителя должен быть другой работник, а не сам руководитель")
