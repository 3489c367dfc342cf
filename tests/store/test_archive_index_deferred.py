"""The archive's text and full-text rows are written after the issue (`archive_pending`), and a
search never misses a document: it indexes whatever is still waiting first."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from store_helpers import FEW_KINDS, ISSUE_DATE, gymnasium_data, kravets_data

from docgen.store import Scope, connect, issue_documents, save_draft, search
from docgen.store.archive_index import ID_SPAN
from docgen.store.archive_pending import _index_rows, _write, drain, index_pending
from docgen.store.db import write_transaction
from docgen.store.reindex import reindex_archive


def _issue(db, files, scope: Scope, data: dict | None = None, times: int = 1) -> list[dict]:
    data = data or kravets_data()
    dossier_id = save_draft(db, scope, school_year=data["school_year"], data=data)
    documents = []
    for _ in range(times):
        result = issue_documents(db, files, scope, dossier_id=dossier_id, kinds=FEW_KINDS,
                                 issue_date=ISSUE_DATE, issued_by="Жмурина О.А.",
                                 index_later=True)  # fmt: skip
        documents += result.documents
    return documents


def _pending(db, org_id: int | None = None) -> int:
    if org_id is None:
        return db.execute("SELECT count(*) FROM archive_index_pending").fetchone()[0]
    return db.execute("SELECT count(*) FROM archive_index_pending WHERE org_id = ?", [org_id]).fetchone()[0]


def _fts_rows_per_document(db) -> Counter:
    return Counter(rowid % ID_SPAN for (rowid,) in db.execute("SELECT rowid FROM documents_fts"))


def _kinds(page) -> set[str]:
    return {item["kind"] for item in page.items}


def test_an_issue_writes_records_and_pending_rows_and_a_search_indexes_them(db, files, scope: Scope) -> None:
    documents = _issue(db, files, scope)
    ids = {d["id"] for d in documents}
    assert _pending(db, scope.org_id) == len(documents)
    assert _fts_rows_per_document(db) == Counter()  # nothing indexed in the issue itself
    # A hand-written case form of a mentee's name, a number and a word of the text.
    assert _kinds(search(db, scope, person="Кравецу", files=files)) == {"pairs-order"}
    assert _pending(db) == 0
    assert _fts_rows_per_document(db) == Counter({i: 1 for i in ids})
    numbered = next(d for d in documents if d["number"])
    assert [i["id"] for i in search(db, scope, number=numbered["number"]).items] == [numbered["id"]]
    assert search(db, scope, q="наставничеству").total == len(FEW_KINDS)
    assert _kinds(search(db, scope, q="Кравеца")) == {"pairs-order"}


def test_the_indexer_reads_the_people_from_the_snapshot(db, files, scope: Scope) -> None:
    """The dossier changed after the issue (the hand-written forms gone): the issued documents are
    still indexed with the people they were issued with."""
    data = kravets_data()
    dossier_id = save_draft(db, scope, school_year=data["school_year"], data=data)
    issue_documents(db, files, scope, dossier_id=dossier_id, kinds=FEW_KINDS, issue_date=ISSUE_DATE,
                    issued_by="Жмурина О.А.", index_later=True)  # fmt: skip
    changed = gymnasium_data()
    save_draft(db, scope, school_year=changed["school_year"], data=changed, dossier_id=dossier_id)
    assert _kinds(search(db, scope, person="Кравецу", files=files)) == {"pairs-order"}


def test_deferred_rows_are_the_rows_a_full_reindex_makes(db, files, scope: Scope, other_scope: Scope) -> None:
    _issue(db, files, scope)
    _issue(db, files, other_scope, gymnasium_data())
    assert drain(db, files, scope.reading(other_scope.org_id)) == 2 * len(FEW_KINDS)
    rows = "SELECT rowid, * FROM documents_fts ORDER BY rowid"
    forms = "SELECT form, org_id, lemma FROM archive_person_forms ORDER BY 1, 2, 3"
    deferred = db.execute(rows).fetchall(), db.execute(forms).fetchall()
    with write_transaction(db):
        assert reindex_archive(db, files) == 2 * len(FEW_KINDS)
    assert (db.execute(rows).fetchall(), db.execute(forms).fetchall()) == deferred


def test_an_indexer_that_lost_the_race_writes_nothing(db, files, scope: Scope) -> None:
    documents = _issue(db, files, scope)
    records = db.execute(
        "SELECT d.id, d.sha256, d.snapshot_sha256, d.batch_id, d.kind, d.title, d.people, d.text, "
        "d.date, d.year, d.number_key, d.number_seq FROM documents d ORDER BY d.id"
    )
    keys = [c[0] for c in records.description]
    slow = _index_rows(db, files, scope, [dict(zip(keys, r, strict=True)) for r in records.fetchall()])
    assert index_pending(db, files, scope) == len(documents)  # the other indexer, faster
    assert _write(db, scope, *slow) == 0
    assert _fts_rows_per_document(db) == Counter({d["id"]: 1 for d in documents})


def test_indexers_racing_index_each_document_once(db, db_path, files, scope: Scope) -> None:
    """A job and searches at once, each on a connection of its own."""
    documents = _issue(db, files, scope, times=2)
    errors: list[BaseException] = []
    start = threading.Barrier(3)

    def run(index: bool) -> None:
        own = connect(db_path)
        try:
            start.wait()
            if index:
                index_pending(own, files, scope)
            else:
                found = search(own, scope, person="Кравецу", files=files)
                assert _kinds(found) == {"pairs-order"}  # whoever indexed them, it finds them
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            own.conn.close()

    threads = [threading.Thread(target=run, args=(i < 2,)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert _pending(db) == 0
    per_document = _fts_rows_per_document(db)
    assert len(per_document) == len(documents) and set(per_document.values()) == {1}
    assert _kinds(search(db, scope, person="Кравецу")) == {"pairs-order"}


def test_documents_left_by_a_process_that_died_are_indexed_by_the_next_search(db_path, files, scope) -> None:
    first = connect(db_path)
    documents = _issue(first, files, scope)
    first.conn.close()  # its job never ran
    later = connect(db_path)
    try:
        assert _pending(later) == len(documents)
        assert _kinds(search(later, scope, person="Кравецу", files=files)) == {"pairs-order"}
        assert _pending(later) == 0
    finally:
        later.conn.close()


def test_reindex_leaves_nothing_pending(db, files, scope: Scope) -> None:
    documents = _issue(db, files, scope)
    with write_transaction(db):
        assert reindex_archive(db, files) == len(documents)
    assert _pending(db) == 0
    assert _fts_rows_per_document(db) == Counter({d["id"]: 1 for d in documents})
    assert drain(db, files, scope) == 0
    assert _kinds(search(db, scope, person="Кравецу")) == {"pairs-order"}


def test_another_organisation_neither_indexes_nor_sees_them(db, files, scope, other_scope: Scope) -> None:
    documents = _issue(db, files, scope)
    assert search(db, other_scope, person="Кравецу", files=files).total == 0
    assert search(db, other_scope, q="наставничеству", files=files).total == 0
    assert drain(db, files, other_scope) == 0
    assert _pending(db, scope.org_id) == len(documents)  # untouched by the other's searches
    office = Scope(other_scope.org_id, readable_org_ids=frozenset({scope.org_id}))  # reads the school
    assert _kinds(search(db, office, person="Кравецу", files=files)) == {"pairs-order"}
    assert _pending(db) == 0
    forms = db.execute("SELECT DISTINCT org_id FROM archive_person_forms").fetchall()
    assert forms == [(scope.org_id,)]  # the school's forms, not the office's


@pytest.mark.parametrize("chunk", [1, 3])
def test_the_indexer_works_in_chunks(db, files, scope: Scope, monkeypatch, chunk: int) -> None:
    monkeypatch.setattr("docgen.store.archive_pending.CHUNK", chunk)
    documents = _issue(db, files, scope)
    assert index_pending(db, files, scope) == len(documents)
    assert _fts_rows_per_document(db) == Counter({d["id"]: 1 for d in documents})
