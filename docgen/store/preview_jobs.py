"""Background jobs that draw a document's PDF copy, thumbnail or page pictures.

The same mechanism as the office's draft jobs (`draft_jobs`): a row records the job and its
outcome, a background thread of the web process does the work with its own connection
(`docgen.web.jobs`), and the page asks again until the result is in the cache
(`previews`). A web request never waits for LibreOffice.

A row is keyed like the cache: the organisation whose document it pictures, the .docx's
`source_key` and the `kind` of result ('pdf', 'thumbnail', 'pages'). At most one job per key
is queued or running (a partial unique index: the rule holds across gunicorn workers too); a
job that made no progress for `STALE_SECONDS` (its worker was restarted) stops counting. A
failed job keeps its Russian message: the page shows it for `RETRY_SECONDS`, then a new
request tries again. Rows are bookkeeping, not records, and name no stored file.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import sqlite_utils

from .db import now, one, write_transaction
from .engine import IntegrityError
from .errors import NotFound
from .scope import Scope, guard_module

KINDS = ("pdf", "thumbnail", "pages")
ACTIVE = ("queued", "running")
STALE_SECONDS = 5 * 60  # longer than the converter's own limits (start-up, timeout, retry)
RETRY_SECONDS = 60
KEEP_FINISHED = 7  # days a finished job is kept

_COLUMNS = "id, org_id, kind, source_key, status, error, created_at, updated_at"


def _readable(scope: Scope, org_id: int) -> int:
    if not scope.can_read(int(org_id)):
        raise NotFound("Организация", org_id)
    return int(org_id)


def _before(seconds: float) -> str:
    return (datetime.now(UTC) - timedelta(seconds=seconds)).isoformat(timespec="seconds")


def latest(
    db: sqlite_utils.Database, scope: Scope, org_id: int, source_key: str, kind: str
) -> dict[str, Any] | None:
    """The newest job for the key (an active one that went stale counts as failed)."""
    org = _readable(scope, org_id)
    found = one(
        db,
        f"SELECT {_COLUMNS} FROM preview_jobs WHERE org_id = ? AND source_key = ? AND kind = ? "
        "ORDER BY id DESC LIMIT 1",
        [org, source_key, kind],
    )
    if found is not None and found["status"] in ACTIVE and found["updated_at"] < _before(STALE_SECONDS):
        found["status"], found["error"] = "failed", "Задание прервано: сервер был перезапущен"
    return found


def recent_failure(
    db: sqlite_utils.Database, scope: Scope, org_id: int, source_key: str, kind: str
) -> str | None:
    """The Russian message of a job for the key that failed in the last RETRY_SECONDS (a job of
    this kind, or the PDF's job: every picture is drawn from the PDF)."""
    since = _before(RETRY_SECONDS)
    for which in dict.fromkeys((kind, "pdf")):
        found = latest(db, scope, org_id, source_key, which)
        if found is not None and found["status"] == "failed" and found["updated_at"] >= since:
            return found["error"] or "Не удалось подготовить документ"
    return None


def enqueue(
    db: sqlite_utils.Database,
    scope: Scope,
    org_id: int,
    source_key: str,
    kind: str,
    missed_at: str | None = None,
) -> tuple[int, str]:
    """(job id, what it is): 'created', a new queued job for the key; 'active', the one already
    queued or running; 'finished', a job for the key that ended since `missed_at`.

    `missed_at` is when the caller found the result missing from the cache: a job that finished
    since then explains the miss (it ended between the look and this call), so nothing is
    queued; the caller reads the cache again."""
    if kind not in KINDS:
        raise ValueError(kind)
    org = _readable(scope, org_id)
    stamp = now()
    with write_transaction(db):
        db.execute(
            "UPDATE preview_jobs SET status = 'failed', updated_at = ?, "
            "error = 'Задание прервано: сервер был перезапущен' "
            "WHERE org_id = ? AND source_key = ? AND kind = ? AND status IN ('queued', 'running') "
            "AND updated_at < ?",
            [stamp, org, source_key, kind, _before(STALE_SECONDS)],
        )
        db.execute(
            "DELETE FROM preview_jobs WHERE org_id = ? AND status IN ('done', 'failed') AND updated_at < ?",
            [org, _before(KEEP_FINISHED * 86400)],
        )
        running = one(
            db,
            "SELECT id FROM preview_jobs WHERE org_id = ? AND source_key = ? AND kind = ? "
            "AND status IN ('queued', 'running')",
            [org, source_key, kind],
        )
        if running is not None:
            return int(running["id"]), "active"
        if missed_at is not None:
            finished = one(
                db,
                "SELECT id FROM preview_jobs WHERE org_id = ? AND source_key = ? AND kind = ? "
                "AND status IN ('done', 'failed') AND updated_at >= ? ORDER BY id DESC LIMIT 1",
                [org, source_key, kind, missed_at],
            )
            if finished is not None:
                return int(finished["id"]), "finished"
        try:
            job_id = db.execute(
                "INSERT INTO preview_jobs (org_id, kind, source_key, status, created_at, updated_at) "
                "VALUES (?, ?, ?, 'queued', ?, ?) RETURNING id",
                [org, kind, source_key, stamp, stamp],
            ).fetchall()[0][0]
        except IntegrityError:  # another worker queued it in between
            return 0, "active"
    return int(job_id), "created"


def finish(
    db: sqlite_utils.Database, scope: Scope, job_id: int, status: str, error: str | None = None
) -> None:
    """Record a job's state: 'running', 'done' or 'failed' (with the Russian message)."""
    if status not in ("running", "done", "failed"):
        raise ValueError(status)
    readable, orgs = scope.sql_readable()
    db.execute(
        f"UPDATE preview_jobs SET status = ?, error = ?, updated_at = ? WHERE id = ? AND {readable}",
        [status, error, now(), job_id, *orgs],
    )


guard_module(globals())
