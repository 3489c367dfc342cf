"""The archive page and the API when more documents match than are counted."""

from __future__ import annotations

import docgen.store.archive_search as archive_search


def test_page_and_api_say_more_than_when_the_count_stops(client, demo_id, monkeypatch):
    issued = client.post(
        f"/api/v1/dossiers/{demo_id}/generate",
        json={"kinds": ["curator-order", "pairs-order", "roadmap"], "date": "2023-09-01"},
    )
    assert issued.status_code == 201
    page = client.get("/archive/").get_data(as_text=True)
    assert "Всего документов: 3." in page
    found = client.get("/api/v1/archive").get_json()
    assert (found["total"], found["total_exact"]) == (3, True)

    monkeypatch.setattr(archive_search, "COUNT_CAP", 1)
    monkeypatch.setattr("docgen.web.archive.PAGE_SIZE", 1)
    page = client.get("/archive/").get_data(as_text=True)
    assert "Всего документов: более 1, страница 1." in page
    assert "Следующая →" in page
    second = client.get("/archive/?page=2").get_data(as_text=True)
    assert "Всего документов: более 2, страница 2." in second
    last = client.get("/archive/?page=3").get_data(as_text=True)
    assert "Всего документов: 3, страница 3 из 3." in last
    assert "Следующая →" not in last
    found = client.get("/api/v1/archive", query_string={"limit": 1}).get_json()
    assert (found["total"], found["total_exact"], len(found["items"])) == (1, False, 1)
    assert client.get("/api/v1/archive", query_string={"limit": 1, "offset": 2}).get_json()["total_exact"]
