"""Issuing through the API answers before the archive's text and full-text rows are written: a job
after the response writes them, and a search or a document read at once finds them all the same."""

from __future__ import annotations

import pickle
import time
from collections import Counter

import pytest
from issue_helpers import confirm_form

from docgen.store.archive_index import ID_SPAN
from docgen.store.db import connect
from docgen.store.text import extract_text


@pytest.fixture
def submitted(monkeypatch) -> list[tuple]:
    """The background jobs the app started, none of them run (a job that has not run yet)."""
    found: list[tuple] = []
    monkeypatch.setattr("docgen.web.jobs.submit", lambda *args, **kwargs: found.append((args, kwargs)))
    return found


def _count(app, sql: str) -> int:
    db = connect(app.config["DATABASE"])
    try:
        return db.execute(sql).fetchone()[0]
    finally:
        db.conn.close()


def _fts_rows_per_document(app) -> Counter:
    db = connect(app.config["DATABASE"])
    try:
        return Counter(rowid % ID_SPAN for (rowid,) in db.execute("SELECT rowid FROM documents_fts"))
    finally:
        db.conn.close()


def _issue(client, demo_id: int) -> list[dict]:
    body = {"kinds": ["pairs-order", "roadmap"], "date": "2023-09-15"}
    response = client.post(f"/api/v1/dossiers/{demo_id}/generate", json=body)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["documents"]


def test_a_search_right_after_an_issue_finds_the_new_documents(app, client, demo_id, submitted) -> None:
    documents = _issue(client, demo_id)
    assert _count(app, "SELECT count(*) FROM archive_index_pending") == len(documents)
    assert len(submitted) == 1  # the job, started after the response, has not run
    (kind, _name, _config, work, failed), _options = submitted[0]
    assert kind == "archive-index"
    pickle.dumps((work, failed))  # it can go on the Redis queue
    # A mentee's name in another case, a number, a word of the text: all found at once.
    found = client.get("/api/v1/archive", query_string={"person": "Ивановой"}).get_json()
    assert {i["kind"] for i in found["items"]} == {"pairs-order"}
    assert _count(app, "SELECT count(*) FROM archive_index_pending") == 0
    assert client.get("/api/v1/archive?number=1-од").get_json()["total"] == 1
    found = client.get("/api/v1/archive", query_string={"q": "Ивановой"}).get_json()
    assert found["total"] == 1 and "<mark>" in found["items"][0]["snippet"]
    assert client.get("/api/v1/archive", query_string={"q": "наставничества"}).get_json()["total"] == 2
    assert _fts_rows_per_document(app) == Counter({d["id"]: 1 for d in documents})


def test_the_archive_page_finds_them_too(app, client, demo_id, submitted) -> None:
    _issue(client, demo_id)
    page = client.get("/archive/", query_string={"person": "Ивановой"}).get_data(as_text=True)
    assert "1-од" in page and _count(app, "SELECT count(*) FROM archive_index_pending") == 0


def test_the_job_after_the_response_indexes_them(app, client, demo_id) -> None:
    documents = _issue(client, demo_id)
    deadline = time.monotonic() + 60
    while _count(app, "SELECT count(*) FROM archive_index_pending") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _count(app, "SELECT count(*) FROM archive_index_pending") == 0
    assert _fts_rows_per_document(app) == Counter({d["id"]: 1 for d in documents})
    found = client.get("/api/v1/archive", query_string={"person": "Ивановой"}).get_json()
    assert {i["kind"] for i in found["items"]} == {"pairs-order"}
    assert _fts_rows_per_document(app) == Counter({d["id"]: 1 for d in documents})  # not twice


def test_an_issue_through_the_form_starts_the_job(app, client, demo_id, submitted) -> None:
    """The web form's issue (a redirect to the batch) is indexed afterwards too."""
    _html, fields = confirm_form(client, demo_id, ["pairs-order"])
    response = client.post(f"/dossiers/{demo_id}/issue", data=fields)
    assert response.status_code == 302
    assert [args[0] for args, _options in submitted] == ["archive-index"]
    assert _count(app, "SELECT count(*) FROM archive_index_pending") == 1
    page = client.get("/archive/", query_string={"person": "Ивановой"}).get_data(as_text=True)
    assert "1-од" in page and _count(app, "SELECT count(*) FROM archive_index_pending") == 0


def test_docgen_reindex_leaves_nothing_pending(app, client, demo_id, submitted) -> None:
    from click.testing import CliRunner

    from docgen.cli import main

    documents = _issue(client, demo_id)
    data_dir = app.config["DATA_DIR"]
    result = CliRunner().invoke(main, ["reindex", "--data-dir", str(data_dir)], env={"DOCGEN_QUEUE_URL": ""})
    assert result.exit_code == 0, result.output
    assert "Поисковый индекс архива перестроен" in result.output
    assert _count(app, "SELECT count(*) FROM archive_index_pending") == 0
    assert _fts_rows_per_document(app) == Counter({d["id"]: 1 for d in documents})
    assert client.get("/api/v1/archive?number=1-од").get_json()["total"] == 1


def test_a_document_read_right_after_the_issue_has_its_text(app, client, demo_id, submitted) -> None:
    documents = _issue(client, demo_id)
    pairs = next(d for d in documents if d["kind"] == "pairs-order")
    read = client.get(f"/api/v1/archive/{pairs['id']}").get_json()
    assert "Ивановой" in read["text"] or "Иванова" in read["text"]
    assert read["text"] == extract_text(client.get(f"/api/v1/archive/{pairs['id']}/download").data)
    assert _count(app, "SELECT count(*) FROM archive_index_pending") == 0


def test_a_rerender_right_after_the_issue_compares_the_text(app, client, demo_id, submitted) -> None:
    documents = _issue(client, demo_id)
    page = client.post(f"/archive/{documents[0]['id']}/rerender").get_data(as_text=True)
    assert "Текст совпадает с оригиналом" in page, page[:2000]
