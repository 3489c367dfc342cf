"""The declension preview: everyone in a draft, their name in the cases documents use, and
hand corrections stored in the person's `name_forms`."""

from __future__ import annotations

from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from docgen.grammar import Case
from docgen.model import Person

# The cases the documents use, in the order a Russian grammar lists them.
PREVIEW_CASES: tuple[tuple[Case, str], ...] = (
    (Case.GENITIVE, "Родительный (кого?)"),
    (Case.DATIVE, "Дательный (кому?)"),
    (Case.ACCUSATIVE, "Винительный (кого?)"),
    (Case.INSTRUMENTAL, "Творительный (кем?)"),
)

Loc = tuple[str | int, ...]


def _person_locations(data: dict[str, Any]) -> Iterator[tuple[Loc, str]]:
    """Where people sit in dossier data, with a Russian role."""
    org = data.get("organisation")
    if isinstance(org, dict):
        yield ("organisation", "director"), "руководитель"
        yield ("organisation", "chief_accountant"), "главный бухгалтер"
    yield ("curator",), "куратор"
    for i, _ in enumerate(_list(data.get("working_group"))):
        yield ("working_group", i, "person"), "рабочая группа"
    for i, pair in enumerate(_list(data.get("pairs"))):
        yield ("pairs", i, "mentor"), f"наставник (пара {i + 1})"
        for j, _ in enumerate(_list(pair.get("mentees") if isinstance(pair, dict) else None)):
            yield ("pairs", i, "mentees", j), f"наставляемый (пара {i + 1})"
    for i, _ in enumerate(_list(data.get("rewards"))):
        yield ("rewards", i, "person"), "поощрение"
    for i, _ in enumerate(_list(data.get("partners"))):
        yield ("partners", i, "head"), "руководитель организации-партнёра"
    final = data.get("final_event")
    if isinstance(final, dict):
        yield ("final_event", "responsible"), "итоговое мероприятие"
        for i, _ in enumerate(_list(final.get("co_responsible"))):
            yield ("final_event", "co_responsible", i), "итоговое мероприятие"
        for i, _ in enumerate(_list(final.get("jury"))):
            yield ("final_event", "jury", i), "жюри"
    school = data.get("mentor_school")
    if isinstance(school, dict):
        yield ("mentor_school", "lead"), "«Школа наставников»"


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def get_at(data: Any, loc: Loc) -> Any:
    for part in loc:
        if isinstance(part, int):
            if not isinstance(data, list) or part >= len(data):
                return None
        elif not isinstance(data, dict):
            return None
        data = data[part] if isinstance(part, int) else data.get(part)
    return data


@dataclass
class PersonEntry:
    key: str
    person: Person
    roles: list[str] = field(default_factory=list)
    locations: list[Loc] = field(default_factory=list)
    automatic: dict[Case, str] = field(default_factory=dict)
    current: dict[Case, str] = field(default_factory=dict)

    @property
    def full_name(self) -> str:
        return self.person.full_name

    def corrected(self, case: Case) -> bool:
        return self.current.get(case) != self.automatic.get(case)


def collect_people(data: dict[str, Any]) -> tuple[list[PersonEntry], int]:
    """Everyone who can be declined (once per person), and how many could not be read."""
    from docgen.render.people import declined_fio

    found: dict[str, PersonEntry] = {}
    skipped = 0
    for loc, role in _person_locations(data):
        raw = get_at(data, loc)
        if not isinstance(raw, dict):
            continue
        try:
            person = Person.model_validate(raw)
        except ValidationError:
            skipped += 1
            continue
        entry = found.get(person.key)
        if entry is None:
            plain = person.model_copy(update={"name_forms": None})
            auto, now = declined_fio(plain), declined_fio(person)
            entry = PersonEntry(
                key=person.key,
                person=person,
                automatic={case: getattr(auto, case.short) for case, _ in PREVIEW_CASES},
                current={case: getattr(now, case.short) for case, _ in PREVIEW_CASES},
            )
            found[person.key] = entry
        if role not in entry.roles:
            entry.roles.append(role)
        entry.locations.append(loc)
    return list(found.values()), skipped


def apply_corrections(data: dict[str, Any], entry: PersonEntry, submitted: dict[Case, str]) -> dict[str, Any]:
    """A copy of `data` where every occurrence of the person carries the corrected forms.

    A form equal to the automatic one (or left empty) removes the correction for that case.
    """
    result = deepcopy(data)
    for loc in entry.locations:
        raw = get_at(result, loc)
        if not isinstance(raw, dict):
            continue
        forms = dict(raw.get("name_forms") or {})
        for case, _ in PREVIEW_CASES:
            text = " ".join((submitted.get(case) or "").split())
            if text and text != entry.automatic.get(case):
                forms[case.value] = text
            else:
                forms.pop(case.value, None)
        if forms:
            raw["name_forms"] = forms
        else:
            raw.pop("name_forms", None)
    return result
