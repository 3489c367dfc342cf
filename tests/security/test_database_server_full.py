"""A PostgreSQL server whose disk is full (SQLSTATE 53100) is named as such, like a full local
disk: 507 and a Russian message saying where room must be made — on the database server, not
in docgen's data folder — and nothing saved."""

from __future__ import annotations

import psycopg.errors
from security_helpers import demo_app, log_in

from docgen.store import dossiers
from docgen.store.disk import disk_full_message


def _server_full(*_args, **_kwargs):
    raise psycopg.errors.DiskFull('could not extend file "base/16384/2619": No space left on device')


def test_the_message_names_the_database_server():
    message = disk_full_message(psycopg.errors.DiskFull("could not extend file"))
    assert message is not None
    assert "Недостаточно места на диске" in message and "(53100)" in message
    assert "на сервере базы данных PostgreSQL" in message and "папке данных" not in message
    assert disk_full_message(psycopg.errors.UniqueViolation("duplicate key")) is None


def test_saving_a_dossier_on_a_full_database_server_is_a_russian_507(tmp_path, monkeypatch):
    app = demo_app(tmp_path / "data")
    client = log_in(app.test_client(), "curator")
    dossier = client.get("/api/v1/dossiers").get_json()["items"][0]
    record = client.get(f"/api/v1/dossiers/{dossier['id']}").get_json()
    monkeypatch.setattr(dossiers, "save_draft", _server_full)
    data = dict(record["data"], notes="не будет сохранено")
    response = client.put(
        f"/api/v1/dossiers/{dossier['id']}", json={"data": data, "revision": record["revision"]}
    )
    assert response.status_code == 507, response.get_data(as_text=True)[:500]
    error = response.get_json()["error"]
    assert error["code"] == "insufficient_storage"
    assert "на сервере базы данных PostgreSQL" in error["message"]
    monkeypatch.undo()
    again = client.get(f"/api/v1/dossiers/{dossier['id']}").get_json()
    assert again["revision"] == record["revision"] and again["data"].get("notes") != "не будет сохранено"
