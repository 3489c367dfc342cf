"""The JSON API's session: log in, see who is logged in (with the CSRF token), log out."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, jsonify, request

from docgen.store import users

from . import security
from .audit_area import log_action
from .auth import attempt_login
from .context import end_session
from .db import get_db
from .errors import ApiError

api_bp = Blueprint("auth_api", __name__, url_prefix="/api/v1")


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
    user, status, message = attempt_login(login_value, password_value)
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
