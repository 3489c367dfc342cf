"""One tenant can never stall another (issue 13, «Done when»): a loop bomb published in one
school's templates (as if stored before the checks existed) keeps that school's issue busy until
the render is killed at the limit, while an unrelated school issues as fast as normally."""

from __future__ import annotations

import statistics
import threading
import time

import pytest
from issue_helpers import add_school
from web_helpers import log_in

from docgen.render.limits import render_limits, restore_render_limits
from docgen.store import templates as layers
from docgen.store.blobstore import open_store
from docgen.store.db import connect
from docgen.store.scope import Scope
from docgen.web.app import create_app
from tests.factories import docx_bytes

LIMIT_SECONDS = 4
ROUNDS = 8
# 10**12 turns: two nested loops (10**8) ended inside the limit on an idle machine.
LOOPS = (
    "{% for i in range(10000) %}{% for j in range(10000) %}{% for k in range(10000) %}"
    "{% endfor %}{% endfor %}{% endfor %}"
)


@pytest.fixture
def app(tmp_path):
    saved = render_limits()
    config = {"RENDER_SECONDS": LIMIT_SECONDS, "RENDER_MEMORY_MB": 300}
    yield create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "DEMO": True, **config})
    restore_render_limits(saved)


def _publish_bomb(app, org_id: int) -> None:
    db = connect(app.config["DATABASE"])
    try:
        scope = Scope(org_id, user="старый шаблон")
        content = docx_bytes("Назначить куратором {{ curator.fio }}.", LOOPS)
        version = layers.add_version(
            db,
            open_store(app.config["FILES_DIR"], app.config.get("STORAGE_URL") or ""),
            scope,
            "curator-order",
            content,
            file_name="старый.docx",
        )
        layers.publish_version(db, scope, version)
    finally:
        db.conn.close()


def _issue(client, dossier_id: int):
    return client.post(
        f"/api/v1/dossiers/{dossier_id}/generate", json={"kinds": ["curator-order"], "date": "2023-09-01"}
    )


def _latencies(client, dossier_id: int) -> list[float]:
    times = []
    for _ in range(ROUNDS):
        started = time.monotonic()
        response = _issue(client, dossier_id)
        times.append(time.monotonic() - started)
        assert response.status_code == 201, response.get_data(as_text=True)[:300]
    return times


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[18]


def test_a_published_loop_bomb_does_not_slow_another_school(app, client, demo_id):
    login, other_dossier = add_school(app)
    other = log_in(app.test_client(), login)
    _latencies(other, other_dossier)  # warm-up
    normal = _latencies(other, other_dossier)

    (bombed_org,) = {d["org_id"] for d in client.get("/api/v1/dossiers").get_json()["items"]}
    _publish_bomb(app, bombed_org)
    box: dict = {}
    bombed = threading.Thread(target=lambda: box.update(response=_issue(client, demo_id)), daemon=True)
    started = time.monotonic()
    bombed.start()
    time.sleep(0.3)  # the bomb's render is under way
    during = _latencies(other, other_dossier)
    assert bombed.is_alive() or time.monotonic() - started >= LIMIT_SECONDS - 0.5, "the bomb ended early"
    bombed.join(LIMIT_SECONDS + 30)
    assert not bombed.is_alive()

    refused = box["response"]
    assert refused.status_code == 422
    assert f"дольше {LIMIT_SECONDS} с" in refused.get_json()["error"]["message"]
    normal += _latencies(other, other_dossier)
    assert _p95(during) <= 2 * _p95(normal), f"p95 {_p95(during):.3f} s during, {_p95(normal):.3f} s normally"
