"""Helpers of the web tests (a module of its own: conftest is not importable): accounts of
every role and logging in through the login form."""

from __future__ import annotations

import re

from werkzeug.security import generate_password_hash

from docgen.store import orgs, users
from docgen.store.db import connect

PASSWORD = "пароль-для-тестов"
# A cheap scrypt for test accounts (real ones use werkzeug's default cost): logins stay fast.
PASSWORD_HASH = generate_password_hash(PASSWORD, method="scrypt:1024:8:1")
ROLES = ("admin", "office", "curator", "archivist", "viewer")


def make_accounts(app) -> dict[str, str]:
    """role -> login: one account per role. The demo school gets a municipal office as its
    parent; the office account works there, every other one in the demo school."""
    db = connect(app.config["DATABASE"])
    try:
        school = min(orgs.list_organisations(db), key=lambda o: o["id"])
        office = orgs.find_organisation(db, "УО Тест")
        if office is None:
            office_id = orgs.create_organisation(
                db, name="Управление образования (тест)", short_name="УО Тест",
                kind="municipal_office",
            )  # fmt: skip
            db.execute("UPDATE organisations SET parent_id = ? WHERE id = ?", [office_id, school["id"]])
        else:
            office_id = office["id"]
        accounts = {}
        for role in ROLES:
            login = f"{role}-demo"
            if users.find_user(db, login) is None:
                users.create_user(
                    db, org_id=office_id if role == "office" else school["id"], login=login,
                    role=role, password_hash=PASSWORD_HASH, name=f"Тест {role}",
                )  # fmt: skip
            accounts[role] = login
        return accounts
    finally:
        db.conn.close()


def log_in(client, login: str, password: str = PASSWORD):
    """Log in through the login form; later requests carry the CSRF token in X-CSRF-Token."""
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"login": login, "password": password, "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)
    with client.session_transaction() as session:
        client.environ_base["HTTP_X_CSRF_TOKEN"] = session["csrf"]
    return client
