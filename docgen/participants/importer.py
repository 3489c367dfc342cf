"""Import of mentors, mentees, pairs and groups from a spreadsheet (.xlsx or .csv) into a dossier.

`preview_import` reads and checks the sheet and says what loading it would change;
`apply_import` merges the good rows into the dossier data. Loading the same sheet again
updates people and pairs instead of adding them twice: people are recognised by surname,
name, patronymic and birth date (case- and ё-insensitive) or by a chosen column, pairs by
mentor and mentee.

A group is several rows with the same mentor, form of mentoring and period.
"""

from __future__ import annotations

import contextlib
import copy
import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from docgen.grammar.cases import Gender
from docgen.model import FORM_PRESETS, KIND_PRESETS, Category, dossier_from_data

from .columns import (
    BY_HEADER,
    BY_KEY,
    COLUMNS,
    MENTEE,
    MENTOR,
    NAME_BIRTH,
    NAME_ONLY,
    PAIR,
    Column,
    match_field,
)
from .sample import sample_sheet
from .school_year import outside_year, school_year_bounds
from .tables import SheetRows, UnreadableSheet, read_rows
from .text import dash_key, fold, header_key, squeeze, tidy_form

__all__ = [
    "ImportPreview",
    "ImportRow",
    "PairChange",
    "RowError",
    "apply_import",
    "preview_import",
    "sample_sheet",
]

REQUIRED = "Не заполнено обязательное поле"
_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
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


@dataclass(frozen=True)
class RowError:
    """A problem found in the sheet. `row` is the 1-based sheet row (0: the file as a whole);
    `column` is the Russian header the problem is in (empty when it concerns a whole row)."""

    row: int
    column: str
    message: str
    file_level: bool = False

    def __str__(self) -> str:
        where = [f"строка {self.row}"] if self.row else []
        if self.column:
            where.append(f"столбец «{self.column}»")
        prefix = ", ".join(where)
        return f"{prefix[:1].upper()}{prefix[1:]}: {self.message}" if prefix else self.message


@dataclass
class ImportRow:
    """One good row: the values the sheet gives (typed) and the ones inferred from other cells."""

    row: int
    mentor: dict[str, Any]
    mentee: dict[str, Any]
    pair: dict[str, Any]
    mentor_defaults: dict[str, Any] = field(default_factory=dict)
    mentee_defaults: dict[str, Any] = field(default_factory=dict)

    @property
    def mentor_name(self) -> str:
        return _full_name(self.mentor)

    @property
    def mentee_name(self) -> str:
        return _full_name(self.mentee)


@dataclass
class PairChange:
    """A pair or group of the dossier as loading the sheet leaves it."""

    mentor: str
    mentees: list[str]
    form: str
    start: date | None
    end: date | None
    rows: list[int]  # sheet rows that describe it
    changes: list[str] = field(default_factory=list)  # Russian, one line per change

    @property
    def is_group(self) -> bool:
        return len(self.mentees) > 1

    @property
    def period(self) -> str:
        if self.start and self.end:
            return f"{self.start:%d.%m.%Y} – {self.end:%d.%m.%Y}"
        return ""


@dataclass
class ImportPreview:
    filename: str
    match_by: str
    rows_ok: list[ImportRow]
    errors: list[RowError]
    new_pairs: list[PairChange] = field(default_factory=list)
    updated_pairs: list[PairChange] = field(default_factory=list)
    unchanged: list[PairChange] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)  # loaded anyway: the last row wins
    rows_total: int = 0  # data rows in the sheet, good and bad
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""

    @property
    def file_errors(self) -> list[RowError]:
        return [e for e in self.errors if e.file_level]

    @property
    def row_errors(self) -> list[RowError]:
        return [e for e in self.errors if not e.file_level]

    @property
    def bad_rows(self) -> list[int]:
        return sorted({e.row for e in self.row_errors})

    @property
    def can_apply(self) -> bool:
        return not self.file_errors and bool(self.rows_ok)

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe view for a page or an API: counts, errors, warnings and the pairs.

        To apply later, keep the uploaded file and call `preview_import` again: it is deterministic.
        """

        def error(e: RowError) -> dict[str, Any]:
            return {"row": e.row, "column": e.column, "message": e.message, "file_level": e.file_level}

        def pair(c: PairChange) -> dict[str, Any]:
            return {"mentor": c.mentor, "mentees": c.mentees, "form": c.form, "period": c.period,
                    "rows": c.rows, "changes": c.changes}  # fmt: skip

        return {
            "filename": self.filename,
            "match_by": self.match_by,
            "rows_total": self.rows_total,
            "rows_ok": len(self.rows_ok),
            "bad_rows": self.bad_rows,
            "can_apply": self.can_apply,
            "errors": [error(e) for e in self.errors],
            "warnings": [error(w) for w in self.warnings],
            "new_pairs": [pair(c) for c in self.new_pairs],
            "updated_pairs": [pair(c) for c in self.updated_pairs],
            "unchanged": [pair(c) for c in self.unchanged],
        }

    def summary(self) -> list[str]:
        """Russian lines for a console or a page: counts, then each error."""
        lines = [
            f"Файл «{self.filename}»: строк с данными {self.rows_total}, без ошибок {len(self.rows_ok)}, "
            f"с ошибками {len(self.bad_rows)}.",
            f"Новых пар и групп: {len(self.new_pairs)}, изменится: {len(self.updated_pairs)}, "
            f"без изменений: {len(self.unchanged)}.",
        ]
        lines.extend(str(e) for e in self.errors)
        lines.extend(f"Предупреждение. {w}" for w in self.warnings)
        return lines


# -- the public functions ---------------------------------------------------------------------


def preview_import(
    data: bytes, filename: str, existing: Mapping[str, Any] | None = None, match_by: str = NAME_BIRTH
) -> ImportPreview:
    """Read and check a sheet; say what merging it into `existing` (dossier data) would change."""
    try:
        field_name = match_field(match_by)
    except ValueError as exc:
        return ImportPreview(filename, match_by, [], [RowError(0, "", str(exc), True)])
    try:
        sheet = read_rows(data, filename, recognise=_count_known)
    except UnreadableSheet as exc:
        return ImportPreview(filename, match_by, [], [RowError(0, "", str(exc), True)])
    preview = ImportPreview(
        filename, match_by, [], [], encoding=sheet.encoding, delimiter=sheet.delimiter, sheet=sheet.sheet
    )
    columns, body = _header(sheet, preview.errors)
    preview.rows_total = len(body)
    if preview.file_errors:
        return preview
    bounds = school_year_bounds(existing)
    for number, values in body:
        cells = {key: values[i] if i < len(values) else None for i, key in columns.items()}
        row = _parse_row(number, cells, preview.errors)
        outside = outside_year(row.pair, bounds) if row is not None and bounds else None
        if outside is not None:
            preview.errors.append(RowError(number, *outside))
        elif row is not None:
            preview.rows_ok.append(row)
    groups = _group(preview.rows_ok, field_name, preview.errors)
    preview.rows_ok = sorted((row for group in groups for row in group), key=lambda r: r.row)
    preview.warnings = _person_conflicts(preview.rows_ok, match_by, field_name)
    merged = _Merge(copy.deepcopy(dict(existing or {})), match_by, field_name)
    merged.run(groups)
    preview.new_pairs, preview.updated_pairs, preview.unchanged = merged.new, merged.updated, merged.unchanged
    preview.errors.sort(key=lambda e: (not e.file_level, e.row))
    return preview


def apply_import(
    existing_data: Mapping[str, Any], preview: ImportPreview, *, validate: bool = True
) -> dict[str, Any]:
    """New dossier data: `existing_data` with the preview's good rows merged in.

    With `validate` (the default) the result is checked with `dossier_from_data`, which raises
    InvalidDossier with Russian messages; pass False to merge into an unfinished draft.
    """
    merged = _Merge(copy.deepcopy(dict(existing_data)), preview.match_by, None)
    if preview.rows_ok:  # a preview with file-level errors has none (and maybe a bad match_by)
        merged.field_name = match_field(preview.match_by)
        merged.run(_group(preview.rows_ok, merged.field_name, []))
    if validate:
        dossier_from_data(merged.data)
    return merged.data


# -- the header ---------------------------------------------------------------------------------


def _count_known(values: Iterable[object]) -> int:
    return sum(1 for v in values if header_key(v) in BY_HEADER)


def _header(sheet: SheetRows, errors: list[RowError]) -> tuple[dict[int, str], list]:
    """Column index → column key, and the data rows after the header."""
    if not sheet.rows:
        errors.append(RowError(0, "", "Таблица пуста: нет ни строки заголовков, ни данных", True))
        return {}, []
    # The header is the first row with a known column name (a title above it is allowed).
    at = next((i for i, (_, values) in enumerate(sheet.rows[:10]) if _count_known(values)), 0)
    header_row, headers = sheet.rows[at]
    body = sheet.rows[at + 1 :]
    columns: dict[int, str] = {}
    seen: dict[str, int] = {}
    known_names = [c.header for c in COLUMNS]
    for index, raw in enumerate(headers):
        text = squeeze(raw)
        if not text:
            continue
        column = BY_HEADER.get(header_key(text))
        if column is None:
            close = difflib.get_close_matches(text, known_names, n=1, cutoff=0.75)
            hint = f"; возможно, имелся в виду «{close[0]}»" if close else ""
            errors.append(RowError(header_row, text, f"Неизвестный столбец «{text}»{hint}", True))
            continue
        if column.key in seen:
            errors.append(
                RowError(
                    header_row,
                    column.header,
                    f"Столбец «{column.header}» указан дважды (столбцы {_letter(seen[column.key])} "
                    f"и {_letter(index)})",
                    True,
                )
            )
            continue
        seen[column.key] = index
        columns[index] = column.key
    for column in COLUMNS:
        if column.required and column.key not in seen:
            errors.append(
                RowError(header_row, column.header, f"Нет обязательного столбца «{column.header}»", True)
            )
    if not body and not errors:
        errors.append(RowError(header_row, "", "В таблице нет строк с данными под заголовком", True))
    return columns, body


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


# -- one row ------------------------------------------------------------------------------------


def _parse_row(number: int, cells: dict[str, object], errors: list[RowError]) -> ImportRow | None:
    found: list[RowError] = []
    values: dict[str, Any] = {}

    def bad(column: Column, message: str) -> None:
        found.append(RowError(number, column.header, message))

    for column in COLUMNS:
        if column.key not in cells:
            continue
        raw = cells[column.key]
        if squeeze(raw) == "":
            if column.required:
                bad(column, REQUIRED)
            continue
        try:
            values[column.key] = _convert(column, raw)
        except ValueError as exc:
            bad(column, str(exc))
    start, end = values.get("start"), values.get("end")
    if start and end and end <= start:
        bad(BY_KEY["end"], f"Окончание ({end:%d.%m.%Y}) должно быть позже начала ({start:%d.%m.%Y})")
    if found:
        errors.extend(found)
        return None
    row = ImportRow(number, {}, {}, {})
    for key, value in values.items():
        column = BY_KEY[key]
        {MENTOR: row.mentor, MENTEE: row.mentee, PAIR: row.pair}[column.role][column.field] = value
    mentor_role, _, mentee_role = row.pair["form"].partition(" – ")
    row.mentor_defaults["category"] = _category_of_role(mentor_role, mentor=True)
    row.mentee_defaults["category"] = _category_of_role(mentee_role, mentor=False)
    birth = row.mentee.get("birth_date")
    if birth is not None:
        row.mentee_defaults["minor"] = _age(birth, row.pair["start"]) < 18
    return row


def _years(raw: object) -> int:
    """Whole years of experience: «3», 3, 3.0; «3 года» and «2,5» are refused."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = squeeze(raw)
    if not text.isdigit() or int(text) > 70:
        raise ValueError(f"Стаж — целое число лет от 0 до 70: «{text}»")
    return int(text)


def _convert(column: Column, raw: object) -> Any:
    text = squeeze(raw)
    name = column.field
    if name == "gender":
        try:
            return Gender.parse(text)
        except ValueError:
            raise ValueError(f"Неизвестный пол «{text}»: укажите «м» или «ж»") from None
    if name in ("birth_date", "start", "end"):
        return _date(raw)
    if name == "minor":
        key = fold(text)
        if key in ("да", "д", "yes", "1", "true", "+"):
            return True
        if key in ("нет", "н", "no", "0", "false", "-"):
            return False
        raise ValueError(f"Ожидается «да» или «нет»: «{text}»")
    if name == "category":
        for category in Category:
            if fold(category.value) == fold(text):
                return category
        allowed = ", ".join(c.value for c in Category)
        raise ValueError(f"Неизвестная категория «{text}»; допустимые: {allowed}")
    if name == "payment":
        return _money(raw)
    if name == "experience_years":
        return _years(raw)
    if name == "form":
        preset = {dash_key(p): p for p in FORM_PRESETS}.get(dash_key(text))
        return preset or tidy_form(text)
    if name == "kind":
        preset = {fold(k): k for k in KIND_PRESETS}.get(fold(text))
        return preset or text
    return text


def _date(raw: object) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = squeeze(raw)
    match = _DATE.match(text)
    iso = _ISO.match(text)
    if match or iso:
        if match:
            day, month, year = (int(g) for g in match.groups())
        else:
            year, month, day = (int(g) for g in iso.groups())
        try:
            return date(year, month, day)
        except ValueError:
            raise ValueError(f"Такой даты нет: «{text}»") from None
    raise ValueError(f"Не удалось прочитать дату «{text}»: ожидается ДД.ММ.ГГГГ")


def _money(raw: object) -> Decimal:
    text = squeeze(raw)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        value = Decimal(str(raw))
    else:
        cleaned = fold(text).replace(" ", "").replace(",", ".")
        for suffix in ("руб.", "руб", "р.", "₽"):
            cleaned = cleaned.removesuffix(suffix)
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            value = Decimal(-1)
    if not value.is_finite() or value < 0 or value.as_tuple().exponent < -2:
        raise ValueError(f"Ожидается сумма в рублях, например 2500 или 2500,50: «{text}»")
    return value


def _category_of_role(role: str, *, mentor: bool) -> Category:
    """The category a side of a form implies: «работодатель – ученик» → работодатель, обучающийся."""
    key = fold(role)
    if "работодател" in key:
        return Category.EMPLOYER
    if "партнер" in key:
        return Category.PARTNER
    if "студент" in key:
        return Category.STUDENT
    if any(word in key for word in ("ученик", "школьник", "обучающ")):
        return Category.PUPIL
    return Category.TEACHER


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


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


# -- identity of people -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ident:
    names: str
    birth: date | None
    email: str
    phone: str


def _match_value(field_name: str, value: object) -> str:
    text = squeeze(value)
    if field_name == "phone":
        digits = re.sub(r"\D", "", text)
        return "7" + digits[1:] if len(digits) == 11 and digits[0] == "8" else digits
    return text.lower()


def _ident(person: Mapping[str, Any]) -> _Ident:
    if person.get("name"):
        parts = [person.get("surname"), person.get("name"), person.get("patronymic")]
    else:
        parts = [person.get("surname"), person.get("initials")]
    birth = person.get("birth_date")
    if birth is not None and not isinstance(birth, date):
        try:
            birth = _date(birth)
        except ValueError:
            birth = None
    return _Ident(
        fold(" ".join(squeeze(p) for p in parts if p)),
        birth,
        _match_value("email", person.get("email")),
        _match_value("phone", person.get("phone")),
    )


def _same(a: _Ident, b: _Ident, match_by: str, field_name: str | None) -> bool:
    if field_name:
        mine, theirs = getattr(a, field_name), getattr(b, field_name)
        if mine and theirs:
            return mine == theirs
    if a.names != b.names:
        return False
    if match_by == NAME_ONLY:
        return True
    return a.birth is None or b.birth is None or a.birth == b.birth


def _full_name(person: Mapping[str, Any]) -> str:
    if person.get("name"):
        return " ".join(squeeze(person.get(k)) for k in ("surname", "name", "patronymic") if person.get(k))
    return " ".join(squeeze(person.get(k)) for k in ("surname", "initials") if person.get(k))


# -- merging into dossier data ------------------------------------------------------------------


def _to_data(value: Any) -> Any:
    """A typed value as dossier data writes it (YAML- and JSON-safe)."""
    if isinstance(value, Gender | Category):
        return value.value
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else format(value, "f").replace(".", ",")
    return value


_MODEL_DEFAULTS = {"category": Category.TEACHER.value, "minor": False}


def _same_value(name: str, old: Any, new: Any) -> bool:
    if old is None or old == "":
        old = _MODEL_DEFAULTS.get(name)
        if old is None:
            return False
    try:
        if name == "gender":
            return Gender.parse(old) == new
        if name in ("birth_date", "start", "end"):
            return _date(old) == new
        if name == "category":
            return fold(str(old)) == fold(new.value)
        if name == "minor":
            return bool(old) == new
        if name == "payment":
            return _money(old) == new
        if name == "experience_years":
            return _years(old) == new
    except ValueError:
        return False
    if name in ("surname", "name", "patronymic"):
        return fold(str(old)) == fold(new)
    if name == "form":
        return dash_key(str(old)) == dash_key(new)
    if name == "kind":
        return fold(str(old)) == fold(new)
    return squeeze(old) == squeeze(new)


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, Gender):
        return "м" if value is Gender.MALE else "ж"
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    return squeeze(_to_data(value)) if value is not None else ""


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
