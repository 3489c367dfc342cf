"""A school takes the roadmap or the KPI table of its office's package into its own dossier."""

from __future__ import annotations

import json

import pytest
from layer_helpers import default_template, form, login, municipal_data, office_publishes, page_text

from docgen.model import dossier_from_data


@pytest.fixture
def office_client(app, office_id):
    client = app.test_client()
    login(client, "metodist")
    return client


def _dossier(db, org_id: int) -> tuple[int, int, dict]:
    dossier_id, revision, data = db.execute(
        "SELECT id, revision, data FROM dossiers WHERE org_id = ? ORDER BY id LIMIT 1", [org_id]
    ).fetchone()
    return dossier_id, revision, json.loads(data)


def test_the_school_replaces_its_roadmap_with_the_office_sample(office_client, client, db, demo_id):
    dossier_id, revision, before = _dossier(db, demo_id)
    roadmap_tab = f"/dossiers/{dossier_id}/roadmap"
    assert "есть материал" not in page_text(client.get(roadmap_tab).get_data(as_text=True))

    package_id = office_publishes(office_client, default_template())
    page = page_text(client.get(roadmap_tab).get_data(as_text=True))
    assert (
        "В пакете «Шаблоны УО Березники» (версия 1) от УО Березники есть материал «Примерная дорожная карта"
        in page
    )
    assert "есть материал" not in page_text(
        client.get(f"/dossiers/{dossier_id}/pairs").get_data(as_text=True)
    )

    response = client.post(
        f"/dossiers/{dossier_id}/materials/roadmap",
        data=form(package_id=str(package_id), revision=str(revision)),
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/roadmap?check=1")
    shown = page_text(client.get(response.headers["Location"]).get_data(as_text=True))
    assert (
        "Раздел «Дорожная карта» заменён материалом пакета «Шаблоны УО Березники» (версия 1, УО Березники)"
        in shown
    )

    _id, new_revision, after = _dossier(db, demo_id)
    office_roadmap = dossier_from_data(municipal_data()).model_dump(mode="json")["roadmap"]
    assert after["roadmap"] == office_roadmap != before["roadmap"]
    assert {k: v for k, v in after.items() if k != "roadmap"} == {
        k: v for k, v in before.items() if k != "roadmap"
    }
    assert new_revision == revision + 1
    (details,) = db.execute(
        "SELECT details FROM audit WHERE action = 'dossier_update' AND object_id = ? "
        "ORDER BY id DESC LIMIT 1",
        [str(dossier_id)],
    ).fetchone()
    assert json.loads(details) == {"section": "roadmap", "package": package_id}


def test_the_kpi_table_too_and_a_stale_page_changes_nothing(office_client, client, db, demo_id):
    dossier_id, revision, _before = _dossier(db, demo_id)
    package_id = office_publishes(office_client, default_template())
    taken = client.post(
        f"/dossiers/{dossier_id}/materials/kpis",
        data=form(package_id=str(package_id), revision=str(revision)),
    )
    assert taken.status_code == 302
    _id, _rev, after = _dossier(db, demo_id)
    assert after["kpis"] == dossier_from_data(municipal_data()).model_dump(mode="json")["kpis"]
    stale = client.post(
        f"/dossiers/{dossier_id}/materials/roadmap",
        data=form(package_id=str(package_id), revision=str(revision)),
    )
    assert stale.status_code == 409
    assert _dossier(db, demo_id)[2] == after
    assert (
        client.post(
            f"/dossiers/{dossier_id}/materials/pairs", data=form(package_id=str(package_id))
        ).status_code
        == 404
    )
    assert client.post(f"/dossiers/{dossier_id}/materials/roadmap", data=form()).status_code == 400
