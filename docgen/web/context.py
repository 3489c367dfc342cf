"""Who is asking: the logged-in user, the organisation they work in, its Scope, their rights.

Every request builds `g.user`, `g.scope`, `g.organisation` and `g.permissions` from the session
(`docgen.store.users.access_for` holds the rules), then `access.authorize()` checks the endpoint.
All store calls go through `g.scope`, so another organisation's records look missing (404).
The header offers the organisations the user may switch to (`users.switch_targets`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, g, redirect, request, session, url_for

from docgen.store import sessions, users
from docgen.store.errors import NotFound
from docgen.store.scope import Scope

from . import access
from .actions import may
from .db import get_db
from .errors import ApiError
from .security import clock, csrf_token

bp = Blueprint("main", __name__)

SESSION_KEYS = ("uid", "ver", "seen", "org", "sid")


def _reset() -> None:
    g.user = None
    g.scope = None
    g.organisation = None
    g.organisations = []
    g.permissions = frozenset()
    g.read_only = False


def _lifetime() -> float:
    return current_app.permanent_session_lifetime.total_seconds()


def start_session(user: dict[str, Any]) -> None:
    """After a successful login: a fresh session (new CSRF token), permanent, with the user,
    opened on the server too (`docgen.store.sessions`) so that logging out ends it for good."""
    session.clear()
    session.permanent = True
    session["uid"] = int(user["id"])
    session["ver"] = int(user["session_version"])
    session["seen"] = clock()
    session["sid"] = sessions.open_session(get_db(), int(user["id"]), clock(), _lifetime())
    csrf_token()


def renew_session(user: dict[str, Any]) -> None:
    """After the user's own password change closed all their sessions: this one continues."""
    session["ver"] = int(user["session_version"])
    session["sid"] = sessions.open_session(get_db(), int(user["id"]), clock(), _lifetime())


def end_session() -> None:
    sessions.close_session(get_db(), session.get("sid"))
    session.clear()


def _session_user() -> dict[str, Any] | None:
    """The user of the session, or None (no login, expired, disabled, password changed)."""
    uid = session.get("uid")
    if not isinstance(uid, int):
        return None
    now = clock()
    seen = session.get("seen")
    db = get_db()
    user = users.get_user(db, uid)
    expired = not isinstance(seen, int | float) or now - seen > _lifetime()
    if (
        user is None
        or not user["active"]
        or user["session_version"] != session.get("ver")
        or expired
        or not sessions.is_open(db, session.get("sid"), uid, now)
    ):
        for key in SESSION_KEYS:
            session.pop(key, None)
        if expired and user is not None:
            flash("Сеанс истёк: войдите снова.", "warning")
        return None
    session["seen"] = now
    return user


def load_scope() -> None:
    """before_request: the user, their Access in the chosen organisation, the endpoint check."""
    _reset()
    if request.routing_exception is not None or request.endpoint == "static":
        return  # 404/405 answer as they are; nothing about the data is revealed
    db = get_db()
    user = _session_user()
    if user is None:
        if access.is_public(request.endpoint, request.method):
            return
        if users.count_users(db) == 0:
            if request.path.startswith("/api/"):
                raise ApiError(401, "Система ещё не настроена: откройте /setup", code="unauthorized")
            return redirect(url_for("auth.setup"))
        if request.path.startswith("/api/"):
            raise ApiError(401, "Требуется вход в систему", code="unauthorized")
        return redirect(url_for("auth.login", next=safe_next(request.full_path)))
    g.user = user
    chosen = session.get("org")
    try:
        found = users.access_for(db, user, chosen if isinstance(chosen, int) else None)
    except NotFound:
        session.pop("org", None)
        found = users.access_for(db, user)
    g.scope = found.scope
    g.organisation = found.organisation
    g.permissions = found.permissions
    g.read_only = found.read_only
    g.organisations = users.switch_targets(db, user)
    access.authorize()
    return None


def safe_next(target: str | None) -> str | None:
    """A local path to return to after login (never another site: no open redirect)."""
    if not target:
        return None
    target = target.rstrip("?")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target


def current_scope() -> Scope:
    scope = g.get("scope")
    if scope is None:
        abort(404, description="Организация не выбрана: войдите в систему")
    return scope


def current_user() -> dict[str, Any]:
    user = g.get("user")
    if user is None:
        abort(401)
    return user


def can(permission: str) -> bool:
    return users.Permission(permission) in g.get("permissions", frozenset())


def template_globals() -> dict[str, Any]:
    user = g.get("user")
    return {
        "organisations": g.get("organisations", []),
        "current_org": g.get("organisation"),
        "current_user": user,
        "role_title": users.ROLE_TITLES[users.Role(user["role"])] if user else "",
        "read_only": g.get("read_only", False),
        "can": can,
        "may": may,
    }


@bp.get("/")
def index():
    return redirect(url_for("dossiers.index"))


@bp.post("/organisation")
def choose_organisation():
    """The header's organisation selector: only the organisations `switch_targets` offers."""
    raw = request.form.get("org_id", "")
    if not raw.isdigit():
        abort(400, description="Такой организации нет")
    user = current_user()
    target = int(raw)
    allowed = {int(o["id"]) for o in users.switch_targets(get_db(), user)}
    if target not in allowed:
        abort(404, description="Такой организации нет")
    found = users.access_for(get_db(), user, target)
    session["org"] = target
    from .audit_area import log_action

    g.scope = found.scope
    log_action("org_switch", "organisation", target, read_only=found.read_only)
    note = " (только просмотр)" if found.read_only else ""
    flash(f"Вы работаете в организации «{found.organisation['short_name']}»{note}.", "success")
    return redirect(url_for("dossiers.index"))
