"""Issuing computes everything slow outside the write transaction: the documents are rendered and
stored with no write lock held, and their text and full-text rows (stems, people by lemma) are
computed after the records are written, also with no write lock held (`archive_pending`), so
another connection can write meanwhile."""

from __future__ import annotations

import pg_schema
from store_helpers import FEW_KINDS, ISSUE_DATE

import docgen.store.docx_text as docx_text_module
from docgen.store import Scope, get_document, issue_documents
from docgen.store.archive_pending import drain
from docgen.store.person_index import PersonLexicon
from docgen.store.text import extract_text


def _writer_can_start(db_path) -> bool:
    return pg_schema.writer_can_start(db_path)


def test_text_and_index_rows_are_made_without_the_write_lock(db, db_path, files, scope: Scope, dossier_id,
                                                             monkeypatch) -> None:  # fmt: skip
    free: list[bool] = []
    real_index, real_text = PersonLexicon.index_record, docx_text_module.TextReader.text

    def index_record(self, *args, **kwargs):
        free.append(_writer_can_start(db_path))
        return real_index(self, *args, **kwargs)

    def text(self, *args, **kwargs):
        free.append(_writer_can_start(db_path))
        return real_text(self, *args, **kwargs)

    monkeypatch.setattr(PersonLexicon, "index_record", index_record)
    monkeypatch.setattr(docx_text_module.TextReader, "text", text)
    result = issue_documents(db, files, scope, dossier_id=dossier_id, kinds=FEW_KINDS, issue_date=ISSUE_DATE,
                             issued_by="Жмурина О.А.", index_later=True)  # fmt: skip
    assert free == []  # neither text nor index rows in the issue itself
    for document in result.documents:
        assert get_document(db, scope, document["id"])["text"] == ""  # not yet
    assert drain(db, files, scope) == len(result.documents)
    assert len(free) == 2 * len(result.documents) and all(free)  # text and index rows, lock free
    for document in result.documents:  # the stored text is python-docx's text of the stored file
        stored = get_document(db, scope, document["id"])
        assert stored["text"] and stored["text"] == extract_text(files.get(stored["sha256"]))


def test_an_issue_indexing_at_once_writes_the_text_without_the_write_lock(
    db, db_path, files, scope: Scope, dossier_id, monkeypatch
) -> None:
    free: list[bool] = []
    real_text = docx_text_module.TextReader.text

    def text(self, *args, **kwargs):
        free.append(_writer_can_start(db_path))
        return real_text(self, *args, **kwargs)

    monkeypatch.setattr(docx_text_module.TextReader, "text", text)
    result = issue_documents(db, files, scope, dossier_id=dossier_id, kinds=FEW_KINDS, issue_date=ISSUE_DATE,
                             issued_by="Жмурина О.А.")  # fmt: skip
    assert len(free) == len(result.documents) and all(free)
    assert drain(db, files, scope) == 0  # nothing left waiting
    for document in result.documents:
        stored = get_document(db, scope, document["id"])
        assert stored["text"] == extract_text(files.get(stored["sha256"]))
