"""The audit log: `log_action()` for the views, and its pages (filter, page through, CSV).

Administrators see every organisation's entries (and failed logins of unknown accounts);
municipal office staff see their office's and its schools' entries (their Scope).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, g, render_template, request

from docgen.grammar import parse_date
from docgen.store import audit, orgs
from docgen.store.scope import Scope
from docgen.store.users import Role

from .audit_words import in_words
from .db import get_db
from .security import client_ip

bp = Blueprint("audit", __name__, url_prefix="/audit")

PAGE_SIZE = 50
CSV_LIMIT = 100_000


def log_action(
    action: str,
    object_type: str | None = None,
    object_id: object = None,
    *,
    in_org: int | None = None,
    **details: Any,
) -> None:
    """Record an action of the current user in the organisation they work in — or, with
    `in_org`, in the organisation the action is about (an administrator creating an account
    or an organisation elsewhere is audited there, not where they happen to be switched in)."""
    scope = g.get("scope")
    user = g.get("user")
    if scope is None and user is None:
        return
    if scope is None or in_org is not None:
        audit.record_event(
            get_db(), org_id=int(in_org if in_org is not None else user["org_id"]),
            user=str(scope.user if scope is not None else user["login"]), action=action,
            object_type=object_type, object_id=object_id, details=details, ip=client_ip(),
        )  # fmt: skip
        return
    audit.record(get_db(), scope, action, object_type, object_id, details=details, ip=client_ip())


def _audit_scope() -> tuple[Scope, bool]:
    """Administrators: every organisation and the entries of none; office staff: their Scope."""
    user = g.user
    if user["role"] == Role.ADMIN:
        every = frozenset(int(o["id"]) for o in orgs.list_organisations(get_db()))
        return Scope(g.scope.org_id, g.scope.user, readable_org_ids=every), True
    return g.scope, False


def _filters() -> tuple[dict[str, Any], dict[str, str]]:
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key in ("user", "action"):
        raw = request.args.get(key, "").strip()
        if raw:
            values[key] = raw
    if values.get("action") and values["action"] not in audit.ACTIONS:
        errors["action"] = "Нет такого действия"
    for key, title in (("date_from", "Дата с"), ("date_to", "Дата по")):
        raw = request.args.get(key, "").strip()
        if raw:
            try:
                values[key] = parse_date(raw)
            except ValueError:
                errors[key] = f"{title}: ожидается дата ДД.ММ.ГГГГ"
    page = request.args.get("page", "1")
    values["page"] = int(page) if page.isdigit() and int(page) > 0 else 1
    return values, errors


def _search(values: dict[str, Any], limit: int, offset: int) -> audit.AuditPage:
    scope, unowned = _audit_scope()
    return audit.search(
        get_db(),
        scope,
        user=values.get("user"),
        action=values.get("action"),
        date_from=values.get("date_from"),
        date_to=values.get("date_to"),
        include_unowned=unowned,
        limit=limit,
        offset=offset,
    )


@bp.get("/")
def index():
    values, errors = _filters()
    page = values["page"]
    result = audit.AuditPage(0) if errors else _search(values, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    scope, unowned = _audit_scope()
    return render_template(
        "audit/index.html",
        result=result,
        entries=in_words(get_db(), scope, result.items),
        args=request.args,
        errors=errors,
        actions=audit.ACTIONS,
        logins=audit.users_seen(get_db(), scope, include_unowned=unowned),
        page=page,
        pages=max(1, -(-result.total // PAGE_SIZE)),
    )


@bp.get("/export.csv")
def export_csv() -> Response:
    values, errors = _filters()
    if errors:
        abort(400, description="; ".join(errors.values()))
    result = _search(values, CSV_LIMIT, 0)
    log_action("archive_export", "audit", None, rows=len(result.items), what="журнал действий")
    body = "\ufeff" + audit.to_csv(result.items)  # BOM: Excel opens UTF-8 as UTF-8
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="docgen-audit-{date.today():%Y%m%d}.csv"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
