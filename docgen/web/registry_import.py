"""Importing participants from a spreadsheet into a dossier: upload, preview, confirmation
(routes on `registry_area.bp`).

The uploaded file stays in the file store (by sha256) between the preview and the confirmation;
the confirmation form carries the hash and a ticket signed with the application's key that binds
it to the organisation, the user, the dossier and its revision. Confirming reads the file again
and re-runs the preview on the current draft: nothing the browser sends is trusted.
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer

from docgen.participants import MATCH_OPTIONS, NAME_BIRTH, apply_import, preview_import
from docgen.store import dossiers as store
from docgen.store.errors import BlobMissing

from .audit_area import log_action
from .context import current_scope
from .db import get_db, get_files
from .registry_area import bp
from .registry_records import load_own_dossier

TICKET_SALT = "docgen.registry.import"
TICKET_SECONDS = 24 * 3600  # a preview left open overnight must be checked again


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=TICKET_SALT)


def import_ticket(
    *, org_id: int, user: str, dossier_id: int, sha256: str, filename: str, match_by: str, revision: int
) -> str:
    """The signed ticket of the confirmation form (needs an application context)."""
    return _serializer().dumps([org_id, user, dossier_id, sha256, filename, match_by, revision])


def _match_by(raw: str | None) -> str:
    return raw if raw in MATCH_OPTIONS else NAME_BIRTH


def _import_page(record: dict[str, Any], *, error: str = "", match_by: str = NAME_BIRTH, status: int = 200):
    page = render_template("registry/import.html", dossier=record, error=error, match_by=match_by,
                           match_options=MATCH_OPTIONS)  # fmt: skip
    return page, status


def _preview_page(record, preview, sha256: str | None, *, notice: str = "", status: int = 200):
    ticket = ""
    if sha256 is not None:
        scope = current_scope()
        ticket = import_ticket(org_id=scope.org_id, user=scope.user, dossier_id=record["id"], sha256=sha256,
                               filename=preview.filename, match_by=preview.match_by,
                               revision=record["revision"])  # fmt: skip
    page = render_template("registry/preview.html", dossier=record, preview=preview, sha256=sha256,
                           ticket=ticket, notice=notice,
                           match_title=MATCH_OPTIONS.get(preview.match_by, ""))  # fmt: skip
    return page, status


@bp.get("/dossiers/<int:dossier_id>/import")
def import_form(dossier_id: int):
    return _import_page(load_own_dossier(dossier_id))


@bp.post("/dossiers/<int:dossier_id>/import")
def import_preview(dossier_id: int):
    record = load_own_dossier(dossier_id)
    match_by = _match_by(request.form.get("match_by"))
    uploaded = request.files.get("file")
    if uploaded is None or not uploaded.filename:
        return _import_page(record, error="Выберите файл таблицы (.xlsx или .csv).", match_by=match_by,
                            status=422)  # fmt: skip
    filename = uploaded.filename.replace("\\", "/").rsplit("/", 1)[-1][:200]
    data = uploaded.read()
    if not data:
        return _import_page(record, error=f"Файл «{filename}» пуст.", match_by=match_by, status=422)
    preview = preview_import(data, filename, record["data"], match_by)
    sha256 = get_files().put(data) if preview.can_apply else None
    return _preview_page(record, preview, sha256, status=200 if preview.can_apply else 422)


@bp.post("/dossiers/<int:dossier_id>/import/confirm")
def import_apply(dossier_id: int):
    record = load_own_dossier(dossier_id)
    scope = current_scope()
    form = request.form
    sha256, filename = form.get("sha256", ""), form.get("filename", "")
    match_by, revision = form.get("match_by", ""), form.get("revision", "")
    try:
        signed = _serializer().loads(form.get("ticket", ""), max_age=TICKET_SECONDS)
    except BadSignature:
        signed = None
    expected = [scope.org_id, scope.user, dossier_id, sha256, filename, match_by,
                int(revision) if revision.isdigit() else None]  # fmt: skip
    if signed != expected:
        abort(400, description="Проверка таблицы устарела или форма повреждена: загрузите файл ещё раз.")
    try:
        data = get_files().get(sha256)
    except (BlobMissing, ValueError):
        abort(400, description="Загруженный файл не найден: загрузите таблицу ещё раз.")
    preview = preview_import(data, filename, record["data"], match_by)
    if record["revision"] != expected[-1]:
        notice = (
            "Досье изменилось после проверки таблицы (его сохранили в другой вкладке или другой "
            "пользователь). Ниже — изменения относительно текущего досье; подтвердите снова."
        )
        kept = sha256 if preview.can_apply else None
        return _preview_page(record, preview, kept, notice=notice, status=409)
    if not preview.can_apply:
        return _preview_page(record, preview, None, status=422)
    merged = apply_import(record["data"], preview, validate=False)
    store.save_draft(get_db(), scope, school_year=record["school_year"], data=merged, dossier_id=dossier_id,
                     expected_revision=record["revision"])  # fmt: skip
    log_action(
        "participants_import", "dossier", dossier_id, file=filename, sha256=sha256, match_by=match_by,
        rows=len(preview.rows_ok), bad_rows=len(preview.bad_rows), new=len(preview.new_pairs),
        updated=len(preview.updated_pairs),
    )  # fmt: skip
    flash(
        f"Загружено строк: {len(preview.rows_ok)}. Новых пар и групп: {len(preview.new_pairs)}, "
        f"изменено: {len(preview.updated_pairs)}, без изменений: {len(preview.unchanged)}.",
        "success",
    )
    problems = store.validate(merged)
    if problems:
        flash(f"В досье ошибок: {len(problems)} — они отмечены у полей; исправьте их перед формированием "
              "документов.", "warning")  # fmt: skip
    return redirect(url_for("dossiers.edit", dossier_id=dossier_id, section="pairs", check=1))
