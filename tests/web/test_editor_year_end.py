"""«Изменения и итоги года»: a curator records a mentor's replacement and the year's report,
sees a mistake next to its field, fixes it and gets both documents."""

from __future__ import annotations

import re

from werkzeug.datastructures import MultiDict

from docgen.model import dossier_from_data
from docgen.render.package import render_dossier
from tests.web.conftest import read_form, replace_field


def _error_at(page: str, name: str) -> str:
    found = re.search(rf'<p class="error" id="f-{re.escape(name)}-err">([^<]*)</p>', page)
    assert found, f"no message next to {name}"
    return found.group(1)


def _save(client, dossier_id: int, fields: list[tuple[str, str]]) -> str:
    response = client.post(f"/dossiers/{dossier_id}/year_end", data=MultiDict(fields))
    assert response.status_code == 302, response.get_data(as_text=True)
    return client.get(response.headers["Location"]).get_data(as_text=True)


def _with_row(fields, prefix: str, values: dict[str, str]) -> list[tuple[str, str]]:
    """Type into the row's fields; a row the page does not show yet is added, as «Добавить» does."""
    fields = list(fields)
    for key, value in values.items():
        name = f"{prefix}-{key}"
        if any(n == name for n, _ in fields):
            fields = replace_field(fields, name, value)
        else:
            fields.append((name, value))
    return fields


def test_a_replacement_and_a_report_through_the_editor(client, demo_id):
    page = client.get(f"/dossiers/{demo_id}/year_end").get_data(as_text=True)
    assert "Изменения состава пар" in page and "Аналитическая справка куратора" in page
    fields = read_form(page)
    change = {
        "pair": "99",  # the demo has 21 pairs: the message must say so next to the field
        "action": "replace_mentor",
        "date": "16.01.2023",
        "reason": "в связи с увольнением наставника",
        "new_mentor-surname": "Кравец",
        "new_mentor-name": "Олег",
        "new_mentor-patronymic": "Ильич",
        "new_mentor-gender": "male",
        "new_mentor-position": "учитель информатики",
    }
    fields = _with_row(fields, "pair_changes-0", change)
    fields = _with_row(fields, "report", {"date": "30.05.2023", "pupils": "800"})
    fields = _with_row(fields, "report-results", {"0": "Все пары завершили программы."})
    shown = _save(client, demo_id, fields)
    assert _error_at(shown, "pair_changes-0-pair") == "в досье нет пары № 99"
    # What was typed is still there.
    kept = dict(read_form(shown))
    assert kept["pair_changes-0-reason"] == "в связи с увольнением наставника"
    assert kept["report-results-0"] == "Все пары завершили программы."

    shown = _save(client, demo_id, replace_field(read_form(shown), "pair_changes-0-pair", "1"))
    assert "В досье есть ошибки" not in shown
    data = client.get(f"/api/v1/dossiers/{demo_id}").get_json()["data"]
    documents = render_dossier(dossier_from_data(data), only=["pairs-amendment-order", "curator-report"])
    assert [d.kind.id for d in documents] == ["pairs-amendment-order", "curator-report"]


def test_an_untouched_tab_adds_nothing(client, demo_id):
    before = client.get(f"/api/v1/dossiers/{demo_id}").get_json()["data"]
    page = client.get(f"/dossiers/{demo_id}/year_end").get_data(as_text=True)
    _save(client, demo_id, read_form(page))
    after = client.get(f"/api/v1/dossiers/{demo_id}").get_json()["data"]
    assert after.get("report") is None and not after.get("pair_changes")
    assert {k: v for k, v in after.items() if k not in ("pair_changes", "report")} == {
        k: v for k, v in before.items() if k not in ("pair_changes", "report")
    }
