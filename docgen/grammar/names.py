"""Personal names: parsing «Иванова Мария Петровна» / «Иванова М.П.» and declining them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from docgen.grammar.cases import NBSP, Case, Gender
from docgen.grammar.name_parts import (
    decline_first_name,
    decline_patronymic,
    decline_surname,
    is_patronymic,
)

_INITIAL = r"[A-ZА-ЯЁ]\."
_INITIALS = rf"(?:{_INITIAL}[\s\u00a0]*){{1,2}}"
_INITIALS_LAST = re.compile(rf"^(?P<surname>\S+)\s+(?P<initials>{_INITIALS})$")
_INITIALS_FIRST = re.compile(rf"^(?P<initials>{_INITIALS})\s*(?P<surname>[^\s.]\S*)$")


def _clean_initials(text: str) -> str:
    """«М. П.» -> «М.П.»."""
    return re.sub(r"\s+", "", text)


@dataclass(frozen=True)
class FullName:
    """A person's name, surname first; `initials` is used when name/patronymic are unknown."""

    surname: str
    name: str | None = None
    patronymic: str | None = None
    initials: str | None = None

    @classmethod
    def parse(cls, text: str) -> FullName:
        """Read «Иванова Мария Петровна», «Иванова М.П.», «М.П. Иванова» or «Браун Джон»."""
        cleaned = " ".join(text.split())
        if not cleaned:
            raise ValueError("пустое ФИО")
        match = _INITIALS_LAST.match(cleaned) or _INITIALS_FIRST.match(cleaned)
        if match:
            return cls(match["surname"], initials=_clean_initials(match["initials"]))
        words = cleaned.split(" ")
        if len(words) == 1:
            return cls(words[0])
        if len(words) == 2:
            return cls(words[0], words[1])
        # «Алиев Рашид Гасан оглы»: everything after the first name is the patronymic.
        return cls(words[0], words[1], " ".join(words[2:]))

    @property
    def initials_text(self) -> str:
        """«М.П.» (or «Д.» without a patronymic); the given initials when there is no name."""
        if self.name:
            letters = [self.name, self.patronymic] if self.patronymic else [self.name]
            return "".join(f"{word[0].upper()}." for word in letters)
        return _clean_initials(self.initials or "")

    @property
    def full(self) -> str:
        """«Иванова Мария Петровна», or «Иванова М.П.» (non-breaking space) with initials only."""
        if self.name:
            return " ".join(p for p in (self.surname, self.name, self.patronymic) if p)
        if self.initials:
            return f"{self.surname}{NBSP}{self.initials_text}"
        return self.surname

    @property
    def is_foreign(self) -> bool:
        """A first name without a Russian or Turkic patronymic: a foreign person (Браун Джон)."""
        return bool(self.name) and not is_patronymic(self.patronymic)


def _as_full_name(full_name: FullName | str) -> FullName:
    return full_name if isinstance(full_name, FullName) else FullName.parse(full_name)


def _surname(name: FullName, gender: Gender, case: Case) -> str:
    return decline_surname(name.surname, gender, case, name.is_foreign)


def decline_name(full_name: FullName | str, gender: Gender | str, case: Case | str) -> str:
    """The full name in `case`, in the order given («О.А. Жмуриной» stays initials first)."""
    name = _as_full_name(full_name)
    gender, case = Gender.parse(gender), Case.parse(case)
    surname = _surname(name, gender, case)
    if not name.name:
        initials = name.initials_text
        if not initials:
            return surname
        if isinstance(full_name, str) and _INITIALS_FIRST.match(" ".join(full_name.split())):
            return f"{initials}{NBSP}{surname}"
        return f"{surname}{NBSP}{initials}"
    parts = [surname, decline_first_name(name.name, gender, case)]
    if name.patronymic:
        parts.append(decline_patronymic(name.patronymic, gender, case))
    return " ".join(parts)


def short_name(full_name: FullName | str, gender: Gender | str, case: Case | str = Case.NOMINATIVE) -> str:
    """«Жмуриной О.А.»: the surname in `case`, a non-breaking space, undeclined initials."""
    name = _as_full_name(full_name)
    surname = _surname(name, Gender.parse(gender), Case.parse(case))
    initials = name.initials_text
    return f"{surname}{NBSP}{initials}" if initials else surname


def signature_name(full_name: FullName | str) -> str:
    """«О.А. Жмурина»: initials, a non-breaking space and the surname, for signatures."""
    name = _as_full_name(full_name)
    initials = name.initials_text
    return f"{initials}{NBSP}{name.surname}" if initials else name.surname


def initials_first(short: str) -> str:
    """«Гордееву В.С.» → «В.С. Гордееву»: an addressee as ГОСТ Р 7.0.97 writes it, initials
    before the surname in any case (the declined short form keeps its manual corrections)."""
    surname, sep, initials = short.rpartition(NBSP)
    if not sep:
        surname, sep, initials = short.rpartition(" ")
    if sep and surname and initials.endswith(".") and "." not in surname:
        return f"{initials}{NBSP}{surname}"
    return short
