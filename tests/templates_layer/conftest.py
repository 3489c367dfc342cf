"""Fixtures of the template-layer tests: an app with the demo school, its database and blob
store, a municipal office, accounts in each, and a client logged in as the school's curator."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from layer_helpers import PASSWORD_HASH, gymnasium_data, login, municipal_data

from docgen.store import FileStore, Scope, connect, create_organisation, save_draft, users
from docgen.store.blobstore import open_store
from docgen.web.app import create_app


def account(db, org_id: int, login: str, role: str, name: str) -> int:
    return users.create_user(
        db, org_id=org_id, login=login, role=role, password_hash=PASSWORD_HASH, name=name
    )


@pytest.fixture
def app(tmp_path: Path, monkeypatch):
    # The data folder, as the service's environment names it to `docgen templates` (whose
    # `--db postgresql://…` takes the files from DOCGEN_DATA_DIR).
    monkeypatch.setenv("DOCGEN_DATA_DIR", str(tmp_path / "data"))
    return create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "DEMO": True})


@pytest.fixture
def db(app) -> Iterator:
    database = connect(app.config["DATABASE"])
    yield database
    database.close()


@pytest.fixture
def files(app) -> FileStore:
    return open_store(app.config["FILES_DIR"], app.config.get("STORAGE_URL") or "")


@pytest.fixture
def demo_id(db) -> int:
    """The demo gymnasium the app creates on first start."""
    (org_id,) = db.execute("SELECT MIN(id) FROM organisations").fetchone()
    account(db, int(org_id), "zhmurina", "curator", "Жмурина О.А.")
    return int(org_id)


@pytest.fixture
def client(app, demo_id):
    """Logged in as the gymnasium's curator (deputy director)."""
    client = app.test_client()
    login(client, "zhmurina")
    return client


@pytest.fixture
def office_id(db, demo_id: int) -> int:
    """A municipal office with the Березники dossier; the demo gymnasium becomes its school."""
    org_id = create_organisation(
        db, name="Управление образования администрации города Березники",
        short_name="УО Березники", kind="municipal_office",
    )  # fmt: skip
    db.execute("UPDATE organisations SET parent_id = ? WHERE id = ?", [org_id, demo_id])
    save_draft(db, Scope(org_id, user="metodist"), school_year="2023/2024", data=municipal_data())
    account(db, org_id, "metodist", "office", "Методист")
    return org_id


@pytest.fixture
def second_school_id(db, office_id: int) -> int:
    """Another school of the same office, with the gymnasium's dossier."""
    org_id = create_organisation(
        db, name="МБОУ СОШ № 3", short_name="МБОУ СОШ № 3", kind="school", parent_id=office_id
    )
    save_draft(db, Scope(org_id, user="petrov"), school_year="2022/2023", data=gymnasium_data())
    account(db, org_id, "petrov", "curator", "Петров П.П.")
    return org_id


@pytest.fixture
def school(demo_id: int) -> Scope:
    return Scope(demo_id, user="zhmurina")


@pytest.fixture
def office(office_id: int) -> Scope:
    return Scope(office_id, user="metodist")
