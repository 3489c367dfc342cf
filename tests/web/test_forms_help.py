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


def test_year_hints_use_the_dossier_s_own_year(client, demo_id):
    page = client.get(f"/dossiers/{demo_id}/pairs").get_data(as_text=True)  # a 2022/2023 dossier
    assert 'placeholder="до 30.09.2022"' in page
    assert "Например, «до 30.09.2022»" in page
    assert "30.09.2023" not in page
    from docgen.forms.hints import fields_for

    later = fields_for("2025/2026")
    assert later.PAIRS_COMMON[0].placeholder == "до 30.09.2025"


def test_other_kinds_help_lists_kinds_not_forms(client, demo_id):
    page = client.get(f"/dossiers/{demo_id}/forms").get_data(as_text=True)
    kinds_help = page.split('id="f-kinds_other-help">')[1].split("</p>")[0]
    assert "«дистанционное»" in kinds_help and "учитель – ученик" not in kinds_help


def test_optional_blocks_do_not_star_their_fields(client, demo_id):
    page = client.get(f"/dossiers/{demo_id}/final_event").get_data(as_text=True)
    for key in ("title", "date", "place"):
        label = re.search(rf'<label for="f-final_event-{key}">(.*?)</label>', page).group(1)
        assert "обязательное поле" not in label, key


def test_end_of_year_orders_are_not_ticked_at_the_start_of_the_year(client, demo_id, monkeypatch):
    from datetime import date

    import docgen.web.documents as documents
    from docgen.model import dossier_from_data

    dossier = dossier_from_data(client.get(f"/api/v1/dossiers/{demo_id}").get_json()["data"])
    assert not documents._year_is_ending(dossier, date(2022, 10, 1))
    assert documents._year_is_ending(dossier, date(2023, 4, 1))
    monkeypatch.setattr(documents, "_year_is_ending", lambda _dossier: False)
    page = client.get(f"/dossiers/{demo_id}/generate").get_data(as_text=True)
    assert 'value="reward-order" checked' not in page
    assert 'value="curator-order" checked' in page
