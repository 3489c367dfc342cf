"""The current organisation of a request (chosen in the header until accounts arrive).

Every request builds `g.scope` from it; all store calls go through that scope, so another
organisation's records look missing (404).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, g, redirect, request, session, url_for

from docgen.store import orgs
from docgen.store.scope import Scope

from .db import get_db

bp = Blueprint("main", __name__)

SESSION_KEY = "org_id"


def load_scope() -> None:
    """before_request: the organisation list, the current organisation and its Scope."""
    if request.endpoint == "static":
        return
    organisations = orgs.list_organisations(get_db())
    g.organisations = organisations
    chosen = session.get(SESSION_KEY)
    current = next((o for o in organisations if o["id"] == chosen), None)
    if current is None and organisations:
        current = min(organisations, key=lambda o: o["id"])  # the first one: the demo
    g.organisation = current
    g.scope = Scope(int(current["id"])) if current else None


def current_scope() -> Scope:
    scope = g.get("scope")
    if scope is None:
        abort(404, description="Организация не выбрана: создайте организацию")
    return scope


def template_globals() -> dict[str, Any]:
    return {
        "organisations": g.get("organisations", []),
        "current_org": g.get("organisation"),
    }


@bp.get("/")
def index():
    return redirect(url_for("dossiers.index"))


@bp.post("/organisation")
def choose_organisation():
    """The header's organisation selector."""
    raw = request.form.get("org_id", "")
    known = {o["id"] for o in g.get("organisations", [])}
    if not raw.isdigit() or int(raw) not in known:
        abort(400, description="Такой организации нет")
    session[SESSION_KEY] = int(raw)
    return redirect(url_for("dossiers.index"))
