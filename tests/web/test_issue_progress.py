"""Progress of «Сформировать и зарегистрировать» (issue 15): while the POST runs, the confirm
page polls /issue-progress/<id> and hears the documents made of the total, then storing,
registering and the batch. Only its own user hears it; without the id (no JavaScript) the
form still issues as before."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from issue_helpers import add_user, confirm_form
from web_helpers import log_in

import docgen.store.issue as issue_module
from docgen.store.db import connect
from docgen.web.issue_progress import FOLDER, RENDERED_UP_TO

KINDS = ["curator-order", "pairs-order", "roadmap"]


def _pause_after(monkeypatch, count: int) -> tuple[threading.Event, threading.Event]:
    """The render stops after `count` documents until released; (reached, release)."""
    reached, release = threading.Event(), threading.Event()
    real = issue_module.render_dossier

    def render(dossier, *args, on_rendered=None, **kwargs):
        made = 0

        def told(document) -> None:
            nonlocal made
            made += 1
            on_rendered(document)
            if made == count:
                reached.set()
                assert release.wait(30)

        return real(dossier, *args, on_rendered=told if on_rendered else None, **kwargs)

    monkeypatch.setattr(issue_module, "render_dossier", render)
    return reached, release


def test_the_confirm_page_polls_what_the_issue_is_doing(app, accounts, client, demo_id, monkeypatch):
    html, fields = confirm_form(client, demo_id, KINDS)
    progress_id = fields["progress_id"]
    url = f"/issue-progress/{progress_id}"
    assert f'data-progress-url="{url}"' in html
    before = client.get(url).get_json()
    assert (before["stage"], before["active"], before["percent"]) == ("waiting", True, 0)

    reached, release = _pause_after(monkeypatch, 2)
    issuer = log_in(app.test_client(), accounts["curator"])  # the same user, as the open page
    answer: dict = {}
    post = lambda: answer.update(r=issuer.post(f"/dossiers/{demo_id}/issue", data=fields))  # noqa: E731
    thread = threading.Thread(target=post)
    thread.start()
    try:
        assert reached.wait(30), "the issue did not start rendering"
        during = client.get(url).get_json()
        # Another user of the same school does not hear it.
        other = log_in(app.test_client(), add_user(app, "curator-two"))
        assert other.get(url).get_json()["stage"] == "waiting"
    finally:
        release.set()
        thread.join(60)
    total = during["total"]
    assert total >= 3  # the roadmap and two orders, at least
    assert (during["stage"], during["done"], during["active"]) == ("rendering", 2, True)
    assert during["percent"] == 2 * RENDERED_UP_TO // total
    assert during["text"] == "Формируются документы" and during["current"]

    response = answer["r"]
    assert response.status_code == 302
    after = client.get(url).get_json()
    assert (after["stage"], after["done"], after["percent"], after["active"]) == ("done", total, 100, False)
    assert after["batch_url"] == response.headers["Location"]
    assert after["text"] == "Готово: документы сформированы и зарегистрированы"


def test_without_javascript_the_plain_form_still_issues(app, client, demo_id):
    _html, fields = confirm_form(client, demo_id, KINDS)
    fields.pop("progress_id")
    response = client.post(f"/dossiers/{demo_id}/issue", data=fields)
    assert response.status_code == 302
    assert "Документы сформированы" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert not list((Path(app.config["DATA_DIR"]) / FOLDER).glob("*.json"))


def test_a_failed_issue_says_so(app, client, demo_id, monkeypatch):
    _html, fields = confirm_form(client, demo_id, KINDS)

    def broken(*_args, **_kwargs):
        raise RuntimeError("render broke")

    monkeypatch.setattr(issue_module, "render_dossier", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert client.post(f"/dossiers/{demo_id}/issue", data=fields).status_code == 500
    state = client.get(f"/issue-progress/{fields['progress_id']}").get_json()
    assert (state["stage"], state["active"], state["text"]) == ("failed", False, "Документы не выпущены")


@pytest.mark.parametrize("role", ["viewer", "archivist"])
def test_only_those_who_issue_may_poll(client_as, role):
    assert client_as(role).get("/issue-progress/" + "a" * 24).status_code == 403


def test_a_draft_jobs_badge_bar_and_status_show_one_number(app, client_as, monkeypatch):
    """The office's job: the list's badge, the job page's badge, bar and caption and the JSON
    status all show the percentage the job's row gives (issue 15: «0%» beside a 34% bar)."""
    import docgen.web.drafts as drafts

    monkeypatch.setattr(drafts, "start_job", lambda *args: None)  # the job stays as set here
    office = client_as("office")
    response = office.post(
        "/drafts/", data={"all_schools": "1", "kinds": ["curator-order"], "per_school": "0"}
    )
    assert response.status_code == 302
    job_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    db = connect(app.config["DATABASE"])
    try:
        db.execute("UPDATE draft_jobs SET status = 'running', done = 17, total = 50 WHERE id = ?", [job_id])
    finally:
        db.conn.close()
    assert office.get(f"/drafts/{job_id}/status").get_json()["percent"] == 34
    page = office.get(f"/drafts/{job_id}").get_data(as_text=True)
    assert re.findall(r"<span data-job-percent>(\d+)</span>", page) == ["34", "34"]  # badge, caption
    assert 'value="34"' in page.split('id="job-bar"')[1].split(">")[0]
    listed = office.get("/drafts/").get_data(as_text=True)
    assert "выполняется, <span data-job-percent>34</span>%" in listed and "(34%)" in listed
