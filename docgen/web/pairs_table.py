"""A compact editor of the pairs: one row per pair (form, dates, mentor, mentee), rows added
and removed in place — an alternative to the full «Пары и группы» form for long lists.

A row edits only the fields it shows; everything else of a pair (addresses, programmes,
experience, name forms) is kept. Groups (several mentees) are listed but edited in the full
form, and keep their place.
"""

from __future__ import annotations

import copy
import re
from datetime import date
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for

from docgen.model import FORM_PRESETS
from docgen.store import dossiers as store

from .actions import require_own
from .audit_area import log_action
from .context import current_scope
from .db import get_db

bp = Blueprint("pairs_table", __name__, url_prefix="/dossiers")

PERSON_KEYS = ("surname", "name", "patronymic", "gender", "position")
PAIR_KEYS = ("form", "start", "end")
# (field, column header, what a screen reader says for the cell)
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("form", "Форма наставничества", "форма наставничества"),
    ("start", "Начало", "начало"),
    ("end", "Окончание", "окончание"),
    ("mentor-surname", "Наставник: фамилия", "наставник, фамилия"),
    ("mentor-name", "имя", "наставник, имя"),
    ("mentor-patronymic", "отчество", "наставник, отчество"),
    ("mentor-gender", "пол", "наставник, пол"),
    ("mentor-position", "должность", "наставник, должность"),
    ("mentee-surname", "Наставляемый: фамилия", "наставляемый, фамилия"),
    ("mentee-name", "имя", "наставляемый, имя"),
    ("mentee-patronymic", "отчество", "наставляемый, отчество"),
    ("mentee-gender", "пол", "наставляемый, пол"),
    ("mentee-position", "должность или класс", "наставляемый, должность или класс"),
)
_FIELD = re.compile(r"^t-(\d+)-([a-z-]+)$")


def _shown_date(value: Any) -> str:
    text = "" if value is None else str(value)
    try:
        return date.fromisoformat(text).strftime("%d.%m.%Y")
    except ValueError:
        return text


def _row(pair: dict[str, Any]) -> dict[str, str]:
    mentor = pair.get("mentor") or {}
    mentee = (pair.get("mentees") or [{}])[0]
    row = {key: str(pair.get(key) or "") for key in PAIR_KEYS}
    row["start"], row["end"] = _shown_date(pair.get("start")), _shown_date(pair.get("end"))
    for who, person in (("mentor", mentor), ("mentee", mentee)):
        for key in PERSON_KEYS:
            row[f"{who}-{key}"] = str(person.get(key) or "")
    return row


def _person(original: dict[str, Any], typed: dict[str, str], who: str) -> dict[str, Any]:
    person = copy.deepcopy(original)
    for key in PERSON_KEYS:
        value = typed.get(f"{who}-{key}", "").strip()
        if value:
            person[key] = value
        else:
            person.pop(key, None)
    return person


def _typed_rows() -> list[dict[str, str]]:
    rows: dict[int, dict[str, str]] = {}
    for name, value in request.form.items():
        found = _FIELD.match(name)
        if found:
            rows.setdefault(int(found.group(1)), {})[found.group(2)] = value
    return [rows[i] for i in sorted(rows)]


def _pairs(original: list[dict[str, Any]], typed: list[dict[str, str]]) -> list[dict[str, Any]]:
    """The pairs as the table leaves them: edited rows, kept groups, new rows; empty rows dropped."""
    result = []
    for row in typed:
        raw = row.get("orig", "")
        before = original[int(raw)] if raw.isdigit() and int(raw) < len(original) else None
        if row.get("group") == "1" and before is not None:
            result.append(before)
            continue
        shown = {k: v for k, v in row.items() if k not in ("orig", "group")}
        if before is None and not any(v.strip() for v in shown.values()):
            continue
        pair = copy.deepcopy(before) if before is not None else {}
        for key in PAIR_KEYS:
            value = shown.get(key, "").strip()
            if value:
                pair[key] = value
            else:
                pair.pop(key, None)
        pair["mentor"] = _person(pair.get("mentor") or {}, shown, "mentor")
        mentees = pair.get("mentees") or [{}]
        pair["mentees"] = [_person(mentees[0], shown, "mentee"), *mentees[1:]]
        result.append(pair)
    return result


@bp.get("/<int:dossier_id>/pairs/table")
def show(dossier_id: int):
    record = store.get_dossier(get_db(), current_scope(), dossier_id)
    pairs = record["data"].get("pairs") or []
    rows = [
        {
            "orig": i,
            "group": len(p.get("mentees") or []) > 1,
            "values": _row(p),
            "size": len(p.get("mentees") or []),
        }
        for i, p in enumerate(pairs)
    ]
    return render_template(
        "dossiers/pairs_table.html", dossier=record, rows=rows, columns=COLUMNS, form_presets=FORM_PRESETS
    )


@bp.post("/<int:dossier_id>/pairs/table")
def save(dossier_id: int):
    record = store.get_dossier(get_db(), current_scope(), dossier_id)
    require_own(record)
    data = {**record["data"], "pairs": _pairs(record["data"].get("pairs") or [], _typed_rows())}
    revision = request.form.get("revision", "")
    store.save_draft(
        get_db(),
        current_scope(),
        school_year=record["school_year"],
        data=data,
        dossier_id=dossier_id,
        expected_revision=int(revision) if revision.isdigit() else None,
    )
    log_action("dossier_update", "dossier", dossier_id, section="pairs", via="table")
    problems = store.validate(data)
    if problems:
        flash(
            f"Пары сохранены: {len(data['pairs'])}. В досье ошибок: {len(problems)} — "
            "они показаны в полной форме.",
            "warning",
        )
    else:
        flash(f"Пары сохранены: {len(data['pairs'])}. Ошибок нет.", "success")
    return redirect(url_for(".show", dossier_id=dossier_id))
