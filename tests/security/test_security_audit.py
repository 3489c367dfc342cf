"""The audit log: the entry each action writes; who sees which entries; filters and CSV."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from security_helpers import PASSWORD, PASSWORD_HASH, audit_rows, demo_app, log_in, page_token

from docgen.store import audit, users
from docgen.store.db import connect


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return demo_app(tmp_path_factory.mktemp("audit") / "data")


@pytest.fixture(scope="module")
def ids(app) -> dict[str, int]:
    db = connect(app.config["DATABASE"])
    try:
        found = {r[0]: r[1] for r in db.execute("SELECT login, id FROM users")}
        found["school"] = db.execute("SELECT min(id) FROM organisations").fetchone()[0]
        found["office_org"] = db.execute(
            "SELECT id FROM organisations WHERE kind = 'municipal_office'"
        ).fetchone()[0]
        # Accounts the tests may spoil: a password changed, a login blocked.
        for login, role in (
            ("changes-password", "viewer"),
            ("gets-blocked", "curator"),
            ("gets-renamed", "archivist"),
        ):
            found[login] = users.create_user(db, org_id=found["school"], login=login, role=role,
                                             password_hash=PASSWORD_HASH)  # fmt: skip
    finally:
        db.conn.close()
    # An archive to act on, whichever action tests run (and in whatever order).
    assert _issue(_client(app, "curator"))["documents"]
    return found


def _client(app, login: str):
    return log_in(app.test_client(), login)


def _dossier(client) -> int:
    """The demo dossier (the oldest one: others are made by the action tests)."""
    return min(d["id"] for d in client.get("/api/v1/dossiers").get_json()["items"])


def _issue(client) -> dict[str, Any]:
    body = {"kinds": ["curator-order", "roadmap"], "date": "2025-09-01"}
    return client.post(f"/api/v1/dossiers/{_dossier(client)}/generate", json=body).get_json()


def _archived(client) -> dict[str, Any]:
    """The newest archived document (the `ids` fixture issues one batch to begin with)."""
    return client.get("/api/v1/archive?limit=1").get_json()["items"][0]


def _document(client) -> int:
    return _archived(client)["id"]


def _bad_login(app, login="curator"):
    client = app.test_client()
    token = page_token(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"login": login, "password": "неверный", "csrf_token": token})
    return client


def _upload(client) -> int:
    from docgen.store.templates import default_template

    content = default_template("roadmap").content
    response = client.post("/templates/roadmap/upload", data={"file": (io.BytesIO(content), "r.docx")},
                           content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


# Each case does the action as `who` and returns what the entry must say:
# (object type, object id — None: any, details that must be among the entry's).
Expected = tuple[str | None, Any, dict[str, Any]]


def _first_id(response) -> int:
    return int(response.get_json()["id"])


def do_login(app, c, ids) -> Expected:
    return None, None, {}  # logging the client in was the action


def do_login_failed(app, c, ids) -> Expected:
    _bad_login(app)
    return None, None, {}


def do_login_blocked(app, c, ids) -> Expected:
    for _ in range(6):
        _bad_login(app, "gets-blocked")
    return None, None, {"wait_minutes": 15}


def do_logout(app, c, ids) -> Expected:
    c.post("/logout")
    return "user", str(ids["viewer"]), {}


def do_password_change(app, c, ids) -> Expected:
    c.post("/password", data={"current": PASSWORD, "new": "новый-пароль-9", "again": "новый-пароль-9"})
    return "user", str(ids["changes-password"]), {}


def do_org_switch(app, c, ids) -> Expected:
    c.post("/organisation", data={"org_id": str(ids["school"])})
    return "organisation", str(ids["school"]), {"read_only": True}


def do_org_create(app, c, ids) -> Expected:
    c.post("/admin/organisations", data={"name": "Школа № 5", "short_name": "СОШ № 5", "kind": "school"})
    return "organisation", None, {"short_name": "СОШ № 5"}


def do_user_create(app, c, ids) -> Expected:
    c.post("/admin/users", data={"login": "new-archivist", "org_id": str(ids["school"]),
                                 "role": "archivist", "password": "пароль-нового-1"})  # fmt: skip
    return "user", None, {"login": "new-archivist", "role": "archivist"}


def do_user_update(app, c, ids) -> Expected:
    target = ids["gets-renamed"]
    c.post(f"/admin/users/{target}", data={"name": "Архивариус", "role": "viewer", "active": "1"})
    return "user", str(target), {"changes": {"role": ["archivist", "viewer"], "name": ["", "Архивариус"]}}


def do_dossier_create(app, c, ids) -> Expected:
    c.post("/dossiers/", data={"school_year": "2040/2041"})
    return "dossier", None, {"school_year": "2040/2041"}


def do_dossier_update(app, c, ids) -> Expected:
    dossier = _dossier(c)
    current = c.get(f"/api/v1/dossiers/{dossier}").get_json()
    c.put(f"/api/v1/dossiers/{dossier}", json={"data": current["data"], "revision": current["revision"]})
    return "dossier", str(dossier), {"via": "api"}


def do_dossier_delete(app, c, ids) -> Expected:
    dossier = _first_id(c.post("/api/v1/dossiers", json={"data": {"school_year": "2050/2051"}}))
    c.delete(f"/api/v1/dossiers/{dossier}")
    return "dossier", str(dossier), {}


def do_issue(app, c, ids) -> Expected:
    body = _issue(c)
    numbers = [d["number"] for d in body["documents"] if d["number"]]
    assert numbers
    return "batch", str(body["batch_id"]), {"numbers": numbers, "documents": len(body["documents"])}


def do_batch_download(app, c, ids) -> Expected:
    batch = _archived(c)["batch_id"]
    c.get(f"/batches/{batch}/package.zip")
    return "batch", str(batch), {}


def do_document_view(app, c, ids) -> Expected:
    document = _document(c)
    c.get(f"/archive/{document}")
    return "document", str(document), {}


def do_document_download(app, c, ids) -> Expected:
    document = _document(c)
    c.get(f"/archive/{document}/download")
    return "document", str(document), {}


def do_document_rerender(app, c, ids) -> Expected:
    document = _document(c)
    c.post(f"/archive/{document}/rerender")
    return "document", str(document), {}


def do_archive_export(app, c, ids) -> Expected:
    document = _document(c)
    c.post("/archive/export", data={"ids": str(document)})
    return "document", None, {"ids": [document]}


def do_journal_print(app, c, ids) -> Expected:
    c.get("/journal/print?date_from=01.01.2025&date_to=31.12.2025")
    return "series", "od", {}


def do_journal_void(app, c, ids) -> Expected:
    _issue(c)
    entry = c.get("/api/v1/journal").get_json()["items"][-1]
    assert c.post(f"/journal/{entry['id']}/void", data={"reason": "ошибка в дате"}).status_code == 302
    return "journal", str(entry["id"]), {"reason": "ошибка в дате", "number": entry["number"]}


def do_series_create(app, c, ids) -> Expected:
    c.post("/journal/series", data={"code": "kad", "title": "Кадры", "number_format": "{n}-к",
                                    "year_mode": "calendar"})  # fmt: skip
    return "series", None, {"code": "kad", "title": "Кадры"}


def do_series_update(app, c, ids) -> Expected:
    db = connect(app.config["DATABASE"])
    try:
        (series,) = db.execute("SELECT min(id) FROM series WHERE org_id = ?", [ids["school"]]).fetchone()
    finally:
        db.conn.close()
    assert c.post(f"/journal/series/{series}", data={"number_format": "{n}-ОД"}).status_code == 302
    return "series", str(series), {"number_format": "{n}-ОД"}


def do_template_upload(app, c, ids) -> Expected:
    return "template_version", str(_upload(c)), {"kind": "roadmap"}


def do_template_publish(app, c, ids) -> Expected:
    version = _upload(c)
    c.post(f"/templates/roadmap/versions/{version}/publish")
    return "template_version", str(version), {"kind": "roadmap"}


def do_template_change(app, c, ids) -> Expected:
    c.post("/templates/roadmap/adopt")
    return "template", "roadmap", {"change": "drop"}


def do_template_sample(app, c, ids) -> Expected:
    version = _upload(c)
    assert c.get(f"/templates/roadmap/versions/{version}/sample.docx").status_code == 200
    return "template_version", str(version), {"kind": "roadmap"}


def do_package_change(app, c, ids) -> Expected:
    c.post(f"/templates/roadmap/versions/{_upload(c)}/publish")
    c.post("/templates/packages/", data={"name": "Пакет УО", "kinds": "roadmap"})
    return "package", None, {"change": "create"}


def do_participants_import(app, c, ids) -> Expected:
    from docgen.participants import sample_sheet

    # the demo dossier is 2022/2023: pairs outside its school year would make it invalid
    dossier = _dossier(c)
    page = c.post(f"/registry/dossiers/{dossier}/import", data={
        "file": (io.BytesIO(sample_sheet(2022)), "obrazec.xlsx"), "match_by": "name_birth"},
        content_type="multipart/form-data").get_data(as_text=True)  # fmt: skip
    fields = dict(re.findall(r'<input type="hidden" name="([a-z0-9_]+)" value="([^"]*)"', page))
    assert c.post(f"/registry/dossiers/{dossier}/import/confirm", data=fields).status_code == 302
    return "dossier", str(dossier), {"file": "obrazec.xlsx", "rows": 2}


def do_registry_export(app, c, ids) -> Expected:
    dossier = _dossier(c)
    assert c.get(f"/registry/dossiers/{dossier}/registry.xlsx").status_code == 200
    return "dossier", str(dossier), {"what": "registry", "format": "xlsx"}


def do_kpi_inputs_update(app, c, ids) -> Expected:
    dossier = _dossier(c)
    assert c.post(f"/registry/dossiers/{dossier}/kpi", data={"pupils": "640"}).status_code == 302
    return "dossier", str(dossier), {"pupils": 640}


def _drafts_job(c) -> int:
    """Drafts of the office's schools (or the job already running), finished."""
    import time

    response = c.post("/drafts/", data={"all_schools": "1", "kinds": "roadmap"})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    job_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    deadline = time.monotonic() + 120
    while c.get(f"/drafts/{job_id}/status").get_json()["active"]:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    return job_id


def do_drafts_batch(app, c, ids) -> Expected:
    return "draft_job", str(_drafts_job(c)), {"per_school": False}


def do_drafts_download(app, c, ids) -> Expected:
    job_id = _drafts_job(c)
    assert c.get(f"/drafts/{job_id}/files/0").status_code == 200
    return "draft_job", str(job_id), {"file": "proekty-shkol.zip"}


ACTIONS: dict[str, tuple[str, Callable[..., Expected] | None]] = {
    "login": ("curator", do_login),
    "login_failed": ("curator", do_login_failed),
    "login_blocked": ("curator", do_login_blocked),
    "logout": ("viewer", do_logout),
    "password_change": ("changes-password", do_password_change),
    "org_switch": ("office", do_org_switch),
    "org_create": ("admin", do_org_create),
    "user_create": ("office", do_user_create),
    "user_update": ("admin", do_user_update),
    "dossier_create": ("curator", do_dossier_create),
    "dossier_update": ("curator", do_dossier_update),
    "dossier_delete": ("curator", do_dossier_delete),
    "issue": ("curator", do_issue),
    "batch_download": ("archivist", do_batch_download),
    "document_view": ("viewer", do_document_view),
    "document_download": ("office", do_document_download),
    "document_rerender": ("curator", do_document_rerender),
    "archive_export": ("curator", do_archive_export),
    "journal_print": ("curator", do_journal_print),
    "journal_void": ("curator", do_journal_void),
    "series_create": ("curator", do_series_create),
    "series_update": ("curator", do_series_update),
    "template_upload": ("curator", do_template_upload),
    "template_publish": ("curator", do_template_publish),
    "template_change": ("curator", do_template_change),
    "template_sample": ("curator", do_template_sample),
    "package_change": ("office", do_package_change),
    "drafts_batch": ("office", do_drafts_batch),
    "drafts_download": ("office", do_drafts_download),
    "participants_import": ("curator", do_participants_import),
    "registry_export": ("archivist", do_registry_export),
    "kpi_inputs_update": ("curator", do_kpi_inputs_update),
    "setup": ("admin", None),  # first-run setup: test_setup_is_audited
    "setup_refused": ("admin", None),  # a wrong setup code: test_setup_is_audited
}


def test_every_action_has_a_case():
    assert set(ACTIONS) == set(audit.ACTIONS)


@pytest.mark.parametrize("action", [a for a, (_who, do) in ACTIONS.items() if do is not None])
def test_the_action_writes_its_entry(app, ids, action):
    who, do = ACTIONS[action]
    before = max([r["id"] for r in audit_rows(app)] or [0])
    client = _client(app, who)
    object_type, object_id, details = do(app, client, ids)
    found = [r for r in audit_rows(app, action=action) if r["id"] > before]
    assert found, f"no audit entry «{action}»"
    entry = found[-1]
    if action not in ("login_failed", "login_blocked"):
        assert entry["user"] == who
    assert entry["at"] and entry["ip"] == "127.0.0.1"
    if object_type:
        assert entry["object_type"] == object_type
    if object_id is not None:
        assert entry["object_id"] == object_id
    for key, value in details.items():
        assert entry["details"].get(key) == value, (key, entry["details"])
    if action in ("login_failed", "login_blocked"):
        assert entry["org_id"] == ids["school"]  # the account's organisation, for its office to see


def test_failed_login_of_an_unknown_account_belongs_to_no_organisation(app):
    _bad_login(app, "nobody-at-all")
    entry = audit_rows(app, action="login_failed", user="nobody-at-all")[-1]
    assert entry["org_id"] is None


def test_setup_is_audited(tmp_path):
    from docgen.web.app import create_app

    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "d"), "DEMO": False})
    client = app.test_client()
    token = page_token(client.get("/setup").get_data(as_text=True))
    code = (Path(app.config["DATA_DIR"]) / "setup_code").read_text(encoding="ascii")
    client.post(
        "/setup",
        data={
            "csrf_token": token,
            "setup_code": "111-111-111" if code.strip() != "111-111-111" else "222-222-222",
            "login": "boss",
            "password": "пароль-админа-1",
            "again": "пароль-админа-1",
            "org_name": "УО",
            "org_short_name": "УО",
        },
    )
    assert audit_rows(app, action="setup_refused")
    client.post(
        "/setup",
        data={
            "csrf_token": token,
            "setup_code": code,
            "login": "boss",
            "password": "пароль-админа-1",
            "again": "пароль-админа-1",
            "org_name": "УО",
            "org_short_name": "УО",
        },
    )
    assert audit_rows(app, action="setup")[0]["user"] == "boss"


def test_the_log_is_append_only(app):
    import sqlite3

    db = connect(app.config["DATABASE"])
    try:
        for statement in ("UPDATE audit SET user = 'x'", "DELETE FROM audit"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                db.execute(statement)
    finally:
        db.conn.close()


# -- who sees the log ------------------------------------------------------------------------


def _csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_admin_sees_everything_office_its_schools_others_nothing(app, ids):
    _bad_login(app, "nobody-at-all")
    admin = _csv(_client(app, "admin").get("/audit/export.csv"))
    office = _csv(_client(app, "office").get("/audit/export.csv"))
    shown = {int(r["id"]) for r in admin}
    assert shown == {r["id"] for r in audit_rows(app) if r["id"] <= max(shown)}
    assert any(r["org_id"] == "" for r in admin)
    assert office and all(r["org_id"] in (str(ids["school"]), str(ids["office_org"])) for r in office)
    for login in ("curator", "archivist", "viewer"):
        client = _client(app, login)
        assert client.get("/audit/").status_code == 403
        assert client.get("/audit/export.csv").status_code == 403


def test_filters_by_user_action_and_period(app):
    client = _client(app, "admin")
    _issue(_client(app, "curator"))
    rows = _csv(client.get("/audit/export.csv?user=curator&action=issue"))
    assert rows and {(r["user"], r["action"]) for r in rows} == {("curator", "issue")}
    assert rows[0]["action_title"] == "формирование и регистрация документов"
    assert _csv(client.get("/audit/export.csv?date_to=01.01.2000")) == []
    page = client.get("/audit/?action=issue&user=curator").get_data(as_text=True)
    assert 'data-action="issue"' in page and 'data-action="login"' not in page
    bad = client.get("/audit/?date_from=вчера")
    assert bad.status_code == 200 and "ожидается дата" in bad.get_data(as_text=True)
    assert client.get("/audit/export.csv?action=nonsense").status_code == 400


def test_csv_cells_cannot_become_formulas():
    rows = [
        {
            "id": 1,
            "at": "t",
            "org_id": 1,
            "org": '=HYPERLINK("x")',
            "user": "u",
            "action": "login",
            "action_title": "вход",
            "object_type": None,
            "object_id": None,
            "details": {},
            "ip": "-1",
        }
    ]
    text = audit.to_csv(rows)
    assert "'=HYPERLINK" in text and ",'-1" in text
