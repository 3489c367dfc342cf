"""Roadmap events marked done, with a date (issue 15, §5): the editor field, the timeline's
status and the calendar."""

from __future__ import annotations

from datetime import date

from docgen.model import dossier_from_data
from docgen.participants.timeline import DONE, OVERDUE, roadmap_items


def _mark_first_done(client, dossier_id: int) -> dict:
    current = client.get(f"/api/v1/dossiers/{dossier_id}").get_json()
    current["data"]["roadmap"]["stages"][0]["events"][0]["done"] = "10.09.2022"
    saved = client.put(
        f"/api/v1/dossiers/{dossier_id}", json={"data": current["data"], "revision": current["revision"]}
    )
    assert saved.status_code == 200 and saved.get_json()["valid"], saved.get_json()["errors"]
    return saved.get_json()["data"]


def test_a_done_event_is_done_not_overdue(client, demo_id):
    data = _mark_first_done(client, demo_id)
    dossier = dossier_from_data(data)
    items = roadmap_items(dossier.roadmap, dossier.start_year, date(2026, 1, 1))
    assert items[0].status == DONE and items[0].done == date(2022, 9, 10)
    assert all(i.status == OVERDUE for i in items[1:] if i.range)  # the others of 2022/2023 are late


def test_the_editor_and_the_calendar_show_it(client, demo_id):
    _mark_first_done(client, demo_id)
    page = client.get(f"/dossiers/{demo_id}/roadmap").get_data(as_text=True)
    assert (
        'id="f-roadmap-stages-0-events-0-done" name="roadmap-stages-0-events-0-done" value="10.09.2022"'
        in page
    )
    ics = client.get(f"/registry/dossiers/{demo_id}/roadmap.ics").get_data(as_text=True)
    assert "SUMMARY:✓ " in ics
    assert "Выполнено: 10.09.2022" in ics.replace("\r\n ", "")


def test_the_roadmap_tab_counts_done_events(client, demo_id):
    _mark_first_done(client, demo_id)
    page = client.get(f"/dossiers/{demo_id}/roadmap").get_data(as_text=True)
    assert "Выполнено мероприятий: 1." in page
    assert "зелёным — выполненные мероприятия" in page
