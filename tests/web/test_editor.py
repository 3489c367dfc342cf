"""The dossier editor: drafts are saved as typed, errors appear next to their fields."""

from __future__ import annotations

import re

from werkzeug.datastructures import MultiDict

from tests.web.conftest import read_form, replace_field


def _person(prefix: str, surname: str, name: str, patronymic: str, gender: str, position: str):
    return [
        (f"{prefix}-surname", surname),
        (f"{prefix}-name", name),
        (f"{prefix}-patronymic", patronymic),
        (f"{prefix}-gender", gender),
        (f"{prefix}-position", position),
    ]


def _pairs_form(revision: str, *, group_gender: str = "female", end: str = "31.05.2024"):
    fields = [("revision", revision), ("programmes_deadline", "до 30.09.2023")]
    fields += [("pairs-0-form", "учитель – учитель"), ("pairs-0-start", "15.09.2023"),
               ("pairs-0-end", end)]  # fmt: skip
    fields += _person("pairs-0-mentor", "Иванова", "Мария", "Петровна", "female",
                      "учитель математики")  # fmt: skip
    fields += _person("pairs-0-mentees-0", "Кириллов", "Артём", "Сергеевич", "male",
                      "учитель математики")  # fmt: skip
    fields += [("pairs-3-form", "учитель – ученик"), ("pairs-3-start", "15.09.2023"),
               ("pairs-3-end", "31.05.2024")]  # fmt: skip
    fields += _person("pairs-3-mentor", "Мартыненко", "Олег", "Викторович", "male",
                      "учитель физики")  # fmt: skip
    fields += _person("pairs-3-mentees-0", "Антонов", "Кирилл", "Евгеньевич", "male",
                      "обучающийся 8 «Б» класса")  # fmt: skip
    fields += _person("pairs-3-mentees-4", "Савченко", "Дарья", "Игоревна", group_gender,
                      "обучающаяся 8 «Б» класса")  # fmt: skip
    fields += _person("pairs-3-mentees-9", "Морозова", "Вероника", "Павловна", "female",
                      "обучающаяся 8 «Б» класса")  # fmt: skip
    return fields


def _new_dossier(client, year: str = "2023/2024") -> int:
    response = client.post("/dossiers/", data={"school_year": year})
    assert response.status_code == 302
    return int(re.search(r"/dossiers/(\d+)/", response.headers["Location"]).group(1))


def _revision(client, dossier_id: int) -> str:
    return str(client.get(f"/api/v1/dossiers/{dossier_id}").get_json()["revision"])


def test_new_dossier_is_prefilled(client, demo_id):
    dossier_id = _new_dossier(client)
    data = client.get(f"/api/v1/dossiers/{dossier_id}").get_json()["data"]
    assert data["school_year"] == "2023/2024"
    assert data["organisation"]["short_name"] == "МБОУ гимназия № 20 им. С.С. Станчева"
    first_row = data["roadmap"]["stages"][0]["events"][0]["rows"][0]
    assert first_row["deadline"] == "Май 2023"  # the sample's «Май 2022», a year later
    assert "Жмурина" not in str(data["roadmap"])
    page = client.get(f"/dossiers/{dossier_id}/organisation").get_data(as_text=True)
    assert 'value="МБОУ гимназия № 20 им. С.С. Станчева"' in page


def test_validation_message_next_to_the_field_and_input_kept(client, demo_id):
    dossier_id = _new_dossier(client)
    response = client.post(
        f"/dossiers/{dossier_id}/pairs",
        data=MultiDict(_pairs_form(_revision(client, dossier_id), group_gender="", end="01.09.2023")),
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    # The group's second mentee (typed at index 4, renumbered to 1) has no gender.
    assert re.search(r'id="f-pairs-1-mentees-1-gender-err">обязательное поле<', page), (
        "the message must sit next to the gender field"
    )
    assert 'aria-describedby="f-pairs-1-mentees-1-gender-err"' in page
    # End before start: shown next to «Окончание» of the first pair.
    assert re.search(r'id="f-pairs-0-end-err">окончание должно быть позже начала<', page)
    # The summary at the top names the field in Russian.
    assert "Пара 2 → наставляемый 2 → пол" in page
    # Everything typed is still in the form, renumbered in order.
    fields = dict(read_form(page))
    assert fields["pairs-1-mentees-1-surname"] == "Савченко"
    assert fields["pairs-1-mentees-2-surname"] == "Морозова"
    assert fields["pairs-0-end"] == "01.09.2023"
    assert fields["pairs-1-mentees-1-gender"] == ""
    assert fields["programmes_deadline"] == "до 30.09.2023"


def test_fixing_the_mistake_keeps_the_rest(client, demo_id):
    dossier_id = _new_dossier(client)
    client.post(
        f"/dossiers/{dossier_id}/pairs",
        data=MultiDict(_pairs_form(_revision(client, dossier_id), group_gender="")),
    )
    page = client.get(f"/dossiers/{dossier_id}/pairs?check=1").get_data(as_text=True)
    fields = replace_field(read_form(page), "pairs-1-mentees-1-gender", "female")
    response = client.post(f"/dossiers/{dossier_id}/pairs", data=MultiDict(fields))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "f-pairs-1-mentees-1-gender-err" not in page
    data = client.get(f"/api/v1/dossiers/{dossier_id}").get_json()["data"]
    assert [len(p["mentees"]) for p in data["pairs"]] == [1, 3]
    assert data["pairs"][1]["mentees"][1]["gender"] == "female"
    # Other sections were not touched by saving this one.
    assert data["organisation"]["short_name"].startswith("МБОУ")
    assert data["roadmap"]["stages"]


def test_resaving_every_tab_of_the_demo_changes_nothing(client, demo_id):
    before = client.get(f"/api/v1/dossiers/{demo_id}").get_json()
    sections = ("organisation", "curator", "forms", "pairs", "roadmap", "mentor_school", "rewards",
                "final_event", "partners", "kpis", "approvals")  # fmt: skip
    for section in sections:
        page = client.get(f"/dossiers/{demo_id}/{section}").get_data(as_text=True)
        response = client.post(f"/dossiers/{demo_id}/{section}", data=MultiDict(read_form(page)))
        assert response.status_code == 302, section
    after = client.get(f"/api/v1/dossiers/{demo_id}").get_json()
    assert after["valid"], after["errors"]
    assert after["revision"] == before["revision"] + len(sections)
    from docgen.model import dossier_from_data

    assert dossier_from_data(after["data"]) == dossier_from_data(before["data"])


def test_forms_checkboxes_and_free_text(client, demo_id):
    dossier_id = _new_dossier(client)
    fields = [
        ("revision", _revision(client, dossier_id)),
        ("directions", "teachers"),
        ("forms", "педагог – педагог"),
        ("forms", "учитель – ученик"),
        ("forms_other", "наставник – стажёр\n\n  выпускник – ученик "),
        ("kinds", "традиционное"),
    ]
    client.post(f"/dossiers/{dossier_id}/forms", data=MultiDict(fields))
    data = client.get(f"/api/v1/dossiers/{dossier_id}").get_json()["data"]
    assert data["directions"] == ["teachers"]
    assert data["forms"] == [
        "педагог – педагог", "учитель – ученик", "наставник – стажёр", "выпускник – ученик"
    ]  # fmt: skip
    assert data["kinds"] == ["традиционное"]
    page = client.get(f"/dossiers/{dossier_id}/forms").get_data(as_text=True)
    assert "наставник – стажёр\nвыпускник – ученик</textarea>" in page


def test_stale_revision_is_a_conflict(client, demo_id):
    page = client.get(f"/dossiers/{demo_id}/kpis").get_data(as_text=True)
    fields = read_form(page)
    assert client.post(f"/dossiers/{demo_id}/kpis", data=MultiDict(fields)).status_code == 302
    response = client.post(f"/dossiers/{demo_id}/kpis", data=MultiDict(fields))
    assert response.status_code == 409
    assert "обновите страницу" in response.get_data(as_text=True)


def test_new_row_templates_use_placeholders(client, demo_id):
    page = client.get(f"/dossiers/{demo_id}/pairs").get_data(as_text=True)
    assert 'name="pairs-__i0__-mentor-surname"' in page
    assert 'name="pairs-__i0__-mentees-__i1__-gender"' in page
    assert 'name="pairs-0-mentees-__i1__-surname"' in page
    assert "<script" not in page.split("</head>")[1]  # no inline scripts (CSP)
