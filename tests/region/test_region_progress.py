"""Issue progress with a queue (DOCGEN_QUEUE_URL): the record lives in Redis with an expiry, so
a poll that reaches another app node hears the issue too; the data folder keeps no file."""

from __future__ import annotations

import html
import re
from pathlib import Path

import redis
from werkzeug.datastructures import MultiDict

from docgen.web.app import create_app
from docgen.web.issue_progress import FOLDER, REDIS_PREFIX, STALE_SECONDS
from tests.web.web_helpers import log_in, make_accounts


def _inputs(form: str) -> list[tuple[str, str]]:
    """The named inputs of the confirm form that a browser sends (hidden and checked ones)."""
    fields = []
    for tag in re.findall(r"<input\b[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if not name or (kind and kind.group(1) in ("checkbox", "radio") and "checked" not in tag):
            continue
        if kind and kind.group(1) in ("submit", "button"):
            continue
        fields.append((name.group(1), html.unescape(value.group(1)) if value else ""))
    return fields


def test_issue_progress_is_kept_in_redis_when_the_app_has_a_queue(queue_url, tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "DEMO": True})
    client = log_in(app.test_client(), make_accounts(app)["curator"])
    dossier_id = client.get("/api/v1/dossiers").get_json()["items"][0]["id"]
    chosen = MultiDict([("kinds", "curator-order"), ("kinds", "roadmap"), ("issue_date", "01.09.2023")])
    page = client.post(f"/dossiers/{dossier_id}/generate", data=chosen)
    form = page.get_data(as_text=True).split('class="issue', 1)[1].split("</form>", 1)[0]
    fields = MultiDict(_inputs(form))
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
