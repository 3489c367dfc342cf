"""Issuing happens exactly once: the confirm form's one-time token and the API's Idempotency-Key.

Through the web app on a real SQLite file: a double POST of the confirm form, replayed and
concurrent API requests with one key, and a crash right after the commit followed by a retry.
"""

from __future__ import annotations

import re

import pytest
from issue_helpers import add_school, add_user, confirm_form, journal_numbers, run_threads, scalar
from web_helpers import log_in

from docgen.web.security import CONTENT_SECURITY_POLICY

KINDS = ["implementation-order", "curator-order", "pairs-order", "roadmap"]
BODY = {"kinds": ["curator-order", "pairs-order"], "date": "2023-09-01"}


def _generate(client, dossier_id: int, body: dict = BODY, key: str | None = "key-7f3a"):
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(f"/api/v1/dossiers/{dossier_id}/generate", json=body, headers=headers)


def _numbers(response) -> list[str]:
    return [d["number"] for d in response.get_json()["documents"] if d["number"]]


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == code
    assert re.search("[а-я]", body["error"]["message"])
    return body["error"]


# -- the confirm form ----------------------------------------------------------------------------


def test_confirm_form_carries_a_fresh_token_and_the_button_script(client, demo_id):
    html, fields = confirm_form(client, demo_id, KINDS)
    token = fields["issue_token"]
    assert len(token) >= 24
    _html, again = confirm_form(client, demo_id, KINDS)
    assert again["issue_token"] != token  # one token per confirmation
    # The button is disabled by a script file (the CSP forbids inline scripts).
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert re.search(r'<script src="/static/issue\.js" defer></script>', html)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "an inline script would be blocked"
    assert "data-issue-once" in html and "data-busy-text=" in html
    with client.get("/static/issue.js") as script:
        assert script.status_code == 200
        text = script.get_data(as_text=True)
    assert "data-issue-once" in text and "disabled = true" in text and "preventDefault" in text


def test_double_post_of_the_confirm_form_issues_one_batch(client, demo_id):
    _html, fields = confirm_form(client, demo_id, KINDS)
    first = client.post(f"/dossiers/{demo_id}/issue", data=fields)
    second = client.post(f"/dossiers/{demo_id}/issue", data=fields)
    assert first.status_code == second.status_code == 302
    assert re.fullmatch(r"/batches/\d+", first.headers["Location"])
    assert second.headers["Location"] == first.headers["Location"]  # the second leads to the first
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "Эта форма уже была отправлена" in page and "повторно ничего не выпущено" in page
    for number in ("1-од", "2-од", "3-од"):
        assert f'<td data-label="Номер">{number}</td>' in page
    assert journal_numbers(client.application) == ["1-од", "2-од", "3-од"]  # no 4-од for the pairs
    assert scalar(client.application, "SELECT count(*) FROM batches") == 1
    # A new confirmation is a new issue, with the next numbers.
    _html, fresh = confirm_form(client, demo_id, ["pairs-order"])
    third = client.post(f"/dossiers/{demo_id}/issue", data=fresh)
    assert third.headers["Location"] != first.headers["Location"]
    assert journal_numbers(client.application)[-1] == "4-од"


def test_concurrent_posts_of_one_form_give_one_batch(app, client, accounts, demo_id):
    _html, fields = confirm_form(client, demo_id, ["curator-order", "pairs-order"])
    clients = [client] + [log_in(app.test_client(), accounts["curator"]) for _ in range(3)]
    responses = run_threads([lambda c=c: c.post(f"/dossiers/{demo_id}/issue", data=fields) for c in clients])
    assert all(not isinstance(r, BaseException) for r in responses), responses
    assert {r.status_code for r in responses} == {302}
    assert len({r.headers["Location"] for r in responses}) == 1
    assert scalar(app, "SELECT count(*) FROM batches") == 1
    assert journal_numbers(app) == ["1-од", "2-од"]


def test_a_token_reused_for_other_documents_is_refused(client, demo_id):
    _html, fields = confirm_form(client, demo_id, ["curator-order"])
    assert client.post(f"/dossiers/{demo_id}/issue", data=fields).status_code == 302
    fields.setlist("kinds", ["pairs-order"])
    refused = client.post(f"/dossiers/{demo_id}/issue", data=fields)
    assert refused.status_code == 409
    text = refused.get_data(as_text=True)
    assert "уже использован для другого выпуска" in text and "Traceback" not in text
    assert journal_numbers(client.application) == ["1-од"]
    fields["issue_token"] = "не ascii"
    assert client.post(f"/dossiers/{demo_id}/issue", data=fields).status_code == 400


# -- the API: Idempotency-Key --------------------------------------------------------------------


def test_replayed_key_returns_the_first_batch_with_the_same_numbers(client, demo_id):
    first = _generate(client, demo_id)
    assert first.status_code == 201 and "Idempotent-Replayed" not in first.headers
    assert _numbers(first) == ["1-од", "2-од"]
    again = _generate(client, demo_id)
    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()  # same batch, same documents, same numbers
    assert journal_numbers(client.application) == ["1-од", "2-од"]
    # Without a key, or with a new one, a request issues again.
    assert _numbers(_generate(client, demo_id, key="key-other")) == ["3-од", "4-од"]
    assert _numbers(_generate(client, demo_id, key=None)) == ["5-од", "6-од"]


def test_same_key_with_another_body_is_409(client, demo_id):
    assert _generate(client, demo_id).status_code == 201
    changed = dict(BODY, date="2023-09-02")
    error = _error(_generate(client, demo_id, body=changed), 409, "idempotency_conflict")
    assert "Idempotency-Key" in error["message"] and error["fields"] == []
    _error(_generate(client, demo_id, body={"kinds": ["curator-order"]}), 409, "idempotency_conflict")
    assert journal_numbers(client.application) == ["1-од", "2-од"]


@pytest.mark.parametrize("key", ["", "with space", "x" * 201])
def test_malformed_key_is_400(client, demo_id, key):
    _error(_generate(client, demo_id, key=key), 400, "bad_request")
    assert journal_numbers(client.application) == []


def test_keys_belong_to_the_user_and_the_organisation(app, client, demo_id):
    first = _generate(client, demo_id)
    colleague = log_in(app.test_client(), add_user(app, "curator-two"))
    second = _generate(colleague, demo_id)  # the same key from another user: their own issue
    assert second.status_code == 201 and "Idempotent-Replayed" not in second.headers
    assert second.get_json()["batch_id"] != first.get_json()["batch_id"]
    login, other_dossier = add_school(app)
    other = log_in(app.test_client(), login)
    third = _generate(other, other_dossier)
    assert third.status_code == 201 and _numbers(third) == ["1-од", "2-од"]
    # nothing of the first school's batch leaks through the shared key
    first_org = first.get_json()["documents"][0]["org_id"]
    assert all(d["org_id"] != first_org for d in third.get_json()["documents"])


def test_concurrent_requests_with_one_key_give_one_batch(app, client, accounts, demo_id):
    clients = [client] + [log_in(app.test_client(), accounts["curator"]) for _ in range(3)]
    responses = run_threads([lambda c=c: _generate(c, demo_id, key="same-key") for c in clients])
    assert all(not isinstance(r, BaseException) for r in responses), responses
    assert {r.status_code for r in responses} == {201}
    assert len({r.get_json()["batch_id"] for r in responses}) == 1
    assert sum(r.headers.get("Idempotent-Replayed") == "true" for r in responses) == 3
    assert {tuple(_numbers(r)) for r in responses} == {("1-од", "2-од")}
    assert scalar(app, "SELECT count(*) FROM batches") == 1
    assert journal_numbers(app) == ["1-од", "2-од"]


def test_crash_after_commit_then_retry_returns_the_issued_batch(app, client, demo_id, monkeypatch):
    import docgen.store.issue as issue_module

    real = issue_module.batch_documents
    crashes = []

    def crash_once(*args, **kwargs):
        if not crashes:
            crashes.append(1)
            raise OSError("соединение разорвано после фиксации")
        return real(*args, **kwargs)

    monkeypatch.setattr(issue_module, "batch_documents", crash_once)
    failed = _generate(client, demo_id)
    _error(failed, 500, "internal_error")
    # The batch was committed before the crash: its numbers are in the journal.
    assert journal_numbers(app) == ["1-од", "2-од"]
    (batch_id,) = {e["batch_id"] for e in client.get("/api/v1/journal").get_json()["items"]}
    # Meanwhile someone breaks the dossier: the retry still gets what was issued.
    data = client.get(f"/api/v1/dossiers/{demo_id}").get_json()["data"]
    data["pairs"][0]["mentees"][0]["gender"] = ""
    revision = client.get(f"/api/v1/dossiers/{demo_id}").get_json()["revision"]
    assert (
        client.put(f"/api/v1/dossiers/{demo_id}", json={"data": data, "revision": revision}).status_code
        == 200
    )
    retry = _generate(client, demo_id)
    assert retry.status_code == 201 and retry.headers["Idempotent-Replayed"] == "true"
    assert retry.get_json()["batch_id"] == batch_id
    assert _numbers(retry) == ["1-од", "2-од"]
    assert scalar(app, "SELECT count(*) FROM batches") == 1
    assert journal_numbers(app) == ["1-од", "2-од"]


def test_openapi_documents_the_key(client):
    operation = client.get("/api/v1/openapi.json").get_json()["paths"][
        "/api/v1/dossiers/{dossier_id}/generate"
    ]["post"]
    (header,) = [p for p in operation["parameters"] if p["in"] == "header"]
    assert header["name"] == "Idempotency-Key" and "409" in header["description"]
    assert {"201", "409"} <= set(operation["responses"])
    assert "Idempotent-Replayed" in operation["responses"]["201"]["headers"]
