"""A generation that fails half-way leaves no half-written record: not in the batches, the
journal, the documents, their search index, the person index or the tokens — whether the
failure comes inside the write transaction (after the journal numbers and the records were
written) or from a render killed at its limit."""

from __future__ import annotations

from datetime import date

import pytest

from docgen.store import issue as issuing
from docgen.store.issue import issue_documents
from docgen.store.issue_tokens import IssueToken

TABLES = ("batches", "journal", "documents", "documents_fts", "archive_person_forms", "issue_tokens")


def _counts(db) -> dict[str, int]:
    return {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}


def _issue(db, files, scope, dossier_id, **kwargs):
    return issue_documents(
        db, files, scope, dossier_id=dossier_id, kinds=["curator-order", "pairs-order"],
        issue_date=date(2022, 9, 1), issued_by="Жмурина О.А.", **kwargs,
    )  # fmt: skip


@pytest.mark.parametrize("step", ["add_records", "record_document_templates", "remember_token"])
def test_a_failure_inside_the_write_transaction_writes_nothing(
    db, files, scope, dossier_id, monkeypatch, step
):
    before = _counts(db)
    real = getattr(issuing, step)

    def failing(*args, **kwargs):
        real(*args, **kwargs)  # the rows are written, then the process «dies»
        raise RuntimeError(f"сбой после {step}")

    monkeypatch.setattr(issuing, step, failing)
    token = IssueToken("kill-midway", "f" * 64)
    with pytest.raises(RuntimeError, match="сбой после"):
        _issue(db, files, scope, dossier_id, token=token)
    assert _counts(db) == before
    assert not db.conn.in_transaction
    monkeypatch.setattr(issuing, step, real)
    again = _issue(db, files, scope, dossier_id, token=token)  # the token was not spent
    assert not again.replayed
    assert next(d["number"] for d in again.documents if d.get("number")) == "1-од"
