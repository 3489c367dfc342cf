"""The compact pairs editor (issue 15, §2): one row per pair, the rest of each pair kept."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from tests.web.conftest import read_form


def _data(client, dossier_id: int) -> dict:
    return client.get(f"/api/v1/dossiers/{dossier_id}").get_json()["data"]


def test_pairs_tab_leads_to_the_table_and_the_import(client, demo_id):
    page = client.get(f"/dossiers/{demo_id}/pairs").get_data(as_text=True)
    assert f'href="/dossiers/{demo_id}/pairs/table">Быстрый ввод пар таблицей</a>' in page
    assert f'href="/registry/dossiers/{demo_id}/import">' in page


def test_rows_edit_remove_and_add_pairs_and_keep_everything_else(client, demo_id):
    before = _data(client, demo_id)["pairs"]
    page = client.get(f"/dossiers/{demo_id}/pairs/table").get_data(as_text=True)
    assert page.count("<tr data-row>") == len(before)
    assert "Группа: наставник" in page  # a group is listed, edited in the full form
    fields = read_form(page, "pairs-table")
    values = dict(fields)
    assert values["t-0-mentor-surname"] == before[0]["mentor"]["surname"]
    assert values["t-0-start"].count(".") == 2  # ДД.ММ.ГГГГ
    # Rename the first mentor, drop the second pair, add a new one at the end.
    kept = [
        (n, "Сидорова" if n == "t-0-mentor-surname" else v) for n, v in fields if not n.startswith("t-1-")
    ]
    new = {"form": "учитель – учитель", "start": "15.09.2022", "end": "31.05.2023",
           "mentor-surname": "Новикова", "mentor-name": "Анна", "mentor-patronymic": "Ильинична",
           "mentor-gender": "female", "mentor-position": "учитель химии",
           "mentee-surname": "Орлов", "mentee-name": "Пётр", "mentee-patronymic": "Андреевич",
           "mentee-gender": "male", "mentee-position": "учитель химии"}  # fmt: skip
    kept += [(f"t-99-{k}", v) for k, v in new.items()] + [("t-98-form", "")]  # an empty row is dropped
    saved = client.post(f"/dossiers/{demo_id}/pairs/table", data=MultiDict(kept))
    assert saved.status_code == 302
    after = _data(client, demo_id)["pairs"]
    assert len(after) == len(before)  # one removed, one added
    assert after[0]["mentor"]["surname"] == "Сидорова"
    assert after[0]["mentor"]["address"] == before[0]["mentor"]["address"]  # not in the table: kept
    assert after[1] == before[2]
    groups_before = [p for p in before if len(p["mentees"]) > 1]
    assert [p for p in after if len(p["mentees"]) > 1] == groups_before
    assert after[-1]["mentor"]["surname"] == "Новикова" and after[-1]["mentees"][0]["surname"] == "Орлов"
    assert client.post(f"/api/v1/dossiers/{demo_id}/validate").status_code == 200


def test_the_table_is_read_only_for_readers_and_refused_to_the_office(client_as, demo_id):
    page = client_as("viewer").get(f"/dossiers/{demo_id}/pairs/table").get_data(as_text=True)
    assert "Сохранить пары" not in page and "<fieldset disabled" in page
    refused = client_as("office").post(f"/dossiers/{demo_id}/pairs/table", data={"t-0-orig": "0"})
    assert refused.status_code == 404
    assert "только для просмотра" in refused.get_data(as_text=True)
