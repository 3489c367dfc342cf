"""Declension of one part of a personal name: surname, first name or patronymic.

pytrovich (petrovich rules) does the bulk of the work; the rules below correct it where a
general rule or the pymorphy3 dictionary knows better:

* the gender is always given, never guessed;
* a vowel-final surname the dictionary lists as indeclinable for both genders (Дюма, Золя,
  Петипа) stays;
* female surnames ending in a consonant, -ь or -й stay (Шевчук, Лебедь, Смит);
* one-syllable male surnames in -ой/-ий/-ый are nouns, not adjectives (Цой -> Цоя);
* a male surname that is also a common noun declines like it where the dictionary knows
  better than a suffix rule: the stressed -ом after ж/ш/ч/щ/ц (Ткач -> Ткачом, like
  «ткачом») and a vowel that is not fleeting (Кузнец -> Кузнеца);
* a foreign person's surname in -ин/-ын takes -ом (Чаплин Чарльз -> Чаплином), a Russian
  one -ым (Пушкиным), and so does a one-syllable -ов/-ев/-ин (Лев -> Левом, Мин -> Мином);
* female first names ending in a consonant are foreign and stay (Кэтрин, Ирен);
* Turkic patronymics with оглы/кызы stay as written.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from docgen.grammar.cases import Case, Gender
from docgen.grammar.casing import match_case
from docgen.grammar.morph import from_dictionary, parses

if TYPE_CHECKING:
    from pytrovich.maker import PetrovichDeclinationMaker

VOWELS = frozenset("аеёиоуыэюя")
HUSHING = ("ж", "ш", "ч", "щ", "ц")
TURKIC_PATRONYMIC = ("оглы", "кызы", "улы", "уулу", "гызы")
# Russian possessive surnames (Иванов, Пушкин) keep their own declension (-ым).
RUSSIAN_POSSESSIVE = ("ов", "ев", "ёв", "ин", "ын")
# Endings of Russian patronymics: -ович/-евич/-ич, -овна/-евна, -ична/-инична.
PATRONYMIC_ENDINGS = ("ич", "вна", "чна", "шна")


@lru_cache(maxsize=1)
def _maker() -> PetrovichDeclinationMaker:
    from pytrovich.maker import PetrovichDeclinationMaker

    return PetrovichDeclinationMaker()


def _petrovich(part: str, gender: Gender, case: Case, word: str) -> str:
    from pytrovich import enums

    name_part = {
        "surname": enums.NamePart.LASTNAME,
        "name": enums.NamePart.FIRSTNAME,
        "patronymic": enums.NamePart.MIDDLENAME,
    }[part]
    p_gender = enums.Gender.FEMALE if gender is Gender.FEMALE else enums.Gender.MALE
    p_case = getattr(enums.Case, case.name)
    return _maker().make(name_part, p_gender, p_case, word)


def is_patronymic(word: str | None) -> bool:
    """Does `word` look like a Russian or Turkic patronymic (not a foreign middle name)?"""
    if not word:
        return False
    lower = word.lower()
    return lower.endswith(PATRONYMIC_ENDINGS) or lower.split()[-1] in TURKIC_PATRONYMIC


def _vowel_count(word: str) -> int:
    return sum(1 for c in word.lower() if c in VOWELS)


def _ends_in_consonant(word: str) -> bool:
    last = word[-1:].lower()
    return last.isalpha() and last not in VOWELS and last not in "ьъ"


def _fixed_surname(word: str) -> bool:
    """Does the dictionary list `word` as a surname indeclinable for both genders (Дюма)?

    Only words ending in a vowel are trusted: pymorphy3 lists every masculine consonant
    surname again as an indeclinable feminine one, and a few -чук surnames as common-gender
    indeclinables by mistake.
    """
    if word[-1:] not in VOWELS:
        return False
    return any(
        "Surn" in p.tag and "Fixd" in p.tag and p.tag.gender is None and from_dictionary(p)
        for p in parses(word)
    )


_PROPER = frozenset({"Surn", "Name", "Patr", "Geox", "Orgn", "Trad", "Abbr"})
_DICTIONARY_CASES = {
    Case.GENITIVE: "gent",
    Case.DATIVE: "datv",
    Case.ACCUSATIVE: "gent",  # a person: accusative = genitive
    Case.INSTRUMENTAL: "ablt",
    Case.PREPOSITIONAL: "loct",
}


@lru_cache(maxsize=4096)
def _common_noun_forms(word: str) -> dict[Case, str] | None:
    """Singular forms of the common masculine noun spelled like `word` (ткач, кузнец).

    Common nouns carry the stress (ткачом, but маршем) and whether a vowel is fleeting
    (кузнеца, but купца); pymorphy3's surname paradigms know neither, so they are not used.
    """
    for parse in parses(word):
        tag = parse.tag
        if not (
            from_dictionary(parse)
            and tag.POS == "NOUN"
            and tag.gender == "masc"
            and {"sing", "nomn"} <= tag.grammemes
            and not _PROPER & tag.grammemes
            and parse.word == parse.normal_form
        ):
            continue
        forms = {}
        for case, grammeme in _DICTIONARY_CASES.items():
            form = parse.inflect({grammeme, "sing"})
            if form is None:
                break
            forms[case] = form.word
        else:
            return forms
    return None


def _as_common_noun(piece: str, declined: str, case: Case) -> str | None:
    """The surname declined like the common noun it coincides with, where that is safe."""
    lower = piece.lower()
    if lower.endswith(RUSSIAN_POSSESSIVE):
        return None
    forms = _common_noun_forms(lower)
    if forms is None:
        return None
    form = forms[case]
    if form.startswith(lower):
        # No fleeting vowel: Кузнец -> Кузнеца, Ткач -> Ткачом.
        return piece + match_case(piece[-1], form[len(lower) :])
    if (
        case is Case.INSTRUMENTAL
        and lower.endswith(HUSHING)
        and form[-2:] in ("ом", "ем")
        and declined.lower().endswith(("ом", "ем"))
    ):
        # A fleeting vowel (Купец -> Купцом): keep pytrovich's stem, take the stress.
        return declined[:-2] + match_case(declined[-2:], form[-2:])
    return None


def _nominal_oy(piece: str, case: Case) -> str:
    """Цой, Вий: a one-syllable surname in -й declines like «бой» (Цоя, Цою, Цоем, Цое)."""
    stem = piece[:-1]
    ending = {
        Case.GENITIVE: "я",
        Case.DATIVE: "ю",
        Case.ACCUSATIVE: "я",
        Case.INSTRUMENTAL: "ем",
        Case.PREPOSITIONAL: "е",
    }[case]
    return stem + match_case(piece[-1], ending)


def _surname_piece(piece: str, declined: str, gender: Gender, case: Case, foreign: bool) -> str:
    """Correct pytrovich's form `declined` of one hyphen-free part of a surname."""
    lower = piece.lower()
    if not lower or not lower[-1].isalpha():
        return piece
    if _fixed_surname(lower):
        return piece
    if gender is Gender.FEMALE:
        return piece if _ends_in_consonant(lower) or lower.endswith("ь") else declined
    if lower.endswith(("ой", "ий", "ый")) and _vowel_count(lower) == 1:
        return _nominal_oy(piece, case)
    if _ends_in_consonant(lower):
        as_noun = _as_common_noun(piece, declined, case)
        if as_noun is not None:
            return as_noun
    nominal = case is Case.INSTRUMENTAL and _nominal_in(lower, foreign)
    if nominal and declined.lower().endswith("ым"):
        return piece + match_case(piece[-1], "ом")
    return declined


def _nominal_in(lower: str, foreign: bool) -> bool:
    """Is a surname in -ин/-ов a plain noun (Чаплином, Левом) rather than possessive (-ым)?

    A one-syllable word has no stem for a possessive suffix (Лев, Мин). Otherwise only a
    foreigner's -ин/-ын surname is nominal, unless it is built like a Russian one from a
    noun in -а/-я (Пушкин from «пушка», Ильин from «Илья»).
    """
    if not lower.endswith(RUSSIAN_POSSESSIVE):
        return False
    if _vowel_count(lower) == 1:
        return True
    if not foreign or not lower.endswith(("ин", "ын")):
        return False
    return not _from_a_noun(lower[:-2])


def _from_a_noun(stem: str) -> bool:
    """Is stem + «а»/«я» a dictionary noun in the nominative singular (пушка, Илья)?"""
    for word in (stem + "а", stem + "я"):
        for parse in parses(word):
            tag = parse.tag
            if (
                from_dictionary(parse)
                and tag.POS == "NOUN"
                and {"nomn", "sing"} <= tag.grammemes
                and parse.word == parse.normal_form
            ):
                return True
    return False


@lru_cache(maxsize=8192)
def decline_surname(surname: str, gender: Gender, case: Case, foreign: bool = False) -> str:
    """Surname in `case`; `foreign` marks a person without a Russian patronymic."""
    if case is Case.NOMINATIVE or not surname:
        return surname
    pieces = surname.split("-")
    declined = _petrovich("surname", gender, case, surname).split("-")
    if len(declined) != len(pieces):
        declined = pieces
    out = [
        _surname_piece(piece, form, gender, case, foreign)
        for piece, form in zip(pieces, declined, strict=True)
    ]
    return match_case(surname, "-".join(out))


@lru_cache(maxsize=8192)
def decline_first_name(name: str, gender: Gender, case: Case) -> str:
    """First name in `case`."""
    if case is Case.NOMINATIVE or not name:
        return name
    lower = name.lower()
    if gender is Gender.FEMALE and _ends_in_consonant(lower):
        return name
    return match_case(name, _petrovich("name", gender, case, name))


@lru_cache(maxsize=8192)
def decline_patronymic(patronymic: str, gender: Gender, case: Case) -> str:
    """Patronymic in `case`; «Гасан оглы» and other Turkic forms stay as written."""
    if case is Case.NOMINATIVE or not patronymic:
        return patronymic
    if " " in patronymic.strip() or patronymic.lower().split("-")[-1] in TURKIC_PATRONYMIC:
        return patronymic
    if not is_patronymic(patronymic):
        # A foreign middle name (Чарльз Спенсер): declines like a first name.
        return decline_first_name(patronymic, gender, case)
    return match_case(patronymic, _petrovich("patronymic", gender, case, patronymic))
