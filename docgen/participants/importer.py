"""Import of mentors, mentees, pairs and groups from a spreadsheet (.xlsx or .csv) into a dossier.

`preview_import` reads and checks the sheet and says what loading it would change;
`apply_import` merges the good rows into the dossier data. Loading the same sheet again
updates people and pairs instead of adding them twice: people are recognised by surname,
name, patronymic and birth date (case- and ё-insensitive) or by a chosen column, pairs by
mentor and mentee.

A group is several rows with the same mentor, form of mentoring and period.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from docgen.model import dossier_from_data

from .columns import NAME_BIRTH, match_field
from .import_groups import _group, _person_conflicts
from .import_merge import _Merge
from .import_rows import REQUIRED as REQUIRED
from .import_rows import _count_known, _header, _parse_row
from .import_types import ImportPreview, ImportRow, PairChange, RowError
from .sample import sample_sheet
from .school_year import outside_year, school_year_bounds
from .tables import UnreadableSheet, read_rows

__all__ = [
    "ImportPreview",
    "ImportRow",
    "PairChange",
    "RowError",
    "apply_import",
    "preview_import",
    "sample_sheet",
]


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
