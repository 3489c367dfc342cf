"""How people, organisations and orders appear in templates.

A `Declined` value prints as its nominative form and carries the other cases as attributes,
so a template says `{{ curator.fio.acc }}` where it needs the accusative.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from docgen.grammar import (
    NBSP,
    Case,
    FullName,
    decline_name,
    decline_phrase,
    decline_position,
    short_name,
    signature_name,
)
from docgen.model.people import CaseForms, Person, Representative

CASES: tuple[Case, ...] = tuple(Case)


class Declined(str):
    """A string (nominative) with its other cases: .nom .gen .dat .acc .ins .pre."""

    nom: str
    gen: str
    dat: str
    acc: str
    ins: str
    pre: str

    def __new__(cls, forms: dict[Case, str] | str) -> Declined:
        if isinstance(forms, str):  # str operations (the sandbox's format) rebuild the type
            forms = dict.fromkeys(CASES, str(forms))
        value = super().__new__(cls, forms[Case.NOMINATIVE])
        for case in CASES:
            setattr(value, case.short, forms[case])
        return value

    def __reduce__(self) -> tuple[Any, ...]:
        return (Declined, ({case: getattr(self, case.short) for case in CASES},))

    @classmethod
    def build(cls, make: Callable[[Case], str], manual: CaseForms | None = None) -> Declined:
        forms = {}
        for case in CASES:
            override = manual.get(case.value) if manual else None
            forms[case] = override or make(case)
        return cls(forms)

    @classmethod
    def join(cls, *parts: Declined | str, sep: str = " ") -> Declined:
        """Concatenate case by case; plain strings stay as they are in every case."""
        forms = {}
        for case in CASES:
            forms[case] = sep.join(
                getattr(p, case.short) if isinstance(p, Declined) else p for p in parts if p
            )
        return cls(forms)


def _full_name(person: Person | Representative) -> FullName:
    return FullName(
        surname=person.surname,
        name=person.name,
        patronymic=person.patronymic,
        initials=getattr(person, "initials", None),
    )


def declined_fio(person: Person | Representative) -> Declined:
    name = _full_name(person)
    manual = getattr(person, "name_forms", None)
    return Declined.build(lambda case: decline_name(name, person.gender, case), manual)


def declined_short(person: Person | Representative) -> Declined:
    """«Жмурина О.А.» in every case; a manual full form gives its surname."""
    name = _full_name(person)
    manual = getattr(person, "name_forms", None)

    def make(case: Case) -> str:
        override = manual.get(case.value) if manual else None
        if override:
            surname = override.split()[0]
            return f"{surname}{NBSP}{name.initials_text}"
        return short_name(name, person.gender, case)

    return Declined.build(make)


def declined_position(person: Person) -> Declined:
    position = person.position or ""
    if not position:
        return Declined({case: "" for case in CASES})
    return Declined.build(lambda case: decline_position(position, case, person.gender), person.position_forms)


_CONTEXT_CACHE: dict[str, dict[str, Any]] = {}
_CONTEXT_CACHE_SIZE = 20_000


# Within one plan (see `one_plan`) the dossier does not change, so a person met again is found
# by identity, without serialising it for the cache key. The object is kept with its context so
# that its id cannot be reused by another object while the plan runs.
_plan_memo: ContextVar[dict[Hashable, tuple[object, dict[str, Any]]] | None] = ContextVar(
    "docgen_plan_memo", default=None
)


@contextmanager
def one_plan() -> Iterator[None]:
    """Remember contexts by object identity while one dossier is planned."""
    token = _plan_memo.set({})
    try:
        yield
    finally:
        _plan_memo.reset(token)


def memoised(obj: object, key: Hashable, build: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """`build()` once per (object, key) within `one_plan`; a fresh shallow copy each time."""
    memo = _plan_memo.get()
    if memo is None:
        return build()
    hit = memo.get(key)
    if hit is None or hit[0] is not obj:
        hit = memo[key] = (obj, build())
    return dict(hit[1])


def person_context(person: Person) -> dict[str, Any]:
    """How a person appears in templates. The same person recurs in many documents of a
    package (a mentor in the order, the consents, the programme), so the declined forms are
    computed once per distinct person data and a fresh copy of the dict is returned."""
    return memoised(person, id(person), lambda: _cached_person_context(person))


def _cached_person_context(person: Person) -> dict[str, Any]:
    key = person.model_dump_json()
    cached = _CONTEXT_CACHE.get(key)
    if cached is None:
        if len(_CONTEXT_CACHE) >= _CONTEXT_CACHE_SIZE:
            _CONTEXT_CACHE.clear()
        cached = _CONTEXT_CACHE[key] = _build_person_context(person)
    return dict(cached)


def _build_person_context(person: Person) -> dict[str, Any]:
    fio = declined_fio(person)
    short = declined_short(person)
    position = declined_position(person)
    return {
        "fio": fio,
        "short": short,
        "signature": signature_name(_full_name(person)),
        "initials": _full_name(person).initials_text,
        "surname": person.surname,
        "name": person.name or "",
        "patronymic": person.patronymic or "",
        "gender": person.gender.value,
        "is_female": person.gender.value == "female",
        "position": position,
        "with_position": Declined.join(position, fio),
        "with_position_short": Declined.join(position, short),
        "category": person.category.value,
        "minor": person.minor,
        "birth_date": person.birth_date,
        "workplace": person.workplace or "",
        "address": person.address or "",
        "phone": person.phone or "",
        "email": person.email or "",
        "identity_document": person.identity_document or "",
        "representative": (representative_context(person.representative) if person.representative else None),
    }


def representative_context(rep: Representative) -> dict[str, Any]:
    return {
        "fio": declined_fio(rep),
        "short": declined_short(rep),
        "signature": signature_name(_full_name(rep)),
        "relation": rep.relation,
        "address": rep.address or "",
        "phone": rep.phone or "",
        "identity_document": rep.identity_document or "",
        "gender": rep.gender.value,
    }


def declined_phrase(text: str, manual_genitive: str | None = None) -> Declined:
    """An organisation name or other noun phrase in every case."""

    def make(case: Case) -> str:
        if case is Case.GENITIVE and manual_genitive:
            return manual_genitive
        return decline_phrase(text, case)

    return Declined.build(make)
