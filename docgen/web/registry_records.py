"""Loading a dossier draft for the «Реестр» pages, always through the request's Scope.

Another organisation's dossier answers 404; `load_own_dossier` also refuses the schools an office
only reads. The registry pages (`registry_area` and its `registry_*` modules) all start here.
"""

from __future__ import annotations

import re
from typing import Any

from flask import abort

from docgen.errors import InvalidDossier
from docgen.model import Dossier, dossier_from_data
from docgen.store import dossiers as store
from docgen.store import orgs

from .actions import require_own
from .context import can, current_scope
from .db import get_db


def load_dossier(dossier_id: int) -> dict[str, Any]:
    """A readable dossier draft (404 for another organisation's)."""
    return store.get_dossier(get_db(), current_scope(), dossier_id)


def load_own_dossier(dossier_id: int) -> dict[str, Any]:
    """A draft of the caller's own organisation: schools an office only reads answer 404 too."""
    record = load_dossier(dossier_id)
    require_own(record)
    return record


def checked_model(record: dict[str, Any]) -> tuple[Dossier | None, int]:
    """The checked dossier, or None and the number of its errors."""
    try:
        return dossier_from_data(record["data"]), 0
    except InvalidDossier as exc:
        return None, len(exc.errors)


def valid_model(record: dict[str, Any]) -> Dossier:
    model, problems = checked_model(record)
    if model is None:
        abort(422, description=f"В досье на {record['school_year']} учебный год ошибок: {problems}. "
                               "Исправьте их в досье (кнопка «Проверить досье») и повторите.")  # fmt: skip
    return model


def year_slug(school_year: str) -> str:
    return re.sub(r"[^0-9]+", "-", school_year).strip("-") or "dossier"


def is_editable(record: dict[str, Any]) -> bool:
    return can("edit") and record["org_id"] == current_scope().org_id


def office_schools() -> list[dict[str, Any]]:
    """The schools of the current organisation (a municipal office) that its Scope reads."""
    scope = current_scope()
    return [o for o in orgs.child_organisations(get_db(), scope.org_id) if scope.can_read(int(o["id"]))]
