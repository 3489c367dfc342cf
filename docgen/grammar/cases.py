"""Grammatical cases and genders, with every spelling users and files use for them."""

from __future__ import annotations

from enum import StrEnum


class Case(StrEnum):
    NOMINATIVE = "nominative"
    GENITIVE = "genitive"
    DATIVE = "dative"
    ACCUSATIVE = "accusative"
    INSTRUMENTAL = "instrumental"
    PREPOSITIONAL = "prepositional"

    @property
    def short(self) -> str:
        """Three-letter code used in templates: nom, gen, dat, acc, ins, pre."""
        return _SHORT[self]

    @classmethod
    def parse(cls, value: str | Case) -> Case:
        """Accept 'dative', 'dat', 'дат', 'дательный', 'д'..."""
        if isinstance(value, Case):
            return value
        key = value.strip().lower()
        try:
            return _ALIASES[key]
        except KeyError:
            known = ", ".join(c.value for c in cls)
            raise ValueError(f"неизвестный падеж «{value}»; допустимые: {known}") from None


_SHORT = {
    Case.NOMINATIVE: "nom",
    Case.GENITIVE: "gen",
    Case.DATIVE: "dat",
    Case.ACCUSATIVE: "acc",
    Case.INSTRUMENTAL: "ins",
    Case.PREPOSITIONAL: "pre",
}

_ALIASES: dict[str, Case] = {}
for _case, _names in {
    Case.NOMINATIVE: ("nominative", "nom", "им", "именительный", "и"),
    Case.GENITIVE: ("genitive", "gen", "род", "родительный", "р"),
    Case.DATIVE: ("dative", "dat", "дат", "дательный", "д"),
    Case.ACCUSATIVE: ("accusative", "acc", "вин", "винительный", "в"),
    Case.INSTRUMENTAL: ("instrumental", "ins", "ins", "instr", "тв", "твор", "творительный", "т"),
    Case.PREPOSITIONAL: ("prepositional", "pre", "prep", "пр", "пред", "предложный", "п"),
}.items():
    for _name in _names:
        _ALIASES[_name] = _case


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"

    @classmethod
    def parse(cls, value: str | Gender) -> Gender:
        """Accept 'male', 'm', 'м', 'муж', 'мужской', 'female', 'f', 'ж', 'жен', 'женский'."""
        if isinstance(value, Gender):
            return value
        key = value.strip().lower().rstrip(".")
        if key in {"male", "m", "м", "муж", "мужской"}:
            return cls.MALE
        if key in {"female", "f", "ж", "жен", "женский"}:
            return cls.FEMALE
        raise ValueError(f"неизвестный пол «{value}»; допустимые: male (м), female (ж)")


NBSP = "\u00a0"
