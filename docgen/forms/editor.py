"""What an editor page needs from a dossier draft: flat values, placed errors, row counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from docgen.model import FieldError

from .errors import PlacedError, errors_by_name, place_errors
from .flat import SEPARATOR, flatten
from .sections import CHOICE_LISTS, Section


@dataclass
class EditorState:
    data: dict[str, Any]
    errors: list[FieldError] = field(default_factory=list)
    values: dict[str, str] = field(init=False)
    placed: list[PlacedError] = field(init=False)
    by_name: dict[str, list[str]] = field(init=False)

    def __post_init__(self) -> None:
        plain = {k: v for k, v in self.data.items() if k not in CHOICE_LISTS}
        self.values = flatten(plain)
        self.placed = place_errors(self.errors)
        self.by_name = errors_by_name(self.placed)

    def has_errors_under(self, prefix: str) -> bool:
        return any(name.startswith(prefix) for name in self.by_name)

    def has_values_under(self, prefix: str) -> bool:
        return any(name.startswith(prefix) for name in self.values)

    def rows_count(self, prefix: str) -> int:
        """How many rows the list at `prefix` has (its highest index + 1)."""
        start = prefix + SEPARATOR
        highest = -1
        for name in self.values:
            if name.startswith(start):
                head = name[len(start) :].split(SEPARATOR, 1)[0]
                if head.isdigit():
                    highest = max(highest, int(head))
        for name in self.by_name:
            if name.startswith(start):
                head = name[len(start) :].split(SEPARATOR, 1)[0]
                if head.isdigit():
                    highest = max(highest, int(head))
        return highest + 1

    def choices(self, key: str) -> tuple[set[str], str]:
        raw = self.data.get(key)
        return CHOICE_LISTS[key].split(raw if isinstance(raw, list) else [])

    def errors_in(self, section: Section) -> list[PlacedError]:
        return [e for e in self.placed if e.section == section]

    def errors_elsewhere(self, section: Section) -> list[PlacedError]:
        return [e for e in self.placed if e.section != section]
