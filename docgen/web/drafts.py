"""«Проекты документов школ»: a municipal office renders its schools' packages at once.

The rule (`docgen.drafts`): the office makes unregistered drafts — rendered from each school's
latest valid dossier with the school's templates, without journal numbers, not archived — as
ZIPs for review (one per school or one for all). Numbers belong to each school's journal: only
the school, with its own write access, issues and registers its documents.

Each job runs in a background thread of its own with its own database connection (never the
request's), writing its progress into `draft_jobs`; the page polls the JSON status route every
second (static/drafts.js). One job per office at a time; at most `MAX_THREADS` jobs render at
once in a process, the others wait their turn (status «в очереди»).
"""

from __future__ import annotations

import functools
import logging

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, url_for

from docgen.render.registry import SCHOOLS, DocumentKind, all_kinds
from docgen.store import draft_jobs
from docgen.store.errors import NotFound
from docgen.store.scope import Scope

from . import jobs
from .audit_area import log_action
from .context import current_scope
from .db import get_db, get_files
from .downloads import attachment

log = logging.getLogger(__name__)

bp = Blueprint("drafts", __name__, url_prefix="/drafts")

MAX_THREADS = 2


def _kinds() -> list[DocumentKind]:
    """The kinds a school's package may have (an office's own kinds are not drafted here)."""
    return [k for k in all_kinds() if k.org_kinds & SCHOOLS]


def start_job(scope: Scope, job_id: int) -> None:
    """Start the job: on the queue (DOCGEN_QUEUE_URL) or in a thread (`jobs.submit`)."""
    jobs.submit(
        "drafts",
        str(job_id),
        current_app.config,
        functools.partial(draft_jobs.run_job, scope=scope, job_id=job_id),
        functools.partial(draft_jobs.fail_job, scope=scope, job_id=job_id, message=FAILED),
        limit=MAX_THREADS,
    )


FAILED = "Внутренняя ошибка при формировании проектов"


def _page(problems: list[str] | None = None, status: int = 200, chosen: dict | None = None):
    db, scope = get_db(), current_scope()
    return render_template(
        "drafts/index.html",
        schools=draft_jobs.office_schools(db, scope),
        kinds=_kinds(),
        jobs=draft_jobs.list_jobs(db, scope),
        active=draft_jobs.active_job(db, scope),
        problems=problems or [],
        chosen=chosen,
    ), status


@bp.get("/")
def index():
    return _page()


@bp.post("/")
def start():
    scope = current_scope()
    raw_schools = request.form.getlist("schools")
    school_ids = [int(s) for s in raw_schools if s.isdigit()]
    if not raw_schools and request.form.get("all_schools") == "1":  # schools ticked one by one win
        school_ids = [int(s["id"]) for s in draft_jobs.office_schools(get_db(), scope)]
    kinds = [k for k in request.form.getlist("kinds") if k]
    known = {k.id for k in _kinds()}
    per_school = request.form.get("per_school") == "1"
    chosen = {"schools": set(school_ids), "kinds": set(kinds), "per_school": per_school}
    problems = []
    if not school_ids:
        problems.append("Отметьте хотя бы одну школу (или «все школы»).")
    if not kinds:
        problems.append("Отметьте хотя бы один вид документа.")
    if any(k not in known for k in kinds):
        problems.append("Неизвестный вид документа.")
    if problems:
        if raw_schools and any(not s.isdigit() for s in raw_schools):
            raise NotFound("Школа")
        _check_schools(school_ids)
        return _page(problems, 422, chosen)
    try:
        job_id = draft_jobs.create_job(
            get_db(), scope, school_ids=school_ids, kinds=None if set(kinds) == known else kinds,
            per_school=per_school,
        )  # fmt: skip
    except draft_jobs.JobRunning as exc:
        flash(str(exc), "warning")
        running = draft_jobs.active_job(get_db(), scope)
        if running is not None:
            return redirect(url_for(".job", job_id=running["id"]))
        return redirect(url_for(".index"))
    log_action("drafts_batch", "draft_job", job_id, schools=school_ids, per_school=per_school,
               kinds=kinds if set(kinds) != known else "все")  # fmt: skip
    start_job(scope, job_id)
    return redirect(url_for(".job", job_id=job_id))


def _check_schools(school_ids: list[int]) -> None:
    """Another organisation's school answers 404 even when the form has other problems."""
    readable = {int(s["id"]) for s in draft_jobs.office_schools(get_db(), current_scope())}
    for school_id in school_ids:
        if school_id not in readable:
            raise NotFound("Школа", school_id)


@bp.get("/<int:job_id>")
def job(job_id: int):
    found = draft_jobs.get_job(get_db(), current_scope(), job_id)
    return render_template("drafts/job.html", job=found)


@bp.get("/<int:job_id>/status")
def status(job_id: int):
    found = draft_jobs.get_job(get_db(), current_scope(), job_id)
    return jsonify(
        {
            "id": found["id"],
            "status": found["status"],
            "active": found["active"],
            "done": found["done"],
            "total": found["total"],
            "percent": found["percent"],
            "stage": found["stage"],
            "error": found["error"],
            "problems": found["problems"],
            "files": [
                {"name": f["name"], "size": f["size"], "url": url_for(".download", job_id=job_id, index=i)}
                for i, f in enumerate(found["files"])
            ],
        }
    )


@bp.get("/<int:job_id>/files/<int:index>")
def download(job_id: int, index: int):
    name, content = draft_jobs.job_file(get_db(), get_files(), current_scope(), job_id, index)
    log_action("drafts_download", "draft_job", job_id, file=name)
    return attachment(content, name, "application/zip")
