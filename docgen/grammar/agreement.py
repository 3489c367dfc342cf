"""Words that agree in gender with a person: «действующего» / «действующей»."""

from __future__ import annotations

from functools import lru_cache

from docgen.grammar.cases import Gender
from docgen.grammar.casing import match_case
from docgen.grammar.morph import parses

_AGREEING = {"ADJF", "PRTF"}


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
