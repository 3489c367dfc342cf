"""The declension preview and hand corrections stored in name_forms."""

from __future__ import annotations

import re


def _card(page: str, full_name: str) -> str:
    at = page.index(f"{full_name} <span")
    start = page.rindex("<form", 0, at)
    return page[start : page.index("</form>", at)]


def test_preview_shows_the_cases_documents_use(client, demo_id):
    page = client.get(f"/dossiers/{demo_id}/declension").get_data(as_text=True)
    for label in ("Родительный", "Дательный", "Винительный", "Творительный"):
        assert label in page
    card = _card(page, "Иванова Мария Петровна")
    assert 'value="Ивановой Марии Петровны"' in card
    assert 'value="Иванову Марию Петровну"' in card


def test_correction_is_stored_and_used(client, demo_id):
    page = client.get(f"/dossiers/{demo_id}/declension").get_data(as_text=True)
    card = _card(page, "Шевчук Анна Викторовна")
    key = re.search(r'name="person" value="([^"]+)"', card).group(1)
    response = client.post(
        f"/dossiers/{demo_id}/declension",
        data={
            "person": key,
            "genitive": "Шевчук Анны Викторовны",
            "dative": "Шевчук Анне Викторовне (испр.)",
            "accusative": "",
            "instrumental": "Шевчук Анной Викторовной",
        },
    )
    assert response.status_code == 302
    data = client.get(f"/api/v1/dossiers/{demo_id}").get_json()["data"]
    shevchuk = [m["person"] for m in data["working_group"] if m["person"]["surname"] == "Шевчук"]
    # Only the form that differs from the automatic one is stored, at every occurrence.
    assert shevchuk[0]["name_forms"] == {"dative": "Шевчук Анне Викторовне (испр.)"}
    assert data["pairs"][1]["mentor"]["name_forms"] == {"dative": "Шевчук Анне Викторовне (испр.)"}
    page = client.get(f"/dossiers/{demo_id}/declension").get_data(as_text=True)
    card = _card(page, "Шевчук Анна Викторовна")
    assert 'value="Шевчук Анне Викторовне (испр.)"' in card
    assert "Исправлено вручную; автоматически: «Шевчук Анне Викторовне»" in card
    # The documents use it: the rendered reward order addresses her in the dative form.
    from docgen.model import dossier_from_data
    from docgen.render.people import declined_fio

    dossier = dossier_from_data(data)
    person = dossier.working_group[2].person
    assert declined_fio(person).dat == "Шевчук Анне Викторовне (испр.)"
    # The editor keeps the correction when the tab is saved again.
    editor = client.get(f"/dossiers/{demo_id}/curator").get_data(as_text=True)
    assert 'value="Шевчук Анне Викторовне (испр.)"' in editor


def test_unknown_person_is_404(client, demo_id):
    response = client.post(f"/dossiers/{demo_id}/declension", data={"person": "нет такого"})
    assert response.status_code == 404
    assert "Такого человека в досье нет" in response.get_data(as_text=True)
