"""The editor's hints for one dossier.

* Hints that name a year use the dossier's own school year: a dossier for 2024/2025 shows
  «до 30.09.2024», not the year the examples were written in.
* The fields of an optional block (the final event, the curator's report, the KPI table) are
  not starred as required: the block may stay empty. Once it is filled in, the check on
  saving names what is missing. (Rows of a list keep their stars: a row exists to be filled.)
"""

from __future__ import annotations

from dataclasses import replace

from .defaults import start_year_of
from .fields import FIELDS, Fields, FormField


def _hints(start: int) -> dict[str, dict[str, str]]:
    """Field key -> the attributes that mention a year, for a school year starting in `start`."""
    return {
        "programmes_deadline": {"placeholder": f"до 30.09.{start}", "help": f"Например, «до 30.09.{start}»"},
        "date": {"placeholder": f"сентябрь {start}"},  # a session of the school of mentors
        "school_year": {"help": f"Например, «{start}/{start + 1}»"},
    }


OPTIONAL_BLOCKS = ("FINAL_EVENT", "REPORT", "KPI_TABLE")


def fields_for(school_year: str | None) -> Fields:
    """The editor's fields: year hints of the dossier's school year, optional blocks unstarred."""
    start = start_year_of(school_year)
    hints = _hints(start) if start is not None else {}

    def adjusted(group: str, f: FormField) -> FormField:
        if group in OPTIONAL_BLOCKS and f.required:
            f = replace(f, required=False)
        found = hints.get(f.key)
        if not found or (f.key == "date" and not f.placeholder.startswith("сентябрь")):
            return f
        return replace(f, **found)

    return Fields({name: tuple(adjusted(name, f) for f in group) for name, group in FIELDS.groups.items()})
