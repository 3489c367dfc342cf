"""The search terms of one person: the lemma of each word of the name and every case form.

A person's lemma is the nominative: «Гарипову Ильдару Ринатовичу» and «Гарипов И.Р.» both
stand for the lemmas «гарипов», «ильдар», «ринатович» and the initials «ир». Forms come from
the grammar layer (the same declension the documents were rendered with) and from the
person's hand-written `name_forms`, so a manual «Кравеца» maps to «кравец» too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from docgen.grammar import Case, FullName, Gender
from docgen.grammar.morph import parses
from docgen.grammar.name_parts import decline_first_name, decline_patronymic, decline_surname
from docgen.model.people import CaseForms, Person, Representative

from .stemming import fold, initials_token, lemma_token

_WORD = re.compile(r"[0-9a-zа-яе]+")
_FEMALE_PATRONYMIC = ("вна", "чна", "шна", "кызы", "гызы")
_MALE_PATRONYMIC = ("ич", "оглы", "улы", "уулу")
_FEMALE_SURNAME = ("ова", "ева", "ина", "ына", "ая", "яя", "ска", "цка")


def name_words(text: str | None) -> list[str]:
    """Folded words of a name, without one-letter words (initials)."""
    return [w for w in _WORD.findall(fold(text or "")) if len(w) > 1]


@dataclass(frozen=True)
class PersonTerms:
    """`lemmas`: surname pieces, first name, patronymic words (nominative, folded); `forms`:
    the same words in other cases (tuples as long as `lemmas`, or shorter for manual forms)."""

    key: str
    lemmas: tuple[str, ...]
    surname_len: int
    initials: str
    forms: tuple[tuple[str, ...], ...]

    @property
    def tokens(self) -> tuple[str, ...]:
        """What the index stores wherever the person is named."""
        out = tuple(lemma_token(w) for w in self.lemmas)
        return (*out, initials_token(self.initials)) if self.initials else out

    @property
    def surname_tokens(self) -> tuple[str, ...]:
        return tuple(lemma_token(w) for w in self.lemmas[: self.surname_len])

    def form_lemmas(self) -> Iterator[tuple[str, str]]:
        """(form, lemma token) of every word form of the person's name."""
        for form in (self.lemmas, *self.forms):
            for word, lemma in zip(form, self.lemmas, strict=False):
                yield word, lemma_token(lemma)

    def patterns(self) -> Iterator[tuple[tuple[str, ...], bool]]:
        """Word sequences that name the person in a text, and whether it is the bare surname."""
        letters = tuple(self.initials)
        n = self.surname_len
        for form in (self.lemmas, *self.forms):
            if len(form) < n or not n:
                continue
            surname, rest = form[:n], form[n:]
            yield surname, True
            if letters:
                yield surname + letters, False
                yield letters + surname, False
            if rest:
                yield surname + rest, False
                yield rest + surname, False
                if len(rest) > 1:
                    yield surname + rest[:1], False


def person_key(full_name: str) -> str:
    """How a person's full name is compared: folded, spaces collapsed."""
    return " ".join(fold(full_name).split())


def guess_gender(name: FullName) -> Gender:
    """The gender of a name known only as text (an old record's list of people)."""
    patronymic = (name.patronymic or "").lower()
    if patronymic.endswith(_FEMALE_PATRONYMIC):
        return Gender.FEMALE
    if patronymic.endswith(_MALE_PATRONYMIC):
        return Gender.MALE
    if name.name:
        for parse in parses(name.name):
            if "Name" in parse.tag and parse.tag.gender in ("masc", "femn"):
                return Gender.FEMALE if parse.tag.gender == "femn" else Gender.MALE
    return Gender.FEMALE if fold(name.surname).endswith(_FEMALE_SURNAME) else Gender.MALE


def _declined(name: FullName, gender: Gender, case: Case) -> tuple[str, ...]:
    words = name_words(decline_surname(name.surname, gender, case, name.is_foreign))
    if name.name:
        words += name_words(decline_first_name(name.name, gender, case))
    if name.patronymic:
        words += name_words(decline_patronymic(name.patronymic, gender, case))
    return tuple(words)


def build_terms(name: FullName, gender: Gender, manual: CaseForms | None = None) -> PersonTerms:
    surname = name_words(name.surname)
    lemmas = tuple(surname + name_words(name.name) + name_words(name.patronymic))
    forms: dict[tuple[str, ...], None] = {}
    for case in Case:
        if case is not Case.NOMINATIVE:
            forms[_declined(name, gender, case)] = None
    for case in Case:
        written = manual.get(case.value) if manual else None
        if written:
            forms[tuple(name_words(written))[: len(lemmas)]] = None
    forms.pop(lemmas, None)
    initials = "".join(c for c in fold(name.initials_text) if c.isalnum())
    return PersonTerms(person_key(name.full), lemmas, len(surname), initials, tuple(forms))


def terms_of_person(person: Person | Representative) -> PersonTerms:
    name = FullName(
        surname=person.surname,
        name=person.name,
        patronymic=person.patronymic,
        initials=getattr(person, "initials", None),
    )
    return build_terms(name, person.gender, getattr(person, "name_forms", None))


def terms_of_name(full_name: str) -> PersonTerms | None:
    """Terms of a name known only as text; None for text that is no name."""
    try:
        name = FullName.parse(full_name)
    except ValueError:
        return None
    if not name_words(name.surname):
        return None
    return build_terms(name, guess_gender(name))


def people_in(model: Any) -> list[Person | Representative]:
    """Every person and representative anywhere in a dossier (director, chief accountant,
    mentors, pupils' parents...), in order of first appearance."""
    found: list[Person | Representative] = []

    def walk(value: Any) -> None:
        if isinstance(value, (Person, Representative)):
            found.append(value)
        if isinstance(value, BaseModel):
            for field_name in type(value).model_fields:
                walk(getattr(value, field_name))
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    walk(model)
    return found


def terms_of_people(people: Iterable[Person | Representative]) -> list[PersonTerms]:
    out: dict[tuple[Any, ...], PersonTerms] = {}
    for person in people:
        terms = terms_of_person(person)
        out.setdefault((terms.key, terms.forms), terms)
    return list(out.values())
