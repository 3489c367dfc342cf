"""Accounts: login, logout, the login rate limit, session expiry, password change, first-run
setup, account administration; the store's Scope guard and the explicit municipal read access."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import stat
from pathlib import Path

import pytest
from security_helpers import PASSWORD, demo_app, log_in, page_token

import docgen.store
from docgen.store import orgs, users
from docgen.store.db import connect
from docgen.store.scope import Scope
from docgen.web.app import create_app


class Clock:
    """The time docgen sees (app.config["CLOCK"])."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += minutes * 60


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(tmp_path, clock):
    return demo_app(tmp_path / "data", CLOCK=clock)


def _login(client, login: str, password: str, ip: str = "10.0.0.1"):
    token = page_token(client.get("/login", environ_base={"REMOTE_ADDR": ip}).get_data(as_text=True))
    return client.post("/login", data={"login": login, "password": password, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": ip})  # fmt: skip


# -- login and the rate limit ------------------------------------------------------------------


def test_login_and_wrong_passwords(app):
    client = app.test_client()
    for login, password in (("curator", "неверный пароль"), ("nobody", PASSWORD), ("curator", "")):
        response = _login(client, login, password)
        assert response.status_code == 401
        assert "Неверный логин или пароль" in response.get_data(as_text=True)
    assert client.get("/dossiers/").status_code == 302
    response = _login(client, "CURATOR", PASSWORD)  # logins are case-insensitive
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/dossiers/").status_code == 200


def test_sixth_failed_login_is_refused_until_the_window_passes(app, clock, tmp_path):
    client = app.test_client()
    for _ in range(5):
        assert _login(client, "curator", "неверный пароль").status_code == 401
    sixth = _login(client, "curator", PASSWORD)  # even the right password
    assert sixth.status_code == 429
    text = sixth.get_data(as_text=True)
    assert "Слишком много неудачных попыток входа" in text and "15 мин" in text
    # Another worker (another app on the same data folder) sees the same count.
    other_worker = create_app({"TESTING": True, "DATA_DIR": app.config["DATA_DIR"], "DEMO": True,
                               "CLOCK": clock})  # fmt: skip
    assert _login(other_worker.test_client(), "curator", PASSWORD).status_code == 429
    # Other logins and other addresses are not blocked.
    assert _login(app.test_client(), "viewer", PASSWORD).status_code == 302
    assert _login(app.test_client(), "curator", PASSWORD, ip="10.0.0.2").status_code == 302
    clock.advance(10)
    assert _login(client, "curator", PASSWORD).status_code == 429
    clock.advance(5.1)
    assert _login(client, "curator", PASSWORD).status_code == 302


def test_api_login_shares_the_rate_limit(app):
    client = app.test_client()
    for _ in range(5):
        assert client.post("/api/v1/session", json={"login": "viewer", "password": "x"}).status_code == 401
    blocked = client.post("/api/v1/session", json={"login": "viewer", "password": PASSWORD})
    assert blocked.status_code == 429
    assert blocked.get_json()["error"]["code"] == "rate_limited"
    assert "Слишком много" in blocked.get_json()["error"]["message"]


def test_login_limit_is_configurable(tmp_path, clock):
    app = demo_app(tmp_path / "d", CLOCK=clock, LOGIN_MAX_FAILURES=2, LOGIN_WINDOW_MINUTES=1)
    client = app.test_client()
    for _ in range(2):
        _login(client, "viewer", "x")
    assert _login(client, "viewer", PASSWORD).status_code == 429
    clock.advance(1.1)
    assert _login(client, "viewer", PASSWORD).status_code == 302


def test_a_successful_login_clears_the_failures(app):
    client = app.test_client()
    for _ in range(4):
        _login(client, "curator", "x")
    assert _login(client, "curator", PASSWORD).status_code == 302
    other = app.test_client()
    for _ in range(4):
        assert _login(other, "curator", "x").status_code == 401
    assert _login(other, "curator", PASSWORD).status_code == 302


def test_next_is_local_only(app):
    client = app.test_client()
    assert client.get("/archive/?q=x").headers["Location"] == "/login?next=/archive/?q%3Dx"
    for target, expected in (("/archive/", "/archive/"), ("//evil.example/", "/"),
                             ("https://evil.example/", "/"), ("/\\evil.example", "/")):  # fmt: skip
        client = app.test_client()
        token = page_token(client.get("/login").get_data(as_text=True))
        response = client.post("/login", data={"login": "viewer", "password": PASSWORD, "csrf_token": token,
                                               "next": target})  # fmt: skip
        assert response.headers["Location"] == expected, target


# -- sessions ----------------------------------------------------------------------------------


def test_logout_ends_the_session(app):
    client = log_in(app.test_client(), "curator")
    assert client.post("/logout").status_code == 302
    assert client.get("/dossiers/").status_code == 302
    assert client.get("/api/v1/dossiers").status_code == 401


def _cookie(client) -> str:
    return client.get_cookie("docgen_session").value


def test_a_copied_session_cookie_is_dead_after_logout(app):
    """Logout ends the session on the server: a copy of the cookie (shared computer) is refused."""
    client = log_in(app.test_client(), "curator")
    copy = app.test_client()
    copy.set_cookie("docgen_session", _cookie(client))
    assert copy.get("/dossiers/").status_code == 200  # the copy works while the session is open
    assert client.post("/logout").status_code == 302
    response = copy.get("/dossiers/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert copy.get("/api/v1/dossiers").status_code == 401


def test_logout_ends_only_that_session(app):
    office = log_in(app.test_client(), "curator")
    home = log_in(app.test_client(), "curator")
    assert office.post("/logout").status_code == 302
    assert home.get("/dossiers/").status_code == 200


def _open_sessions(db, user_id: int) -> int:
    return db.execute("SELECT count(*) FROM sessions WHERE user_id = ?", [user_id]).fetchone()[0]


def test_sessions_are_kept_as_hashes_and_pruned(app, clock):
    client = log_in(app.test_client(), "curator")
    db = connect(app.config["DATABASE"])
    try:
        curator_id = users.find_user(db, "curator")["id"]
        assert _open_sessions(db, curator_id) == 1
        (key,) = db.execute("SELECT key FROM sessions WHERE user_id = ?", [curator_id]).fetchone()
        assert len(key) == 64 and key not in _cookie(client)  # the token's SHA-256, not the token
        clock.advance(60 * 24 * 30)  # a month later someone else logs in: the idle row goes
        log_in(app.test_client(), "archivist")
        assert _open_sessions(db, curator_id) == 0
    finally:
        db.conn.close()


def test_session_expires_after_the_idle_lifetime(tmp_path, clock):
    app = demo_app(tmp_path / "d", CLOCK=clock, SESSION_HOURS=1)
    client = log_in(app.test_client(), "curator")
    clock.advance(50)
    assert client.get("/dossiers/").status_code == 200  # each request renews it
    clock.advance(50)
    assert client.get("/dossiers/").status_code == 200
    clock.advance(61)
    response = client.get("/dossiers/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert "Сеанс истёк" in client.get("/login").get_data(as_text=True)


def test_password_change(app):
    client = log_in(app.test_client(), "archivist")
    elsewhere = log_in(app.test_client(), "archivist")
    cases = [({"current": "неверный", "new": "новый-пароль-1", "again": "новый-пароль-1"}, "Текущий пароль"),
             ({"current": PASSWORD, "new": "новый-пароль-1", "again": "другой-пароль"}, "не совпадают"),
             ({"current": PASSWORD, "new": "короткий", "again": "короткий"}, "не короче 10")]  # fmt: skip
    for form, message in cases:
        response = client.post("/password", data=form)
        assert response.status_code == 422 and message in response.get_data(as_text=True)
    response = client.post("/password", data={"current": PASSWORD, "new": "новый-пароль-1",
                                               "again": "новый-пароль-1"})  # fmt: skip
    assert response.status_code == 302
    assert client.get("/dossiers/").status_code == 200  # this session goes on
    assert elsewhere.get("/dossiers/").status_code == 302  # the other one has ended
    assert _login(app.test_client(), "archivist", PASSWORD).status_code == 401
    assert _login(app.test_client(), "archivist", "новый-пароль-1").status_code == 302


def test_passwords_are_stored_as_scrypt_hashes(app):
    client = log_in(app.test_client(), "admin")
    client.post("/admin/users", data={"login": "new-user", "name": "Новый", "org_id": "1",
                                      "role": "viewer", "password": "пароль-нового-1"})  # fmt: skip
    db = connect(app.config["DATABASE"])
    try:
        (stored,) = db.execute("SELECT password_hash FROM users WHERE login = 'new-user'").fetchone()
    finally:
        db.conn.close()
    assert stored.startswith("scrypt:") and "пароль" not in stored
    assert _login(app.test_client(), "new-user", "пароль-нового-1").status_code == 302


def test_disabling_or_changing_the_role_ends_sessions(app):
    admin = log_in(app.test_client(), "admin")
    viewer = log_in(app.test_client(), "viewer")
    curator = log_in(app.test_client(), "curator")
    db = connect(app.config["DATABASE"])
    try:
        viewer_id = users.find_user(db, "viewer")["id"]
        curator_id = users.find_user(db, "curator")["id"]
    finally:
        db.conn.close()
    assert admin.post(f"/admin/users/{viewer_id}", data={"name": "x", "role": "viewer"}).status_code == 302
    assert viewer.get("/dossiers/").status_code == 302
    assert _login(app.test_client(), "viewer", PASSWORD).status_code == 401
    assert admin.post(f"/admin/users/{curator_id}", data={"name": "x", "role": "archivist",
                                                          "active": "1"}).status_code == 302  # fmt: skip
    assert curator.get("/dossiers/").status_code == 302
    again = log_in(app.test_client(), "curator")
    assert again.get("/api/v1/session").get_json()["user"]["role"] == "archivist"


def test_a_reset_password_works(app):
    admin = log_in(app.test_client(), "admin")
    db = connect(app.config["DATABASE"])
    try:
        viewer_id = users.find_user(db, "viewer")["id"]
    finally:
        db.conn.close()
    response = admin.post(f"/admin/users/{viewer_id}", data={"name": "x", "role": "viewer", "active": "1",
                                                             "password": "сброшенный-пароль"})  # fmt: skip
    assert response.status_code == 302
    assert _login(app.test_client(), "viewer", "сброшенный-пароль").status_code == 302


# -- first-run setup -----------------------------------------------------------------------------


def _setup_code(app) -> str:
    return (Path(app.config["DATA_DIR"]) / "setup_code").read_text(encoding="ascii").strip()


def _setup(client, **form):
    token = page_token(client.get("/setup").get_data(as_text=True))
    form.setdefault("setup_code", _setup_code(client.application))
    return client.post("/setup", data={"csrf_token": token, **form})


_ADMIN_FORM = {"login": "admin", "name": "Администратор", "password": "пароль-админа-1",
               "again": "пароль-админа-1", "org_name": "Управление образования г. Энска",
               "org_short_name": "УО Энска", "org_kind": "municipal_office"}  # fmt: skip


def test_a_fresh_install_prints_a_private_setup_code(tmp_path, caplog):
    with caplog.at_level("WARNING"):
        app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "fresh"), "DEMO": False})
    code_file = Path(app.config["DATA_DIR"]) / "setup_code"
    assert stat.S_IMODE(code_file.stat().st_mode) == 0o600
    code = _setup_code(app)
    assert re.fullmatch(r"\d{3}-\d{3}-\d{3}", code)
    assert code in caplog.text and "код установки" in caplog.text
    again = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "fresh"), "DEMO": False})
    assert _setup_code(again) == code  # a restart (or a second worker) keeps the same code


def test_setup_without_the_right_code_creates_nobody_and_keeps_the_form(tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "empty"), "DEMO": False})
    client = app.test_client()
    wrong = _setup(client, setup_code="000-000-000", **_ADMIN_FORM)
    page = wrong.get_data(as_text=True)
    assert wrong.status_code == 403 and "Неверный код установки" in page
    assert 'value="Управление образования г. Энска"' in page and 'value="000-000-000"' in page
    assert _setup(client, setup_code="", **_ADMIN_FORM).status_code == 403
    db = connect(app.config["DATABASE"])
    try:
        assert users.count_users(db) == 0
    finally:
        db.conn.close()
    right = _setup(client, setup_code=_setup_code(app).replace("-", " "), **_ADMIN_FORM)  # spaces are fine
    assert right.status_code == 302
    assert not (Path(app.config["DATA_DIR"]) / "setup_code").exists()


def test_guessing_the_setup_code_is_rate_limited(tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "empty"), "DEMO": False})
    client = app.test_client()
    statuses = [_setup(client, setup_code=f"{n:03d}-000-000", **_ADMIN_FORM).status_code for n in range(12)]
    assert statuses[0] == 403 and statuses[-1] == 429
    blocked = _setup(client, **_ADMIN_FORM)  # even the right code waits now
    assert blocked.status_code == 429 and "неверных кодов установки" in blocked.get_data(as_text=True)


def test_first_run_setup_creates_the_organisation_and_the_admin(tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "empty"), "DEMO": False})
    client = app.test_client()
    assert client.get("/").headers["Location"] == "/setup"
    assert client.get("/login").headers["Location"] == "/setup"
    assert client.get("/api/v1/dossiers").status_code == 401
    bad = _setup(client, login="admin", password="короткий", again="короткий",
                 org_name="Управление образования", org_short_name="УО")  # fmt: skip
    assert bad.status_code == 422 and "не короче 10" in bad.get_data(as_text=True)
    done = _setup(client, login="admin", name="Администратор", password="пароль-админа-1",
                  again="пароль-админа-1", org_name="Управление образования г. Энска",
                  org_short_name="УО Энска", org_kind="municipal_office")  # fmt: skip
    assert done.status_code == 302
    session = client.get("/api/v1/session").get_json()
    assert session["user"]["role"] == "admin" and session["organisation"]["short_name"] == "УО Энска"
    second = app.test_client()
    assert second.get("/setup").headers["Location"] == "/login"
    again = second.post(
        "/setup",
        data={
            "csrf_token": page_token(second.get("/login").get_data(as_text=True)),
            "login": "intruder",
            "password": "пароль-чужака-1",
            "again": "пароль-чужака-1",
            "org_name": "x",
            "org_short_name": "y",
        },
    )
    assert again.status_code == 302 and again.headers["Location"] == "/login"
    db = connect(app.config["DATABASE"])
    try:
        assert users.count_users(db) == 1
    finally:
        db.conn.close()


def test_setup_with_the_demo_chooses_an_existing_organisation(tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "demo"), "DEMO": True})
    client = app.test_client()
    page = client.get("/setup").get_data(as_text=True)
    assert 'name="org_id"' in page and "МБОУ гимназия № 20" in page
    done = _setup(client, login="director", password="пароль-админа-1", again="пароль-админа-1", org_id="1")
    assert done.status_code == 302
    assert client.get("/api/v1/session").get_json()["organisation"]["id"] == 1


# -- the data layer ------------------------------------------------------------------------------


def _store_functions():
    for info in pkgutil.iter_modules(docgen.store.__path__):
        module = importlib.import_module(f"docgen.store.{info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and "scope" in inspect.signature(function).parameters:
                yield f"{module.__name__}.{name}", function


def test_every_store_function_taking_a_scope_is_guarded():
    found = dict(_store_functions())
    assert len(found) > 40
    unguarded = [name for name, f in found.items() if not getattr(f, "__scope_guarded__", False)]
    assert not unguarded, f"add guard_module(globals()) to their modules: {unguarded}"


STORE_FUNCTIONS = dict(_store_functions())


@pytest.mark.parametrize("name", sorted(STORE_FUNCTIONS))
def test_a_store_function_refuses_a_call_without_a_scope(name):
    function = STORE_FUNCTIONS[name]
    parameters = list(inspect.signature(function).parameters)
    position = parameters.index("scope")
    for wrong in (None, 1, "1", {"org_id": 1}):
        args = [object()] * position + [wrong]
        with pytest.raises(TypeError, match="must be a Scope"):
            function(*args)
    with pytest.raises(TypeError, match="must be a Scope"):
        function(**{p: object() for p in parameters if p != "scope"}, scope=5)


def test_municipal_read_access_is_given_explicitly(app):
    db = connect(app.config["DATABASE"])
    try:
        school = min(o["id"] for o in orgs.list_organisations(db))  # the demo school
        office = orgs.find_organisation(db, "УО Демо")["id"]
        found = {login: users.access_for(db, users.find_user(db, login)) for login in ("office", "curator")}
        assert found["office"].scope == Scope(office, "office", readable_org_ids=frozenset({office, school}))
        assert found["curator"].scope == Scope(school, "curator")
        switched = users.access_for(db, users.find_user(db, "office"), school)
        assert switched.scope == Scope(school, "office") and switched.read_only
        with pytest.raises(docgen.store.NotFound):
            users.access_for(db, users.find_user(db, "curator"), office)
    finally:
        db.conn.close()
