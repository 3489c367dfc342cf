"""Accounts: login, logout, password change, first-run setup, users and organisations admin.

The rules (who may manage whom, which roles they may give) are in `docgen.store.users`;
this module only asks them. Every action here is written to the audit log.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)

from docgen.errors import DocgenError
from docgen.model import OrgKind
from docgen.store import audit, orgs, users
from docgen.store.errors import NotFound
from docgen.store.users import Role

from . import security, setup_code
from .audit_area import log_action
from .context import current_user, end_session, renew_session, safe_next, start_session
from .db import get_db
from .errors import ApiError

bp = Blueprint("auth", __name__)
api_bp = Blueprint("auth_api", __name__, url_prefix="/api/v1")

WRONG_CREDENTIALS = "Неверный логин или пароль"
SCHOOL_KINDS = (OrgKind.SCHOOL, OrgKind.COLLEGE)


def _form(*keys: str) -> dict[str, str]:
    return {k: " ".join(request.form.get(k, "").split()) for k in keys}


# -- login and logout ----------------------------------------------------------------------------


def _attempt(login: str, password: str) -> tuple[dict[str, Any] | None, int, str]:
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
    user, status, message = _attempt(login, password)
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


# -- first-run setup -----------------------------------------------------------------------------


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
    form = _form("setup_code", "login", "name", "org_id", "org_name", "org_short_name", "org_kind")
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


# -- users ---------------------------------------------------------------------------------------


def _is_admin() -> bool:
    return g.user["role"] == Role.ADMIN


def _manageable() -> dict[int, dict[str, Any]]:
    return {int(o["id"]): o for o in users.manageable_orgs(get_db(), g.user)}


def _roles_by_org() -> dict[int, list[Role]]:
    return {org_id: users.assignable_roles(g.user, o) for org_id, o in _manageable().items()}


def _users_page(form: dict[str, str], error: str | None, status: int = 200):
    scope = users.users_scope(get_db(), g.user)
    return render_template(
        "auth/users.html",
        accounts=users.list_users(get_db(), scope, with_admins=_is_admin()),
        orgs=list(_manageable().values()),
        roles=[r for r in Role if any(r in roles for roles in _roles_by_org().values())],
        role_titles=users.ROLE_TITLES,
        form=form,
        error=error,
    ), status


@bp.get("/admin/users", endpoint="users")
def users_page():
    return _users_page({}, None)


@bp.post("/admin/users")
def create_user():
    form = _form("login", "name", "org_id", "role")
    manageable = _manageable()
    if not form["org_id"].isdigit() or int(form["org_id"]) not in manageable:
        abort(404, description="Такой организации нет")
    organisation = manageable[int(form["org_id"])]
    if form["role"] not in users.assignable_roles(g.user, organisation):
        return _users_page(form, "Эту роль в этой организации назначить нельзя", 422)
    try:
        user_id = users.create_user(
            get_db(), org_id=int(organisation["id"]), login=form["login"], role=form["role"],
            password=request.form.get("password", ""), name=form["name"],
            created_by=g.user["login"],
        )  # fmt: skip
    except users.AccountProblem as exc:
        return _users_page(form, str(exc), 422)
    log_action("user_create", "user", user_id, login=users.normalise_login(form["login"]),
               role=form["role"], org_id=int(organisation["id"]), in_org=int(organisation["id"]))  # fmt: skip
    flash(f"Пользователь «{users.normalise_login(form['login'])}» создан.", "success")
    return redirect(url_for(".users"))


def _managed(user_id: int) -> dict[str, Any]:
    scope = users.users_scope(get_db(), g.user)
    return users.get_managed_user(get_db(), scope, user_id, with_admins=_is_admin())


def _user_page(account: dict[str, Any], error: str | None, status: int = 200):
    organisation = orgs.get_organisation(get_db(), account["org_id"])
    return render_template(
        "auth/user.html",
        account=account,
        roles=users.assignable_roles(g.user, organisation),
        role_titles=users.ROLE_TITLES,
        error=error,
        is_self=account["id"] == g.user["id"],
    ), status


@bp.get("/admin/users/<int:user_id>")
def user(user_id: int):
    return _user_page(_managed(user_id), None)


@bp.post("/admin/users/<int:user_id>")
def update_user(user_id: int):
    account = _managed(user_id)
    organisation = orgs.get_organisation(get_db(), account["org_id"])
    role = request.form.get("role", account["role"])
    active = request.form.get("active") == "1"
    is_self = account["id"] == g.user["id"]
    if is_self and (role != account["role"] or not active):
        return _user_page(account, "Свою роль и доступ изменить нельзя: попросите другого "
                                   "администратора", 422)  # fmt: skip
    if role != account["role"] and role not in users.assignable_roles(g.user, organisation):
        return _user_page(account, "Эту роль в этой организации назначить нельзя", 422)
    scope = users.users_scope(get_db(), g.user)
    try:
        changes = users.update_user(
            get_db(), scope, user_id, with_admins=_is_admin(), name=request.form.get("name"),
            role=role, active=active, password=request.form.get("password") or None,
        )  # fmt: skip
    except users.AccountProblem as exc:
        return _user_page(account, str(exc), 422)
    if changes:
        log_action("user_update", "user", user_id, login=account["login"], in_org=int(account["org_id"]),
                   changes={k: list(v) for k, v in changes.items()})  # fmt: skip
        flash(f"Пользователь «{account['login']}» изменён.", "success")
    else:
        flash("Изменений нет.", "info")
    return redirect(url_for(".user", user_id=user_id))


# -- organisations ---------------------------------------------------------------------------


def _kinds_allowed() -> list[OrgKind]:
    return list(OrgKind) if _is_admin() else list(SCHOOL_KINDS)


def _organisations_page(form: dict[str, str], error: str | None, status: int = 200):
    manageable = list(_manageable().values())
    parents = [o for o in manageable if OrgKind(o["kind"]).is_authority]
    return render_template(
        "auth/organisations.html",
        organisations=manageable,
        parents=parents,
        kinds=_kinds_allowed(),
        form=form,
        error=error,
    ), status


@bp.get("/admin/organisations")
def organisations():
    return _organisations_page({}, None)


@bp.post("/admin/organisations")
def create_organisation():
    form = _form("name", "short_name", "kind", "parent_id")
    if form["kind"] not in {k.value for k in _kinds_allowed()}:
        return _organisations_page(form, "Выберите вид организации", 422)
    if _is_admin():
        parent = int(form["parent_id"]) if form["parent_id"].isdigit() else None
    else:
        parent = int(g.user["org_id"])  # office staff create their own schools
    if not form["name"] or not form["short_name"]:
        return _organisations_page(form, "Укажите полное и краткое название", 422)
    try:
        org_id = orgs.create_organisation(
            get_db(), name=form["name"], short_name=form["short_name"], kind=form["kind"],
            parent_id=parent,
        )  # fmt: skip
    except NotFound:
        return _organisations_page(form, "Вышестоящей организации нет", 422)
    except DocgenError as exc:
        return _organisations_page(form, str(exc), 422)
    log_action("org_create", "organisation", org_id, short_name=form["short_name"],
               kind=form["kind"], parent_id=parent, in_org=org_id)  # fmt: skip
    flash(f"Организация «{form['short_name']}» создана.", "success")
    return redirect(url_for(".organisations"))


# -- JSON API: the session -------------------------------------------------------------------


def _session_json() -> dict[str, Any]:
    user = g.user
    return {
        "user": {k: user[k] for k in ("id", "login", "name", "role")},
        "organisation": {k: g.organisation[k] for k in ("id", "short_name", "kind", "parent_id")},
        "read_only": g.read_only,
        "permissions": sorted(p.value for p in g.permissions),
        "csrf_token": security.csrf_token(),
    }


@api_bp.get("/session", endpoint="session")
def session_info():
    return jsonify(_session_json())


@api_bp.post("/session", endpoint="login")
def api_login():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "Ожидается JSON-объект с полями login и password")
    login_value, password_value = body.get("login"), body.get("password")
    if not isinstance(login_value, str) or not isinstance(password_value, str):
        raise ApiError(400, "Поля login и password должны быть строками")
    user, status, message = _attempt(login_value, password_value)
    if user is None:
        raise ApiError(status, message, code="rate_limited" if status == 429 else "unauthorized")
    found = users.access_for(get_db(), user)
    g.user, g.organisation = user, found.organisation
    g.permissions, g.read_only = found.permissions, found.read_only
    return jsonify(_session_json())


@api_bp.delete("/session", endpoint="logout")
def api_logout():
    log_action("logout", "user", g.user["id"])
    end_session()
    return "", 204
