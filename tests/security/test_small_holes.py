"""Smaller holes of issue 13 §4.7: an administrator's actions audited under the organisation
they act on, a private data folder, common passwords and the login as a password refused, a
password spray throttled per address, a full disk answered in Russian (web, API and CLI)."""

from __future__ import annotations

import errno
import io
import os
import re
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from security_helpers import PASSWORD, audit_rows, demo_app, log_in, page_token

from docgen.admin_cli import users as users_cli
from docgen.admin_cli import verify
from docgen.store import orgs, private
from docgen.store.db import connect
from docgen.store.files import FileStore
from docgen.web.app import create_app


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += minutes * 60


def _ids(app) -> tuple[int, int]:
    """(the demo school, its office «УО Демо»)."""
    db = connect(app.config["DATABASE"])
    try:
        school = min(orgs.list_organisations(db), key=lambda o: o["id"])
        return int(school["id"]), int(orgs.find_organisation(db, "УО Демо")["id"])
    finally:
        db.conn.close()


# -- an administrator's actions are audited where they act ------------------------------------


def test_an_administrators_actions_are_audited_under_the_organisation_acted_on(tmp_path):
    app = demo_app(tmp_path / "data")
    school, office = _ids(app)
    admin = log_in(app.test_client(), "admin")  # works in the office
    assert admin.post("/organisation", data={"org_id": str(school)}).status_code == 302  # switched in
    created = admin.post("/admin/users", data={"login": "new-in-office", "org_id": str(office),
                                               "role": "viewer", "password": "длинный-пароль-1"})  # fmt: skip
    assert created.status_code == 302
    (entry,) = audit_rows(app, action="user_create")
    assert entry["org_id"] == office and entry["user"] == "admin"
    user_id = int(entry["object_id"])
    assert admin.post(f"/admin/users/{user_id}", data={"name": "Новое имя", "active": "1"}).status_code == 302
    (update,) = audit_rows(app, action="user_update")
    assert update["org_id"] == office
    made = admin.post("/admin/organisations", data={"name": "Школа № 7 (полное)", "short_name": "Школа № 7",
                                                     "kind": "school", "parent_id": str(office)})  # fmt: skip
    assert made.status_code == 302
    (org_entry,) = audit_rows(app, action="org_create")
    assert org_entry["org_id"] == int(org_entry["object_id"]) != school
    # Actions on the organisation switched into stay there.
    (switch,) = audit_rows(app, action="org_switch")
    assert switch["org_id"] == school


# -- the data folder is private ----------------------------------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.sqlite_only  # modes of the SQLite file and its -wal/-shm
def test_the_data_folder_database_and_files_are_private(tmp_path):
    old = os.umask(0o022)  # a usual umask: without care, files would be 0644
    try:
        app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "a" / "data"), "DEMO": True})
        data = Path(app.config["DATA_DIR"])
        sha = FileStore(app.config["FILES_DIR"]).put(b"a stored document")
        db = connect(app.config["DATABASE"])
        db.execute("CREATE TABLE IF NOT EXISTS probe (x)")  # the -wal and -shm files exist now
        try:
            assert _mode(data) == 0o700
            assert _mode(data / "files") == 0o700
            for name in ("docgen.sqlite3", "docgen.sqlite3-wal", "docgen.sqlite3-shm", "secret_key"):
                assert _mode(data / name) == 0o600, name
            blob = FileStore(app.config["FILES_DIR"]).path(sha)
            assert _mode(blob) == 0o400
            assert _mode(blob.parent) == _mode(blob.parent.parent) == 0o700
        finally:
            db.conn.close()
    finally:
        os.umask(old)


@pytest.mark.sqlite_only  # modes of the SQLite file and its -wal/-shm
def test_an_existing_loose_data_folder_is_tightened_on_start(tmp_path):
    data = tmp_path / "data"
    app = create_app({"TESTING": True, "DATA_DIR": str(data), "DEMO": False})
    sha = FileStore(app.config["FILES_DIR"]).put(b"x")
    blob = FileStore(app.config["FILES_DIR"]).path(sha)
    for path, mode in ((data, 0o755), (data / "files", 0o775), (blob.parent, 0o755), (blob, 0o444),
                       (data / "docgen.sqlite3", 0o644)):  # fmt: skip
        path.chmod(mode)
    create_app({"TESTING": True, "DATA_DIR": str(data), "DEMO": False})  # the next start
    assert _mode(data) == _mode(data / "files") == _mode(blob.parent) == 0o700
    assert _mode(blob) == 0o400 and _mode(data / "docgen.sqlite3") == 0o600
    (data / "files" / "loose").write_text("x")
    (data / "files" / "loose").chmod(0o666)
    CliRunner().invoke(users_cli, ["list", "--data-dir", str(data)])  # the CLI tightens too
    assert _mode(data / "files" / "loose") == 0o600


def test_make_dir_creates_every_missing_level_private(tmp_path):
    private.make_dir(tmp_path / "a" / "b" / "c")
    assert {_mode(tmp_path / p) for p in ("a", "a/b", "a/b/c")} == {0o700}


# -- passwords ------------------------------------------------------------------------------------

COMMON = "Этот пароль слишком распространён"
SAME = "Пароль не должен совпадать с логином"


@pytest.mark.parametrize(
    ("login", "password", "message"),
    [("director", "qwertyuiop", COMMON), ("director", "Password123", COMMON),
     ("director", "1q2w3e4r5t", COMMON), ("director.school", "Director.School", SAME)],
)  # fmt: skip
def test_setup_refuses_a_common_password_or_the_login(tmp_path, login, password, message):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "fresh"), "DEMO": False})
    client = app.test_client()
    token = page_token(client.get("/setup").get_data(as_text=True))
    code = (Path(app.config["DATA_DIR"]) / "setup_code").read_text(encoding="ascii").strip()
    response = client.post("/setup", data={
        "csrf_token": token, "setup_code": code, "login": login, "name": "Директор", "password": password,
        "again": password, "org_name": "Управление образования г. Энска", "org_short_name": "УО Энска",
        "org_kind": "municipal_office"})  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and message in page
    assert 'value="УО Энска"' in page  # the form keeps what was typed


def test_password_change_refuses_a_common_password_or_the_login(tmp_path):
    app = demo_app(tmp_path / "data")
    client = log_in(app.test_client(), "archivist")
    for new in ("1234567890", "QWERTYUIOP", "password123"):
        response = client.post("/password", data={"current": PASSWORD, "new": new, "again": new})
        assert response.status_code == 422 and COMMON in response.get_data(as_text=True)
    # a 10-character login used as the password
    admin = log_in(app.test_client(), "admin")
    school, _office = _ids(app)
    done = admin.post("/admin/users", data={"login": "ivanova.ta", "org_id": str(school), "role": "viewer",
                                            "password": "IVANOVA.TA"})  # fmt: skip
    assert done.status_code == 422 and SAME in done.get_data(as_text=True)


def test_users_create_refuses_a_common_password_or_the_login(tmp_path):
    data = tmp_path / "data"
    create_app({"TESTING": True, "DATA_DIR": str(data), "DEMO": False})
    runner = CliRunner()
    base = [
        "create",
        "--admin",
        "--org",
        "УО Энска",
        "--create-org",
        "--data-dir",
        str(data),
        "--password-stdin",
    ]
    common = runner.invoke(users_cli, [*base, "--login", "boss"], input="password123\n")
    assert common.exit_code == 1 and COMMON in common.output
    same = runner.invoke(users_cli, [*base, "--login", "boss.enska"], input="Boss.Enska\n")
    assert same.exit_code == 1 and SAME in same.output
    good = runner.invoke(users_cli, [*base, "--login", "boss"], input="пароль-начальника\n")
    assert good.exit_code == 0, good.output


# -- a password spray is throttled per address -------------------------------------------------


def _login(client, login: str, password: str, ip: str):
    token = page_token(client.get("/login", environ_base={"REMOTE_ADDR": ip}).get_data(as_text=True))
    return client.post("/login", data={"login": login, "password": password, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": ip})  # fmt: skip


def test_a_password_spray_from_one_address_is_throttled(tmp_path):
    clock = Clock()
    app = demo_app(tmp_path / "data", CLOCK=clock, LOGIN_MAX_FAILURES_PER_ADDRESS=10)
    client = app.test_client()
    sprayer, other = "203.0.113.5", "198.51.100.7"
    for n in range(10):  # one wrong password for each of ten logins: under the per-login limit of 5
        assert _login(client, f"teacher{n}", "Winter2024!", sprayer).status_code == 401
    blocked = _login(client, "curator", PASSWORD, sprayer)  # even the right password
    assert blocked.status_code == 429
    assert "с этого адреса" in blocked.get_data(as_text=True)
    assert _login(app.test_client(), "curator", PASSWORD, other).status_code == 302
    assert audit_rows(app, action="login_blocked")[-1]["ip"] == sprayer
    clock.advance(16)  # the window has passed
    assert _login(app.test_client(), "curator", PASSWORD, sprayer).status_code == 302


def test_the_per_address_limit_defaults_to_thirty(tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "DEMO": False})
    assert app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] == 30


# -- a full disk ----------------------------------------------------------------------------------


def _no_space(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/srv/docgen/data/files/ab/cd/tmp")


@pytest.mark.local_files_only  # files damaged or refused on the local disk
def test_a_full_disk_while_storing_a_file_is_a_russian_507(tmp_path, monkeypatch):
    app = demo_app(tmp_path / "data")
    client = log_in(app.test_client(), "curator")
    dossier_id = client.get("/api/v1/dossiers").get_json()["items"][0]["id"]
    from test_formula_exports import _hostile_sheet  # a sheet that passes the checks

    monkeypatch.setattr("docgen.store.files.tempfile.mkstemp", _no_space)
    response = client.post(
        f"/registry/dossiers/{dossier_id}/import",
        data={"file": (io.BytesIO(_hostile_sheet()), "uchastniki.xlsx"), "match_by": "name_birth"},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 507
    assert "Недостаточно места на диске" in page and "не осталось места" in page
    monkeypatch.undo()
    assert client.get("/registry/").status_code == 200  # and the service goes on


@pytest.mark.sqlite_only  # SQLITE_FULL; a full PostgreSQL disk is the server's
def test_a_full_database_is_a_russian_507_in_the_api(tmp_path, monkeypatch):
    """SQLITE_FULL for real: the database may not grow by a single page."""
    app = demo_app(tmp_path / "data")
    client = log_in(app.test_client(), "curator")
    dossier = client.get("/api/v1/dossiers").get_json()["items"][0]
    record = client.get(f"/api/v1/dossiers/{dossier['id']}").get_json()
    data = record["data"]
    from docgen.web import db as web_db

    real_connect = web_db.connect

    def full(path, **options):
        db = real_connect(path, **options)
        (pages,) = db.execute("PRAGMA page_count").fetchone()
        db.execute(f"PRAGMA max_page_count = {pages}")
        return db

    monkeypatch.setattr(web_db, "connect", full)
    data["notes"] = "x" * 200_000
    body = {"data": data, "revision": record["revision"]}
    response = client.put(f"/api/v1/dossiers/{dossier['id']}", json=body)
    assert response.status_code == 507, response.get_data(as_text=True)[:500]
    error = response.get_json()["error"]
    assert error["code"] == "insufficient_storage"
    assert "Недостаточно места на диске" in error["message"] and "SQLITE_FULL" in error["message"]


def test_verify_reports_a_full_disk_instead_of_crashing(tmp_path, monkeypatch):
    data = tmp_path / "data"
    create_app({"TESTING": True, "DATA_DIR": str(data), "DEMO": False})
    monkeypatch.setattr("docgen.store.verify.verify", _no_space)
    result = CliRunner().invoke(verify, ["--data-dir", str(data)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # a message, not a traceback
    assert "Недостаточно места на диске" in result.output and "не осталось места" in result.output
    import sqlite3

    def full(*_args, **_kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("docgen.store.verify.verify", full)
    result = CliRunner().invoke(verify, ["--data-dir", str(data)])
    assert result.exit_code == 1 and "SQLITE_FULL" in result.output
    assert re.search(r"освободить место", result.output)
