"""Background jobs of a municipal office: unregistered drafts of its schools' packages.

The rule is in `docgen.drafts`: drafts take no journal number, are not archived, and each
school's documents come from its latest valid dossier with its own (layered) templates. The
office only reads its schools here — exactly what its Scope already allows; nothing is written
to a school.

A job row (`draft_jobs`) belongs to the office; it is visible only through a Scope of the office
that reads every school of the job (so neither another organisation nor an account of the office
without read access to its schools, e.g. a curator working in the office, sees it). It carries the
progress the background thread writes (`done` of `total` documents, `stage`), then the ZIPs
(`files`: JSON `[{"name", "sha256", "size"}]`, blobs in the FileStore) or the error. At most one
job per office is queued or running (a partial unique index); a job whose thread died (the
worker was restarted) stops counting after `STALE_SECONDS` without progress.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlite_utils

from docgen.drafts import SchoolSource, draft_zips, folder_names, render_drafts
from docgen.errors import DocgenError, InvalidDossier
from docgen.model import Dossier, dossier_from_data
from docgen.render.registry import get_kind, kinds_for

from .db import now, one, rows, write_transaction
from .engine import IntegrityError
from .errors import NotFound
from .files import FileStore
from .orgs import child_organisations
from .scope import Scope, guard_module
from .templates import LayeredResolver

log = logging.getLogger(__name__)

ACTIVE = ("queued", "running")
STALE_SECONDS = 15 * 60
PROGRESS_INTERVAL = 0.25  # seconds between progress writes
MAX_SCHOOLS = 200

_COLUMNS = (
    "id, org_id, created_by, created_at, updated_at, finished_at, status, per_school, schools, kinds, "
    "done, total, stage, problems, files, error"
)


class JobRunning(DocgenError):
    """The office already has a job queued or running."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        super().__init__(
            f"Проекты уже формируются (задание № {job_id}): дождитесь окончания, затем запустите новое"
        )


# -- the office's schools and their dossiers ---------------------------------------------------


def latest_valid_dossier(
    db: sqlite_utils.Database, scope: Scope, school_id: int
) -> tuple[dict[str, Any], Dossier] | None:
    """A readable school's newest dossier (by school year) that passes validation, or None."""
    if not scope.can_read(int(school_id)):
        raise NotFound("Школа", school_id)
    for record in rows(
        db,
        "SELECT id, org_id, school_year, revision, data FROM dossiers WHERE org_id = ? "
        "ORDER BY school_year DESC, id DESC",
        [int(school_id)],
    ):
        try:
            dossier = dossier_from_data(json.loads(record.pop("data")))
        except InvalidDossier:
            continue
        return record, dossier
    return None


def office_schools(db: sqlite_utils.Database, scope: Scope) -> list[dict[str, Any]]:
    """The schools of the caller's organisation that it reads, each with `dossier` (id and
    school year of the latest valid one) or None."""
    schools = [o for o in child_organisations(db, scope.org_id) if scope.can_read(int(o["id"]))]
    for school in schools:
        found = latest_valid_dossier(db, scope, int(school["id"]))
        school["dossier"] = {"id": found[0]["id"], "school_year": found[0]["school_year"]} if found else None
    return schools


def _school_scope(scope: Scope, school_id: int) -> Scope:
    """The school seen read-only, for its templates (as office staff see it after switching)."""
    if not scope.can_read(school_id) or school_id == scope.org_id:
        raise NotFound("Школа", school_id)
    return Scope(school_id, scope.user)


# -- jobs --------------------------------------------------------------------------------------


def _job(found: dict[str, Any]) -> dict[str, Any]:
    for key in ("schools", "problems", "files"):
        found[key] = json.loads(found[key])
    found["kinds"] = json.loads(found["kinds"]) if found["kinds"] else None
    found["per_school"] = bool(found["per_school"])
    if found["status"] == "done":
        found["percent"] = 100
    else:
        total = found["total"]
        found["percent"] = min(99, found["done"] * 100 // total) if total else 0
    found["active"] = found["status"] in ACTIVE
    return found


def _stale_before() -> str:
    moment = datetime.now(UTC) - timedelta(seconds=STALE_SECONDS)
    return moment.isoformat(timespec="seconds")


def create_job(
    db: sqlite_utils.Database,
    scope: Scope,
    *,
    school_ids: list[int],
    kinds: list[str] | None,
    per_school: bool,
) -> int:
    """A queued job of the caller's organisation for some of its schools (NotFound for any
    other organisation), or JobRunning if one is queued or running already."""
    wanted = list(dict.fromkeys(int(i) for i in school_ids))
    schools = {int(o["id"]): o for o in child_organisations(db, scope.org_id) if scope.can_read(int(o["id"]))}
    for school_id in wanted:
        if school_id not in schools:
            raise NotFound("Школа", school_id)
    if not wanted:
        raise ValueError("no schools")
    if len(wanted) > MAX_SCHOOLS:
        raise ValueError("too many schools")
    chosen_kinds = [get_kind(k).id for k in dict.fromkeys(kinds)] if kinds is not None else None
    stamp = now()
    payload = [{"id": i, "short_name": schools[i]["short_name"], "name": schools[i]["name"]} for i in wanted]
    with write_transaction(db):
        db.execute(
            "UPDATE draft_jobs SET status = 'failed', finished_at = ?, updated_at = ?, "
            "error = 'Задание прервано: сервер был перезапущен или задание зависло' "
            "WHERE org_id = ? AND status IN ('queued', 'running') AND updated_at < ?",
            [stamp, stamp, scope.org_id, _stale_before()],
        )
        running = one(
            db,
            "SELECT id FROM draft_jobs WHERE org_id = ? AND status IN ('queued', 'running')",
            [scope.org_id],
        )
        if running is not None:
            raise JobRunning(int(running["id"]))
        try:
            job_id = db.execute(
                "INSERT INTO draft_jobs (org_id, created_by, created_at, updated_at, status, per_school, "
                "schools, kinds, stage) VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?) RETURNING id",
                [
                    scope.org_id,
                    scope.user,
                    stamp,
                    stamp,
                    int(bool(per_school)),
                    json.dumps(payload, ensure_ascii=False),
                    json.dumps(chosen_kinds) if chosen_kinds is not None else None,
                    "в очереди",
                ],
            ).fetchall()[0][0]
        except IntegrityError:  # another worker started one in between
            raise JobRunning(0) from None
    return int(job_id)


def _visible(scope: Scope, job: dict[str, Any]) -> bool:
    """A job shows the documents of its schools: only to a Scope that reads every one of them."""
    return job["org_id"] == scope.org_id and all(scope.can_read(int(s["id"])) for s in job["schools"])


def get_job(db: sqlite_utils.Database, scope: Scope, job_id: int) -> dict[str, Any]:
    found = one(db, f"SELECT {_COLUMNS} FROM draft_jobs WHERE id = ? AND org_id = ?", [job_id, scope.org_id])
    if found is None or not _visible(scope, job := _job(found)):
        raise NotFound("Задание", job_id)
    return job


def list_jobs(db: sqlite_utils.Database, scope: Scope, limit: int = 100) -> list[dict[str, Any]]:
    found = rows(
        db,
        f"SELECT {_COLUMNS} FROM draft_jobs WHERE org_id = ? ORDER BY id DESC LIMIT ?",
        [scope.org_id, max(1, min(int(limit), 500))],
    )
    return [job for job in map(_job, found) if _visible(scope, job)]


def active_job(db: sqlite_utils.Database, scope: Scope) -> dict[str, Any] | None:
    """The office's queued or running job (shown only if the Scope reads its schools)."""
    found = one(
        db,
        f"SELECT {_COLUMNS} FROM draft_jobs WHERE org_id = ? AND status IN ('queued', 'running') "
        "AND updated_at >= ? ORDER BY id DESC LIMIT 1",
        [scope.org_id, _stale_before()],
    )
    if found is None:
        return None
    job = _job(found)
    return job if _visible(scope, job) else None


def job_file(
    db: sqlite_utils.Database, files: FileStore, scope: Scope, job_id: int, index: int
) -> tuple[str, bytes]:
    """(name, bytes) of one ZIP of a finished job of the caller's organisation."""
    job = get_job(db, scope, job_id)
    if not 0 <= index < len(job["files"]):
        raise NotFound("Файл задания", index)
    entry = job["files"][index]
    return entry["name"], files.get(entry["sha256"])


def _update(db: sqlite_utils.Database, scope: Scope, job_id: int, **values: Any) -> None:
    values["updated_at"] = now()
    assignments = ", ".join(f"{column} = ?" for column in values)
    db.execute(
        f"UPDATE draft_jobs SET {assignments} WHERE id = ? AND org_id = ?",
        [*values.values(), job_id, scope.org_id],
    )


def fail_job(db: sqlite_utils.Database, scope: Scope, job_id: int, message: str) -> None:
    _update(db, scope, job_id, status="failed", error=message, finished_at=now(), stage="ошибка")


# -- the work (runs in the job's own thread, with its own connection) --------------------------


def run_job(db: sqlite_utils.Database, files: FileStore, scope: Scope, job_id: int) -> None:
    """Render the job's drafts, store its ZIPs, record the outcome. Never raises for a
    document problem: the job ends `failed` with the Russian message instead."""
    job = get_job(db, scope, job_id)
    _update(db, scope, job_id, status="running", stage="подготовка")
    problems: list[str] = []
    sources: list[SchoolSource] = []
    folders = folder_names([s["short_name"] for s in job["schools"]])
    for school, folder in zip(job["schools"], folders, strict=True):
        found = latest_valid_dossier(db, scope, int(school["id"]))
        if found is None:
            problems.append(f"{school['short_name']}: нет досье без ошибок — проекты не сформированы")
            continue
        _record, dossier = found
        if job["kinds"] is not None and not kinds_for(dossier, job["kinds"]):
            problems.append(f"{school['short_name']}: выбранные виды документов к досье не относятся")
            continue
        resolver = LayeredResolver(db, files, _school_scope(scope, int(school["id"])))
        sources.append(SchoolSource(school["short_name"], folder, dossier, resolver))
    if not sources:
        _update(db, scope, job_id, problems=json.dumps(problems, ensure_ascii=False))
        fail_job(db, scope, job_id, "Ни для одной из выбранных школ проекты не сформированы")
        return

    last = [0.0]
    current = [sources[0].label]

    def progress(done: int, total: int, label: str) -> None:
        current[0] = label
        moment = time.monotonic()
        if done == total or moment - last[0] >= PROGRESS_INTERVAL:
            last[0] = moment
            _update(db, scope, job_id, done=done, total=total, stage=f"{label}: документ {done} из {total}")

    try:
        schools = render_drafts(sources, job["kinds"], progress)
    except DocgenError as exc:
        fail_job(db, scope, job_id, f"{current[0]}: {exc}")
        return
    _update(db, scope, job_id, stage="упаковка в ZIP")
    stored = []
    for name, content in draft_zips(schools, per_school=job["per_school"]):
        stored.append({"name": name, "sha256": files.put(content), "size": len(content)})
    stamp = now()
    _update(
        db,
        scope,
        job_id,
        status="done",
        finished_at=stamp,
        stage="готово",
        problems=json.dumps(problems, ensure_ascii=False),
        files=json.dumps(stored, ensure_ascii=False),
    )


guard_module(globals())
