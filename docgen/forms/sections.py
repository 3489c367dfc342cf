"""The editor's sections: which top-level keys of the dossier each tab owns, and how a
submitted tab turns into data that replaces exactly those keys."""

from __future__ import annotations

from collections.abc import Iterable
from copy import deepcopy
from dataclasses import dataclass
from typing import Any, Protocol

from docgen.model import FORM_PRESETS, KIND_PRESETS, OrgKind

from .flat import SEPARATOR, unflatten

DIRECTION_CHOICES: tuple[tuple[str, str], ...] = (
    ("students", "наставничество обучающихся"),
    ("teachers", "наставничество педагогических работников"),
)


class FormData(Protocol):
    """What a submitted form offers (werkzeug's MultiDict fits)."""

    def items(self, multi: bool = ...) -> Iterable[tuple[str, str]]: ...

    def getlist(self, key: str) -> list[str]: ...


@dataclass(frozen=True)
class ChoiceList:
    """A list of texts edited as checkboxes (presets) plus «другие» lines in a text area."""

    key: str
    presets: tuple[str, ...]
    free_text: bool = True

    @property
    def other_field(self) -> str:
        return f"{self.key}_other"

    def parse(self, form: FormData) -> list[str]:
        # In the order submitted: the page lists the chosen presets first, in their saved order.
        values = list(dict.fromkeys(v.strip() for v in form.getlist(self.key) if v.strip()))
        if self.free_text:
            for raw in form.getlist(self.other_field):
                for line in raw.splitlines():
                    line = " ".join(line.split())
                    if line and line not in values:
                        values.append(line)
        return values

    def split(self, values: list[str] | None) -> tuple[list[tuple[str, bool]], str]:
        """Presets to show (chosen ones first, in saved order) and the «другие» text."""
        values = [str(v) for v in values or []]
        chosen = [v for v in values if v in self.presets]
        shown = [(v, True) for v in chosen] + [(p, False) for p in self.presets if p not in chosen]
        return shown, "\n".join(v for v in values if v not in self.presets)


CHOICE_LISTS: dict[str, ChoiceList] = {
    "forms": ChoiceList("forms", FORM_PRESETS),
    "kinds": ChoiceList("kinds", KIND_PRESETS),
    "directions": ChoiceList("directions", tuple(v for v, _ in DIRECTION_CHOICES), free_text=False),
}


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    keys: tuple[str, ...]
    lists: tuple[str, ...] = ()
    authority_only: bool = False  # shown only to municipal offices and regional bodies
    # Sub-keys of the section's key that its tab does not edit (written in the file or the API):
    # saving the tab keeps them as saved.
    kept: tuple[str, ...] = ()

    def owns(self, key: str | int) -> bool:
        return key in self.keys

    def parse(self, form: FormData) -> dict[str, Any]:
        """This section's part of the dossier from a submitted form, as typed."""
        flat = [
            (name, value)
            for name, value in form.items(multi=True)
            if name.split(SEPARATOR, 1)[0] in self.keys and name not in self.lists
        ]
        data = unflatten(flat)
        for key in self.lists:
            data[key] = CHOICE_LISTS[key].parse(form)
        return data

    def merge(self, data: dict[str, Any], part: dict[str, Any]) -> dict[str, Any]:
        """A copy of `data` whose keys owned by this section are replaced by `part`."""
        merged = deepcopy(data)
        for key in self.keys:
            if key in part:
                merged[key] = part[key]
                saved = data.get(key)
                if isinstance(saved, dict) and isinstance(part[key], dict):
                    for sub in self.kept:
                        if sub in saved and sub not in part[key]:
                            merged[key][sub] = deepcopy(saved[sub])
            else:
                merged.pop(key, None)
        return merged


SECTIONS: tuple[Section, ...] = (
    Section("organisation", "Организация", ("school_year", "organisation", "site_section")),
    Section(
        "municipal",
        "Муниципальный уровень",
        ("municipal",),
        authority_only=True,
        kept=("order", "polozhenie", "control_subject", "controllers_duties", "repealed_orders"),
    ),
    Section(
        "curator",
        "Куратор и рабочая группа",
        ("curator", "curator_payment", "curator_appointment", "working_group"),
    ),
    Section(
        "forms",
        "Формы наставничества",
        ("directions", "forms", "kinds"),
        lists=("directions", "forms", "kinds"),
    ),
    Section("pairs", "Пары и группы", ("pairs", "programmes_deadline")),
    Section("roadmap", "Дорожная карта", ("roadmap",)),
    Section("mentor_school", "Школа наставников", ("mentor_school",)),
    Section("rewards", "Поощрения", ("rewards",)),
    Section("final_event", "Итоговое мероприятие", ("final_event",)),
    Section("partners", "Партнёры", ("partners",)),
    Section("kpis", "Показатели", ("kpis",)),
    Section("year_end", "Изменения и итоги года", ("pair_changes", "report")),
    Section(
        "approvals",
        "Основания и согласование",
        ("basis", "adopted_by", "considered", "considered_teachers", "pd_recipients"),
    ),
)

_BY_ID = {s.id: s for s in SECTIONS}


def get_section(section_id: str) -> Section | None:
    return _BY_ID.get(section_id)


def is_authority(data: dict[str, Any]) -> bool:
    """Whether the dossier (as saved, possibly invalid) is a municipal office's or region's."""
    organisation = data.get("organisation")
    kind = organisation.get("kind") if isinstance(organisation, dict) else None
    try:
        return OrgKind(kind).is_authority if kind else False
    except ValueError:
        return False


def sections_for(data: dict[str, Any]) -> tuple[Section, ...]:
    """The tabs this dossier shows: «Муниципальный уровень» only for an authority."""
    authority = is_authority(data)
    return tuple(s for s in SECTIONS if authority or not s.authority_only)


def section_for(loc: tuple[str | int, ...]) -> Section | None:
    """The section a field error belongs to; None for keys no tab edits."""
    if not loc:
        return None
    return next((s for s in SECTIONS if s.owns(loc[0])), None)
