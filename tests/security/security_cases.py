"""The table of the leak suite: every endpoint of the application, with what it shows to whom.

Every rule of `app.url_map` must have a row here (or be in PUBLIC): a new endpoint without a
case fails `test_every_endpoint_has_a_case`. Kinds of rows:

* `list`  — a page or API call listing objects: the ids it shows must be exactly the ones the
  account may see (`truth`), computed from the database, not from docgen's rules;
* `item`  — a page, file or API call about one object: 200 (or `ok`) for visible objects of
  every organisation, 404 for the others, 403 without the permission;
* `page`  — no object: 200 with the permission, 403 without;
* `user`  — any logged-in account;
* `write` — state-changing: checked per role in test_security_roles.py (WRITES there).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from security_helpers import ORGS, TEMPLATE_KIND, World

PUBLIC = {
    "static",
    "templates.static",
    "auth.login",
    "auth.login_submit",
    "auth.setup",
    "auth.setup_submit",
    "auth_api.login",
    "health.healthz",
    "health.readyz",
    "metrics.metrics",
    "api.openapi",  # the API description names no data: integrators read it before logging in
}

TABLES = {
    "dossier": "dossiers",
    "batch": "batches",
    "document": "documents",
    "journal": "journal",
    "series": "series",
    "version": "template_versions",
    "package": "template_packages",
    "user": "users",
    "draft_job": "draft_jobs",
}

# The permission each role has in its own organisation — written out here independently of
# docgen.store.users.ROLE_PERMISSIONS, so that a change there must be made in both places.
PERMISSIONS: dict[str, set[str]] = {
    "admin": {"view", "download", "edit", "issue", "journal", "rerender", "templates", "packages",
              "users", "orgs", "audit"},
    "office": {"view", "download", "edit", "issue", "journal", "rerender", "templates", "packages",
               "users", "orgs", "audit"},
    "curator": {"view", "download", "edit", "issue", "journal", "rerender", "templates"},
    "archivist": {"view", "download", "rerender"},
    "viewer": {"view"},
}  # fmt: skip


def ids_in(pattern: str) -> Callable[[Any], set[int]]:
    compiled = re.compile(pattern)
    return lambda response: {int(i) for i in compiled.findall(response.get_data(as_text=True))}


def json_items(response) -> set[int]:
    return {item["id"] for item in response.get_json()["items"]}


def csv_ids(response) -> set[int]:
    text = response.get_data(as_text=True).lstrip("\ufeff")
    return {int(row["id"]) for row in csv.DictReader(io.StringIO(text))}


# -- ground truth ------------------------------------------------------------------------------


def by_rule(table: str, rule: str, extra: str = "") -> Callable[[World, str], set[int]]:
    def truth(world: World, account: str) -> set[int]:
        keys = world.readable(account) if rule == "readable" else world.own(account)
        return world.ids(table, keys, extra)

    return truth


def packages_truth(world: World, account: str) -> set[int]:
    home = world.home(account)
    own = world.ids("template_packages", {home})
    parent = ORGS[home][2]
    published = world.ids("template_packages", {parent}, "AND published_at IS NOT NULL") if parent else set()
    return own | published


def published_truth(world: World, account: str) -> set[int]:
    parent = ORGS[world.home(account)][2]
    return world.ids("template_packages", {parent}, "AND published_at IS NOT NULL") if parent else set()


def users_truth(world: World, account: str) -> set[int]:
    keys = world.managed(account)
    if not keys:
        return set()
    extra = "" if world.role(account) == "admin" else "AND role <> 'admin'"
    found = world.ids("users", keys, extra)
    if world.role(account) == "admin":  # and the accounts of organisations made by the tests
        found = {r["id"] for r in world.query("SELECT id FROM users")}
    return found


def orgs_truth(world: World, account: str) -> set[int]:
    if world.role(account) == "admin":
        return {r["id"] for r in world.query("SELECT id FROM organisations")}
    home = world.org[world.home(account)]
    return {r["id"] for r in world.query("SELECT id FROM organisations WHERE id = ? OR parent_id = ?",
                                         [home, home])}  # fmt: skip


def audit_truth(world: World, account: str) -> set[int]:
    if world.role(account) == "admin":
        return {r["id"] for r in world.query("SELECT id FROM audit")}
    home = world.org[world.home(account)]
    return {
        r["id"]
        for r in world.query(
            "SELECT id FROM audit WHERE org_id IN (SELECT id FROM organisations WHERE id = ? OR "
            "parent_id = ?)",
            [home, home],
        )
    }


def drafts_truth(world: World, account: str) -> set[int]:
    return world.ids("draft_jobs", visible_orgs(world, account, "drafts"))


def rollup_truth(world: World, account: str) -> set[int]:
    """The dossiers of the schools an office (or an administrator working there) reads, of one year."""
    if world.role(account) not in ("admin", "office"):
        return set()
    schools = set(world.children(world.home(account)))
    return world.ids("dossiers", schools, f"AND school_year = '{ROLLUP_YEAR}'")


# -- who sees one object -----------------------------------------------------------------------


def visible_orgs(world: World, account: str, rule: str) -> set[str]:
    if rule == "readable":
        return world.readable(account)
    if rule == "own":
        return world.own(account)
    if rule == "package":
        return world.package_orgs(account)
    if rule == "managed":
        return world.managed(account)
    if rule == "drafts":  # an office's draft jobs: to its accounts that read all its schools
        home = world.home(account)
        schools = set(world.children(home))
        return {home} if schools and schools <= world.readable(account) else set()
    raise ValueError(rule)


@dataclass(frozen=True)
class Case:
    kind: str
    perm: str | None = None
    url: str = ""
    obj: str | None = None
    rule: str = "readable"
    parse: Callable[[Any], set[int]] | None = None
    truth: Callable[[World, str], set[int]] | None = None
    ok: tuple[int, ...] = (200,)
    subset: bool = False  # a paged list: what it shows must be visible, not all of it


def lst(perm, url, parse, truth, *, subset=False) -> Case:
    return Case("list", perm, url, parse=parse, truth=truth, subset=subset)


def item(perm, url, obj, rule="readable", ok=(200,)) -> Case:
    return Case("item", perm, url, obj, rule, ok=ok)


def page(perm, url, ok=(200,)) -> Case:
    return Case("page", perm, url, ok=ok)


def user(url, ok=(200,)) -> Case:
    return Case("user", None, url, ok=ok)


def write(perm: str | None) -> Case:
    return Case("write", perm)


V = f"/templates/{TEMPLATE_KIND}/versions/{{id}}"
P = "/templates/packages/{id}"
YEAR = 2024  # the world's documents; the role tests issue theirs in another year
WIDE = "date_from=01.01.2000&date_to=31.12.2100"
ROLLUP_YEAR = "2022/2023"  # the school year of the world's dossiers
R = "/registry/dossiers/{id}"

CASES: dict[str, Case] = {
    # header and accounts
    "main.index": user("/", ok=(302,)),
    "main.choose_organisation": write(None),
    "auth.logout": write(None),
    "auth.password": user("/password"),
    "auth.password_submit": write(None),
    "auth.users": lst("users", "/admin/users", ids_in(r'/admin/users/(\d+)"'), users_truth),
    "auth.user": item("users", "/admin/users/{id}", "user", "managed"),
    "auth.create_user": write("users"),
    "auth.update_user": write("users"),
    "auth.organisations": lst("orgs", "/admin/organisations", ids_in(r'data-org="(\d+)"'), orgs_truth),
    "auth.create_organisation": write("orgs"),
    "auth_api.session": user("/api/v1/session"),
    "auth_api.logout": write(None),
    # audit log
    "audit.index": lst("audit", "/audit/", ids_in(r'data-entry="(\d+)"'), audit_truth, subset=True),
    "audit.export_csv": lst("audit", "/audit/export.csv", csv_ids, audit_truth),
    # dossiers
    "dossiers.index": lst(
        "view", "/dossiers/", ids_in(r'/dossiers/(\d+)/organisation"'), by_rule("dossiers", "readable")
    ),
    "dossiers.show": item("view", "/dossiers/{id}/", "dossier", ok=(302,)),
    "dossiers.edit": item("view", "/dossiers/{id}/organisation", "dossier"),
    "dossiers.declension": item("view", "/dossiers/{id}/declension", "dossier"),
    "dossiers.confirm_delete": item("edit", "/dossiers/{id}/delete", "dossier", "own"),
    "dossiers.create": write("edit"),
    "dossiers.save": write("edit"),
    "dossiers.save_declension": write("edit"),
    "dossiers.apply_material": write("edit"),
    "dossiers.delete": write("edit"),
    "pairs_table.show": item("view", "/dossiers/{id}/pairs/table", "dossier"),
    "pairs_table.save": write("edit"),
    # issuing
    "documents.choose": item("issue", "/dossiers/{id}/generate", "dossier"),
    "documents.confirm": write("issue"),
    "documents.issue_now": write("issue"),
    "issue_progress.status": page("issue", "/issue-progress/" + "a" * 24),  # the caller's own issue only
    "documents.batches": lst(
        "view", "/batches/", ids_in(r'/batches/(\d+)"'), by_rule("batches", "readable"), subset=True
    ),
    "documents.batch": item("view", "/batches/{id}", "batch"),
    "documents.batch_zip": item("download", "/batches/{id}/package.zip", "batch"),
    # journal
    "journal.index": lst(
        "view",
        f"/journal/?{WIDE}",
        ids_in(r'data-entry="(\d+)" data-status="registered"'),
        by_rule("journal", "readable", "AND status = 'registered'"),
    ),
    "journal.series": lst(
        "view", "/journal/series", ids_in(r'data-series="(\d+)"'), by_rule("series", "readable")
    ),
    "journal.print_journal": page("download", f"/journal/print?{WIDE}"),
    "journal.void_form": item("journal", "/journal/{id}/void", "journal"),
    "journal.void": write("journal"),
    "journal.create_series": write("journal"),
    "journal.update_series": write("journal"),
    # archive
    "archive.index": lst(
        "view",
        f"/archive/?year={YEAR}",
        ids_in(r'/archive/(\d+)"'),
        by_rule("documents", "readable", f"AND year = {YEAR}"),
    ),
    "archive.record": item("view", "/archive/{id}", "document"),
    "archive.download": item("download", "/archive/{id}/download", "document"),
    "archive.export": write("download"),
    "archive.rerender": write("rerender"),
    # JSON API
    "api.list_dossiers": lst("view", "/api/v1/dossiers", json_items, by_rule("dossiers", "readable")),
    "api.get_dossier": item("view", "/api/v1/dossiers/{id}", "dossier"),
    "api.validate_dossier": write("view"),
    "api.create_dossier": write("edit"),
    "api.put_dossier": write("edit"),
    "api.delete_dossier": write("edit"),
    "api.generate": write("issue"),
    "api.journal_list": lst(
        "view",
        "/api/v1/journal?date_from=2000-01-01&date_to=2100-12-31",
        json_items,
        by_rule("journal", "readable"),
    ),
    "api.archive_search": lst(
        "view",
        f"/api/v1/archive?year={YEAR}&limit=500",
        json_items,
        by_rule("documents", "readable", f"AND year = {YEAR}"),
    ),
    "api.get_document": item("view", "/api/v1/archive/{id}", "document"),
    "api.download_document": item("download", "/api/v1/archive/{id}/download", "document"),
    # templates and packages
    "templates.index": lst("view", "/templates/", ids_in(r'/templates/packages/(\d+)"'), published_truth),
    "templates.kind_page": lst(
        "view",
        f"/templates/{TEMPLATE_KIND}/",
        ids_in(r'/versions/(\d+)"'),
        by_rule("template_versions", "own", f"AND kind = '{TEMPLATE_KIND}'"),
    ),
    "templates.download_current": page("view", f"/templates/{TEMPLATE_KIND}/current.docx"),
    "templates.download_default": page("view", f"/templates/{TEMPLATE_KIND}/default.docx"),
    "templates.reference": page("view", f"/templates/{TEMPLATE_KIND}/reference"),
    "templates.reference_docx": page("view", f"/templates/{TEMPLATE_KIND}/reference.docx"),
    "templates.version": item("view", V, "version", "own"),
    "templates.version_template": item("view", V + "/template.docx", "version", "own"),
    "templates.version_sample": item("download", V + "/sample.docx", "version", "own"),
    "templates.upload": write("templates"),
    "templates.publish": write("templates"),
    "templates.adopt": write("templates"),
    "templates.dismiss": write("templates"),
    "templates.packages_page": lst(
        "view", "/templates/packages/", ids_in(r'/templates/packages/(\d+)"'), packages_truth
    ),
    "templates.package": item("view", P, "package", "package"),
    "templates.export_package": item("view", P + "/export.zip", "package", "package"),
    "templates.package_template": item("view", P + f"/templates/{TEMPLATE_KIND}.docx", "package", "package"),
    "templates.package_material": item("view", P + "/materials/materials/roadmap.json", "package", "package"),
    "templates.create_package": write("packages"),
    "templates.publish_package": write("packages"),
    "templates.import_package": write("packages"),
    # PDF copies and page pictures (previews.py); 202: a job prepares it («готовится»);
    # 503: no LibreOffice (the record page says so)
    "previews.document_pdf": item("download", "/archive/{id}/document.pdf", "document", ok=(200, 202, 503)),
    "previews.document_thumbnail": item("view", "/archive/{id}/thumbnail.png", "document", ok=(200, 202)),
    "previews.document_page": item("view", "/archive/{id}/pages/1.png", "document", ok=(200, 202)),
    "previews.version_page": item("view", V + "/pages/1.png", "version", "own", ok=(200, 202)),
    # a municipal office's unregistered drafts of its schools' packages (drafts.py)
    "drafts.index": lst("download", "/drafts/", ids_in(r'/drafts/(\d+)"'), drafts_truth),
    "drafts.start": write("download"),
    "drafts.job": item("download", "/drafts/{id}", "draft_job", "drafts"),
    "drafts.status": item("download", "/drafts/{id}/status", "draft_job", "drafts"),
    "drafts.download": item("download", "/drafts/{id}/files/0", "draft_job", "drafts"),
    # the registry of participants, KPIs, the roadmap timeline (registry_*.py)
    "registry.index": lst("view", "/registry/", ids_in(r'data-dossier="(\d+)"'), by_rule("dossiers", "own")),
    "registry.sample": page("view", "/registry/sample.xlsx"),
    "registry.dossier": item("view", R + "/", "dossier"),
    "registry.export_xlsx": item("download", R + "/registry.xlsx", "dossier"),
    "registry.export_docx": item("download", R + "/registry.docx", "dossier"),
    "registry.rollup": lst(
        "view", f"/registry/rollup?year={ROLLUP_YEAR}", ids_in(r'data-dossier="(\d+)"'), rollup_truth
    ),
    "registry.rollup_download": page("download", f"/registry/rollup.xlsx?year={ROLLUP_YEAR}"),
    "registry.import_form": item("edit", R + "/import", "dossier", "own"),
    "registry.import_preview": write("edit"),
    "registry.import_apply": write("edit"),
    "registry.kpi": item("view", R + "/kpi", "dossier"),
    "registry.save_kpi_inputs": write("edit"),
    "registry.kpi_chart": item("view", R + "/kpi/forms.png", "dossier"),
    "registry.kpi_report": item("download", R + "/kpi/report.docx", "dossier"),
    "registry.timeline": item("view", R + "/timeline.png", "dossier"),
    "registry.ics": item("download", R + "/roadmap.ics", "dossier"),
}

# Accounts the read checks run for: every role, in an office and in schools of both offices.
READERS = ("admin", "office:A", "office:B", "curator:A", "curator:A1", "archivist:A1", "viewer:A1",
           "curator:B2", "archivist:B1", "viewer:B2")  # fmt: skip
