"""The municipal roll-up of «Реестр»: every school's pairs for one school year, on a page and in
one .xlsx (routes on `registry_area.bp`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import render_template, request

from docgen.model import Dossier
from docgen.participants import pair_rows, rollup_xlsx
from docgen.participants.kpi import Counts, count_participants
from docgen.store import dossiers as store

from .audit_area import log_action
from .context import current_scope
from .db import get_db
from .downloads import attachment
from .registry_area import XLSX, bp
from .registry_records import checked_model, office_schools, year_slug


@dataclass
class SchoolEntry:
    org: dict[str, Any]
    dossier: dict[str, Any] | None = None
    model: Dossier | None = None
    problems: int = 0
    counts: Counts | None = None


def _rollup() -> tuple[str, list[str], list[SchoolEntry]]:
    """(chosen school year, the years the schools have dossiers for, one entry per school)."""
    schools = office_schools()
    ids = {int(o["id"]) for o in schools}
    db, scope = get_db(), current_scope()
    drafts = [d for d in store.list_dossiers(db, scope) if d["org_id"] in ids]
    years = sorted({d["school_year"] for d in drafts}, reverse=True)
    year = " ".join(request.args.get("year", "").split())
    if year not in years:
        year = years[0] if years else ""
    entries = []
    for org in schools:
        entry = SchoolEntry(org)
        found = next((d for d in drafts if d["org_id"] == org["id"] and d["school_year"] == year), None)
        if found is not None:
            entry.dossier = store.get_dossier(db, scope, found["id"])
            entry.model, entry.problems = checked_model(entry.dossier)
            entry.counts = count_participants(entry.model) if entry.model else None
        entries.append(entry)
    return year, years, entries


@bp.get("/rollup")
def rollup():
    year, years, entries = _rollup()
    rows = []
    for entry in entries:
        if entry.model is not None:
            for row in pair_rows(entry.model):
                rows.append({**row, "n": len(rows) + 1, "organisation": entry.org["short_name"]})
    return render_template("registry/rollup.html", year=year, years=years, entries=entries, rows=rows)


@bp.get("/rollup.xlsx")
def rollup_download():
    year, _years, entries = _rollup()
    schools = [(e.org["short_name"], e.model) for e in entries if e.model is not None]
    log_action("registry_export", "organisation", current_scope().org_id, what="rollup", format="xlsx",
               year=year, schools=len(schools))  # fmt: skip
    return attachment(rollup_xlsx(schools), f"svodnyj-reestr-{year_slug(year)}.xlsx", XLSX)
