"""A control character in a dossier (a NUL from a CSV, a vertical tab pasted from Word, U+FFFF)
never makes an unreadable document: XML 1.0 forbids them, and one used to corrupt the whole
.docx that issuing then registered in the journal and the archive."""

from __future__ import annotations

import json

from web_helpers import log_in, make_accounts

from docgen.web.app import create_app
from tests.docxread import all_text


def test_a_dossier_with_control_characters_issues_readable_documents(tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "DEMO": True})
    client = log_in(app.test_client(), make_accounts(app)["curator"])
    demo = client.get("/api/v1/dossiers").get_json()["items"][0]["id"]
    record = client.get(f"/api/v1/dossiers/{demo}").get_json()
    text = json.dumps(record["data"], ensure_ascii=False)
    assert "Жмурина" in text
    # Names allow letters only (the model refuses control characters there); other texts keep
    # what was pasted, and the documents drop what XML cannot hold.
    text = text.replace("гимназия", "гимна\\u001fзия\\uffff", 1).replace(
        "Подготовка", "Подго\\u0000товка\\u000b", 1
    )
    saved = client.put(
        f"/api/v1/dossiers/{demo}", json={"data": json.loads(text), "revision": record["revision"]}
    )
    assert saved.status_code == 200, saved.get_data(as_text=True)[:1000]
    dossier = demo
    issued = client.post(f"/api/v1/dossiers/{dossier}/generate", json={"date": "2023-09-15"})
    assert issued.status_code == 201, issued.get_data(as_text=True)[:1000]
    documents = issued.get_json()["documents"]
    assert len(documents) >= 3
    for document in documents:
        response = client.get(f"/archive/{document['id']}/download")
        assert response.status_code == 200
        readable = all_text(response.data)  # python-docx opens it
        assert "\x00" not in readable and "\uffff" not in readable
    assert any("Жмурина" in all_text(client.get(f"/archive/{d['id']}/download").data) for d in documents)
