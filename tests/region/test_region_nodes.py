"""Stateless app nodes: what would differ between two nodes with their own data folders is in
the database or required to be set the same — the session key, the first-run setup code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from docgen.store.engine import connect, database_target
from docgen.web.app import create_app
from docgen.web.config import InvalidSetting
from tests.web.web_helpers import log_in


def _code_in_database(data_dir: Path) -> str | None:
    """The setup code as the database keeps it (SQLite file, or the suite's PostgreSQL)."""
    db = connect(database_target(data_dir))
    try:
        found = db.execute("SELECT value FROM install_secrets WHERE name = 'setup_code'").fetchone()
        return found[0] if found else None
    finally:
        db.close()


@pytest.mark.parametrize("how", ["config", "environment"])
def test_a_shared_database_needs_the_same_secret_key_on_every_node(tmp_path, monkeypatch, how):
    url = "postgresql://docgen:secret@127.0.0.1:5432/docgen"
    monkeypatch.delenv("DOCGEN_SECRET_KEY", raising=False)
    settings = {"TESTING": True, "DATA_DIR": str(tmp_path / "node-a"), "DEMO": False}
    if how == "config":
        settings["DATABASE_URL"] = url
    else:
        monkeypatch.setenv("DOCGEN_DATABASE_URL", url)
    with pytest.raises(InvalidSetting) as refused:
        create_app(settings)
    message = str(refused.value)
    assert message.startswith("DOCGEN_SECRET_KEY не задан") and "на всех серверах" in message
    assert not (tmp_path / "node-a" / "secret_key").exists()


def test_sqlite_still_makes_its_own_key(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCGEN_DATABASE_URL", f"sqlite:///{tmp_path / 'one.sqlite3'}")
    monkeypatch.delenv("DOCGEN_SECRET_KEY", raising=False)
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "DEMO": False})
    assert (tmp_path / "data" / "secret_key").read_text() == app.config["SECRET_KEY"]


def test_the_setup_code_lives_in_the_database(tmp_path):
    data_dir = tmp_path / "data"
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DEMO": False})
    code = _code_in_database(data_dir)
    assert code is not None and re.fullmatch(r"\d{3}-\d{3}-\d{3}", code)
    assert (data_dir / "setup_code").read_text().strip() == code  # a copy in the node's folder
    (data_dir / "setup_code").unlink()  # the file is a copy: the node asks the database
    client = app.test_client()
    page = client.get("/setup").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    done = client.post("/setup", data={
        "csrf_token": token, "setup_code": code, "login": "admin", "name": "Администратор",
        "password": "пароль-админа-1", "again": "пароль-админа-1",
        "org_name": "Управление образования г. Энска", "org_short_name": "УО Энска",
        "org_kind": "municipal_office",
    })  # fmt: skip
    assert done.status_code == 302, done.get_data(as_text=True)[:500]
    assert _code_in_database(data_dir) is None  # used once, then gone
    assert log_in(app.test_client(), "admin", "пароль-админа-1")


@pytest.mark.sqlite_only  # codes kept only in the folder date from SQLite installations
def test_a_code_from_before_the_upgrade_is_kept(tmp_path):
    data_dir = tmp_path / "data"
    create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DEMO": False})
    db = connect(database_target(data_dir))
    db.execute("DELETE FROM install_secrets")  # as an install that kept its code in the file only
    db.close()
    (data_dir / "setup_code").unlink()
    (data_dir / "setup_code").write_text("123-456-789")
    create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DEMO": False})
    assert _code_in_database(data_dir) == "123-456-789"
    assert (data_dir / "setup_code").read_text() == "123-456-789"


def test_a_worker_is_given_the_shared_database_not_a_nodes_file():
    from docgen.jobs.queue import job_database

    assert (
        job_database("/srv/a/docgen.sqlite3", "postgresql://docgen@db/docgen")
        == "postgresql://docgen@db/docgen"
    )
    assert job_database("/srv/a/docgen.sqlite3", "sqlite:////srv/a/docgen.sqlite3") == "/srv/a/docgen.sqlite3"
    assert job_database("/srv/a/docgen.sqlite3", "") == "/srv/a/docgen.sqlite3"
