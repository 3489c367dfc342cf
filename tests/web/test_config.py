"""Settings: environment variables, the data folder, the secret key, the documented keys."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pg_schema
import pytest
from web_helpers import log_in, make_accounts

from docgen import create_app as lazy_create_app
from docgen.web.app import create_app
from docgen.web.config import DEFAULTS

CONFIG_MD = Path(__file__).resolve().parents[2] / "docgen" / "web" / "CONFIG.md"


def test_environment_variables(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCGEN_DATA_DIR", str(tmp_path / "env-data"))
    monkeypatch.setenv("DOCGEN_DEMO", "false")
    monkeypatch.setenv("DOCGEN_MAX_UPLOAD_MB", "2")
    app = lazy_create_app()
    assert app.config["DATA_DIR"] == str((tmp_path / "env-data").resolve())
    assert pg_schema.on_postgres() or (tmp_path / "env-data" / "docgen.sqlite3").exists()
    assert (tmp_path / "env-data" / "files").is_dir()
    assert app.config["MAX_CONTENT_LENGTH"] == 2 * 1024 * 1024
    assert app.config["DEMO"] is False
    client = app.test_client()
    assert client.get("/api/v1/dossiers").status_code == 401  # no account at all yet
    response = client.get("/dossiers/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/setup")
    assert "Первоначальная настройка" in client.get("/setup").get_data(as_text=True)


@pytest.mark.sqlite_only  # a shared database needs DOCGEN_SECRET_KEY given (tests/region)
def test_secret_key_is_generated_once_and_private(tmp_path):
    first = create_app({"DATA_DIR": str(tmp_path)})
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    second = create_app({"DATA_DIR": str(tmp_path)})
    assert first.secret_key == second.secret_key == key_file.read_text().strip()
    assert len(first.secret_key) >= 32
    given = create_app({"DATA_DIR": str(tmp_path), "SECRET_KEY": "из окружения"})
    assert given.secret_key == "из окружения"


def test_demo_is_created_once(tmp_path):
    create_app({"DATA_DIR": str(tmp_path)})
    app = create_app({"DATA_DIR": str(tmp_path)})
    client = log_in(app.test_client(), make_accounts(app)["curator"])
    assert len(client.get("/api/v1/dossiers").get_json()["items"]) == 1


def test_demo_admin_only_with_a_demo_password(tmp_path):
    without = create_app({"DATA_DIR": str(tmp_path / "a")}).test_client()
    assert without.get("/dossiers/").headers["Location"].endswith("/setup")
    app = create_app({"DATA_DIR": str(tmp_path / "b"), "DEMO_PASSWORD": "демо-пароль-123"})
    client = app.test_client()
    assert client.get("/dossiers/").headers["Location"].startswith("/login")
    log_in(client, "admin", "демо-пароль-123")
    assert client.get("/api/v1/session").get_json()["user"]["role"] == "admin"


def test_too_large_request_is_a_russian_413(tmp_path):
    app = create_app({"DATA_DIR": str(tmp_path), "MAX_UPLOAD_MB": 0.001})
    client = log_in(app.test_client(), make_accounts(app)["curator"])
    response = client.post("/dossiers/", data={"school_year": "x" * 5000})
    assert response.status_code == 413
    assert "Слишком большой запрос" in response.get_data(as_text=True)


def test_html_templates_are_not_the_docx_folder(app):
    assert app.template_folder.endswith(os.path.join("web", "html"))


def test_every_setting_is_documented():
    documented = set(re.findall(r"^\| `DOCGEN_(\w+)` \|", CONFIG_MD.read_text(), re.MULTILINE))
    assert documented == set(DEFAULTS)
