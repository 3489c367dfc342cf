"""The JSON API: every route, its status codes and the one error shape."""

from __future__ import annotations

import copy
import re

import pytest
from web_helpers import PASSWORD_HASH, log_in

from docgen.store import dossiers, orgs, users
from docgen.store.db import connect
from docgen.store.scope import Scope


def _error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert any("а" <= ch <= "я" for ch in body["error"]["message"].lower())  # Russian
    if code:
        assert body["error"]["code"] == code
    return body["error"]


@pytest.fixture
def foreign_dossier(app) -> int:
    """A dossier of another organisation."""
    db = connect(app.config["DATABASE"])
    try:
        org_id = orgs.create_organisation(db, name="МБОУ СОШ № 1", short_name="СОШ № 1", kind="school")
        return dossiers.save_draft(
            db, Scope(org_id), school_year="2023/2024", data={"school_year": "2023/2024"}
        )
    finally:
        db.conn.close()


def test_list_and_get(client, demo_id):
    items = client.get("/api/v1/dossiers").get_json()["items"]
    assert [d["school_year"] for d in items] == ["2022/2023"]
    body = client.get(f"/api/v1/dossiers/{demo_id}").get_json()
    assert body["valid"] is True and body["errors"] == []
    assert body["data"]["organisation"]["short_name"].startswith("МБОУ")


def test_create_put_delete(client, demo_id):
    data = {"school_year": "2024/2025", "organisation": {"short_name": "Гимназия"}}
    created = client.post("/api/v1/dossiers", json={"data": data})
    assert created.status_code == 201
    body = created.get_json()
    assert created.headers["Location"] == body["url"]
    assert body["valid"] is False
    paths = {e["path"] for e in body["errors"]}
    assert "куратор" in paths
    assert {"loc": ["curator"], "path": "куратор", "message": "обязательное поле"} in body["errors"]
    dossier_id = body["id"]

    again = client.post("/api/v1/dossiers", json={"data": data})
    _error(again, 409, "exists")

    changed = dict(data, site_section="https://example.org")
    put = client.put(f"/api/v1/dossiers/{dossier_id}", json={"data": changed, "revision": 1})
    assert put.status_code == 200 and put.get_json()["revision"] == 2
    stale = client.put(f"/api/v1/dossiers/{dossier_id}", json={"data": changed, "revision": 1})
    _error(stale, 409, "revision_conflict")

    assert client.delete(f"/api/v1/dossiers/{dossier_id}").status_code == 204
    _error(client.get(f"/api/v1/dossiers/{dossier_id}"), 404, "not_found")


@pytest.mark.parametrize(
    "payload",
    [None, [], {"data": "текст"}, {"data": {"organisation": {}}}],
)
def test_bad_bodies_are_400(client, demo_id, payload):
    if payload is None:
        response = client.post("/api/v1/dossiers", data="не JSON", content_type="text/plain")
    else:
        response = client.post("/api/v1/dossiers", json=payload)
    _error(response, 400, "bad_request")


def test_validate(client, demo_id):
    assert client.post(f"/api/v1/dossiers/{demo_id}/validate").get_json() == {
        "valid": True,
        "errors": [],
        "warnings": [],
    }
    data = copy.deepcopy(client.get(f"/api/v1/dossiers/{demo_id}").get_json()["data"])
    del data["pairs"][2]["mentees"][0]["gender"]
    client.put(
        f"/api/v1/dossiers/{demo_id}",
        json={"data": data, "revision": client.get(f"/api/v1/dossiers/{demo_id}").get_json()["revision"]},
    )
    error = _error(client.post(f"/api/v1/dossiers/{demo_id}/validate"), 422, "invalid_dossier")
    assert error["fields"] == [
        {
            "loc": ["pairs", 2, "mentees", 0, "gender"],
            "path": "пары[3].наставляемые[1].пол",
            "message": "обязательное поле",
        }
    ]
    # Generating an invalid dossier is refused the same way.
    _error(client.post(f"/api/v1/dossiers/{demo_id}/generate", json={}), 422, "invalid_dossier")


def test_generate_journal_archive(client, demo_id):
    response = client.post(
        f"/api/v1/dossiers/{demo_id}/generate",
        json={"kinds": ["pairs-order", "roadmap"], "date": "2023-09-15"},
    )
    assert response.status_code == 201
    body = response.get_json()
    numbers = {d["kind"]: d["number"] for d in body["documents"]}
    assert numbers == {"pairs-order": "1-од", "roadmap": None}

    journal = client.get("/api/v1/journal", query_string={"date_from": "15.09.2023"})
    assert [e["number"] for e in journal.get_json()["items"]] == ["1-од"]
    assert client.get("/api/v1/journal?date_to=2023-09-14").get_json()["items"] == []
    _error(client.get("/api/v1/journal?date_from=вчера"), 400)

    found = client.get("/api/v1/archive", query_string={"q": "Ивановой"}).get_json()
    assert found["total"] == 1
    item = found["items"][0]
    assert item["kind"] == "pairs-order" and "<mark>" in item["snippet"]
    assert client.get("/api/v1/archive?person=Иванова&kind=pairs-order").get_json()["total"] == 1
    assert client.get("/api/v1/archive?number=1-од").get_json()["total"] == 1
    assert client.get("/api/v1/archive?year=2023").get_json()["total"] == 2
    _error(client.get("/api/v1/archive?year=двадцать"), 400)
    _error(client.get("/api/v1/archive?limit=0"), 400)

    record = client.get(item["url"]).get_json()
    assert record["number"] == "1-од" and record["people"]
    download = client.get(item["download_url"])
    assert download.status_code == 200 and download.data[:2] == b"PK"


def test_generate_errors(client, demo_id):
    _error(client.post(f"/api/v1/dossiers/{demo_id}/generate", json={"kinds": ["нет"]}), 422)
    _error(
        client.post(f"/api/v1/dossiers/{demo_id}/generate", json={"kinds": ["municipal-order"]}),
        422,
    )
    _error(client.post(f"/api/v1/dossiers/{demo_id}/generate", json={"kinds": "roadmap"}), 400)
    _error(client.post(f"/api/v1/dossiers/{demo_id}/generate", json={"date": "31.02.2023"}), 400)


def test_another_organisations_ids_are_404(client, demo_id, foreign_dossier):
    base = f"/api/v1/dossiers/{foreign_dossier}"
    _error(client.get(base), 404, "not_found")
    _error(client.put(base, json={"data": {}}), 404, "not_found")
    _error(client.delete(base), 404, "not_found")
    _error(client.post(f"{base}/validate"), 404, "not_found")
    _error(client.post(f"{base}/generate", json={}), 404, "not_found")
    assert client.get(f"/dossiers/{foreign_dossier}/organisation").status_code == 404
    assert all(d["id"] != foreign_dossier for d in client.get("/api/v1/dossiers").get_json()["items"])


def test_archive_ids_of_another_organisation_are_404(client, demo_id, app):
    client.post(f"/api/v1/dossiers/{demo_id}/generate", json={"kinds": ["roadmap"]})
    doc_id = client.get("/api/v1/archive").get_json()["items"][0]["id"]
    db = connect(app.config["DATABASE"])
    other = orgs.create_organisation(db, name="Другая школа", short_name="Другая", kind="school")
    users.create_user(db, org_id=other, login="curator-other", role="curator",
                      password_hash=PASSWORD_HASH)  # fmt: skip
    db.conn.close()
    client = log_in(app.test_client(), "curator-other")  # a curator of the other school
    _error(client.get(f"/api/v1/archive/{doc_id}"), 404)
    _error(client.get(f"/api/v1/archive/{doc_id}/download"), 404)
    assert client.get(f"/archive/{doc_id}").status_code == 404
    assert client.get("/api/v1/archive").get_json()["total"] == 0


def test_unknown_route_and_method(client):
    _error(client.get("/api/v1/nothing"), 404, "not_found")
    _error(client.patch("/api/v1/dossiers"), 405, "method_not_allowed")


def test_organisation_selector(client_as, demo_id, foreign_dossier):
    curator = client_as("curator")  # works in one organisation: no selector
    assert "СОШ № 1" not in curator.get("/dossiers/").get_data(as_text=True)
    assert curator.get(f"/api/v1/dossiers/{foreign_dossier}").status_code == 404
    assert curator.post("/organisation", data={"org_id": "999"}).status_code == 404
    client = client_as("admin")  # an administrator switches to any organisation
    page = client.get("/dossiers/").get_data(as_text=True)
    other = int(re.search(r'<option value="(\d+)"[^>]*>СОШ № 1<', page).group(1))
    assert other in _orgs(client)
    assert client.get(f"/api/v1/dossiers/{foreign_dossier}").status_code == 404
    response = client.post("/organisation", data={"org_id": str(other)})
    assert response.status_code == 302
    assert client.get("/api/v1/session").get_json()["organisation"]["id"] == other
    assert client.get(f"/api/v1/dossiers/{foreign_dossier}").status_code == 200
    assert client.get(f"/api/v1/dossiers/{demo_id}").status_code == 404
    assert client.post("/organisation", data={"org_id": "999"}).status_code == 404
    assert client.post("/organisation", data={"org_id": "x"}).status_code == 400


def _orgs(client) -> list[int]:
    page = client.get("/dossiers/").get_data(as_text=True)
    return [int(i) for i in re.findall(r'<option value="(\d+)"', page)]
