"""A slow render in one organisation never makes another wait: rendering, text extraction and
file writes happen outside the database's write lock (issue 13, 4.6).

Two unrelated schools on one real SQLite file, through the web app: the first school's render
is held mid-way (an Event in the render hook, in a thread) while the second issues.
"""

from __future__ import annotations

import re
import statistics
import threading
import time

import pg_schema
from issue_helpers import SECOND_SCHOOL, add_school, hook_render, journal_numbers
from web_helpers import log_in

from tests.docxread import all_text

ROUNDS = 10


def _generate(client, dossier_id: int, kinds: list[str]):
    return client.post(f"/api/v1/dossiers/{dossier_id}/generate", json={"kinds": kinds, "date": "2023-09-01"})


def _hold_other_schools(monkeypatch) -> tuple[threading.Event, threading.Event]:
    """Renders of any school but the second stop until `release`; `entered` says one did."""
    entered, release = threading.Event(), threading.Event()

    def hold(dossier) -> None:
        if dossier.organisation.short_name != SECOND_SCHOOL:
            entered.set()
            assert release.wait(60), "the held render was never released"

    hook_render(monkeypatch, hold)
    return entered, release


def _start(target) -> tuple[threading.Thread, dict]:
    box: dict = {}
    thread = threading.Thread(target=lambda: box.update(response=target()), daemon=True)
    thread.start()
    return thread, box


def test_issuing_does_not_hold_the_write_lock_while_rendering(app, client, demo_id, monkeypatch):
    login, other_dossier = add_school(app)
    other = log_in(app.test_client(), login)
    entered, release = _hold_other_schools(monkeypatch)
    held, box = _start(lambda: _generate(client, demo_id, ["curator-order", "pairs-order"]))
    try:
        assert entered.wait(30), "the first school's render did not start"
        # Mid-render, the database takes a writer at once: no write transaction is open.
        assert pg_schema.writer_can_start(app.config["DATABASE"])
        # The other school issues completely while the first is still rendering.
        started = time.monotonic()
        issued = _generate(other, other_dossier, ["curator-order", "roadmap"])
        assert issued.status_code == 201, issued.get_data(as_text=True)
        assert time.monotonic() - started < 15
        assert held.is_alive() and "response" not in box
        curator = next(d for d in issued.get_json()["documents"] if d["kind"] == "curator-order")
        assert curator["number"] == "1-од"
        assert re.search(r"№\s*1-од", all_text(other.get(curator["download_url"]).data))
    finally:
        release.set()
        held.join(60)
    assert not held.is_alive()
    first = box["response"]
    assert first.status_code == 201, first.get_data(as_text=True)
    assert [d["number"] for d in first.get_json()["documents"]] == ["1-од", "2-од"]
    # Each school's journal is gapless and its own.
    assert sorted(journal_numbers(app)) == ["1-од", "1-од", "2-од"]


def _latencies(client, dossier_id: int, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        started = time.monotonic()
        response = _generate(client, dossier_id, ["curator-order"])
        times.append(time.monotonic() - started)
        assert response.status_code == 201, response.get_data(as_text=True)
    return times


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[18]


def test_slow_render_elsewhere_keeps_p95_within_twice_normal(app, client, demo_id, monkeypatch):
    login, other_dossier = add_school(app)
    other = log_in(app.test_client(), login)
    _latencies(other, other_dossier, 2)  # warm-up: series, template caches
    before = _latencies(other, other_dossier, ROUNDS)
    entered, release = _hold_other_schools(monkeypatch)
    slow, box = _start(lambda: _generate(client, demo_id, ["implementation-order", "pairs-order"]))
    try:
        assert entered.wait(30), "the slow render did not start"
        during = _p95(_latencies(other, other_dossier, ROUNDS))
        assert slow.is_alive(), "the slow render must last the whole measurement"
    finally:
        release.set()
        slow.join(60)
    first = box["response"]
    assert first.status_code == 201
    assert [d["number"] for d in first.get_json()["documents"] if d["number"]] == ["1-од", "2-од"]
    # «Normal»: the same requests with nobody else rendering, measured before and after.
    normal = _p95(before + _latencies(other, other_dossier, ROUNDS))
    assert during <= 2 * normal, f"p95 {during:.3f} s while another school renders, {normal:.3f} s normally"
    assert len(journal_numbers(app)) == 2 + 2 + 3 * ROUNDS
