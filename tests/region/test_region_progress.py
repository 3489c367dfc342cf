"""Issue progress with a queue (DOCGEN_QUEUE_URL): the record lives in Redis with an expiry, so
a poll that reaches another app node hears the issue too; the data folder keeps no file."""

from __future__ import annotations

from pathlib import Path

import redis

from docgen.web.app import create_app
from docgen.web.issue_progress import FOLDER, REDIS_PREFIX, STALE_SECONDS
from tests.web.issue_helpers import confirm_form
from tests.web.web_helpers import log_in, make_accounts


def test_issue_progress_is_kept_in_redis_when_the_app_has_a_queue(queue_url, tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "DEMO": True})
    client = log_in(app.test_client(), make_accounts(app)["curator"])
    dossier_id = client.get("/api/v1/dossiers").get_json()["items"][0]["id"]
    _html, fields = confirm_form(client, dossier_id, ["curator-order", "roadmap"])
    url = f"/issue-progress/{fields['progress_id']}"
    assert client.get(url).get_json()["stage"] == "waiting"

    response = client.post(f"/dossiers/{dossier_id}/issue", data=fields)
    assert response.status_code == 302

    state = client.get(url).get_json()
    batch_url = response.headers["Location"]
    assert (state["stage"], state["percent"], state["batch_url"]) == ("done", 100, batch_url)
    keys = redis.Redis.from_url(queue_url).keys(REDIS_PREFIX + "*")
    assert len(keys) == 1
    assert 0 < redis.Redis.from_url(queue_url).ttl(keys[0]) <= STALE_SECONDS
    assert not (Path(app.config["DATA_DIR"]) / FOLDER).exists()
