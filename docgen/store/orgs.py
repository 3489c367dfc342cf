"""Organisations: the tenants. These functions are the only unscoped ones besides migrate."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from docgen.model import OrgKind

from .db import now, one, rows
from .engine import IntegrityError, unique_violation
from .errors import NotFound, OrganisationExists

_COLUMNS = "id, name, short_name, kind, parent_id, created_at"


def create_organisation(
    db: sqlite_utils.Database,
    *,
    name: str,
    short_name: str,
    kind: str | OrgKind,
    parent_id: int | None = None,
) -> int:
    kind = OrgKind(kind).value
    if parent_id is not None:
        get_organisation(db, parent_id)
    try:
        cursor = db.execute(
            "INSERT INTO organisations (name, short_name, kind, parent_id, created_at) "
            "VALUES (?, ?, ?, ?, ?) RETURNING id",
            [name.strip(), short_name.strip(), kind, parent_id, now()],
        )
    except IntegrityError as exc:
        if unique_violation(exc):
            raise OrganisationExists(short_name) from None
        raise
    return int(cursor.fetchall()[0][0])


def get_organisation(db: sqlite_utils.Database, org_id: int) -> dict[str, Any]:
    found = one(db, f"SELECT {_COLUMNS} FROM organisations WHERE id = ?", [org_id])
    if found is None:
        raise NotFound("Организация", org_id)
    return found


def list_organisations(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return rows(db, f"SELECT {_COLUMNS} FROM organisations ORDER BY short_name, id")


def find_organisation(db: sqlite_utils.Database, short_name: str) -> dict[str, Any] | None:
    return one(db, f"SELECT {_COLUMNS} FROM organisations WHERE short_name = ?", [short_name.strip()])


def child_organisations(db: sqlite_utils.Database, org_id: int) -> list[dict[str, Any]]:
    """Organisations whose parent is `org_id` (a municipal office's schools)."""
    return rows(db, f"SELECT {_COLUMNS} FROM organisations WHERE parent_id = ? ORDER BY short_name", [org_id])
