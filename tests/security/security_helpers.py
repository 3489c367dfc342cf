"""The world of the security tests: two municipal offices with two schools each, documents,
journals, templates and packages in every organisation, accounts of every role; logging in.

(A module of its own: conftest is not importable.)
"""

from __future__ import annotations

import copy
import itertools
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from werkzeug.security import generate_password_hash

from docgen.model import read_data
from docgen.store import dossiers as drafts
from docgen.store import draft_jobs, issue, journal, orgs, packages, templates, users
from docgen.store.blobstore import open_store
from docgen.store.db import connect, rows
from docgen.store.files import FileStore
from docgen.store.scope import Scope
from docgen.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "пароль-безопасности"
# Cheap scrypt for the many test accounts; real accounts use werkzeug's default cost.
PASSWORD_HASH = generate_password_hash(PASSWORD, method="scrypt:1024:8:1")
KINDS = ["curator-order", "roadmap"]
ISSUE_DATE = date(2024, 9, 2)
TEMPLATE_KIND = "roadmap"

# key -> (short name, kind, parent key)
ORGS: dict[str, tuple[str, str, str | None]] = {
    "A": ("УО Альфа", "municipal_office", None),
    "A1": ("Школа Альфа-1", "school", "A"),
    "A2": ("Школа Альфа-2", "school", "A"),
    "B": ("УО Бета", "municipal_office", None),
    "B1": ("Школа Бета-1", "school", "B"),
    "B2": ("Школа Бета-2", "school", "B"),
}
SCHOOLS = ("A1", "A2", "B1", "B2")
OFFICES = ("A", "B")

# account name -> (role, org key)
ACCOUNTS: dict[str, tuple[str, str]] = {"admin": ("admin", "A")}
ACCOUNTS.update({f"office:{o}": ("office", o) for o in OFFICES})
ACCOUNTS.update({f"curator:{o}": ("curator", o) for o in ("A", *SCHOOLS)})
ACCOUNTS.update({f"{r}:{s}": (r, s) for r in ("archivist", "viewer") for s in SCHOOLS})
ROLES = ("admin", "office", "curator", "archivist", "viewer")

_counter = itertools.count(1)


def unique() -> int:
    return next(_counter)


def login_of(name: str) -> str:
    return name.replace(":", "-").lower()


def sample(name: str) -> dict[str, Any]:
    path = next(p for p in (ROOT / "samples").iterdir() if p.stem == name)
    return copy.deepcopy(read_data(path))


@dataclass
class World:
    app: Any
    org: dict[str, int] = field(default_factory=dict)  # key -> id
    key_of: dict[int, str] = field(default_factory=dict)  # id -> key
    objects: dict[tuple[str, str], int] = field(default_factory=dict)  # (type, org key) -> id

    # -- storage access --------------------------------------------------------------------

    def db(self):
        return connect(self.app.config["DATABASE"])

    def files(self) -> FileStore:
        return open_store(self.app.config["FILES_DIR"], self.app.config.get("STORAGE_URL") or "")

    def query(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        db = self.db()
        try:
            return rows(db, sql, params or [])
        finally:
            db.conn.close()

    def scope(self, key: str, user: str = "тест") -> Scope:
        return Scope(self.org[key], user)

    # -- who sees what (written from the world's structure, not from docgen's rules) -------

    def role(self, account: str) -> str:
        return ACCOUNTS[account][0]

    def home(self, account: str) -> str:
        return ACCOUNTS[account][1]

    def children(self, key: str) -> list[str]:
        return [k for k, (_n, _kind, parent) in ORGS.items() if parent == key]

    def readable(self, account: str) -> set[str]:
        """Organisations whose archive, journal, issues and drafts the account reads."""
        home = self.home(account)
        if self.role(account) in ("admin", "office"):
            return {home, *self.children(home)}
        return {home}

    def own(self, account: str) -> set[str]:
        return {self.home(account)}

    def package_orgs(self, account: str) -> set[str]:
        """Whose packages: the own organisation's, and the published ones of its parent."""
        home = self.home(account)
        parent = ORGS[home][2]
        return {home} | ({parent} if parent else set())

    def managed(self, account: str) -> set[str]:
        """Organisations whose accounts the account administers."""
        role, home = ACCOUNTS[account]
        if role == "admin":
            return set(ORGS)
        if role == "office":
            return {home, *self.children(home)}
        return set()

    def ids(self, table: str, keys: set[str], extra: str = "") -> set[int]:
        """Ground truth: ids of `table` rows of these organisations (known ones only)."""
        ids = [self.org[k] for k in keys]
        marks = ", ".join("?" * len(ids))
        found = self.query(f"SELECT id FROM {table} WHERE org_id IN ({marks}) {extra}", ids)
        return {r["id"] for r in found}

    def all_ids(self, table: str, extra: str = "") -> set[int]:
        return self.ids(table, set(ORGS), extra)


def build_world(data_dir: Path) -> World:
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DEMO": False})
    world = World(app)
    db = world.db()
    files = world.files()
    try:
        for key, (name, kind, parent) in ORGS.items():
            world.org[key] = orgs.create_organisation(
                db, name=f"{name} (полное название)", short_name=name, kind=kind,
                parent_id=world.org[parent] if parent else None,
            )  # fmt: skip
            world.key_of[world.org[key]] = key
        for account, (role, key) in ACCOUNTS.items():
            users.create_user(
                db, org_id=world.org[key], login=login_of(account), role=role,
                password_hash=PASSWORD_HASH, name=f"Тест {account}",
            )  # fmt: skip
        for key in ORGS:
            scope = world.scope(key, f"curator-{key.lower()}")
            data = sample("municipal-berezniki" if key in OFFICES else "gymnasium-20")
            dossier_id = drafts.save_draft(db, scope, school_year=data["school_year"], data=data)
            world.objects["dossier", key] = dossier_id
            result = issue.issue_documents(
                db, files, scope, dossier_id=dossier_id, kinds=KINDS, issue_date=ISSUE_DATE,
                issued_by=scope.user,
            )  # fmt: skip
            world.objects["batch", key] = result.batch_id
            world.objects["document", key] = result.documents[0]["id"]
            entry = journal.register_entry(db, scope, when=ISSUE_DATE, title=f"Приказ {key}")
            world.objects["journal", key] = entry["id"]
            world.objects["series", key] = journal.list_series(db, scope)[0]["id"]
            version_id = upload_version(db, files, scope)
            templates.publish_version(db, scope, version_id)
            world.objects["version", key] = version_id
        for key in OFFICES:
            scope = world.scope(key, f"office-{key.lower()}")
            package_id = packages.create_package(db, files, scope, name=f"Пакет {key}", kinds=[TEMPLATE_KIND])
            packages.publish_package(db, scope, package_id)
            world.objects["package", key] = package_id
            # Drafts of the office's schools (docgen.web.drafts), finished, with their ZIP.
            schools = frozenset(world.org[c] for c in world.children(key))
            office = Scope(world.org[key], f"office-{key.lower()}", readable_org_ids=schools)
            for _ in range(2):
                job_id = draft_jobs.create_job(db, office, school_ids=sorted(schools), kinds=[TEMPLATE_KIND],
                                               per_school=False)  # fmt: skip
                draft_jobs.run_job(db, files, office, job_id)
            world.objects["draft_job", key] = job_id
        for account in ACCOUNTS:
            world.objects["user", account] = users.find_user(db, login_of(account))["id"]
    finally:
        db.conn.close()
    return world


def upload_version(db, files: FileStore, scope: Scope, kind: str = TEMPLATE_KIND) -> int:
    content = templates.default_template(kind).content
    result = templates.upload_template(db, files, scope, kind, content, file_name=f"{kind}.docx")
    assert result.ok, result.report
    return int(result.version_id)


# -- clients -------------------------------------------------------------------------------------

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def page_token(html: str) -> str:
    return _TOKEN.search(html).group(1)


def log_in(client, login: str, password: str = PASSWORD, *, csrf_header: bool = True):
    """Log in through the form; with `csrf_header`, later requests send X-CSRF-Token."""
    token = page_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"login": login, "password": password, "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    if csrf_header:
        client.environ_base["HTTP_X_CSRF_TOKEN"] = session_token(client)
    return client


def session_token(client) -> str:
    with client.session_transaction() as session:
        return session["csrf"]


def client_for(world: World, account: str, **kwargs):
    return log_in(world.app.test_client(), login_of(account), **kwargs)


def demo_app(data_dir: Path, **config: Any):
    """A small installation: the demo school with one account per role (office: its office)."""
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DEMO": True, **config})
    db = connect(app.config["DATABASE"])
    try:
        school = min(orgs.list_organisations(db), key=lambda o: o["id"])
        office = orgs.find_organisation(db, "УО Демо")
        if office is None:
            office_id = orgs.create_organisation(
                db, name="Управление образования (демо)", short_name="УО Демо", kind="municipal_office"
            )
            db.execute("UPDATE organisations SET parent_id = ? WHERE id = ?", [office_id, school["id"]])
        else:
            office_id = office["id"]
        for role in ROLES:
            if users.find_user(db, role) is None:
                users.create_user(
                    db,
                    org_id=office_id if role in ("office", "admin") else school["id"],
                    login=role,
                    role=role,
                    password_hash=PASSWORD_HASH,
                    name=f"Демо {role}",
                )
    finally:
        db.conn.close()
    return app


def audit_rows(app, **where: Any) -> list[dict[str, Any]]:
    db = connect(app.config["DATABASE"])
    try:
        clauses = " AND ".join(f"{k} = ?" for k in where) or "1"
        found = rows(db, f"SELECT * FROM audit WHERE {clauses} ORDER BY id", list(where.values()))
    finally:
        db.conn.close()
    import json

    for row in found:
        row["details"] = json.loads(row["details"])
    return found
