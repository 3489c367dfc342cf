"""What the KPI page asks for and the dossier cannot hold: an organisation's totals (pupils,
teachers, young teachers, employers) and survey results (satisfaction, %), one set per dossier.

The dossier model forbids unknown keys, so these live in their own table. Values are stored as
given (JSON, English keys of `docgen.participants.KpiInputs`); the web layer checks them.
Deleting a dossier deletes its inputs.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from .db import now, one
from .errors import NotFound
from .scope import Scope, guard_module


def get_kpi_inputs(db: sqlite_utils.Database, scope: Scope, dossier_id: int) -> dict[str, Any]:
    """The stored inputs of a readable dossier ({} when none were entered)."""
    where, params = scope.sql_readable()
    found = one(db, f"SELECT data FROM kpi_inputs WHERE dossier_id = ? AND {where}", [dossier_id, *params])
    return json.loads(found["data"]) if found else {}


def save_kpi_inputs(db: sqlite_utils.Database, scope: Scope, dossier_id: int, values: dict[str, Any]) -> None:
    """Replace the inputs of a dossier of the caller's own organisation (NotFound otherwise)."""
    owner = one(db, "SELECT org_id FROM dossiers WHERE id = ? AND org_id = ?", [dossier_id, scope.org_id])
    if owner is None:
        raise NotFound("Досье", dossier_id)
    db.execute(
        "INSERT INTO kpi_inputs (dossier_id, org_id, data, updated_at, updated_by) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (dossier_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at, "
        "updated_by = excluded.updated_by",
        [dossier_id, scope.org_id, json.dumps(values, ensure_ascii=False, sort_keys=True), now(), scope.user],
    )


guard_module(globals())
