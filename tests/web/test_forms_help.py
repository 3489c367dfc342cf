"""Forms that help rather than scold (issue 15, §2): untouched tabs open without errors,
error paths read as words."""

from __future__ import annotations

import re

from werkzeug.datastructures import MultiDict

from docgen.forms.paths import readable_path
from tests.web.conftest import read_form


def _put(client, dossier_id: int, data: dict) -> None:
    revision = client.get(f"/api/v1/dossiers/{dossier_id}").get_json()["revision"]
    assert (
        client.put(f"/api/v1/dossiers/{dossier_id}", json={"data": data, "revision": revision}).status_code
        == 200
    )


def test_save_and_go_on_opens_the_next_tab_without_errors(client, demo_id):
    data = client.get(f"/api/v1/dossiers/{demo_id}").get_json()["data"]
    data["roadmap"]["stages"][1]["title"] = ""  # an error on another tab
    _put(client, demo_id, data)
    fields = read_form(client.get(f"/dossiers/{demo_id}/organisation").get_data(as_text=True))
    saved = client.post(
        f"/dossiers/{demo_id}/organisation", data=MultiDict([*fields, ("next_section", "curator")])
    )
    assert saved.status_code == 302
    assert saved.headers["Location"].endswith(f"/dossiers/{demo_id}/curator")
    page = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Найдено ошибок: 1" in page  # the flash still says what the save found
    assert "error-summary" not in page and 'aria-invalid="true"' not in page
    # «Сохранить черновик» on a tab checks the dossier and shows where the errors are.
    again = client.post(f"/dossiers/{demo_id}/curator", data=MultiDict(read_form(page)))
    assert again.headers["Location"].endswith("?check=1")


def test_error_paths_read_as_words(client, demo_id):
    data = client.get(f"/api/v1/dossiers/{demo_id}").get_json()["data"]
    data["roadmap"]["stages"][1]["title"] = ""
    _put(client, demo_id, data)
    page = client.get(f"/dossiers/{demo_id}/organisation?check=1").get_data(as_text=True)
    assert "Дорожная карта → этап 2 → наименование этапа: не может быть пустым" in page
    assert "этапы[2]" not in page


def test_readable_path_examples():
    assert readable_path("пары[3].наставляемые[2].пол") == "Пара 3 → наставляемый 2 → пол"
    assert readable_path("организация.руководитель.фамилия") == "Организация → руководитель → фамилия"
    assert readable_path("приказы[curator-order].номер").startswith("Приказы → «Приказ")
    assert readable_path("") == ""


def test_names_have_limits_the_model_enforces_and_the_form_explains(client, demo_id):
    page = client.get(f"/dossiers/{demo_id}/curator").get_data(as_text=True)
    assert re.search(r'id="f-curator-surname" name="curator-surname" value="[^"]*"\s*maxlength="100"', page)
    assert "Только буквы, дефис, апостроф и пробел; до 100 символов." in page
    data = client.get(f"/api/v1/dossiers/{demo_id}").get_json()["data"]
    data["curator"]["surname"] = "Ф" * 10_000
    data["pairs"][0]["mentor"]["name"] = "Иван😀"
    _put(client, demo_id, data)
    page = client.get(f"/dossiers/{demo_id}/organisation?check=1").get_data(as_text=True)
    assert "Куратор → фамилия: слишком длинно: не больше 100 символов, сейчас 10000" in page
    assert "Пара 1 → наставник → имя: только буквы, дефис, апостроф и пробел" in page
