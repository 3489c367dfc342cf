"""The editor's later tabs: «Основания и согласование», «Школа наставников», «Итоговое
мероприятие» and, for municipal offices, «Муниципальный уровень»; times shown in local time."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from werkzeug.datastructures import MultiDict

from docgen.forms.sections import SECTIONS, sections_for
from docgen.model import dossier_from_data
from docgen.web.app import create_app
from docgen.web.config import InvalidSetting
from docgen.web.filters import ru_date
from tests.web.conftest import read_form, replace_field

MUNICIPAL_SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "municipal-berezniki.json"


def _page(client, dossier_id: int, section: str, check: bool = False) -> str:
    response = client.get(f"/dossiers/{dossier_id}/{section}" + ("?check=1" if check else ""))
    assert response.status_code == 200, section
    return response.get_data(as_text=True)


def _save(client, dossier_id: int, section: str, fields: list[tuple[str, str]]) -> str:
    """Submit a tab as a browser would; the page shown after the redirect."""
    response = client.post(f"/dossiers/{dossier_id}/{section}", data=MultiDict(fields))
    assert response.status_code == 302, response.get_data(as_text=True)
    return client.get(response.headers["Location"]).get_data(as_text=True)


def _data(client, dossier_id: int) -> dict:
    return client.get(f"/api/v1/dossiers/{dossier_id}").get_json()["data"]


def _error_at(page: str, name: str) -> str:
    found = re.search(rf'<p class="error" id="f-{re.escape(name)}-err">([^<]*)</p>', page)
    assert found, f"no message next to {name}"
    return found.group(1)


@pytest.fixture
def office(client_as):
    return client_as("office")


@pytest.fixture
def municipal_id(office) -> int:
    """The Berezniki sample as a dossier of the office «УО Тест»."""
    data = json.loads(MUNICIPAL_SAMPLE.read_text(encoding="utf-8"))
    response = office.post("/api/v1/dossiers", json={"data": data})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


# --- the demo's values are shown -----------------------------------------------------------


def test_approvals_tab_shows_the_demo(client, demo_id):
    fields = dict(read_form(_page(client, demo_id, "approvals")))
    assert fields["basis-0"].startswith("распоряжения Министерства просвещения Российской Федерации")
    assert fields["basis-3"].startswith("методических рекомендаций")
    assert "basis-4" not in fields
    assert fields["adopted_by-body"] == "педагогическим советом"
    assert fields["adopted_by-protocol"] == "5"
    assert fields["adopted_by-date"] == "19.05.2022"
    assert [fields["considered-0-body"], fields["considered-1-body"]] == [
        "совета родителей", "совета обучающихся"
    ]  # fmt: skip
    assert fields["considered-1-date"] == "18.05.2022"
    page = _page(client, demo_id, "approvals")
    assert "в родительном падеже" in page  # the model's description of `basis`
    assert "В творительном падеже" in page and "В родительном падеже" in page


def test_final_event_tab_shows_the_demo(client, demo_id):
    fields = dict(read_form(_page(client, demo_id, "final_event")))
    assert fields["final_event-title"] == "школьный конкурс профессионального мастерства «Наставник года»"
    assert fields["final_event-date"] == "19.05.2023"
    assert fields["final_event-time"] == "14:00"
    assert fields["final_event-place"].startswith("актовый зал")
    assert fields["final_event-responsible-surname"] == "Жмурина"
    assert fields["final_event-jury-1-surname"] == "Колесникова"
    assert fields["final_event-jury-1-initials"] == "Н.В."
    assert fields["final_event-programme-0"]
    page = _page(client, demo_id, "final_event")
    assert 'name="final_event-jury-__i0__-surname"' in page  # a new juror's row in the template
    assert 'name="final_event-programme-__i0__"' in page


def test_mentor_school_tab_shows_the_demo(client, demo_id):
    fields = dict(read_form(_page(client, demo_id, "mentor_school")))
    assert fields["mentor_school-lead-surname"] == "Иванова"
    assert fields["mentor_school-sessions-0-topic"].startswith("Нормативные основы наставничества")
    assert fields["mentor_school-sessions-0-form"] == "семинар"
    assert fields["mentor_school-sessions-1-date"] == "сентябрь 2022"
    assert fields["mentor_school-sessions-1-responsible"] == "Шевчук А.В."
    page = _page(client, demo_id, "mentor_school")
    assert '<label for="f-mentor_school-sessions-0-topic">Тема<span class="req"' in page  # title=


def test_municipal_tab_shows_the_sample(office, municipal_id):
    fields = dict(read_form(_page(office, municipal_id, "municipal")))
    assert fields["municipal-territory"] == "муниципального образования «Город Березники» Пермского края"
    assert fields["municipal-subordinate_name"] == "образовательные организации"
    assert fields["municipal-basis-0"].startswith("приказа министерства образования и науки Пермского края")
    assert fields["municipal-registry_keeper-surname"] == "Суханова"
    assert fields["municipal-registry_keeper_org"].startswith("МАУ «Центр сопровождения")
    assert fields["municipal-schools_deadline"] == "18.11.2022"
    assert fields["municipal-controllers-0-person-surname"] == "Шилова"
    assert fields["municipal-controllers-0-duty"].startswith("осуществлять организационное")
    assert fields["municipal-control_person-surname"] == "Потехина"


# --- a mistake is shown next to its field, and nothing typed is lost ----------------------


def test_approvals_mistake_next_to_the_field(client, demo_id):
    fields = read_form(_page(client, demo_id, "approvals"))
    fields = replace_field(fields, "adopted_by-date", "31.02.2022")
    fields = replace_field(fields, "considered-1-body", "управляющего совета")
    fields += [("basis-9", "приказа управления образования от 01.03.2022 № 100")]  # a new row
    page = _save(client, demo_id, "approvals", fields)
    assert _error_at(page, "adopted_by-date") == "такой даты нет: «31.02.2022»"
    assert 'aria-describedby="f-adopted_by-date-err"' in page
    assert "Положение принято → дата" in page  # the summary names the field in Russian
    kept = dict(read_form(page))
    assert kept["adopted_by-date"] == "31.02.2022"
    assert kept["considered-1-body"] == "управляющего совета"
    assert kept["basis-4"] == "приказа управления образования от 01.03.2022 № 100"  # renumbered
    assert kept["adopted_by-body"] == "педагогическим советом"


def test_final_event_mistake_next_to_the_field(client, demo_id):
    fields = read_form(_page(client, demo_id, "final_event"))
    fields = replace_field(fields, "final_event-date", "32.05.2023")
    fields = replace_field(fields, "final_event-jury-0-gender", "")
    fields = replace_field(fields, "final_event-place", "спортивный зал")
    page = _save(client, demo_id, "final_event", fields)
    assert _error_at(page, "final_event-date") == "такой даты нет: «32.05.2023»"
    assert _error_at(page, "final_event-jury-0-gender") == "обязательное поле"
    assert "Итоговое мероприятие → член жюри 1 → пол" in page
    kept = dict(read_form(page))
    assert kept["final_event-date"] == "32.05.2023"
    assert kept["final_event-place"] == "спортивный зал"
    assert kept["final_event-jury-0-surname"]
    assert kept["final_event-jury-0-gender"] == ""


def test_mentor_school_mistake_next_to_the_field(client, demo_id):
    fields = read_form(_page(client, demo_id, "mentor_school"))
    fields = replace_field(fields, "mentor_school-sessions-1-topic", "")
    fields = replace_field(fields, "mentor_school-sessions-1-form", "деловая игра")
    page = _save(client, demo_id, "mentor_school", fields)
    assert _error_at(page, "mentor_school-sessions-1-topic") == "обязательное поле"
    assert "Школа наставников → занятие 2 → тема" in page
    kept = dict(read_form(page))
    assert kept["mentor_school-sessions-1-form"] == "деловая игра"
    assert kept["mentor_school-sessions-1-topic"] == ""
    assert kept["mentor_school-lead-surname"] == "Иванова"


def test_mentor_school_without_sessions_is_an_error_on_the_list(client, demo_id):
    fields = [(n, v) for n, v in read_form(_page(client, demo_id, "mentor_school"))
              if not n.startswith("mentor_school-sessions-")]  # fmt: skip
    page = _save(client, demo_id, "mentor_school", fields)
    assert re.search(r'id="f-mentor_school-sessions-err" role="alert">обязательное поле<', page)


def test_municipal_mistake_next_to_the_field(office, municipal_id):
    fields = read_form(_page(office, municipal_id, "municipal"))
    fields = replace_field(fields, "municipal-schools_deadline", "к ноябрю")
    fields = replace_field(fields, "municipal-territory", "")
    fields = replace_field(fields, "municipal-controllers-0-duty", "проверять отчёты")
    page = _save(office, municipal_id, "municipal", fields)
    assert _error_at(page, "municipal-schools_deadline") == "неверная дата: ожидается ДД.ММ.ГГГГ"
    assert _error_at(page, "municipal-territory") == "обязательное поле"
    kept = dict(read_form(page))
    assert kept["municipal-schools_deadline"] == "к ноябрю"
    assert kept["municipal-controllers-0-duty"] == "проверять отчёты"
    assert kept["municipal-registry_keeper-surname"] == "Суханова"


# --- saving round-trips and touches nothing else -------------------------------------------


def test_new_tabs_round_trip(client, demo_id):
    before = _data(client, demo_id)
    fields = read_form(_page(client, demo_id, "approvals"))
    fields = [(n, v) for n, v in fields if n != "basis-1"]  # «Удалить основание»
    fields = replace_field(fields, "considered-0-protocol", "4")
    _save(client, demo_id, "approvals", fields)
    fields = read_form(_page(client, demo_id, "final_event"))
    fields += [("final_event-programme-20", "Чаепитие")]
    _save(client, demo_id, "final_event", fields)
    fields = read_form(_page(client, demo_id, "mentor_school"))
    fields += [
        ("mentor_school-sessions-7-topic", "Итоги года"),
        ("mentor_school-sessions-7-date", "май 2023"),
    ]
    _save(client, demo_id, "mentor_school", fields)

    after = _data(client, demo_id)
    assert after["basis"] == [before["basis"][0], *before["basis"][2:]]
    assert after["considered"][0] == {**before["considered"][0], "protocol": "4"}
    assert after["final_event"]["programme"] == [*before["final_event"]["programme"], "Чаепитие"]
    assert after["mentor_school"]["sessions"][-1] == {"topic": "Итоги года", "date": "май 2023"}
    untouched = {"pairs", "roadmap", "rewards", "partners", "kpis", "organisation", "curator"}
    assert {k: after[k] for k in untouched} == {k: before[k] for k in untouched}
    assert client.get(f"/api/v1/dossiers/{demo_id}").get_json()["valid"]


def test_clearing_a_tab_removes_only_its_part(client, demo_id):
    page = _page(client, demo_id, "final_event")
    revision = dict(read_form(page))["revision"]
    _save(client, demo_id, "final_event", [("revision", revision)])
    after = _data(client, demo_id)
    assert "final_event" not in after
    assert after["mentor_school"]["sessions"] and after["adopted_by"]


def test_resaving_every_tab_of_a_municipal_office_changes_nothing(office, municipal_id):
    before = office.get(f"/api/v1/dossiers/{municipal_id}").get_json()
    assert before["valid"], before["errors"]
    sections = [s.id for s in sections_for(before["data"])]
    assert sections[:2] == ["organisation", "municipal"] and "approvals" in sections
    for section in sections:
        fields = read_form(_page(office, municipal_id, section))
        _save(office, municipal_id, section, fields)
    after = office.get(f"/api/v1/dossiers/{municipal_id}").get_json()
    assert after["valid"], after["errors"]
    assert after["revision"] == before["revision"] + len(sections)
    assert dossier_from_data(after["data"]) == dossier_from_data(before["data"])


# --- «Муниципальный уровень» only for an authority ------------------------------------------


def test_municipal_tab_only_for_an_authority(client, demo_id, office, municipal_id):
    assert sections_for(_data(client, demo_id)) == tuple(s for s in SECTIONS if s.id != "municipal")
    school_page = _page(client, demo_id, "organisation")
    assert "Муниципальный уровень" not in school_page
    assert f"/dossiers/{demo_id}/municipal" not in school_page
    assert client.get(f"/dossiers/{demo_id}/municipal").status_code == 404
    revision = dict(read_form(school_page))["revision"]
    response = client.post(f"/dossiers/{demo_id}/municipal", data={"revision": revision})
    assert response.status_code == 404
    assert "municipal" not in _data(client, demo_id)

    office_page = _page(office, municipal_id, "organisation")
    assert f'href="/dossiers/{municipal_id}/municipal"' in office_page
    # Second tab of an authority: «Сохранить и перейти» from the organisation leads there.
    assert 'name="next_section" value="municipal"' in office_page


def test_new_authority_dossier_asks_for_the_municipal_block(office):
    response = office.post("/dossiers/", data={"school_year": "2024/2025"})
    assert response.status_code == 302
    dossier_id = int(re.search(r"/dossiers/(\d+)/", response.headers["Location"]).group(1))
    fields = read_form(_page(office, dossier_id, "organisation"))
    for name, value in (
        ("organisation-city", "г. Тест"),
        ("organisation-director-surname", "Моисеев"),
        ("organisation-director-initials", "А.О."),
        ("organisation-director-gender", "male"),
    ):
        fields = replace_field(fields, name, value)
    fields += [("next_section", "municipal")]  # «Сохранить и перейти…»: the second tab
    response = office.post(f"/dossiers/{dossier_id}/organisation", data=MultiDict(fields))
    assert response.headers["Location"].endswith(f"/dossiers/{dossier_id}/municipal")  # opens clean
    page = _page(office, dossier_id, "curator", check=True)
    assert f'href="/dossiers/{dossier_id}/municipal?check=1#f-municipal">Муниципальный уровень</a>' in page
    page = _page(office, dossier_id, "municipal", check=True)
    assert re.search(r'id="f-municipal-err" role="alert">для органа управления образованием', page)
    fields = [("revision", dict(read_form(page))["revision"]),
              ("municipal-territory", "муниципального образования «Город Тест»")]  # fmt: skip
    page = _save(office, dossier_id, "municipal", fields)
    assert "f-municipal-err" not in page
    assert _data(office, dossier_id)["municipal"] == {"territory": "муниципального образования «Город Тест»"}


# --- times in the service's zone ------------------------------------------------------------


def test_ru_date_converts_utc_to_the_zone():
    moscow = ZoneInfo("Europe/Moscow")
    assert ru_date("2026-11-24T00:19:00+00:00", moscow) == "24.11.2026 03:19"
    assert ru_date("2026-11-23T22:30:00+00:00", moscow) == "24.11.2026 01:30"  # the next day
    assert ru_date(datetime(2026, 11, 24, 0, 19), ZoneInfo("Asia/Yekaterinburg")) == "24.11.2026 05:19"
    assert ru_date("2026-11-24", moscow) == "24.11.2026"  # a date has no zone
    assert ru_date("2026-11-24T00:19:00+00:00") == "24.11.2026 00:19"  # the default is UTC


def test_pages_show_local_time(tmp_path, monkeypatch):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "DEMO": False})
    assert app.config["TIMEZONE"] == "Europe/Moscow"
    render = app.jinja_env.from_string("{{ t|ru_date }}").render
    assert render(t="2026-11-24T00:19:00+00:00") == "24.11.2026 03:19"
    monkeypatch.setenv("DOCGEN_TIMEZONE", "Asia/Vladivostok")
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "DEMO": False})
    assert app.jinja_env.from_string("{{ t|ru_date }}").render(t="2026-11-24T00:19:00+00:00") == (
        "24.11.2026 10:19"
    )


def test_dossier_list_shows_the_change_in_local_time(client, demo_id):
    stamp = client.get(f"/api/v1/dossiers/{demo_id}").get_json()["updated_at"]  # UTC, stored
    local = datetime.fromisoformat(stamp).astimezone(ZoneInfo("Europe/Moscow"))
    page = client.get("/dossiers/").get_data(as_text=True)
    assert local.strftime("%d.%m.%Y %H:%M") in page


@pytest.mark.parametrize("bad", ["Europe/Moskva", "../../etc/passwd", ""])
def test_unknown_time_zone_stops_the_start(tmp_path, bad):
    with pytest.raises(InvalidSetting, match="DOCGEN_TIMEZONE: неизвестный часовой пояс"):
        create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "DEMO": False, "TIMEZONE": bad})
