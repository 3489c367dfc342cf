"""«Реестр»: the hub, the registry of mentors and mentees of one dossier and its exports.

The blueprint's other pages live beside it, one job each: `registry_rollup` (the municipal
roll-up), `registry_import` (participants from a spreadsheet), `registry_kpi` (KPIs, charts and
their report), `registry_roadmap` (the roadmap timeline and calendar); `registry_records` loads
the dossier for all of them.

The pages only call `docgen.participants` (web-independent) and the store through the request's
Scope: another organisation's dossier answers 404, writes go to the caller's own organisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, g, render_template, request

from docgen.model import Category
from docgen.participants import (
    MENTEE_COLUMNS,
    MENTOR_COLUMNS,
    registry_docx,
    registry_rows,
    registry_xlsx,
    sample_sheet,
)
from docgen.store import dossiers as store

from .audit_area import log_action
from .context import can, current_scope
from .db import get_db
from .downloads import DOCX, attachment
from .registry_records import checked_model, is_editable, load_dossier, office_schools, valid_model, year_slug

bp = Blueprint("registry", __name__, url_prefix="/registry")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MINOR_CHOICES = {"да": True, "нет": False}
CATEGORIES = tuple(c.value for c in Category)


# -- the hub -------------------------------------------------------------------------------------


@bp.get("/")
def index():
    scope = current_scope()
    found = store.list_dossiers(get_db(), scope)
    own = [d for d in found if d["org_id"] == scope.org_id]
    schools = office_schools()
    names = {int(o["id"]): o["short_name"] for o in schools}
    theirs = [{**d, "school": names[d["org_id"]]} for d in found if d["org_id"] in names]
    theirs.sort(key=lambda d: (d["school"], d["school_year"]))
    return render_template(
        "registry/index.html",
        dossiers=own,
        schools=schools,
        school_dossiers=theirs,
        may_edit=can("edit") and not g.read_only,
    )


@bp.get("/sample.xlsx")
def sample():
    """The blank sample sheet: it names nobody, so no download right is needed."""
    return attachment(sample_sheet(), "obrazec-tablicy-uchastnikov.xlsx", XLSX)


# -- the registry of one dossier -----------------------------------------------------------------


@dataclass
class Filters:
    form: str = ""
    category: str = ""
    minor: str = ""

    @classmethod
    def from_args(cls) -> Filters:
        category = request.args.get("category", "").strip()
        minor = request.args.get("minor", "").strip()
        return cls(
            form=" ".join(request.args.get("form", "").split())[:200],
            category=category if category in CATEGORIES else "",
            minor=minor if minor in MINOR_CHOICES else "",
        )

    @property
    def kwargs(self) -> dict[str, Any]:
        return {"form": self.form or None, "category": self.category or None,
                "minor": MINOR_CHOICES.get(self.minor)}  # fmt: skip

    @property
    def args(self) -> dict[str, str]:
        chosen = (("form", self.form), ("category", self.category), ("minor", self.minor))
        return {key: value for key, value in chosen if value}


@bp.get("/dossiers/<int:dossier_id>/")
def dossier(dossier_id: int):
    record = load_dossier(dossier_id)
    model, problems = checked_model(record)
    filters = Filters.from_args()
    mentors, mentees = registry_rows(model, **filters.kwargs) if model else ([], [])
    forms = list(dict.fromkeys(p.form for p in model.pairs)) if model else []
    years = [d for d in store.list_dossiers(get_db(), current_scope()) if d["org_id"] == record["org_id"]]
    return render_template(
        "registry/dossier.html",
        dossier=record,
        problems=problems,
        valid=model is not None,
        mentors=mentors,
        mentees=mentees,
        mentor_columns=MENTOR_COLUMNS,
        mentee_columns=MENTEE_COLUMNS,
        filters=filters,
        forms=forms,
        categories=CATEGORIES,
        years=years,
        editable=is_editable(record),
    )


def _export(dossier_id: int, build, suffix: str, mimetype: str) -> Response:
    record = load_dossier(dossier_id)
    model = valid_model(record)
    filters = Filters.from_args()
    content = build(model, **filters.kwargs)
    log_action("registry_export", "dossier", dossier_id, what="registry", format=suffix, **filters.args)
    return attachment(content, f"reestr-{year_slug(record['school_year'])}.{suffix}", mimetype)


@bp.get("/dossiers/<int:dossier_id>/registry.xlsx")
def export_xlsx(dossier_id: int):
    return _export(dossier_id, registry_xlsx, "xlsx", XLSX)


@bp.get("/dossiers/<int:dossier_id>/registry.docx")
def export_docx(dossier_id: int):
    return _export(dossier_id, registry_docx, "docx", DOCX)
