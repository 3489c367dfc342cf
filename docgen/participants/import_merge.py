"""Merging groups of sheet rows into dossier data: people updated everywhere they appear, pairs added."""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from docgen.grammar.cases import Gender

from .import_identity import _full_name, _Ident, _ident, _same
from .import_types import ImportRow, PairChange
from .import_values import _date, _same_value, _show, _to_data
from .text import dash_key, fold, squeeze

_PERSON_FIELDS = ("surname", "name", "patronymic", "gender", "position", "category", "minor",
                  "birth_date", "workplace", "email", "phone", "experience_years")  # fmt: skip
_IDENTITY_FIELDS = ("surname", "name", "patronymic", "email", "phone")
_PAIR_FIELDS = ("form", "kind", "start", "end", "programme_title", "payment")
_FIELD_TITLES = {
    "surname": "фамилия", "name": "имя", "patronymic": "отчество", "gender": "пол",
    "position": "должность/класс", "category": "категория", "minor": "несовершеннолетний",
    "birth_date": "дата рождения", "workplace": "место работы", "email": "эл. почта",
    "phone": "телефон", "form": "форма", "kind": "вид", "start": "начало", "end": "окончание",
    "programme_title": "программа", "payment": "доплата, руб.", "experience_years": "стаж, лет",
}  # fmt: skip


def _update(target: dict[str, Any], values: Mapping[str, Any], fields: Iterable[str]) -> list[str]:
    """Write `values` into `target` (dossier data); a Russian line per field that changes."""
    changes = []
    for name in fields:
        if name not in values:
            continue
        new = values[name]
        old = target.get(name)
        if _same_value(name, old, new):
            continue
        if old is None or old == "":
            changes.append(f"{_FIELD_TITLES[name]}: «{_show(new)}»")
        else:
            shown_old = _show(old) if not isinstance(old, str) else old
            if name == "gender":
                with contextlib.suppress(ValueError):
                    shown_old = _show(Gender.parse(old))
            changes.append(f"{_FIELD_TITLES[name]}: «{shown_old}» → «{_show(new)}»")
        target[name] = _to_data(new)
    return changes


class _Merge:
    """Merges groups of rows into dossier data and sorts the pairs into new, updated, unchanged.

    People of the pairs are indexed by name (and by the matching column), so a sheet of
    thousands of rows merges in linear time.
    """

    def __init__(self, data: dict[str, Any], match_by: str, field_name: str | None):
        self.data = data
        self.match_by = match_by
        self.field_name = field_name
        self.new: list[PairChange] = []
        self.updated: list[PairChange] = []
        self.unchanged: list[PairChange] = []
        pairs = data.get("pairs")
        self.pairs: list[dict[str, Any]] = pairs if isinstance(pairs, list) else []
        data["pairs"] = self.pairs
        self.results: dict[int, PairChange] = {}  # pair index → its summary
        self.created: set[int] = set()
        self._index: dict[str, list[tuple[int, str, dict[str, Any]]]] | None = None

    def run(self, groups: list[list[ImportRow]]) -> None:
        for group in groups:
            self._group(group)
        for index in sorted(self.results):
            summary = self.results[index]
            fresh = self._summary(index)
            summary.mentor, summary.mentees = fresh.mentor, fresh.mentees
            summary.form, summary.start, summary.end = fresh.form, fresh.start, fresh.end
            summary.changes = list(dict.fromkeys(summary.changes))
            if index in self.created:
                summary.changes = ["новая группа" if summary.is_group else "новая пара"]
                self.new.append(summary)
            elif summary.changes:
                self.updated.append(summary)
            else:
                self.unchanged.append(summary)

    def _group(self, group: list[ImportRow]) -> None:
        first = group[0]
        touched: list[int] = []
        new_rows: list[ImportRow] = []
        for row in group:
            found = self._find_pair(row)
            if found is None:
                new_rows.append(row)
                continue
            index, mentee = found
            self._note(index, rows=[row.row])
            self._person(row.mentor, self.pairs[index]["mentor"])
            self._person(row.mentee, mentee)
            if index not in touched:
                touched.append(index)
        if new_rows and not touched:
            joined = self._find_group(first)
            if joined is not None:
                touched.append(joined)
                self._person(first.mentor, self.pairs[joined]["mentor"])
        for index in touched:
            self._note(index, _prefixed("пара", _update(self.pairs[index], first.pair, _PAIR_FIELDS)))
        if new_rows:
            if touched:
                index, rest = touched[0], new_rows
            else:
                index, rest = self._new_pair(new_rows[0]), new_rows[1:]
            for row in rest:
                mentee = self._person_data(row.mentee, row.mentee_defaults)
                self.pairs[index]["mentees"].append(mentee)
                self._add(index, "наставляемый", mentee)
                self._note(index, [f"добавлен наставляемый {row.mentee_name}"], rows=[row.row])
        self._add_to_list("forms", first.pair["form"], dash_key)
        if first.pair.get("kind"):
            self._add_to_list("kinds", first.pair["kind"], fold)

    def _note(self, index: int, changes: Iterable[str] = (), rows: Iterable[int] = ()) -> None:
        summary = self.results.setdefault(index, self._summary(index))
        summary.changes.extend(changes)
        summary.rows.extend(rows)

    # -- the index of people ---------------------------------------------------------------------

    def _keys(self, ident: _Ident) -> list[str]:
        keys = [f"n:{ident.names}"]
        if self.field_name and getattr(ident, self.field_name):
            keys.append(f"f:{getattr(ident, self.field_name)}")
        return keys

    def _add(self, index: int, role: str, person: dict[str, Any]) -> None:
        if self._index is not None:
            for key in self._keys(_ident(person)):
                self._index.setdefault(key, []).append((index, role, person))

    def _mentions_like(self, person: Mapping[str, Any]) -> list[tuple[int, str, dict[str, Any]]]:
        """(pair index, role, person data) of the mentions of the same person, in pair order."""
        if self._index is None:
            self._index = {}
            for index, pair in enumerate(self.pairs):
                if not isinstance(pair, dict):
                    continue
                if isinstance(pair.get("mentor"), dict):
                    self._add(index, "наставник", pair["mentor"])
                for mentee in pair.get("mentees") or []:
                    if isinstance(mentee, dict):
                        self._add(index, "наставляемый", mentee)
        ident = _ident(person)
        found: dict[tuple[int, int], tuple[int, str, dict[str, Any]]] = {}
        for key in self._keys(ident):
            for mention in self._index.get(key, []):
                place = (mention[0], id(mention[2]))
                if place not in found and _same(_ident(mention[2]), ident, self.match_by, self.field_name):
                    found[place] = mention
        return sorted(found.values(), key=lambda m: m[0])

    # -- finding -------------------------------------------------------------------------------

    def _find_pair(self, row: ImportRow) -> tuple[int, dict[str, Any]] | None:
        """The first pair with this mentor and mentee, and the mentee's data in it."""
        mentors = {index for index, role, _ in self._mentions_like(row.mentor) if role == "наставник"}
        for index, role, mentee in self._mentions_like(row.mentee):
            if role == "наставляемый" and index in mentors:
                return index, mentee
        return None

    def _find_group(self, row: ImportRow) -> int | None:
        """An existing pair of the same mentor, form and period that a new mentee joins."""
        for index, role, _ in self._mentions_like(row.mentor):
            pair = self.pairs[index]
            if (
                role == "наставник"
                and _same_value("form", pair.get("form"), row.pair["form"])
                and _same_value("start", pair.get("start"), row.pair["start"])
                and _same_value("end", pair.get("end"), row.pair["end"])
            ):
                return index
        return None

    def _known_person(self, person: Mapping[str, Any]) -> dict[str, Any] | None:
        """The same person already described in the dossier (with address, documents...)."""
        mentions = self._mentions_like(person)
        if mentions:
            return mentions[0][2]
        others = [self.data.get("curator")]
        others += [m.get("person") for m in self.data.get("working_group") or [] if isinstance(m, dict)]
        ident = _ident(person)
        for other in others:
            if isinstance(other, dict) and _same(_ident(other), ident, self.match_by, self.field_name):
                return other
        return None

    # -- writing -------------------------------------------------------------------------------

    def _person(self, values: Mapping[str, Any], target: dict[str, Any]) -> None:
        """Update a person's every mention in the pairs; each pair notes what changed in it."""
        mentions = self._mentions_like(target)
        if all(m[2] is not target for m in mentions):
            mentions.append((-1, "", target))
        done: dict[int, list[str]] = {}  # YAML anchors make one person object appear in several pairs
        identity_changed = False
        for index, role, person in mentions:
            if id(person) not in done:
                done[id(person)] = _update(person, values, _PERSON_FIELDS)
            changes = done[id(person)]
            identity_changed |= bool(changes) and any(k in values for k in _IDENTITY_FIELDS)
            if changes and index >= 0 and index not in self.created:
                self._note(index, _prefixed(f"{role} {_full_name(person)}", changes))
        if identity_changed:
            self._index = None  # names or the matching column changed: index again when needed

    def _person_data(self, values: Mapping[str, Any], defaults: Mapping[str, Any]) -> dict[str, Any]:
        known = self._known_person(values)
        if known is not None:
            person = copy.deepcopy(known)
            self._person(values, known)
            _update(person, values, _PERSON_FIELDS)
            return person
        merged = {**defaults, **values}
        return {name: _to_data(merged[name]) for name in _PERSON_FIELDS if merged.get(name) is not None}

    def _new_pair(self, row: ImportRow) -> int:
        pair: dict[str, Any] = {
            "mentor": self._person_data(row.mentor, row.mentor_defaults),
            "mentees": [self._person_data(row.mentee, row.mentee_defaults)],
        }
        for name in _PAIR_FIELDS:
            if row.pair.get(name) is not None:
                pair[name] = _to_data(row.pair[name])
        self.pairs.append(pair)
        index = len(self.pairs) - 1
        self._add(index, "наставник", pair["mentor"])
        self._add(index, "наставляемый", pair["mentees"][0])
        self.created.add(index)
        self._note(index, rows=[row.row])
        return index

    def _add_to_list(self, key: str, value: str, norm) -> None:
        values = self.data.get(key)
        if not isinstance(values, list):
            values = []
        if all(norm(str(v)) != norm(value) for v in values):
            values.append(value)
        self.data[key] = values

    def _summary(self, index: int) -> PairChange:
        pair = self.pairs[index]

        def as_date(value: Any) -> date | None:
            try:
                return _date(value) if value else None
            except ValueError:
                return None

        return PairChange(
            mentor=_full_name(pair.get("mentor") or {}),
            mentees=[_full_name(m) for m in pair.get("mentees") or [] if isinstance(m, dict)],
            form=squeeze(pair.get("form")),
            start=as_date(pair.get("start")),
            end=as_date(pair.get("end")),
            rows=[],
        )


def _prefixed(prefix: str, changes: list[str]) -> list[str]:
    return [f"{prefix}: {change}" for change in changes]
