"""What a new dossier starts with: the organisation's data and a default roadmap."""

from __future__ import annotations

import json
import re
from copy import deepcopy
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

_ROADMAP_FILE = Path(__file__).with_name("default_roadmap.json")
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
_SCHOOL_YEAR = re.compile(r"^\s*(\d{4})\s*[/\-–]\s*(\d{2}|\d{4})\s*$")


@cache
def _roadmap_file() -> dict[str, Any]:
    return json.loads(_ROADMAP_FILE.read_text(encoding="utf-8"))


def shift_years(text: str, delta: int) -> str:
    """«Август - сентябрь 2022» shifted by 1 -> «Август - сентябрь 2023»."""
    if not delta:
        return text
    return _YEAR.sub(lambda m: str(int(m.group(1)) + delta), text)


def _for_forms(rows: list[dict[str, Any]], forms: list[str]) -> list[dict[str, Any]]:
    """Rows tied to forms of mentoring («forms»: [...]) only when the school chose one of them."""
    chosen = {_form_key(f) for f in forms}
    kept = [
        r for r in rows if not r.get("forms") or not chosen or chosen & {_form_key(f) for f in r["forms"]}
    ]
    for row in kept:
        row.pop("forms", None)
    return kept


def _form_key(form: str) -> str:
    return " ".join(form.lower().replace("-", " – ").replace("—", "–").split())


def default_roadmap(start_year: int | None = None, forms: list[str] | None = None) -> dict[str, Any]:
    """The roadmap of samples/gymnasium-20.yaml, its deadlines moved to the given school year
    and its list of forms of mentoring narrowed to the ones the school chose."""
    source = _roadmap_file()
    roadmap = deepcopy(source["roadmap"])
    delta = (start_year - source["base_year"]) if start_year else 0
    chosen = [f for f in forms or [] if f and f.strip()]
    forms_text = "«" + "», «".join(chosen or source["default_forms"]) + "»"
    for stage in roadmap["stages"]:
        for event in stage["events"]:
            event["rows"] = _for_forms(event["rows"], chosen)
            for row in event["rows"]:
                if row.get("deadline"):
                    row["deadline"] = shift_years(row["deadline"], delta)
                if "{forms}" in row.get("content", ""):
                    row["content"] = row["content"].replace("{forms}", forms_text)
        stage["events"] = [e for e in stage["events"] if e["rows"]]
    roadmap["stages"] = [s for s in roadmap["stages"] if s["events"]]
    return roadmap


def start_year_of(school_year: str | None) -> int | None:
    match = _SCHOOL_YEAR.match(school_year or "")
    return int(match.group(1)) if match else None


def school_year_text(start: int) -> str:
    return f"{start}/{start + 1}"


def current_school_year(today: date | None = None) -> str:
    """The school year running on `today`: from 1 September (June-August count as the next)."""
    today = today or date.today()
    start = today.year if today.month >= 6 else today.year - 1
    return school_year_text(start)


def suggest_school_year(existing: list[str], today: date | None = None) -> str:
    """The year after the latest dossier, or the current school year when there is none."""
    starts = [s for s in (start_year_of(y) for y in existing) if s]
    if starts:
        return school_year_text(max(starts) + 1)
    return current_school_year(today)


def organisation_from_record(record: dict[str, Any]) -> dict[str, Any]:
    """Dossier organisation data from the store's organisation record (name, short name, kind)."""
    data: dict[str, Any] = {}
    if record.get("kind"):
        data["kind"] = record["kind"]
    if record.get("name"):
        data["full_name"] = record["name"]
    if record.get("short_name"):
        data["short_name"] = record["short_name"]
    return data


def new_dossier_data(
    school_year: str, organisation: dict[str, Any] | None, previous: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A new dossier: organisation (and directions, forms) taken over, a default roadmap."""
    previous = previous or {}
    data: dict[str, Any] = {
        "format_version": 1,
        "school_year": school_year,
        "organisation": deepcopy(previous.get("organisation") or organisation or {}),
        "directions": list(previous.get("directions") or ["students"]),
    }
    for key in ("forms", "kinds", "basis", "site_section"):
        if previous.get(key):
            data[key] = deepcopy(previous[key])
    data["roadmap"] = default_roadmap(start_year_of(school_year), data.get("forms"))
    return data


def json_safe(value: Any) -> Any:
    """Data as JSON can hold it: dates become «ДД.ММ.ГГГГ» text."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return value
