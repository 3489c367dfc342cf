"""Place the dossier's field errors next to the form fields they are about."""

from __future__ import annotations

import typing
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from docgen.model import Dossier, FieldError, Pair, Person, Reward
from docgen.model.errors import inner_model
from docgen.model.programme import KpiTable

from .flat import field_name
from .sections import Section, section_for

# A check on a whole group names no field; show it next to the field it is really about.
_ATTACH: dict[type[BaseModel], str] = {
    Pair: "end",
    Person: "name",
    Reward: "amount",
    KpiTable: "target_year",
}
# Messages about the group as a whole (missing, wrong type) stay on the group.
_GROUP_MESSAGES = frozenset({"обязательное поле", "ожидается раздел с полями"})


def model_at(loc: tuple[str | int, ...], root: type[BaseModel] = Dossier) -> Any:
    """The model class found at `loc` (None when it is a plain value or unknown)."""
    current: Any = root
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return None
        current = inner_model(field.annotation)
    return current


def _ends_at_group(loc: tuple[str | int, ...]) -> bool:
    """True when loc is a group itself (a list row or a nested section), not a field or list."""
    if not loc:
        return False
    if isinstance(loc[-1], int):
        return True
    parent = model_at(loc[:-1])
    field = getattr(parent, "model_fields", {}).get(loc[-1]) if parent else None
    return field is not None and typing.get_origin(field.annotation) is not list


def attach(loc: tuple[str | int, ...], message: str = "") -> tuple[str | int, ...]:
    """Where to show an error: a group-level check goes next to the field it is about."""
    model = model_at(loc)
    if model in _ATTACH and _ends_at_group(loc) and message not in _GROUP_MESSAGES:
        return (*loc, _ATTACH[model])
    return loc


@dataclass(frozen=True)
class PlacedError:
    name: str  # form field name (or group prefix) the message belongs to
    path: str  # Russian path, «пары[1].наставляемые[2].пол»
    message: str
    section: Section | None

    @property
    def anchor(self) -> str:
        return f"f-{self.name}" if self.name else ""


def place_errors(errors: Iterable[FieldError]) -> list[PlacedError]:
    placed = []
    for error in errors:
        loc = attach(tuple(error.loc), error.message)
        placed.append(
            PlacedError(
                name=field_name(loc),
                path=error.path,
                message=error.message,
                section=section_for(tuple(error.loc)),
            )
        )
    return placed


def errors_by_name(placed: Iterable[PlacedError]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for error in placed:
        found.setdefault(error.name, []).append(error.message)
    return found
