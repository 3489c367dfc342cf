"""«Сформировать документы»: choose kinds, confirm, issue; the result page and its ZIP."""

from __future__ import annotations

import secrets
from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for

from docgen.errors import InvalidDossier
from docgen.grammar import parse_date
from docgen.model import Dossier, dossier_from_data
from docgen.render.registry import DocumentKind, kinds_for
from docgen.store import archive, issue
from docgen.store import dossiers as store
from docgen.store.issue_tokens import IssueToken, request_fingerprint, valid_token

from . import issue_progress
from .actions import require_own
from .archive_indexing import index_after_response
from .audit_area import log_action
from .context import current_scope
from .db import get_db, get_files
from .downloads import attachment
from .plan import package_plan

bp = Blueprint("documents", __name__)

# The confirm form's one-time token: a second POST of the same form (double click, refresh,
# the back button) leads to the batch the first one issued.
ISSUE_TOKEN_FIELD = "issue_token"


# Documents of the end of the school year: not ticked by default before its last months.
YEAR_END_KINDS = frozenset({"reward-order", "thank-you-letter", "final-event-order", "curator-report"})


def _year_is_ending(dossier: Dossier, today: date | None = None) -> bool:
    """From 1 April of the school year's second calendar year (or after the year is over)."""
    return (today or date.today()) >= date(dossier.start_year + 1, 4, 1)


def _valid_dossier(dossier_id: int) -> tuple[dict, Dossier] | None:
    record = store.get_dossier(get_db(), current_scope(), dossier_id)
    try:
        return record, dossier_from_data(record["data"])
    except InvalidDossier as exc:
        flash(
            f"Документы сформировать нельзя: в досье ошибок — {len(exc.errors)}. "
            "Исправьте их (они отмечены у полей) и попробуйте снова.",
            "error",
        )
        return None


def _editor_with_errors(dossier_id: int):
    return redirect(url_for("dossiers.edit", dossier_id=dossier_id, section="organisation", check=1))


def _chosen_kinds(dossier: Dossier) -> list[DocumentKind]:
    wanted = request.form.getlist("kinds")
    available = kinds_for(dossier)
    return [k for k in available if k.id in wanted]


def _issue_date() -> date | None:
    raw = request.form.get("issue_date", "").strip()
    if not raw:
        return date.today()
    try:
        return parse_date(raw)
    except ValueError:
        return None


@bp.get("/dossiers/<int:dossier_id>/generate")
def choose(dossier_id: int):
    found = _valid_dossier(dossier_id)
    if found is None:
        return _editor_with_errors(dossier_id)
    record, dossier = found
    kinds = kinds_for(dossier)
    return render_template(
        "documents/choose.html",
        dossier=record,
        kinds=kinds,
        selected={k.id for k in kinds if k.id not in YEAR_END_KINDS or _year_is_ending(dossier)},
        issue_date=date.today().strftime("%d.%m.%Y"),
    )


@bp.post("/dossiers/<int:dossier_id>/generate")
def confirm(dossier_id: int):
    found = _valid_dossier(dossier_id)
    if found is None:
        return _editor_with_errors(dossier_id)
    record, dossier = found
    kinds = _chosen_kinds(dossier)
    when = _issue_date()
    problems = []
    if not kinds:
        problems.append("Отметьте хотя бы один документ.")
    if when is None:
        problems.append("Дата выпуска: ожидается дата ДД.ММ.ГГГГ.")
    if problems:
        return render_template(
            "documents/choose.html",
            dossier=record,
            kinds=kinds_for(dossier),
            selected={k.id for k in kinds},
            issue_date=request.form.get("issue_date", ""),
            problems=problems,
        ), 422
    plan = package_plan(dossier, kinds)
    return render_template(
        "documents/confirm.html",
        dossier=record,
        plan=plan,
        issue_date=when,
        total=sum(p.files for p in plan),
        orders=[p for p in plan if p.is_order],
        issue_token=secrets.token_urlsafe(24),
        progress_id=issue_progress.new_id(),
    )


def _issue_token(dossier_id: int, kinds: list[DocumentKind], when: date) -> IssueToken | None:
    """The form's token with the fingerprint of what it asks for (None: a form without one)."""
    raw = request.form.get(ISSUE_TOKEN_FIELD, "")
    if not raw:
        return None
    if not valid_token(raw):
        abort(400, description="Форма выпуска повреждена: вернитесь к выбору документов и подтвердите снова")
    request_data = {"form": "issue", "dossier_id": dossier_id, "kinds": [k.id for k in kinds],
                    "issue_date": when.isoformat()}  # fmt: skip
    return IssueToken(raw, request_fingerprint(request_data))


@bp.post("/dossiers/<int:dossier_id>/issue")
def issue_now(dossier_id: int):
    found = _valid_dossier(dossier_id)
    if found is None:
        return _editor_with_errors(dossier_id)
    _record, dossier = found
    require_own(_record)  # a school's dossier, read by its office: the school issues it
    kinds = _chosen_kinds(dossier)
    when = _issue_date()
    if not kinds or when is None:
        abort(400, description="Не выбраны документы или неверна дата выпуска")
    scope = current_scope()
    token = _issue_token(dossier_id, kinds, when)
    progress_id = request.form.get(issue_progress.FIELD, "")
    reporter = None
    if issue_progress.valid_id(progress_id):  # the page polls it (with JavaScript)
        reporter = issue_progress.Reporter(progress_id, sum(p.files for p in package_plan(dossier, kinds)))
    try:
        result = issue.issue_documents(
            get_db(),
            get_files(),
            scope,
            dossier_id=dossier_id,
            kinds=[k.id for k in kinds],
            issue_date=when,
            issued_by=scope.user,
            token=token,
            progress=reporter.progress if reporter is not None else None,
            index_later=True,
        )
    except Exception:
        if reporter is not None:
            reporter.failed()
        raise
    index_after_response(scope.org_id)  # the text and full-text rows, once the response is out
    if reporter is not None:
        reporter.finished(url_for(".batch", batch_id=result.batch_id))
    if result.replayed:
        flash(
            "Эта форма уже была отправлена: документы сформированы и зарегистрированы при первой "
            "отправке, повторно ничего не выпущено.",
            "info",
        )
        return redirect(url_for(".batch", batch_id=result.batch_id))
    log_action("issue", "batch", result.batch_id, dossier_id=dossier_id,
               documents=len(result.documents),
               numbers=[d["number"] for d in result.documents if d.get("number")])  # fmt: skip
    flash(f"Документы сформированы и зарегистрированы: {len(result.documents)}.", "success")
    return redirect(url_for(".batch", batch_id=result.batch_id))


@bp.get("/batches/<int:batch_id>")
def batch(batch_id: int):
    scope = current_scope()
    db = get_db()
    found = issue.get_batch(db, scope, batch_id)
    documents = archive.batch_documents(db, scope, batch_id)
    return render_template("documents/batch.html", batch=found, documents=documents)


@bp.get("/batches/<int:batch_id>/package.zip")
def batch_zip(batch_id: int) -> Response:
    content = issue.package_zip_for_batch(get_db(), get_files(), current_scope(), batch_id)
    found = issue.get_batch(get_db(), current_scope(), batch_id)
    name = f"docgen-{found['school_year'].replace('/', '-')}-vypusk-{batch_id}.zip"
    log_action("batch_download", "batch", batch_id)
    return attachment(content, name, "application/zip")


@bp.get("/batches/")
def batches():
    return render_template("documents/batches.html", batches=issue.list_batches(get_db(), current_scope()))
