"""Dossier drafts: the raw data the user typed, valid or not, one per organisation and year."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import sqlite_utils

from docgen.errors import InvalidDossier
from docgen.model import FieldError, dossier_from_data

from .db import now, one, rows, write_transaction
from .engine import IntegrityError, unique_violation
from .errors import DossierExists, NotFound, RevisionConflict
from .scope import Scope, guard_module


def _json_default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, default=_json_default)


def _row(found: dict[str, Any]) -> dict[str, Any]:
    found["data"] = json.loads(found["data"])
    return found


def save_draft(
    db: sqlite_utils.Database,
    scope: Scope,
    *,
    school_year: str,
    data: dict[str, Any],
    dossier_id: int | None = None,
    expected_revision: int | None = None,
) -> int:
    """Create (dossier_id=None) or update a draft; the data is kept exactly as given.

    An update bumps `revision` and `updated_at`. With `expected_revision`, an update of a draft
    someone else saved in between raises RevisionConflict instead of overwriting it.
    """
    school_year = school_year.strip()
    text = dumps(data)
    stamp = now()
    try:
        with write_transaction(db):
            if dossier_id is None:
                cursor = db.execute(
                    "INSERT INTO dossiers (org_id, school_year, data, revision, created_at, "
                    "created_by, updated_at, updated_by) VALUES (?, ?, ?, 1, ?, ?, ?, ?) RETURNING id",
                    [scope.org_id, school_year, text, stamp, scope.user, stamp, scope.user],
                )
                return int(cursor.fetchall()[0][0])
            current = one(
                db,
                "SELECT revision FROM dossiers WHERE id = ? AND org_id = ?",
                [dossier_id, scope.org_id],
            )
            if current is None:
                raise NotFound("Досье", dossier_id)
            if expected_revision is not None and current["revision"] != expected_revision:
                raise RevisionConflict(expected_revision, current["revision"])
            db.execute(
                "UPDATE dossiers SET school_year = ?, data = ?, revision = revision + 1, "
                "updated_at = ?, updated_by = ? WHERE id = ? AND org_id = ?",
                [school_year, text, stamp, scope.user, dossier_id, scope.org_id],
            )
            return dossier_id
    except IntegrityError as exc:
        if unique_violation(exc):
            raise DossierExists(school_year) from None
        raise


def get_dossier(db: sqlite_utils.Database, scope: Scope, dossier_id: int) -> dict[str, Any]:
    """{id, org_id, school_year, data, revision, updated_at, updated_by, created_at}."""
    where, params = scope.sql_readable()
    found = one(
        db,
        "SELECT id, org_id, school_year, data, revision, updated_at, updated_by, created_at "
        f"FROM dossiers WHERE id = ? AND {where}",
        [dossier_id, *params],
    )
    if found is None:
        raise NotFound("Досье", dossier_id)
    return _row(found)


def list_dossiers(db: sqlite_utils.Database, scope: Scope) -> list[dict[str, Any]]:
    """Readable drafts, newest school year first; without `data` (open one to get it)."""
    where, params = scope.sql_readable()
    return rows(
        db,
        "SELECT id, org_id, school_year, revision, updated_at, updated_by, created_at "
        f"FROM dossiers WHERE {where} ORDER BY school_year DESC, org_id, id",
        params,
    )


def delete_dossier(db: sqlite_utils.Database, scope: Scope, dossier_id: int) -> None:
    """Delete a draft of the caller's organisation. Issued documents stay in the archive."""
    cursor = db.execute("DELETE FROM dossiers WHERE id = ? AND org_id = ?", [dossier_id, scope.org_id])
    if cursor.rowcount == 0:
        raise NotFound("Досье", dossier_id)


def validate(data: Any) -> list[FieldError]:
    """The problems of a draft, in Russian; an empty list when it can be issued."""
    if not isinstance(data, dict):
        return [FieldError((), "", "ожидается описание досье (раздел с полями)")]
    try:
        dossier_from_data(data)
    except InvalidDossier as exc:
        return exc.errors
    return []


def warnings(data: Any) -> list[str]:
    """What a valid draft may want to reconsider (mentor's load, reward dates); never blocks."""
    from docgen.kinds._warnings import dossier_warnings

    if not isinstance(data, dict):
        return []
    try:
        return dossier_warnings(dossier_from_data(data))
    except InvalidDossier:
        return []


guard_module(globals())
