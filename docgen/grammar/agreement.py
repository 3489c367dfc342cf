"""Words that agree with the people they name: «ознакомлен/ознакомлена/ознакомлены»,
«ответственным/ответственной/ответственными», «действующего/действующей». Never «ознакомлен(а)»."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from docgen.grammar.cases import Gender
from docgen.grammar.casing import match_case
from docgen.grammar.morph import parses

_AGREEING = {"ADJF", "PRTF"}


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


@lru_cache(maxsize=256)
def agree_gender(word: str, gender: Gender | str) -> str:
    """A masculine adjective or participle in any case, made to agree with `gender`.

    «действующего» → «действующей» for a woman; the case is kept. A word that is not an
    adjective or a full participle comes back unchanged.
    """
    gender = Gender.parse(gender)
    if gender is Gender.MALE:
        return word
    for parse in parses(word):
        tag = parse.tag
        if tag.POS in _AGREEING and tag.gender == "masc" and tag.number == "sing":
            inflected = parse.inflect({"femn", tag.case})
            if inflected is not None:
                return match_case(word, inflected.word)
    return word
