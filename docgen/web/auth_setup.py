"""First-run setup: the page that creates the first administrator (and, on an empty installation,
its organisation), guarded by the setup code (routes on `auth.bp`)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for

from docgen.errors import DocgenError
from docgen.model import OrgKind
from docgen.store import audit, orgs, users

from . import security, setup_code
from .auth import bp, form_values
from .context import start_session
from .db import get_db


def _setup_page(form: dict[str, str], error: str | None, status: int = 200):
    return render_template(
        "auth/setup.html",
        form=form,
        error=error,
        organisations=orgs.list_organisations(get_db()),
        kinds=list(OrgKind),
    ), status


def _check_setup_code(given: str) -> tuple[str, int] | None:
    """None when the setup code is right; otherwise the message and status (rate-limited)."""
    ip = security.client_ip()
    wait = security.login_wait_minutes(setup_code.RATE_LIMIT_KEY, ip)
    if wait:
        return f"Слишком много неверных кодов установки; попробуйте снова через {wait} мин.", 429
    if setup_code.matches(get_db(), given):
        return None
    security.note_failure(setup_code.RATE_LIMIT_KEY, ip)
    audit.record_event(get_db(), org_id=None, user="", action="setup_refused", ip=ip)
    return (
        "Неверный код установки. Он напечатан в журнале сервиса при запуске и записан в файл "
        "setup_code в папке данных docgen на сервере.",
        403,
    )


@bp.get("/setup")
def setup():
    if users.count_users(get_db()):
        return redirect(url_for(".login"))
    return _setup_page({}, None)


@bp.post("/setup")
def setup_submit():
    db = get_db()
    if users.count_users(db):
        flash(str(users.SetupDone()), "warning")
        return redirect(url_for(".login"))
    form = form_values("setup_code", "login", "name", "org_id", "org_name", "org_short_name", "org_kind")
    refused = _check_setup_code(form["setup_code"])
    if refused is not None:
        return _setup_page(form, *refused)
    password_value = request.form.get("password", "")
    if password_value != request.form.get("again", ""):
        return _setup_page(form, "Пароль и его повтор не совпадают", 422)
    existing = orgs.list_organisations(db)
    org_id = None
    organisation = None
    if existing:
        if not form["org_id"].isdigit() or int(form["org_id"]) not in {o["id"] for o in existing}:
            return _setup_page(form, "Выберите организацию администратора", 422)
        org_id = int(form["org_id"])
    else:
        if not form["org_name"] or not form["org_short_name"]:
            return _setup_page(form, "Укажите полное и краткое название организации", 422)
        organisation = {"name": form["org_name"], "short_name": form["org_short_name"],
                        "kind": form["org_kind"] or OrgKind.MUNICIPAL_OFFICE.value}  # fmt: skip
    try:
        user_id, org_id = users.create_first_admin(
            db, login=form["login"], password=password_value, name=form["name"],
            org_id=org_id, organisation=organisation,
        )  # fmt: skip
    except users.SetupDone as exc:
        flash(str(exc), "warning")
        return redirect(url_for(".login"))
    except (DocgenError, ValueError) as exc:
        return _setup_page(form, str(exc), 422)
    setup_code.discard(db, current_app.config["DATA_DIR"])
    security.note_success(setup_code.RATE_LIMIT_KEY, security.client_ip())
    user = users.get_user(db, user_id)
    assert user is not None
    audit.record_event(db, org_id=org_id, user=user["login"], action="setup", object_type="user",
                       object_id=user_id, ip=security.client_ip())  # fmt: skip
    start_session(user)
    flash("Администратор создан, вы вошли в систему.", "success")
    return redirect(url_for("main.index"))
