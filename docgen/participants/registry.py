"""The registry of participants: «База наставников», «База наставляемых», pair rows and exports.

`registry_rows` gives plain rows (English keys, typed values) for any front end; the column lists
give their Russian titles. Exports: .xlsx (bold header, widths, frozen first row, autofilter, real
date cells), .docx (ГОСТ margins, landscape, header row repeated) and the municipal roll-up.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from docgen import gost
from docgen.grammar.cases import Gender
from docgen.model import Category, Dossier, Pair, Person
from docgen.safe_cells import put

from .text import dash_key, fold

DATE_FORMAT = "DD.MM.YYYY"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TOTAL_SHEET = "Всего"
ORG_TITLE = "Организация"


@dataclass(frozen=True)
class RegistryColumn:
    key: str
    title: str
    width: int  # .xlsx width, characters
    docx_mm: float  # .docx width; a landscape page holds 257 mm
    kind: str = "text"  # text | date | int

    @property
    def align(self) -> str:
        return "center" if self.kind in ("date", "int") else "left"


MENTOR_COLUMNS: tuple[RegistryColumn, ...] = (
    RegistryColumn("n", "№", 5, 10, "int"),
    RegistryColumn("full_name", "ФИО", 30, 34),
    RegistryColumn("gender", "Пол", 6, 12),
    RegistryColumn("position", "Должность", 28, 30),
    RegistryColumn("workplace", "Место работы", 28, 32),
    RegistryColumn("category", "Категория", 16, 29),  # «работодатель», «обучающийся» unbroken
    RegistryColumn("forms", "Формы наставничества", 26, 30),
    RegistryColumn("mentees", "Число наставляемых", 12, 20, "int"),
    RegistryColumn("start", "Начало", 12, 29, "date"),
    RegistryColumn("end", "Окончание", 12, 0, "date"),
    RegistryColumn("programmes", "Программы", 40, 31),
)
MENTEE_COLUMNS: tuple[RegistryColumn, ...] = (
    RegistryColumn("n", "№", 5, 10, "int"),
    RegistryColumn("full_name", "ФИО", 30, 34),
    RegistryColumn("birth_date", "Дата рождения", 12, 25, "date"),
    RegistryColumn("position", "Класс/должность", 28, 33),
    RegistryColumn("category", "Категория", 16, 29),
    RegistryColumn("minor", "Несовершеннолетний", 12, 24),
    RegistryColumn("experience_years", "Стаж, лет", 8, 17, "int"),
    RegistryColumn("mentors", "Наставник", 30, 33),
    RegistryColumn("forms", "Форма наставничества", 26, 30),
    RegistryColumn("start", "Начало", 12, 28, "date"),
    RegistryColumn("end", "Окончание", 12, 0, "date"),
)
# Long one-word headers of the .docx tables get soft hyphens instead of breaking anywhere.
_DOCX_TITLES = {
    "Несовершеннолетний": "Несовер\u00adшенно\u00adлетний",
    "Число наставляемых": "Число настав\u00adляемых",
    "Формы наставничества": "Формы настав\u00adничества",
    "Форма наставничества": "Форма настав\u00adничества",
}
PAIR_COLUMNS: tuple[RegistryColumn, ...] = (
    RegistryColumn("n", "№", 5, 9, "int"),
    RegistryColumn("mentor", "ФИО наставника", 30, 30),
    RegistryColumn("mentor_position", "Должность наставника", 26, 26),
    RegistryColumn("mentor_category", "Категория наставника", 16, 20),
    RegistryColumn("mentor_workplace", "Место работы наставника", 26, 26),
    RegistryColumn("mentee", "ФИО наставляемого", 30, 30),
    RegistryColumn("mentee_birth_date", "Дата рождения наставляемого", 12, 18, "date"),
    RegistryColumn("mentee_position", "Класс/должность наставляемого", 26, 26),
    RegistryColumn("mentee_category", "Категория наставляемого", 16, 20),
    RegistryColumn("mentee_minor", "Несовершеннолетний", 12, 16),
    RegistryColumn("mentee_experience", "Стаж наставляемого, лет", 10, 12, "int"),
    RegistryColumn("form", "Форма наставничества", 24, 24),
    RegistryColumn("kind", "Вид наставничества", 16, 16),
    RegistryColumn("start", "Начало", 12, 18, "date"),
    RegistryColumn("end", "Окончание", 12, 18, "date"),
    RegistryColumn("programme", "Программа", 36, 30),
)
ROLLUP_COLUMNS: tuple[RegistryColumn, ...] = (
    PAIR_COLUMNS[0],
    RegistryColumn("organisation", ORG_TITLE, 32, 30),
    *PAIR_COLUMNS[1:],
)


# -- filters ------------------------------------------------------------------------------------


def _category_matches(person: Person, category: str | Category | None) -> bool:
    if category is None or category == "":
        return True
    wanted = category.value if isinstance(category, Category) else str(category)
    return fold(person.category.value) == fold(wanted)


def _minor_matches(person: Person, minor: bool | None) -> bool:
    return minor is None or person.minor == minor


def _pairs(dossier: Dossier, form: str | None) -> list[Pair]:
    if not form:
        return list(dossier.pairs)
    return [p for p in dossier.pairs if dash_key(p.form) == dash_key(form)]


def _gender(person: Person) -> str:
    return "м" if person.gender is Gender.MALE else "ж"


def _unique(values: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


# -- rows ---------------------------------------------------------------------------------------


def registry_rows(
    dossier: Dossier,
    *,
    form: str | None = None,
    category: str | Category | None = None,
    minor: bool | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """«База наставников» and «база наставляемых»: one row per person, in order of appearance.

    `form` keeps the pairs of that form (dash- and case-insensitive); `category` and `minor`
    keep the people of each list with that category or minor flag. Keys: MENTOR_COLUMNS and
    MENTEE_COLUMNS; dates are `date`, lists are joined with «; ».
    """
    pairs = _pairs(dossier, form)
    own = dossier.organisation.short_name
    mentors: dict[str, dict[str, Any]] = {}
    mentees: dict[str, dict[str, Any]] = {}
    for pair in pairs:
        mentor = pair.mentor
        if _category_matches(mentor, category) and _minor_matches(mentor, minor):
            row = mentors.setdefault(mentor.key, {
                "full_name": mentor.full_name, "gender": _gender(mentor), "position": mentor.position or "",
                "workplace": mentor.workplace or own, "category": mentor.category.value,
                "_forms": [], "_mentees": [], "start": pair.start, "end": pair.end, "_programmes": [],
            })  # fmt: skip
            row["_forms"].append(pair.form)
            row["_mentees"].extend(m.key for m in pair.mentees)
            row["_programmes"].append(pair.programme_title)
            row["start"], row["end"] = min(row["start"], pair.start), max(row["end"], pair.end)
        for mentee in pair.mentees:
            if not (_category_matches(mentee, category) and _minor_matches(mentee, minor)):
                continue
            row = mentees.setdefault(mentee.key, {
                "full_name": mentee.full_name, "birth_date": mentee.birth_date,
                "position": mentee.position or "", "category": mentee.category.value,
                "minor": "да" if mentee.minor else "нет", "experience_years": mentee.experience_years,
                "_mentors": [], "_forms": [], "start": pair.start, "end": pair.end,
            })  # fmt: skip
            row["_mentors"].append(mentor.full_name)
            row["_forms"].append(pair.form)
            row["start"], row["end"] = min(row["start"], pair.start), max(row["end"], pair.end)
    mentor_rows = []
    for n, row in enumerate(mentors.values(), start=1):
        mentor_rows.append({
            "n": n, **{k: v for k, v in row.items() if not k.startswith("_")},
            "forms": "; ".join(_unique(row["_forms"])), "mentees": len(set(row["_mentees"])),
            "programmes": "; ".join(_unique(row["_programmes"])),
        })  # fmt: skip
    mentee_rows = []
    for n, row in enumerate(mentees.values(), start=1):
        mentee_rows.append({
            "n": n, **{k: v for k, v in row.items() if not k.startswith("_")},
            "mentors": "; ".join(_unique(row["_mentors"])), "forms": "; ".join(_unique(row["_forms"])),
        })  # fmt: skip
    return [_ordered(r, MENTOR_COLUMNS) for r in mentor_rows], [
        _ordered(r, MENTEE_COLUMNS) for r in mentee_rows
    ]


def pair_rows(dossier: Dossier, *, form: str | None = None) -> list[dict[str, Any]]:
    """One row per mentor–mentee link (a group gives a row per mentee); keys: PAIR_COLUMNS."""
    rows = []
    own = dossier.organisation.short_name
    for pair in _pairs(dossier, form):
        for mentee in pair.mentees:
            rows.append({
                "n": len(rows) + 1,
                "mentor": pair.mentor.full_name, "mentor_position": pair.mentor.position or "",
                "mentor_category": pair.mentor.category.value,
                "mentor_workplace": pair.mentor.workplace or own,
                "mentee": mentee.full_name, "mentee_birth_date": mentee.birth_date,
                "mentee_position": mentee.position or "", "mentee_category": mentee.category.value,
                "mentee_minor": "да" if mentee.minor else "нет",
                "mentee_experience": mentee.experience_years,
                "form": pair.form, "kind": pair.kind or "", "start": pair.start, "end": pair.end,
                "programme": pair.programme_title or "",
            })  # fmt: skip
    return rows


def _ordered(row: dict[str, Any], columns: Sequence[RegistryColumn]) -> dict[str, Any]:
    return {c.key: row.get(c.key) for c in columns}


# -- .xlsx --------------------------------------------------------------------------------------


def write_sheet(sheet: Worksheet, columns: Sequence[RegistryColumn], rows: Sequence[dict[str, Any]]) -> None:
    """A formatted table from A1: bold header, widths, frozen first row, autofilter, date cells."""
    for c, column in enumerate(columns, start=1):
        cell = put(sheet, 1, c, column.title)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[get_column_letter(c)].width = column.width
    for r, row in enumerate(rows, start=2):
        for c, column in enumerate(columns, start=1):
            value = row.get(column.key)
            cell = put(sheet, r, c, value if value != "" else None)
            if column.kind == "date" and isinstance(value, date):
                cell.number_format = DATE_FORMAT
            cell.alignment = Alignment(vertical="top", wrap_text=column.kind == "text",
                                       horizontal=column.align)  # fmt: skip
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A1:{last}{max(len(rows), 1) + 1}"


def _book_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def registry_xlsx(
    dossier: Dossier,
    *,
    form: str | None = None,
    category: str | Category | None = None,
    minor: bool | None = None,
) -> bytes:
    """Sheets «Наставники» and «Наставляемые» of `registry_rows` (same filters)."""
    mentors, mentees = registry_rows(dossier, form=form, category=category, minor=minor)
    book = Workbook()
    sheet = book.active
    sheet.title = "Наставники"
    write_sheet(sheet, MENTOR_COLUMNS, mentors)
    write_sheet(book.create_sheet("Наставляемые"), MENTEE_COLUMNS, mentees)
    return _book_bytes(book)


# -- .docx --------------------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    return str(value)


def _period(row: dict[str, Any]) -> str:
    return f"{_cell_text(row['start'])} –\n{_cell_text(row['end'])}"


def _filters_text(form: str | None, category: str | Category | None, minor: bool | None) -> str:
    parts = []
    if form:
        parts.append(f"форма «{form}»")
    if category:
        parts.append(f"категория «{category.value if isinstance(category, Category) else category}»")
    if minor is not None:
        parts.append("несовершеннолетние" if minor else "совершеннолетние")
    return f"Отбор: {', '.join(parts)}" if parts else ""


def registry_docx(
    dossier: Dossier,
    *,
    form: str | None = None,
    category: str | Category | None = None,
    minor: bool | None = None,
) -> bytes:
    """«База наставников» and «База наставляемых» as landscape tables, header row repeated."""
    mentors, mentees = registry_rows(dossier, form=form, category=category, minor=minor)
    doc = gost.new_document(landscape=True)
    note = _filters_text(form, category, minor)
    for number, (title, columns, rows) in enumerate(
        (("База наставников", MENTOR_COLUMNS, mentors), ("База наставляемых", MENTEE_COLUMNS, mentees))
    ):
        if number:
            gost.page_break(doc)
        gost.heading(doc, title, space_before=0, space_after=0)
        gost.para(doc, f"{dossier.organisation.short_name}, {dossier.school_year} учебный год",
                     align="center", indent=False, space_after=0 if note else 12)  # fmt: skip
        if note:
            gost.para(doc, note, align="center", indent=False, space_after=12)
        if rows:
            # Start and end share one «Период» column on paper: dates never wrap mid-number.
            shown = [c for c in columns if c.key != "end"]
            gost.table(
                doc,
                ["Период" if c.key == "start" else _DOCX_TITLES.get(c.title, c.title) for c in shown],
                [
                    [_period(row) if c.key == "start" else _cell_text(row[c.key]) for c in shown]
                    for row in rows
                ],
                _fit([c.docx_mm for c in shown], gost.text_width_mm(doc)),
                align=[c.align for c in shown],
            )
        else:
            gost.para(doc, "Нет участников, отвечающих условиям отбора.", align="center", indent=False)
    return gost.to_bytes(doc)


def _fit(widths: Sequence[float], total: float) -> list[float]:
    scale = total / sum(widths)
    return [w * scale for w in widths]


# -- municipal roll-up --------------------------------------------------------------------------

_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_RESERVED = {fold(TOTAL_SHEET), "history"}


def sheet_title(name: str, taken: Iterable[str] = ()) -> str:
    """A valid, unique Excel sheet name: no []:*?/\\, no edge apostrophes, ≤ 31 characters."""
    base = " ".join(_FORBIDDEN.sub(" ", name).split()).strip("'") or ORG_TITLE
    used = {fold(t) for t in taken} | _RESERVED
    candidate = base[:31].rstrip()
    counter = 1
    while fold(candidate) in used:
        counter += 1
        suffix = f" ({counter})"
        candidate = base[: 31 - len(suffix)].rstrip() + suffix
    return candidate


def rollup_xlsx(schools: Sequence[tuple[str, Dossier]]) -> bytes:
    """A municipal workbook: «Всего» (every school's pair rows with «Организация») and a sheet per school."""
    book = Workbook()
    total = book.active
    total.title = TOTAL_SHEET
    everything: list[dict[str, Any]] = []
    titles: list[str] = []
    for name, dossier in schools:
        rows = pair_rows(dossier)
        for row in rows:
            everything.append({**row, "n": len(everything) + 1, "organisation": name})
        title = sheet_title(name, titles)
        titles.append(title)
        write_sheet(book.create_sheet(title), PAIR_COLUMNS, rows)
    write_sheet(total, ROLLUP_COLUMNS, everything)
    return _book_bytes(book)
