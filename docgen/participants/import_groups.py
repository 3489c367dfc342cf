"""Sheet rows gathered into pairs and groups, and the rows that contradict each other."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .columns import BY_KEY, COLUMNS, MENTEE, MENTOR
from .import_identity import _full_name, _Ident, _ident, _match_value, _same
from .import_types import ImportRow, RowError
from .import_values import _same_value, _show
from .text import dash_key, squeeze

# -- groups -------------------------------------------------------------------------------------


def _row_key(person: Mapping[str, Any], field_name: str | None) -> str:
    if field_name and person.get(field_name):
        return f"{field_name}:{_match_value(field_name, person[field_name])}"
    return _ident(person).names


def _group(rows: list[ImportRow], field_name: str | None, errors: list[RowError]) -> list[list[ImportRow]]:
    """Rows with the same mentor, form and period form one pair or group (in sheet order)."""
    groups: dict[tuple, list[ImportRow]] = {}
    for row in rows:
        key = (
            _row_key(row.mentor, field_name),
            dash_key(row.pair["form"]),
            row.pair["start"],
            row.pair["end"],
        )
        group = groups.setdefault(key, [])
        conflict = next((c for c in _conflicts(group, row)), None)
        if conflict:
            errors.append(conflict)
            continue
        twin = next((r for r in group if _ident(r.mentee) == _ident(row.mentee)), None)
        if twin is not None:
            errors.append(
                RowError(row.row, BY_KEY["mentee_surname"].header,
                         f"Повтор: наставляемый {row.mentee_name} этой группы уже указан в строке {twin.row}")
            )  # fmt: skip
            continue
        group.append(row)
    return [g for g in groups.values() if g]


_PERSON_COLUMNS = {(c.role, c.field): c for c in COLUMNS if c.role in (MENTOR, MENTEE)}


def _person_conflicts(rows: list[ImportRow], match_by: str, field_name: str | None) -> list[RowError]:
    """The same person described differently in two rows: a warning (the later row wins)."""
    seen: dict[str, list[tuple[_Ident, int, dict[str, Any]]]] = {}  # by name and by matching value
    warnings = []
    for row in rows:
        for role, person in ((MENTOR, row.mentor), (MENTEE, row.mentee)):
            ident = _ident(person)
            keys = [f"n:{ident.names}"]
            if field_name and getattr(ident, field_name):
                keys.append(f"f:{getattr(ident, field_name)}")
            candidates = [entry for key in keys for entry in seen.get(key, [])]
            earlier = next((e for e in candidates if _same(e[0], ident, match_by, field_name)), None)
            if earlier is None:
                entry = (ident, row.row, dict(person))
                for key in keys:
                    seen.setdefault(key, []).append(entry)
                continue
            _, first_row, values = earlier
            for name, value in person.items():
                if name in values and not _same_value(name, values[name], value):
                    column = _PERSON_COLUMNS[(role, name)]
                    warnings.append(
                        RowError(
                            row.row,
                            column.header,
                            f"{_full_name(person)}: в строке {first_row} указано «{_show(values[name])}», "
                            f"здесь «{_show(value)}»; будет записано значение из последней строки",
                        )
                    )
                values[name] = value
    return warnings


def _conflicts(group: list[ImportRow], row: ImportRow) -> Iterable[RowError]:
    """A group has one kind, programme and payment: a row that says otherwise is an error."""
    for key in ("kind", "programme", "payment"):
        column = BY_KEY[key]
        value = row.pair.get(column.field)
        if value is None:
            continue
        for other in group:
            theirs = other.pair.get(column.field)
            if theirs is not None and theirs != value:
                yield RowError(
                    row.row,
                    column.header,
                    f"У группы наставника {row.mentor_name} в строке {other.row} указано "
                    f"«{squeeze(theirs)}», здесь «{squeeze(value)}»: у одной группы одно значение",
                )
                break
