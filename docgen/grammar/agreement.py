"""Words that agree with the people they name: «ознакомлен/ознакомлена/ознакомлены»,
«ответственным/ответственной/ответственными». Never «ознакомлен(а)»."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from docgen.grammar.cases import Gender


def _gender_of(person: Any) -> Gender:
    """A person context (dict with «gender»), a model with `.gender`, or a gender itself."""
    value = person.get("gender") if isinstance(person, Mapping) else getattr(person, "gender", person)
    return Gender.parse(value) if isinstance(value, (str, Gender)) else Gender.MALE


def agree(people: Any, male: str, female: str, plural: str) -> str:
    """The form for one man, one woman, or several people.

    `people` is one person or a list of them; an empty list takes the plural (a heading over
    lines still to be filled in by hand).
    """
    if isinstance(people, Mapping) or not isinstance(people, Iterable) or isinstance(people, str):
        group = [people]
    else:
        group = list(people)
    if len(group) != 1:
        return plural
    return female if _gender_of(group[0]) is Gender.FEMALE else male
