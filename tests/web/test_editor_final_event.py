"""The «Итоговое мероприятие» tab takes several responsible people; the order then reads
«Назначить ответственными …»."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from tests.docxread import norm
from tests.web.conftest import read_form


def _page(client, dossier_id: int) -> str:
    response = client.get(f"/dossiers/{dossier_id}/final_event")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_co_responsible_people_are_saved_from_the_tab(client, demo_id):
    page = _page(client, demo_id)
    assert "Другие ответственные" in page
    assert 'name="final_event-co_responsible-__i0__-surname"' in page  # a new row's template
    fields = read_form(page)
    fields += [
        ("final_event-co_responsible-0-surname", "Громов"),
        ("final_event-co_responsible-0-name", "Илья"),
        ("final_event-co_responsible-0-patronymic", "Петрович"),
        ("final_event-co_responsible-0-gender", "male"),
        ("final_event-co_responsible-0-position", "социальный педагог"),
    ]
    response = client.post(f"/dossiers/{demo_id}/final_event", data=MultiDict(fields))
    assert response.status_code == 302, response.get_data(as_text=True)
    data = client.get(f"/api/v1/dossiers/{demo_id}").get_json()["data"]
    assert data["final_event"]["co_responsible"][0]["surname"] == "Громов"
    shown = dict(read_form(_page(client, demo_id)))
    assert shown["final_event-co_responsible-0-surname"] == "Громов"
    assert norm(shown["final_event-co_responsible-0-position"]) == "социальный педагог"
