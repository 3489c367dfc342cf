"""Accounts: login, logout and password change.

The rest of the `auth` blueprint lives beside it: `auth_setup` (first-run setup) and
`auth_admin` (users and organisations); the JSON API's session is `auth_api`.
The rules (who may manage whom, which roles they may give) are in `docgen.store.users`;
these modules only ask them. Every action here is written to the audit log.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from docgen.store import audit, users

from . import security
from .audit_area import log_action
from .context import current_user, end_session, renew_session, safe_next, start_session
from .db import get_db

bp = Blueprint("auth", __name__)

WRONG_CREDENTIALS = "Неверный логин или пароль"


def form_values(*keys: str) -> dict[str, str]:
    """The named form fields, spaces collapsed."""
    return {k: " ".join(request.form.get(k, "").split()) for k in keys}


# -- login and logout ----------------------------------------------------------------------------


def attempt_login(login: str, password: str) -> tuple[dict[str, Any] | None, int, str]:
    """Check the rate limit, then the password; start the session on success."""
    db = get_db()
    ip = security.client_ip()
    login = users.normalise_login(login)[:64]
    known = users.find_user(db, login) if login else None
    org_id = int(known["org_id"]) if known else None
    wait = security.login_wait_minutes(login, ip)
    if wait:
        audit.record_event(db, org_id=org_id, user=login, action="login_blocked", ip=ip,
                           details={"wait_minutes": wait})  # fmt: skip
        return None, 429, security.blocked_message(wait, ip)
    user = users.authenticate(db, login, password) if login and password else None
    if user is None:
        security.note_failure(login, ip)
        audit.record_event(db, org_id=org_id, user=login, action="login_failed", ip=ip)
        return None, 401, WRONG_CREDENTIALS
    security.note_success(login, ip)
    start_session(user)
    audit.record_event(db, org_id=int(user["org_id"]), user=user["login"], action="login", ip=ip)
    return user, 200, ""


@bp.get("/login")
def login():
    if g.get("user") is not None:
        return redirect(url_for("main.index"))
    if users.count_users(get_db()) == 0:
        return redirect(url_for(".setup"))
    return render_template("auth/login.html", login="", error=None, next=safe_next(request.args.get("next")))


@bp.post("/login")
def login_submit():
    login = request.form.get("login", "").strip()
    password = request.form.get("password", "")
    target = safe_next(request.form.get("next"))
    user, status, message = attempt_login(login, password)
    if user is None:
        return render_template("auth/login.html", login=login, error=message, next=target), status
    flash(f"Здравствуйте, {user['name'] or user['login']}!", "success")
    return redirect(target or url_for("main.index"))


@bp.post("/logout")
def logout():
    log_action("logout", "user", g.user["id"])
    end_session()
    flash("Вы вышли из системы.", "success")
    return redirect(url_for(".login"))


# -- password ------------------------------------------------------------------------------------


@bp.get("/password")
def password():
    return render_template("auth/password.html", error=None)


@bp.post("/password")
def password_submit():
    user = current_user()
    current = request.form.get("current", "")
    new = request.form.get("new", "")
    again = request.form.get("again", "")
    error = None
    if not users.verify_password(get_db(), user["id"], current):
        error = "Текущий пароль указан неверно"
    elif new != again:
        error = "Новый пароль и его повтор не совпадают"
    elif new == current:
        error = "Новый пароль должен отличаться от текущего"
    if error is None:
        try:
            users.set_password(get_db(), user["id"], new)
            renew_session(users.get_user(get_db(), user["id"]) or user)
        except users.AccountProblem as exc:
            error = str(exc)
    if error is not None:
        return render_template("auth/password.html", error=error), 422
    log_action("password_change", "user", user["id"])
    flash("Пароль изменён. Другие сеансы этого пользователя завершены.", "success")
    return redirect(url_for("main.index"))
