"""Issuing: journal numbers in the documents, one transaction, nothing left behind on failure."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date

import pytest
from docx import Document
from store_helpers import FEW_KINDS, ISSUE_DATE, docx_text, gymnasium_data

from docgen.errors import InvalidDossier, KindNotApplicable, TemplateProblem, UnknownKind
from docgen.render.templates import default_template_bytes
from docgen.store import (
    FileStore,
    NotFound,
    NothingToIssue,
    Scope,
    create_series,
    document_bytes,
    ensure_default_series,
    get_batch,
    issue_documents,
    journal_entries,
    package_zip_for_batch,
    save_draft,
    search,
    update_series,
)
from docgen.store.archive import load_snapshot


def _issue(db, files, scope, dossier_id, kinds=FEW_KINDS, when=ISSUE_DATE, **kwargs):
    return issue_documents(
        db,
        files,
        scope,
        dossier_id=dossier_id,
        kinds=kinds,
        issue_date=when,
        issued_by="Жмурина О.А.",
        **kwargs,
    )


def _counts(db) -> tuple[int, int, int, int]:
    return tuple(
        db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("journal", "documents", "batches", "documents_fts")
    )


def test_orders_get_sequential_series_numbers(db, files, scope: Scope, dossier_id: int) -> None:
    result = _issue(db, files, scope, dossier_id)
    by_kind = {d["kind"]: d for d in result.documents}
    assert list(by_kind) == ["implementation-order", "roadmap", "curator-order", "pairs-order"]
    assert by_kind["implementation-order"]["number"] == "1-од"
    assert by_kind["curator-order"]["number"] == "2-од"
    assert by_kind["pairs-order"]["number"] == "3-од"
    assert by_kind["roadmap"]["number"] is None
    assert all(d["date"] == "2023-09-04" for d in result.documents)
    entries = journal_entries(db, scope)
    assert [(e["number"], e["kind"], e["date"], e["batch_id"]) for e in entries] == [
        ("1-од", "implementation-order", "2023-09-04", result.batch_id),
        ("2-од", "curator-order", "2023-09-04", result.batch_id),
        ("3-од", "pairs-order", "2023-09-04", result.batch_id),
    ]
    assert [e["document_id"] for e in entries] == [
        by_kind[k]["id"] for k in ("implementation-order", "curator-order", "pairs-order")
    ]
    # the numbers are in the documents themselves
    for kind, number in (
        ("implementation-order", "1-од"),
        ("curator-order", "2-од"),
        ("pairs-order", "3-од"),
    ):
        _name, content = document_bytes(db, files, scope, by_kind[kind]["id"])
        assert re.search(rf"^04\.09\.2023\s+№ {number}$", docx_text(content), re.M), kind
    # the dossier's own numbers (60, 61, 215) are gone from the issued orders, and the curator
    # order cites the implementation order by its new number
    _name, curator = document_bytes(db, files, scope, by_kind["curator-order"]["id"])
    curator_text = docx_text(curator)
    assert "61-од" not in curator_text and "60-од" not in curator_text
    assert "во исполнение приказа от 04.09.2023 № 1-од" in curator_text


def test_annex_cites_the_new_number_of_its_order(db, files, scope: Scope, dossier_id: int) -> None:
    result = _issue(db, files, scope, dossier_id)
    roadmap = next(d for d in result.documents if d["kind"] == "roadmap")
    text = docx_text(document_bytes(db, files, scope, roadmap["id"])[1])
    assert "от 04.09.2023 № 1-од" in text
    assert "№ 60-од" not in text
    # the pairs order cites the Положение approved by the implementation order
    pairs = next(d for d in result.documents if d["kind"] == "pairs-order")
    assert "приказом от 04.09.2023 № 1-од" in docx_text(document_bytes(db, files, scope, pairs["id"])[1])


def test_orders_not_issued_keep_the_dossier_numbers(db, files, scope: Scope, dossier_id: int) -> None:
    result = _issue(db, files, scope, dossier_id, kinds=["roadmap"])
    assert journal_entries(db, scope) == []
    (roadmap,) = result.documents
    text = docx_text(document_bytes(db, files, scope, roadmap["id"])[1])
    assert "от 20.05.2022 № 60-од" in text


def test_numbering_continues_across_batches(db, files, scope: Scope, dossier_id: int) -> None:
    _issue(db, files, scope, dossier_id)
    again = _issue(db, files, scope, dossier_id, kinds=["curator-order"])
    assert [d["number"] for d in again.documents] == ["4-од"]
    next_year = _issue(db, files, scope, dossier_id, kinds=["curator-order"], when=date(2024, 1, 9))
    assert [d["number"] for d in next_year.documents] == ["1-од"]


def test_series_format_is_applied(db, files, scope: Scope, dossier_id: int) -> None:
    series = ensure_default_series(db, scope.org_id, number_format="04-01-{n}")
    result = _issue(db, files, scope, dossier_id, kinds=["curator-order"])
    assert result.documents[0]["number"] == "04-01-1"
    update_series(db, scope, series["id"], number_format="{n}")
    bare = _issue(db, files, scope, dossier_id, kinds=["curator-order"])
    # a bare number is printed as the journal has it, not with the dossier's «{n}-од»
    assert bare.documents[0]["number"] == "2"
    text = docx_text(document_bytes(db, files, scope, bare.documents[0]["id"])[1])
    assert re.search(r"^04\.09\.2023\s+№ 2$", text, re.M) and "№ 2-од" not in text


def test_batch_zip_snapshot_and_blobs(db, files: FileStore, scope: Scope, dossier_id: int) -> None:
    result = _issue(db, files, scope, dossier_id)
    batch = get_batch(db, scope, result.batch_id)
    assert sorted(batch["kinds"]) == sorted(FEW_KINDS)
    snapshot = load_snapshot(files, batch["snapshot_sha256"])
    assert snapshot["numbers"] == {
        "implementation-order": {"number": "1-од", "date": "2023-09-04"},
        "curator-order": {"number": "2-од", "date": "2023-09-04"},
        "pairs-order": {"number": "3-од", "date": "2023-09-04"},
    }
    assert snapshot["dossier"]["organisation"]["short_name"] == ("МБОУ гимназия № 20 им. С.С. Станчева")
    template = default_template_bytes("curator-order", "curator-order.docx")
    curator = next(d for d in result.documents if d["kind"] == "curator-order")
    assert files.get(curator["template_sha256"]) == template
    assert all(d["snapshot_sha256"] == batch["snapshot_sha256"] for d in result.documents)

    with zipfile.ZipFile(io.BytesIO(package_zip_for_batch(db, files, scope, result.batch_id))) as z:
        manifest = json.loads(z.read("manifest.json"))
        assert manifest["batch_id"] == result.batch_id
        assert [e["file"] for e in manifest["documents"]] == [d["filename"] for d in result.documents]
        for entry in manifest["documents"]:
            content = z.read(entry["file"])
            assert entry["sha256"] == files.put(content)
            Document(io.BytesIO(content))  # a readable .docx


def test_invalid_dossier_writes_nothing(db, files, scope: Scope) -> None:
    data = gymnasium_data()
    del data["organisation"]["director"]
    data["curator_payment"] = "много"
    broken = save_draft(db, scope, school_year="2022/2023", data=data)
    before = _counts(db)
    with pytest.raises(InvalidDossier) as caught:
        _issue(db, files, scope, broken)
    assert {e.loc[0] for e in caught.value.errors} >= {"organisation", "curator_payment"}
    assert _counts(db) == before


def _broken_template() -> bytes:
    doc = Document()
    doc.add_paragraph("ПРИКАЗ № {{ order.number }}")
    doc.add_paragraph("Куратор: {{ nonexistent.field }}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_template_failure_rolls_everything_back(db, files: FileStore, scope: Scope, dossier_id: int) -> None:
    _issue(db, files, scope, dossier_id, kinds=["implementation-order"])
    before = _counts(db)
    journal_before = journal_entries(db, scope)
    broken = _broken_template()

    def resolver(kind_id: str, file_name: str) -> bytes:
        if kind_id == "pairs-order":
            return broken
        return default_template_bytes(kind_id, file_name)

    with pytest.raises(TemplateProblem) as caught:
        _issue(db, files, scope, dossier_id, resolver=resolver)
    assert "nonexistent" in str(caught.value)
    assert _counts(db) == before
    assert journal_entries(db, scope) == journal_before
    assert search(db, scope, kind="curator-order").total == 0
    assert not db.conn.in_transaction
    # no number was consumed: the next issue continues right after the last kept one
    again = _issue(db, files, scope, dossier_id, kinds=["curator-order"])
    assert again.documents[0]["number"] == "2-од"


def test_kind_selection_errors(db, files, scope: Scope, dossier_id: int) -> None:
    before = _counts(db)
    with pytest.raises(UnknownKind):
        _issue(db, files, scope, dossier_id, kinds=["no-such-kind"])
    with pytest.raises(KindNotApplicable):
        _issue(db, files, scope, dossier_id, kinds=["municipal-order"])
    with pytest.raises(NothingToIssue):
        _issue(db, files, scope, dossier_id, kinds=[])
    assert _counts(db) == before


def test_issuing_is_scoped(db, files, scope: Scope, other_scope: Scope, dossier_id: int) -> None:
    with pytest.raises(NotFound):
        _issue(db, files, other_scope, dossier_id)
    office = other_scope.reading(scope.org_id)
    with pytest.raises(NotFound):  # read access is not enough to issue
        _issue(db, files, office, dossier_id)
    result = _issue(db, files, scope, dossier_id, kinds=["curator-order"])
    with pytest.raises(NotFound):
        get_batch(db, other_scope, result.batch_id)
    with pytest.raises(NotFound):
        package_zip_for_batch(db, files, other_scope, result.batch_id)
    assert get_batch(db, office, result.batch_id)["org_id"] == scope.org_id


def test_series_of_other_kinds_must_exist(db, files, scope: Scope, dossier_id: int) -> None:
    # a second series does not capture the orders: they go to «основная деятельность»
    create_series(db, scope, code="k", title="личный состав", number_format="{n}-к")
    result = _issue(db, files, scope, dossier_id, kinds=["curator-order"])
    assert result.documents[0]["number"] == "1-од"
