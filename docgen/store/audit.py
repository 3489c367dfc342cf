"""The audit log: who did what, when and from where. Append-only (triggers refuse changes).

Rows carry the organisation the action was done in (`org_id`; NULL for a failed login of an
unknown account), the user's login, an action from `ACTIONS`, the object (type and id) and
details as JSON. Reading goes through a Scope like every other table.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import sqlite_utils

from docgen.logging_setup import current_request_id
from docgen.safe_cells import csv_row

from .db import now, rows
from .scope import Scope, guard_module

log = logging.getLogger(__name__)

ACTIONS: dict[str, str] = {
    "setup": "первоначальная настройка",
    "setup_refused": "неверный код установки",
    "login": "вход",
    "login_failed": "неудачный вход",
    "login_blocked": "вход заблокирован (много попыток)",
    "logout": "выход",
    "password_change": "смена пароля",
    "org_switch": "переход в другую организацию",
    "org_create": "создание организации",
    "user_create": "создание пользователя",
    "user_update": "изменение пользователя",
    "dossier_create": "создание досье",
    "dossier_update": "изменение досье",
    "dossier_delete": "удаление досье",
    "issue": "формирование и регистрация документов",
    "batch_download": "скачивание выпуска (ZIP)",
    "document_view": "просмотр документа архива",
    "document_download": "скачивание документа",
    "document_rerender": "повторное формирование из снимка",
    "archive_export": "выгрузка из архива",
    "journal_print": "печать журнала регистрации",
    "journal_void": "аннулирование номера",
    "series_create": "создание серии номеров",
    "series_update": "изменение серии номеров",
    "template_upload": "загрузка шаблона",
    "template_publish": "публикация шаблона",
    "template_change": "изменение шаблонов",
    "template_sample": "скачивание образца по шаблону (с данными досье)",
    "package_change": "изменение муниципального пакета",
    "drafts_batch": "проекты документов школ (без регистрации)",
    "drafts_download": "скачивание проектов документов школ (ZIP)",
    "participants_import": "загрузка участников из таблицы",
    "registry_export": "выгрузка реестра участников, показателей или календаря",
    "kpi_inputs_update": "изменение исходных данных показателей",
}

CSV_COLUMNS = ("id", "at", "org_id", "org", "user", "action", "action_title", "object_type",
               "object_id", "details", "ip")  # fmt: skip


@dataclass
class AuditPage:
    total: int
    items: list[dict[str, Any]] = field(default_factory=list)
    limit: int = 50
    offset: int = 0


def record_event(
    db: sqlite_utils.Database,
    *,
    org_id: int | None,
    user: str,
    action: str,
    object_type: str | None = None,
    object_id: object = None,
    details: dict[str, Any] | None = None,
    ip: str | None = None,
) -> int:
    """Write one entry. Unscoped on purpose: logins happen before there is a Scope."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    request_id = current_request_id()
    cursor = db.execute(
        "INSERT INTO audit (org_id, at, user, action, object_type, object_id, details, ip, request_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [
            org_id,
            now(),
            user,
            action,
            object_type,
            None if object_id is None else str(object_id),
            json.dumps(details or {}, ensure_ascii=False, default=str, sort_keys=True),
            ip,
            request_id,
        ],
    )
    log.info("audit: %s by %s (organisation %s)", action, user, org_id)
    return int(cursor.fetchall()[0][0])


def record(
    db: sqlite_utils.Database,
    scope: Scope,
    action: str,
    object_type: str | None = None,
    object_id: object = None,
    *,
    details: dict[str, Any] | None = None,
    ip: str | None = None,
) -> int:
    """An action done through `scope`: its organisation and user."""
    return record_event(
        db, org_id=scope.org_id, user=scope.user, action=action, object_type=object_type,
        object_id=object_id, details=details, ip=ip,
    )  # fmt: skip


def search(
    db: sqlite_utils.Database,
    scope: Scope,
    *,
    user: str | None = None,
    action: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    include_unowned: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> AuditPage:
    """Entries of the readable organisations, newest first; `include_unowned` adds the ones of
    no organisation (failed logins of unknown accounts) — for administrators only."""
    where, params = scope.sql_readable("a.org_id")
    if include_unowned:
        where = f"({where} OR a.org_id IS NULL)"
    clauses = [where]
    if user:
        clauses.append("a.user = ?")
        params.append(user.strip().lower())
    if action:
        clauses.append("a.action = ?")
        params.append(action)
    if date_from:
        clauses.append("a.at >= ?")
        params.append(date_from.isoformat())
    if date_to:
        clauses.append("a.at < ?")
        params.append((date_to + timedelta(days=1)).isoformat())
    condition = " AND ".join(clauses)
    (total,) = db.execute(f"SELECT count(*) FROM audit a WHERE {condition}", params).fetchone()
    found = rows(
        db,
        "SELECT a.id, a.at, a.org_id, o.short_name AS org, a.user, a.action, a.object_type, "
        "a.object_id, a.details, a.ip FROM audit a LEFT JOIN organisations o ON o.id = a.org_id "
        f"WHERE {condition} ORDER BY a.id DESC LIMIT ? OFFSET ?",
        [*params, max(0, int(limit)), max(0, int(offset))],
    )
    for item in found:
        item["details"] = json.loads(item["details"])
        item["action_title"] = ACTIONS.get(item["action"], item["action"])
    return AuditPage(int(total), found, limit, offset)


def users_seen(db: sqlite_utils.Database, scope: Scope, *, include_unowned: bool = False) -> list[str]:
    """Logins that appear in the readable part of the log (for the filter)."""
    where, params = scope.sql_readable("org_id")
    if include_unowned:
        where = f"({where} OR org_id IS NULL)"
    found = rows(db, f"SELECT DISTINCT user FROM audit WHERE {where} ORDER BY user", params)
    return [r["user"] for r in found]


def to_csv(items: list[dict[str, Any]]) -> str:
    """The entries as CSV (UTF-8 with BOM added by the caller for Excel), one row each."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in items:
        row = dict(item, details=json.dumps(item["details"], ensure_ascii=False, sort_keys=True))
        writer.writerow(csv_row(row.get(c) for c in CSV_COLUMNS))
    return out.getvalue()


guard_module(globals())
