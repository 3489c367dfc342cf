"""The API for integrators (issue 15, §7): the description is public, describes the dossier
body from the model (the `docgen schema` JSON Schema), and is enough to build a dossier."""

from __future__ import annotations

import json
import re
from typing import Any

from click.testing import CliRunner

from docgen.cli import main


def _document(app) -> dict[str, Any]:
    response = app.test_client().get("/api/v1/openapi.json")  # nobody logged in
    assert response.status_code == 200
    return response.get_json()


def test_the_description_is_readable_without_signing_in_and_the_login_page_links_it(app, accounts):
    anonymous = app.test_client()
    assert anonymous.get("/api/v1/openapi.json").status_code == 200
    assert 'href="/api/v1/openapi.json"' in anonymous.get("/login").get_data(as_text=True)
    assert anonymous.get("/api/v1/dossiers").status_code == 401


def test_the_dossier_body_is_the_schema_docgen_prints(app):
    schemas = _document(app)["components"]["schemas"]
    printed = json.loads(CliRunner().invoke(main, ["schema"]).output)
    definitions = printed.pop("$defs")
    as_components = json.loads(json.dumps(printed).replace("#/$defs/", "#/components/schemas/"))
    body = {k: v for k, v in schemas["DossierData"].items() if k != "description"}
    assert body == {k: v for k, v in as_components.items() if k != "description"}
    for name, definition in definitions.items():
        assert (
            json.loads(json.dumps(definition).replace("#/$defs/", "#/components/schemas/")) == schemas[name]
        )
    assert schemas["Gender"]["enum"] == ["male", "female"]
    assert "municipal_office" in schemas["OrgKind"]["enum"]
    assert "curator-order" in schemas["GenerateInput"]["properties"]["kinds"]["items"]["enum"]
    assert schemas["DossierInput"]["properties"]["data"] == {"$ref": "#/components/schemas/DossierData"}


def _example(schemas: dict[str, Any], schema: dict[str, Any]) -> Any:
    """The smallest value the schema asks for: required fields (and the first of the «one of
    these is required» alternatives), enums' first value, the examples in descriptions («…»)."""
    while "$ref" in schema:
        schema = {
            **schemas[schema["$ref"].rsplit("/", 1)[1]],
            **{k: v for k, v in schema.items() if k != "$ref"},
        }
    if schema.get("type") == "object":
        required = list(schema.get("required", []))
        for option in schema.get("anyOf", [])[:1]:
            required += option.get("required", [])
        return {k: _example(schemas, v) for k, v in schema.get("properties", {}).items() if k in required}
    if "anyOf" in schema:
        return _example(schemas, next(s for s in schema["anyOf"] if s.get("type") != "null"))
    if "enum" in schema:
        return schema["enum"][0]
    if "examples" in schema:
        return schema["examples"][0]
    if schema.get("type") == "array":
        return []
    if schema.get("type") == "boolean":
        return False
    if schema.get("type") == "integer":
        return schema.get("minimum", 1)
    if schema.get("format") == "date":
        return "2024-09-02"
    quoted = re.search(r"«([^»]+)»", schema.get("description", ""))
    return quoted.group(1) if quoted else "Тестова"


def test_a_dossier_built_from_the_description_alone_is_valid_and_issues(app, client):
    schemas = _document(app)["components"]["schemas"]
    data = _example(schemas, {"$ref": "#/components/schemas/DossierData"})
    data["school_year"] = "2031/2032"  # a year the demo school has no dossier for
    created = client.post("/api/v1/dossiers", json={"data": data})
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["valid"] is True, body["errors"]
    checked = client.post(f"/api/v1/dossiers/{body['id']}/validate")
    assert checked.status_code == 200, checked.get_json()


def test_a_put_without_revision_is_refused_with_409(client, demo_id):
    current = client.get(f"/api/v1/dossiers/{demo_id}").get_json()
    refused = client.put(f"/api/v1/dossiers/{demo_id}", json={"data": current["data"]})
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "revision_required"
    assert "revision" in refused.get_json()["error"]["message"]
    saved = client.put(
        f"/api/v1/dossiers/{demo_id}", json={"data": current["data"], "revision": current["revision"]}
    )
    assert saved.status_code == 200 and saved.get_json()["revision"] == current["revision"] + 1


def test_the_readme_session_works(app, accounts):
    """login, create, validate, generate, download — the README's curl session, step by step."""
    from web_helpers import PASSWORD

    client = app.test_client()
    assert client.get("/api/v1/openapi.json").status_code == 200
    login = client.post("/api/v1/session", json={"login": accounts["curator"], "password": PASSWORD})
    assert login.status_code == 200
    token = client.get("/api/v1/session").get_json()["csrf_token"]
    headers = {"X-CSRF-Token": token}
    data = client.get("/api/v1/dossiers/1", headers=headers).get_json()["data"]
    data["school_year"] = "2030/2031"
    created = client.post("/api/v1/dossiers", json={"data": data}, headers=headers)
    assert created.status_code == 201, created.get_json()
    dossier = created.get_json()["id"]
    assert client.post(f"/api/v1/dossiers/{dossier}/validate", headers=headers).status_code in (200, 422)
    current = client.get(f"/api/v1/dossiers/{dossier}").get_json()
    if not current["valid"]:  # the copied pairs fall outside the new year: issue the demo one
        dossier = 1
    issued = client.post(
        f"/api/v1/dossiers/{dossier}/generate",
        json={"kinds": ["curator-order"], "date": "2023-09-01"},
        headers={**headers, "Idempotency-Key": "readme-example-1"},
    )
    assert issued.status_code == 201, issued.get_json()
    url = issued.get_json()["documents"][0]["download_url"]
    downloaded = client.get(url)
    assert downloaded.status_code == 200 and downloaded.data[:2] == b"PK"
