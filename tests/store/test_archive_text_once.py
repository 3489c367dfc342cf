"""An archived document's text is written after the issue, once, by the indexer
(`archive_pending`); every other column stays immutable, on both engines (migration 0630)."""

from __future__ import annotations

import logging

import pytest
from store_helpers import FEW_KINDS, ISSUE_DATE

from docgen.store import Scope, get_document, issue_documents, search
from docgen.store.archive_pending import index_pending, is_pending
from docgen.store.engine import IntegrityError
from docgen.store.migrations.sqlite_tables import ARCHIVED_COLUMNS
from docgen.store.text import extract_text


def _issue_later(db, files, scope: Scope, dossier_id: int) -> list[dict]:
    result = issue_documents(db, files, scope, dossier_id=dossier_id, kinds=FEW_KINDS, issue_date=ISSUE_DATE,
                             issued_by="Жмурина О.А.", index_later=True)  # fmt: skip
    return result.documents


def test_the_immutable_columns_are_every_column_but_the_text(db) -> None:
    """A column added to `documents` later must join ARCHIVED_COLUMNS (and its triggers)."""
    columns = [d[0] for d in db.execute("SELECT * FROM documents WHERE 1 = 0").description]
    assert sorted(c.strip() for c in ARCHIVED_COLUMNS.split(",")) == sorted(c for c in columns if c != "text")


def test_the_text_is_written_once(db, files, scope: Scope, dossier_id: int) -> None:
    document = _issue_later(db, files, scope, dossier_id)[0]
    assert get_document(db, scope, document["id"])["text"] == ""
    db.execute("UPDATE documents SET text = 'текст' WHERE id = ?", [document["id"]])  # '' → text: allowed
    for change in ("text = 'другой текст'", "text = ''", "title = 'Другой'", "sha256 = 'x'", "people = '[]'"):
        with pytest.raises(IntegrityError, match="immutable"):
            db.execute(f"UPDATE documents SET {change} WHERE id = ?", [document["id"]])
    assert get_document(db, scope, document["id"])["text"] == "текст"


def test_a_document_not_yet_indexed_is_indexed_when_read_with_the_files(db, files, scope, dossier_id) -> None:
    documents = _issue_later(db, files, scope, dossier_id)
    first = documents[0]
    read = get_document(db, scope, first["id"], files=files)
    assert read["text"] == extract_text(files.get(first["sha256"]))
    assert not any(is_pending(db, scope.org_id, d["id"]) for d in documents)  # the organisation's, at once
    assert get_document(db, scope, documents[-1]["id"])["text"]


def test_a_damaged_file_costs_its_own_text_only(db, files, scope: Scope, dossier_id: int, caplog) -> None:
    """The indexer names the document and goes on: the others get their text and rows, the
    damaged one its title and people (`docgen verify` reports the file)."""
    documents = _issue_later(db, files, scope, dossier_id)
    damaged = next(d for d in documents if d["kind"] == "roadmap")
    files.path(damaged["sha256"]).unlink()
    with caplog.at_level(logging.ERROR, logger="docgen.store.archive_pending"):
        assert index_pending(db, files, scope) == len(documents)
    assert f"no text for document {damaged['id']}" in caplog.text
    assert get_document(db, scope, damaged["id"])["text"] == ""
    for document in documents:
        if document["id"] != damaged["id"]:
            assert get_document(db, scope, document["id"])["text"]
    assert {i["id"] for i in search(db, scope, q="дорожная карта").items} >= {damaged["id"]}  # by title
