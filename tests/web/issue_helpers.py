"""Helpers of the issuing-once and write-lock tests (a module of its own: conftest is not
importable): a second school with its own curator and dossier, the confirm form as a browser
sends it, a render hook that can be paused, counts read straight from the database file."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from web_helpers import PASSWORD_HASH
from werkzeug.datastructures import MultiDict

import docgen.store.issue as issue_module
from docgen.model import read_data
from docgen.store import dossiers, orgs, users
from docgen.store.db import connect
from docgen.store.scope import Scope
from tests.web.conftest import read_form

ROOT = Path(__file__).resolve().parents[2]
SECOND_SCHOOL = "МБОУ СОШ № 7 г. Березники"


def add_school(app, short_name: str = SECOND_SCHOOL, login: str = "curator-sosh7") -> tuple[str, int]:
    """Another school (no relation to the demo one), its curator and a valid dossier."""
    db = connect(app.config["DATABASE"])
    try:
        org_id = orgs.create_organisation(db, name=short_name, short_name=short_name, kind="school")
        users.create_user(db, org_id=org_id, login=login, role="curator", password_hash=PASSWORD_HASH,
                          name="Куратор СОШ № 7")  # fmt: skip
        data = read_data(ROOT / "samples" / "gymnasium-20.yaml")
        data["organisation"]["short_name"] = short_name
        dossier_id = dossiers.save_draft(db, Scope(org_id, login), school_year="2022/2023", data=data)
        return login, dossier_id
    finally:
        db.conn.close()


def add_user(app, login: str, role: str = "curator", like: str = "curator-demo") -> str:
    """One more account in the organisation of the account `like`."""
    db = connect(app.config["DATABASE"])
    try:
        org_id = users.find_user(db, like)["org_id"]
        users.create_user(db, org_id=org_id, login=login, role=role, password_hash=PASSWORD_HASH, name=login)
        return login
    finally:
        db.conn.close()


def confirm_form(
    client, dossier_id: int, kinds: list[str], when: str = "01.09.2023"
) -> tuple[str, MultiDict]:
    """The confirm page and the fields its «Сформировать и зарегистрировать» form sends."""
    fields = MultiDict([("kinds", k) for k in kinds] + [("issue_date", when)])
    page = client.post(f"/dossiers/{dossier_id}/generate", data=fields)
    assert page.status_code == 200, page.get_data(as_text=True)
    html = page.get_data(as_text=True)
    return html, MultiDict(read_form(html, "issue"))


def scalar(app, sql: str, params: list[Any] | None = None) -> Any:
    db = connect(app.config["DATABASE"])
    try:
        return db.execute(sql, params or []).fetchone()[0]
    finally:
        db.conn.close()


def journal_numbers(app, org_id: int | None = None) -> list[str]:
    db = connect(app.config["DATABASE"])
    try:
        where, params = ("WHERE org_id = ?", [org_id]) if org_id is not None else ("", [])
        return [r[0] for r in db.execute(f"SELECT number FROM journal {where} ORDER BY id", params)]
    finally:
        db.conn.close()


def hook_render(monkeypatch, before: Callable[[Any], None]) -> None:
    """Call `before(dossier)` at the start of every render of an issue, then render."""
    real = issue_module.render_dossier

    def render(dossier, *args, **kwargs):
        before(dossier)
        return real(dossier, *args, **kwargs)

    monkeypatch.setattr(issue_module, "render_dossier", render)


def run_threads(targets: list[Callable[[], Any]], timeout: float = 60) -> list[Any]:
    """Run each target in its own thread, released together; their results (or exceptions)."""
    results: list[Any] = [None] * len(targets)
    start = threading.Barrier(len(targets))

    def run(index: int) -> None:
        start.wait(timeout)
        try:
            results[index] = targets[index]()
        except BaseException as exc:  # reported to the test, never lost in the thread
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(len(targets))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(t.is_alive() for t in threads), f"a request did not finish in {timeout} s"
    return results
