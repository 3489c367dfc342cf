"""The editor and the legal rules: a basis not yet in force is a warning shown after saving,
the authorised signatory and the curator setting are edited and kept like any field."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from tests.web.conftest import read_form


def _page(client, dossier_id: int, section: str) -> str:
    response = client.get(f"/dossiers/{dossier_id}/{section}")
    assert response.status_code == 200, section
    return response.get_data(as_text=True)


def _save(client, dossier_id: int, section: str, fields: list[tuple[str, str]]) -> str:
    response = client.post(f"/dossiers/{dossier_id}/{section}", data=MultiDict(fields))
    assert response.status_code == 302, response.get_data(as_text=True)
    return client.get(response.headers["Location"]).get_data(as_text=True)


def _data(client, dossier_id: int) -> dict:
    return client.get(f"/api/v1/dossiers/{dossier_id}").get_json()["data"]


def test_a_basis_not_yet_in_force_is_a_warning(client, demo_id):
    fields = read_form(_page(client, demo_id, "approvals"))
    fields += [("basis-9", "статьи 351.8 Трудового кодекса Российской Федерации")]
    page = _save(client, demo_id, "approvals", fields)
    assert "Черновик сохранён. Ошибок нет" in page
    assert "Предупреждение: основания[5]: «статья 351.8 Трудового кодекса РФ" in page
    assert "вступает в силу 01.03.2025, а приказ о внедрении датирован 20.05.2022" in page


def test_the_signatory_is_edited_and_kept(client, demo_id):
    fields = read_form(_page(client, demo_id, "organisation"))
    prefix = "organisation-authorised_signatory"
    typed = {
        f"{prefix}-basis": "приказа от 01.09.2022 № 101 «О распределении обязанностей»",
        f"{prefix}-person-surname": "Жмурина",
        f"{prefix}-person-name": "Ольга",
        f"{prefix}-person-patronymic": "Алексеевна",
        f"{prefix}-person-gender": "female",
        f"{prefix}-person-position": "заместитель директора по УВР",
    }
    assert set(typed) <= {name for name, _ in fields}  # the tab shows every field of it
    fields = [(name, typed.get(name, value)) for name, value in fields]
    page = _save(client, demo_id, "organisation", fields)
    assert "Ошибок нет" in page
    signatory = _data(client, demo_id)["organisation"]["authorised_signatory"]
    assert signatory["person"]["surname"] == "Жмурина"
    assert signatory["basis"].startswith("приказа от 01.09.2022 № 101")
    # Saving the tab again as shown keeps it (nothing typed is lost).
    again = read_form(_page(client, demo_id, "organisation"))
    assert dict(again)[f"{prefix}-person-surname"] == "Жмурина"
    _save(client, demo_id, "organisation", again)
    assert _data(client, demo_id)["organisation"]["authorised_signatory"] == signatory


def test_the_curator_setting_is_a_choice(client, demo_id):
    page = _page(client, demo_id, "curator")
    assert "Где назначается куратор" in page
    assert "пунктом приказа о внедрении" in page
    fields = [(k, "implementation_order" if k == "curator_appointment" else v) for k, v in read_form(page)]
    _save(client, demo_id, "curator", fields)
    assert _data(client, demo_id)["curator_appointment"] == "implementation_order"
