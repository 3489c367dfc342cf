"""Issuing outside the write lock, exactly once: predicted numbers, re-rendering when they are
taken, tokens, the per-organisation gate, and processes racing with one token."""

from __future__ import annotations

import re
from pathlib import Path

import issue_once_workers
import pytest
import store_workers
from store_helpers import ISSUE_DATE, docx_text

import docgen.store.issue as issue_module
import docgen.store.issue_gate as issue_gate
from docgen.store import (
    Scope,
    connect,
    document_bytes,
    ensure_default_series,
    issue_documents,
    journal_entries,
    register_entry,
)
from docgen.store.errors import IssueBusy, IssueContention, IssueTokenConflict
from docgen.store.issue_gate import organisation_gate
from docgen.store.issue_tokens import IssueToken


def _issue(db, files, scope, dossier_id, kinds=("curator-order",), **kwargs):
    return issue_documents(
        db, files, scope, dossier_id=dossier_id, kinds=list(kinds), issue_date=ISSUE_DATE,
        issued_by=scope.user, **kwargs,
    )  # fmt: skip


def _counts(db) -> tuple[int, ...]:
    tables = ("batches", "documents", "issue_tokens")
    return tuple(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)


def _register_during_render(monkeypatch, db_path: Path, scope: Scope, times: int | None) -> list[int]:
    """Each of the first `times` renders (None: every render) registers a number by hand from
    another connection, as a secretary typing into the journal meanwhile would."""
    setup = connect(db_path)
    ensure_default_series(setup, scope.org_id, number_format="{n}-од")
    setup.close()
    real = issue_module.render_dossier
    renders: list[int] = []

    def render(*args, **kwargs):
        renders.append(1)
        if times is None or len(renders) <= times:
            other = connect(db_path)
            try:
                register_entry(other, scope, when=ISSUE_DATE, title="Приказ, зарегистрированный вручную")
            finally:
                other.close()
        return real(*args, **kwargs)

    monkeypatch.setattr(issue_module, "render_dossier", render)
    return renders


def test_numbers_taken_while_rendering_are_rendered_again(
    db, db_path, files, scope, dossier_id, monkeypatch
) -> None:
    renders = _register_during_render(monkeypatch, db_path, scope, times=1)
    result = _issue(db, files, scope, dossier_id)
    assert len(renders) == 2  # rendered once more with the next free number
    (document,) = result.documents
    assert document["number"] == "2-од"
    text = docx_text(document_bytes(db, files, scope, document["id"])[1])
    assert re.search(r"^04\.09\.2023\s+№ 2-од$", text, re.M) and "№ 1-од" not in text
    entries = journal_entries(db, scope)
    assert [(e["seq"], e["batch_id"]) for e in entries] == [(1, None), (2, result.batch_id)]  # gapless


def test_numbers_taken_every_time_give_a_russian_error_and_register_nothing(
    db, db_path, files, scope, dossier_id, monkeypatch
) -> None:
    renders = _register_during_render(monkeypatch, db_path, scope, times=None)
    with pytest.raises(IssueContention) as caught:
        _issue(db, files, scope, dossier_id, kinds=["curator-order", "pairs-order"])
    assert "Ничего не зарегистрировано" in str(caught.value)
    assert len(renders) == issue_module.MAX_ATTEMPTS
    assert _counts(db) == (0, 0, 0)
    entries = journal_entries(db, scope)  # only the hand-registered numbers, gapless
    assert [(e["seq"], e["batch_id"]) for e in entries] == [(i, None) for i in range(1, len(renders) + 1)]
    assert not db.conn.in_transaction


def test_a_token_gives_its_batch_again_and_only_for_the_same_request(
    db, files, scope, other_scope, dossier_id
) -> None:
    token = IssueToken("form-token-1", "fingerprint-a")
    first = _issue(db, files, scope, dossier_id, token=token)
    again = _issue(db, files, scope, dossier_id, token=token)
    assert (again.batch_id, again.replayed, first.replayed) == (first.batch_id, True, False)
    assert again.documents == first.documents
    with pytest.raises(IssueTokenConflict) as caught:
        _issue(db, files, scope, dossier_id, token=IssueToken("form-token-1", "fingerprint-b"))
    assert "уже использован для другого выпуска" in str(caught.value)
    # Another user of the organisation has tokens of their own.
    colleague = Scope(scope.org_id, user="Другой куратор")
    assert _issue(db, files, colleague, dossier_id, token=token).batch_id != first.batch_id
    assert [e["number"] for e in journal_entries(db, scope)] == ["1-од", "2-од"]
    assert _counts(db) == (2, 2, 2)


def test_the_gate_is_per_organisation(db, db_path, files, scope, dossier_id, monkeypatch, tmp_path) -> None:
    from store_helpers import gymnasium_data

    from docgen.store import create_organisation, save_draft

    other_org = create_organisation(db, name="МБОУ СОШ № 5", short_name="СОШ № 5", kind="school")
    other = Scope(other_org, user="Куратор СОШ № 5")
    other_dossier = save_draft(db, other, school_year="2022/2023", data=gymnasium_data())
    monkeypatch.setattr(issue_gate, "GATE_WAIT_SECONDS", 0.2)
    holder = connect(db_path)
    try:
        with organisation_gate(holder, scope):  # an issue of the first school is under way
            with pytest.raises(IssueBusy) as caught:
                _issue(db, files, scope, dossier_id)
            assert "Ничего не зарегистрировано" in str(caught.value)
            done = _issue(db, files, other, other_dossier)  # the other school does not wait
            assert done.documents[0]["number"] == "1-од"
    finally:
        holder.close()
    assert journal_entries(db, scope) == []
    assert _issue(db, files, scope, dossier_id).documents[0]["number"] == "1-од"


def test_processes_racing_with_one_token_issue_one_batch(db_path, db, tmp_path, scope, dossier_id) -> None:
    job = (str(db_path), str(tmp_path / "blobs"), scope.org_id, dossier_id, "retry-after-timeout")
    results = store_workers.run_in_processes(issue_once_workers.issue_with_token, [job] * 4, tmp_path)
    assert len({r["batch_id"] for r in results}) == 1
    assert {tuple(r["numbers"]) for r in results} == {("1-од", "2-од")}
    assert sorted(r["replayed"] for r in results) == [False, True, True, True]
    fresh = connect(db_path)
    try:
        assert _counts(fresh) == (1, 2, 1)
        assert [e["number"] for e in journal_entries(fresh, scope)] == ["1-од", "2-од"]
    finally:
        fresh.close()
