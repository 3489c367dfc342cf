"""Cached PDF copies and page pictures of documents: .docx sha256 → PDF/A sha256 (+ PNGs).

A row maps the sha256 of a .docx (an archived document, or a template version's sample) to the
sha256 of its PDF/A-2b copy in the FileStore, its page count, and — filled in lazily — the
first-page thumbnail and the PNG of every page (`pages`: JSON `[{"page": 1, "sha256": …}]`,
so `docgen verify` and `docgen backup` see those blobs too). Rows are derived data, never
records: they can be computed again from the .docx at any time, so a row whose blob is gone
is dropped (here on the next view, by `docgen verify` and `docgen backup` otherwise).

The .docx is only the row's lookup key (`source_key`), not a stored file: a template version's
sample is rendered on each view and never kept. (The column was `source_sha256` until
migration 0402; a name ending in `sha256` tells `docgen verify` that the file must exist, and
every installation that opened a version's page pictures then failed its verification.)

A row belongs to the organisation whose document it pictures (`org_id`): the caller passes
that organisation, and the Scope must read it (a municipal office viewing a school's document
fills the school's cache, which holds nothing the school could not compute itself). Another
organisation's rows look missing.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from .db import now, one
from .errors import NotFound
from .scope import Scope, guard_module

_COLUMNS = "id, org_id, source_key, pdf_sha256, page_count, thumbnail_sha256, pages, created_at"


# What `docgen verify` and `docgen backup` may drop when its blob is missing or damaged:
# "row" — the whole row goes (its other blobs are drawn from it); "value" — the column is
# cleared and drawn again on the next view.
CACHE_COLUMNS: dict[str, str] = {"pdf_sha256": "row", "thumbnail_sha256": "value", "pages": "value"}


def _readable(scope: Scope, org_id: int) -> int:
    if not scope.can_read(int(org_id)):
        raise NotFound("Организация", org_id)
    return int(org_id)


def _row(found: dict[str, Any] | None) -> dict[str, Any] | None:
    if found is None:
        return None
    found["pages"] = [p["sha256"] for p in json.loads(found["pages"])] if found["pages"] else None
    return found


def get_preview(
    db: sqlite_utils.Database, scope: Scope, org_id: int, source_sha256: str
) -> dict[str, Any] | None:
    """The cached row of a .docx of organisation `org_id`, or None (`pages`: list of sha256)."""
    org = _readable(scope, org_id)
    return _row(
        one(
            db,
            f"SELECT {_COLUMNS} FROM previews WHERE org_id = ? AND source_key = ?",
            [org, source_sha256],
        )
    )


def save_pdf(
    db: sqlite_utils.Database,
    scope: Scope,
    org_id: int,
    source_sha256: str,
    pdf_sha256: str,
    page_count: int,
) -> dict[str, Any]:
    """Remember the PDF of a .docx (the first one stays if two requests converted at once)."""
    org = _readable(scope, org_id)
    db.execute(
        "INSERT INTO previews (org_id, source_key, pdf_sha256, page_count, created_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (org_id, source_key) DO NOTHING",
        [org, source_sha256, pdf_sha256, int(page_count), now()],
    )
    found = get_preview(db, scope, org, source_sha256)
    assert found is not None
    return found


def save_thumbnail(
    db: sqlite_utils.Database, scope: Scope, org_id: int, source_sha256: str, thumbnail_sha256: str
) -> None:
    org = _readable(scope, org_id)
    db.execute(
        "UPDATE previews SET thumbnail_sha256 = ? WHERE org_id = ? AND source_key = ?",
        [thumbnail_sha256, org, source_sha256],
    )


def save_pages(
    db: sqlite_utils.Database, scope: Scope, org_id: int, source_sha256: str, page_sha256s: list[str]
) -> None:
    org = _readable(scope, org_id)
    pages = json.dumps([{"page": n, "sha256": sha} for n, sha in enumerate(page_sha256s, 1)])
    db.execute(
        "UPDATE previews SET pages = ? WHERE org_id = ? AND source_key = ?",
        [pages, org, source_sha256],
    )


def drop_preview(db: sqlite_utils.Database, scope: Scope, org_id: int, source_sha256: str) -> None:
    """Forget a row whose PDF blob is gone, so that the next view converts the .docx again."""
    org = _readable(scope, org_id)
    db.execute("DELETE FROM previews WHERE org_id = ? AND source_key = ?", [org, source_sha256])


guard_module(globals())
