"""What each endpoint requires: nothing (public), a logged-in user, or a permission.

The table is closed: an endpoint missing from it is refused to everyone (403, and an error in
the log), so a new page cannot be reachable by accident. `tests/security` checks that every
rule of the url_map is listed here and in the leak suite. The permissions of each role and the
organisation rules are in `docgen.store.users`.
"""

from __future__ import annotations

import logging

from flask import abort, g, request

from docgen.store.users import Permission

log = logging.getLogger(__name__)

P = Permission

PUBLIC = "public"  # no login: the login and first-run pages, static files
USER = "user"  # any logged-in user

# endpoint -> requirement; a dict maps HTTP methods to requirements when one view takes several.
ENDPOINTS: dict[str, str | Permission | dict[str, str | Permission]] = {
    "static": PUBLIC,
    # liveness and readiness (health.py); /metrics checks its own token or address (metrics.py)
    "health.healthz": PUBLIC,
    "health.readyz": PUBLIC,
    "metrics.metrics": PUBLIC,
    # accounts (auth.py, auth_setup.py, auth_admin.py, auth_api.py)
    "auth.login": PUBLIC,
    "auth.login_submit": PUBLIC,
    "auth.setup": PUBLIC,
    "auth.setup_submit": PUBLIC,
    "auth.logout": USER,
    "auth.password": USER,
    "auth.password_submit": USER,
    "auth.users": P.USERS,
    "auth.create_user": P.USERS,
    "auth.user": P.USERS,
    "auth.update_user": P.USERS,
    "auth.organisations": P.ORGS,
    "auth.create_organisation": P.ORGS,
    "auth_api.login": PUBLIC,
    "auth_api.session": USER,
    "auth_api.logout": USER,
    # the audit log (audit_area.py)
    "audit.index": P.AUDIT,
    "audit.export_csv": P.AUDIT,
    # header
    "main.index": USER,
    "main.choose_organisation": USER,  # the view allows only `switch_targets`
    # dossiers
    "dossiers.index": P.VIEW,
    "dossiers.show": P.VIEW,
    "dossiers.edit": P.VIEW,
    "dossiers.declension": P.VIEW,
    "dossiers.create": P.EDIT,
    "dossiers.save": P.EDIT,
    "dossiers.save_declension": P.EDIT,
    "dossiers.apply_material": P.EDIT,
    "dossiers.confirm_delete": P.EDIT,
    "dossiers.delete": P.EDIT,
    "pairs_table.show": P.VIEW,  # the compact pairs editor (read-only without EDIT)
    "pairs_table.save": P.EDIT,
    # issuing
    "documents.choose": P.ISSUE,
    "documents.confirm": P.ISSUE,
    "documents.issue_now": P.ISSUE,
    "issue_progress.status": P.ISSUE,  # the caller's own issue only (issue_progress.py)
    "documents.batches": P.VIEW,
    "documents.batch": P.VIEW,
    "documents.batch_zip": P.DOWNLOAD,
    # journal
    "journal.index": P.VIEW,
    "journal.series": P.VIEW,
    "journal.print_journal": P.DOWNLOAD,
    "journal.void_form": P.JOURNAL,
    "journal.void": P.JOURNAL,
    "journal.create_series": P.JOURNAL,
    "journal.update_series": P.JOURNAL,
    # archive
    "archive.index": P.VIEW,
    "archive.record": P.VIEW,
    "archive.download": P.DOWNLOAD,
    "archive.export": P.DOWNLOAD,
    "archive.rerender": P.RERENDER,
    # templates and municipal packages (templates_area.py)
    "templates.static": PUBLIC,
    "templates.index": P.VIEW,
    "templates.kind_page": P.VIEW,
    "templates.download_current": P.VIEW,  # blank templates name nobody: no DOWNLOAD needed
    "templates.download_default": P.VIEW,
    "templates.reference": P.VIEW,
    "templates.reference_docx": P.VIEW,
    "templates.version": P.VIEW,
    "templates.version_template": P.VIEW,
    "templates.version_sample": P.DOWNLOAD,  # rendered from the organisation's own latest dossier
    "templates.upload": P.TEMPLATES,
    "templates.publish": P.TEMPLATES,
    "templates.adopt": P.TEMPLATES,
    "templates.dismiss": P.TEMPLATES,
    "templates.packages_page": P.VIEW,
    "templates.package": P.VIEW,
    "templates.export_package": P.VIEW,
    "templates.package_template": P.VIEW,
    "templates.package_material": P.VIEW,
    "templates.create_package": P.PACKAGES,
    "templates.publish_package": P.PACKAGES,
    "templates.import_package": P.PACKAGES,
    # PDF copies and page pictures (previews.py): pictures are previews, the PDF is a download
    "previews.document_pdf": P.DOWNLOAD,
    "previews.document_thumbnail": P.VIEW,
    "previews.document_page": P.VIEW,
    "previews.version_page": P.VIEW,  # like the version page's own preview of the sample
    # a municipal office's unregistered drafts of its schools' packages (drafts.py)
    "drafts.index": P.DOWNLOAD,
    "drafts.start": P.DOWNLOAD,
    "drafts.job": P.DOWNLOAD,
    "drafts.status": P.DOWNLOAD,
    "drafts.download": P.DOWNLOAD,
    # JSON API
    "api.openapi": PUBLIC,  # the description names no data: integrators read it before logging in
    "api.list_dossiers": P.VIEW,
    "api.get_dossier": P.VIEW,
    "api.validate_dossier": P.VIEW,
    "api.create_dossier": P.EDIT,
    "api.put_dossier": P.EDIT,
    "api.delete_dossier": P.EDIT,
    "api.generate": P.ISSUE,
    "api.journal_list": P.VIEW,
    "api.archive_search": P.VIEW,
    "api.get_document": P.VIEW,
    "api.download_document": P.DOWNLOAD,
    # the registry of participants, KPIs, the roadmap timeline (registry_*.py)
    "registry.index": P.VIEW,
    "registry.sample": P.VIEW,  # the blank sample sheet names nobody
    "registry.dossier": P.VIEW,
    "registry.export_xlsx": P.DOWNLOAD,
    "registry.export_docx": P.DOWNLOAD,
    "registry.rollup": P.VIEW,
    "registry.rollup_download": P.DOWNLOAD,
    "registry.import_form": P.EDIT,
    "registry.import_preview": P.EDIT,
    "registry.import_apply": P.EDIT,
    "registry.kpi": P.VIEW,
    "registry.save_kpi_inputs": P.EDIT,
    "registry.kpi_chart": P.VIEW,
    "registry.kpi_report": P.DOWNLOAD,
    "registry.timeline": P.VIEW,
    "registry.ics": P.DOWNLOAD,
}


def requirement(endpoint: str | None, method: str) -> str | Permission | None:
    """PUBLIC, USER, a Permission, or None for an endpoint nobody declared."""
    if endpoint is None:
        return None
    found = ENDPOINTS.get(endpoint)
    if isinstance(found, dict):
        return found.get("GET" if method == "HEAD" else method)
    return found


def is_public(endpoint: str | None, method: str) -> bool:
    return requirement(endpoint, method) == PUBLIC


def authorize() -> None:
    """Abort with 403 unless the logged-in user's permissions here cover the endpoint."""
    needed = requirement(request.endpoint, request.method)
    if needed is None:
        log.error("endpoint %s is not in docgen.web.access.ENDPOINTS: refused", request.endpoint)
        abort(403)
    if needed in (PUBLIC, USER):
        return
    if Permission(needed) not in g.get("permissions", frozenset()):
        abort(403, description=_refusal(Permission(needed)))


REFUSALS: dict[Permission, str] = {
    P.VIEW: "Просмотр недоступен.",
    P.DOWNLOAD: "Скачивание и выгрузка документов вашей роли недоступны.",
    P.EDIT: "Изменять досье ваша роль не позволяет.",
    P.ISSUE: "Формировать и регистрировать документы ваша роль не позволяет.",
    P.JOURNAL: "Изменять журнал регистрации ваша роль не позволяет.",
    P.RERENDER: "Повторное формирование документов вашей роли недоступно.",
    P.TEMPLATES: "Загружать и публиковать шаблоны ваша роль не позволяет.",
    P.PACKAGES: "Муниципальные пакеты шаблонов ведёт управление образования.",
    P.USERS: "Управлять пользователями ваша роль не позволяет.",
    P.ORGS: "Создавать организации ваша роль не позволяет.",
    P.AUDIT: "Журнал действий пользователей доступен администраторам и управлению образования.",
}


def _refusal(permission: Permission) -> str:
    message = REFUSALS[permission]
    if g.get("read_only"):
        message += " В организации, открытой только для просмотра, изменения невозможны."
    return message
