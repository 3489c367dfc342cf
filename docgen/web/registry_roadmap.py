"""The roadmap of a dossier on a time axis: the timeline picture, the calendar (.ics) and the
overdue events the editor's roadmap section shows (routes on `registry_area.bp`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Response, abort
from pydantic import ValidationError

from docgen.model.programme import Roadmap
from docgen.participants import roadmap_ics, roadmap_items, timeline_png
from docgen.participants.timeline import DONE, OVERDUE
from docgen.store import orgs

from .audit_area import log_action
from .db import get_db
from .downloads import attachment
from .registry_area import bp
from .registry_records import load_dossier, year_slug

ICS = "text/calendar; charset=utf-8"


@dataclass
class RoadmapView:
    roadmap: Roadmap
    start_year: int
    org_name: str


def roadmap_view(record: dict[str, Any]) -> RoadmapView | None:
    """The draft's roadmap, checked on its own (errors elsewhere in the dossier do not matter)."""
    data = record["data"] if isinstance(record.get("data"), dict) else {}
    raw = data.get("roadmap")
    year = re.match(r"\s*(\d{4})", str(data.get("school_year") or record.get("school_year") or ""))
    if not isinstance(raw, dict) or year is None:
        return None
    try:
        roadmap = Roadmap.model_validate(raw)
    except ValidationError:
        return None
    organisation = data.get("organisation")
    name = organisation.get("short_name") if isinstance(organisation, dict) else None
    if not isinstance(name, str) or not name.strip():
        name = orgs.get_organisation(get_db(), int(record["org_id"]))["short_name"]
    return RoadmapView(roadmap, int(year.group(1)), name.strip())


def timeline_context(record: dict[str, Any]) -> dict[str, Any] | None:
    """For the roadmap section of the editor: the picture's and calendar's links, overdue events."""
    view = roadmap_view(record)
    if view is None:
        return None
    items = roadmap_items(view.roadmap, view.start_year, date.today(), org_name=view.org_name)
    return {"overdue": [i for i in items if i.status == OVERDUE], "today": date.today(),
            "done": [i for i in items if i.status == DONE],
            "dated": sum(1 for i in items if i.range is not None)}  # fmt: skip


def _roadmap(dossier_id: int) -> tuple[dict[str, Any], RoadmapView]:
    record = load_dossier(dossier_id)
    view = roadmap_view(record)
    if view is None:
        abort(404, description="Дорожная карта досье не заполнена или заполнена с ошибками.")
    return record, view


@bp.get("/dossiers/<int:dossier_id>/timeline.png")
def timeline(dossier_id: int):
    _, view = _roadmap(dossier_id)
    png = timeline_png(view.roadmap, view.start_year, date.today(), org_name=view.org_name)
    return Response(png, mimetype="image/png", headers={"Cache-Control": "private, no-store"})


@bp.get("/dossiers/<int:dossier_id>/roadmap.ics")
def ics(dossier_id: int):
    record, view = _roadmap(dossier_id)
    content = roadmap_ics(view.roadmap, view.start_year, view.org_name)
    log_action("registry_export", "dossier", dossier_id, what="roadmap", format="ics")
    return attachment(content, f"dorozhnaya-karta-{year_slug(record['school_year'])}.ics", ICS)
