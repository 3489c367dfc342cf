"""Administration of accounts: the users and organisations pages (routes on `auth.bp`).

Who may manage whom and which roles they may give is decided by `docgen.store.users`; these
pages only ask it. Every change is written to the audit log.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, g, redirect, render_template, request, url_for

from docgen.errors import DocgenError
from docgen.model import OrgKind
from docgen.store import orgs, users
from docgen.store.errors import NotFound
from docgen.store.users import Role

from .audit_area import log_action
from .auth import bp, form_values
from .db import get_db

SCHOOL_KINDS = (OrgKind.SCHOOL, OrgKind.COLLEGE)


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
    form = form_values("login", "name", "org_id", "role")
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
    form = form_values("name", "short_name", "kind", "parent_id")
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
