"""A municipal office in the web service: its seed-004 dossier survives the editor, validation
warns about what it does not issue, and asking for a school's document is refused with why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from werkzeug.datastructures import MultiDict

from docgen.forms.sections import sections_for
from docgen.model import dossier_from_data, read_data
from tests.web.conftest import read_form

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture
def office(client_as):
    return client_as("office")


def _create(office, data: dict) -> int:
    response = office.post("/api/v1/dossiers", json={"data": data})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def test_resaving_every_tab_keeps_the_zavitinsk_order_wording(office):
    dossier_id = _create(office, read_data(SAMPLES / "municipal-zavitinsk.yaml"))
    before = office.get(f"/api/v1/dossiers/{dossier_id}").get_json()
    assert before["valid"], before["errors"]
    for section in [s.id for s in sections_for(before["data"])]:
        page = office.get(f"/dossiers/{dossier_id}/{section}")
        assert page.status_code == 200, section
        fields = read_form(page.get_data(as_text=True))
        saved = office.post(f"/dossiers/{dossier_id}/{section}", data=MultiDict(fields))
        assert saved.status_code == 302, section
    after = office.get(f"/api/v1/dossiers/{dossier_id}").get_json()
    assert after["valid"], after["errors"]
    assert dossier_from_data(after["data"]) == dossier_from_data(before["data"])
    assert len(after["data"]["municipal"]["order"]["points"][2]["points"]) == 8


def test_validate_warns_and_generate_refuses_a_school_document(office):
    data = json.loads((SAMPLES / "municipal-berezniki.json").read_text(encoding="utf-8"))
    dossier_id = _create(office, data)
    checked = office.post(f"/api/v1/dossiers/{dossier_id}/validate").get_json()
    assert checked["valid"] is True and checked["errors"] == []
    assert checked["warnings"][0].startswith("Пары (21): орган управления образованием не закрепляет пары")
    refused = office.post(f"/api/v1/dossiers/{dossier_id}/generate", json={"kinds": ["pairs-order"]})
    assert refused.status_code == 422
    message = json.dumps(refused.get_json(), ensure_ascii=False)
    assert "не издаёт этот документ" in message
    assert "наставнические пары закрепляет приказом руководитель образовательной организации" in message
