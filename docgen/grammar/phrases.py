"""Declension of noun phrases: positions, organisation names and the like.

A phrase is read as: leading abbreviations (МБОУ, «Зам.») that stay as they are, then
leading adjectives/participles, then the head noun, then a tail that never changes
(genitive complements, «по УВР», numbers, quotes). Only the adjectives and the head decline;
a substantivised adjective or participle can be the head («заведующий библиотекой»).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from docgen.grammar.cases import Case, Gender
from docgen.grammar.casing import keep_yo, match_case
from docgen.grammar.morph import GRAMMEME, from_dictionary, parses

if TYPE_CHECKING:
    from pymorphy3.analyzer import Parse

# First halves of compound titles that never decline («генерал-майора», «вице-президента»).
BOUND_PREFIXES = frozenset({"вице", "экс", "обер", "унтер", "лейб", "штаб", "генерал", "контр"})
_ADJECTIVAL = frozenset({"ADJF", "PRTF"})
_OPENING_QUOTES = ("«", '"', "„", "“")
_CAPS_ABBREVIATION = re.compile(r"^[A-ZА-ЯЁ0-9]*[A-ZА-ЯЁ][A-ZА-ЯЁ0-9-]*$")
_DOTTED_ABBREVIATION = re.compile(r"^[А-ЯЁа-яё]{1,6}\.$")
_WORD = re.compile(r"^(?P<lead>[^\wЁё]*)(?P<core>[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*)(?P<trail>[^\wЁё]*)$")
_GENDER_GRAMMEME = {Gender.MALE: "masc", Gender.FEMALE: "femn"}


@dataclass(frozen=True)
class _Word:
    """One word of the phrase with the nominative reading chosen for it."""

    lead: str
    core: str
    trail: str
    parse: Parse


def _nominative_parses(word: str) -> list[Parse]:
    """Nominative readings (nouns, adjectives, participles), singular first."""
    found = [
        p
        for p in parses(word)
        if "nomn" in p.tag
        and p.tag.POS in ("NOUN", "ADJF", "PRTF")
        and "Abbr" not in p.tag
        and "Fixd" not in p.tag
    ]
    found.sort(key=lambda p: ("plur" in p.tag, not from_dictionary(p)))
    return found


def _last_part(core: str) -> str:
    return core.rsplit("-", 1)[-1]


def _split(token: str) -> tuple[str, str, str] | None:
    match = _WORD.match(token)
    if not match:
        return None
    return match["lead"], match["core"], match["trail"]


def _is_caps_abbreviation(token: str) -> bool:
    """МБОУ, КГБПОУ, МАУ — but not a real word typed in capitals (ДИРЕКТОР)."""
    if not _CAPS_ABBREVIATION.match(token) or sum(c.isalpha() for c in token) < 2:
        return False
    return not (len(token) >= 4 and any(from_dictionary(p) for p in _nominative_parses(token)))


def _agrees(adjective: Parse, noun: Parse) -> bool:
    if "plur" in adjective.tag or "plur" in noun.tag:
        return "plur" in adjective.tag and "plur" in noun.tag
    return adjective.tag.gender == noun.tag.gender


def _adjective_reading(core: str, following: str | None) -> Parse | None:
    """The adjective/participle reading of `core` if it modifies the word `following`."""
    if following is None:
        return None
    split = _split(following)
    if not split or split[0]:
        return None
    next_parses = _nominative_parses(_last_part(split[1]))
    for parse in _nominative_parses(_last_part(core)):
        if parse.tag.POS not in _ADJECTIVAL:
            continue
        if any(_agrees(parse, other) for other in next_parses):
            return parse
    return None


def _head_reading(core: str) -> Parse | None:
    """The reading of `core` as the head: a noun first, else a substantivised adjective."""
    readings = _nominative_parses(_last_part(core))
    nouns = [p for p in readings if p.tag.POS == "NOUN"]
    return (nouns or readings or [None])[0]


def _inflect(parse: Parse, grammemes: set[str]) -> str | None:
    """`parse` inflected to `grammemes`, dropping the animacy request if it does not apply."""
    for attempt in (grammemes, grammemes - {"anim", "inan"}):
        form = parse.inflect(attempt)
        if form is not None:
            return form.word
    return None


def _is_adjectival(parse: Parse) -> bool:
    """Adjectives, participles and nouns that decline like them (вожатый, учёный)."""
    if parse.tag.POS in _ADJECTIVAL:
        return True
    genitive = parse.inflect({"gent", "sing"})
    return genitive is not None and genitive.word.endswith(("ого", "его"))


def _replace_last(core: str, new_last: str) -> str:
    head, _, last = core.rpartition("-")
    form = keep_yo(last, match_case(last, new_last))
    return f"{head}-{form}" if head else form


def _decline_compound_head(core: str, grammemes: set[str]) -> str:
    """«педагог-психолог»: both halves decline when both are person nouns."""
    first, _, _ = core.partition("-")
    if "-" not in core or first.lower() in BOUND_PREFIXES:
        return core
    reading = _head_reading(first)
    if reading is None or reading.tag.POS != "NOUN" or "anim" not in reading.tag:
        return core
    form = _inflect(reading, grammemes | {reading.tag.number or "sing"})
    if form is None:
        return core
    return keep_yo(first, match_case(first, form)) + core[len(first) :]


def _is_adverb(core: str) -> bool:
    """«временно» in «временно исполняющий обязанности»: kept, and the phrase goes on."""
    readings = parses(core)
    return any(p.tag.POS == "ADVB" and from_dictionary(p) for p in readings) and not (
        _nominative_parses(core)
    )


def _skip_abbreviations(words: list[str]) -> int | None:
    """Index of the first word after leading abbreviations; None if nothing may decline."""
    start = 0
    while start < len(words):
        token = words[start]
        if token.startswith(_OPENING_QUOTES):
            return None  # a quoted name: «СОШ № 1»
        if _is_caps_abbreviation(token):
            start += 1
            continue
        if _DOTTED_ABBREVIATION.match(token):
            following = words[start + 1] if start + 1 < len(words) else ""
            split = _split(following)
            readings = _nominative_parses(_last_part(split[1])) if split else []
            if not any("sing" in p.tag for p in readings):
                return None  # «Зам. директора»: the abbreviation is the head
            start += 1
            continue
        return start
    return None


def _phrase_words(words: list[str]) -> tuple[dict[int, _Word], int, _Word] | None:
    """Leading modifiers (by index) and the head (index, word); None without a head."""
    start = _skip_abbreviations(words)
    if start is None:
        return None
    modifiers: dict[int, _Word] = {}
    for index in range(start, len(words)):
        split = _split(words[index])
        if split is None:
            return None
        lead, core, trail = split
        following = words[index + 1] if index + 1 < len(words) and not trail else None
        adjective = _adjective_reading(core, following)
        if adjective is not None:
            modifiers[index] = _Word(lead, core, trail, adjective)
            continue
        if following is not None and not lead and _is_adverb(core):
            continue
        head = _head_reading(core)
        if head is None:
            return None
        return modifiers, index, _Word(lead, core, trail, head)
    return None


def _inflect_head(head: _Word, grammemes: set[str], gender: str | None) -> str | None:
    """The head's new form; an adjectival head may take another reading to change gender."""
    if gender is None:
        return _inflect(head.parse, grammemes)
    readings = [head.parse] + [
        p for p in _nominative_parses(_last_part(head.core)) if p.tag.POS in _ADJECTIVAL
    ]
    for parse in readings:
        form = _inflect(parse, grammemes | {gender})
        if form is not None:
            return form
    return _inflect(head.parse, grammemes)


@lru_cache(maxsize=4096)
def _decline(text: str, case: Case, gender: Gender | None, person: bool) -> str:
    tokens = re.split(r"(\s+)", text)
    words = tokens[0::2]
    found = _phrase_words(words)
    if found is None:
        return text
    modifiers, head_index, head = found
    tag = head.parse.tag
    number = "plur" if "plur" in tag else "sing"
    adjectival_head = _is_adjectival(head.parse)
    target_gender = tag.gender if number == "sing" else None
    if adjectival_head and gender is not None and number == "sing":
        target_gender = _GENDER_GRAMMEME[gender]
    animate = person or adjectival_head or "anim" in tag
    grammemes = {GRAMMEME[case], number}
    if case is Case.ACCUSATIVE:
        if person and (number == "plur" or target_gender == "masc"):
            grammemes = {"gent", number}  # people: accusative = genitive (тьютора)
        else:
            grammemes.add("anim" if animate else "inan")

    new_words = list(words)
    head_gender = target_gender if adjectival_head else None
    form = _inflect_head(head, grammemes, head_gender)
    if form is not None:
        core = _decline_compound_head(_replace_last(head.core, form), grammemes - {number})
        new_words[head_index] = f"{head.lead}{core}{head.trail}"
    modifier_grammemes = grammemes | ({target_gender} if target_gender else set())
    for index, word in modifiers.items():
        form = _inflect(word.parse, modifier_grammemes)
        if form is not None:
            new_words[index] = f"{word.lead}{_replace_last(word.core, form)}{word.trail}"
    tokens[0::2] = new_words
    return "".join(tokens)


def decline_phrase(text: str, case: Case | str) -> str:
    """A noun phrase in `case`: «заместитель директора по УВР» -> «заместителя директора по УВР»."""
    return _decline(text, Case.parse(case), None, False)


def decline_position(position: str, case: Case | str, gender: Gender | str | None = None) -> str:
    """A position (a person) in `case`; adjectival heads agree with `gender` («заведующей»)."""
    parsed_gender = Gender.parse(gender) if gender is not None else None
    return _decline(position, Case.parse(case), parsed_gender, True)
