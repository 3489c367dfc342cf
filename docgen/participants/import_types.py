"""What an import of a sheet produces: its good rows, its errors and the pairs it changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .import_identity import _full_name


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
