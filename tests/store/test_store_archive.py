"""The archive: Russian full-text search, filters, scoping, re-rendering, export."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import date

import pg_schema
import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from store_helpers import FEW_KINDS, ISSUE_DATE

from docgen.store import (
    NotFound,
    Scope,
    document_bytes,
    export_zip,
    extract_text,
    get_document,
    issue_documents,
    journal_entries,
    rerender,
    search,
    void_entry,
)
from docgen.store.engine import IntegrityError
from docgen.store.stemming import index_text, match_expression


@pytest.fixture
def issued(db, files, scope: Scope, dossier_id: int) -> dict[str, dict]:
    result = issue_documents(
        db,
        files,
        scope,
        dossier_id=dossier_id,
        kinds=FEW_KINDS,
        issue_date=ISSUE_DATE,
        issued_by="Жмурина О.А.",
    )
    return {d["kind"]: d for d in result.documents}


def _kinds(page) -> set[str]:
    return {item["kind"] for item in page.items}


def test_stemming_folds_cases_and_yo() -> None:
    assert index_text("Иванова Мария Петровна") == index_text("Ивановой Марии Петровне")
    assert index_text("Иванову") == index_text("ИВАНОВОЙ")
    assert index_text("Ковалёвой Артёма") == index_text("Ковалевой Артема")
    assert match_expression("  ,;  ") is None
    # operators are quoted words
    assert match_expression("AND OR") == '{title people body} : "and" AND {title people body} : "or"'


@pytest.mark.parametrize("query", ["Ивановой", "Иванова", "Иванову", "ивановой марии"])
def test_surname_in_any_case_finds_the_pairs_order(db, scope: Scope, issued, query: str) -> None:
    page = search(db, scope, q=query)
    assert _kinds(page) == {"pairs-order"}
    (item,) = page.items
    assert "<mark>" in item["snippet"]
    marked = [piece for piece, hit in item["snippet_parts"] if hit]
    assert any(piece.lower().startswith("иванов") for piece in marked)
    assert "text" not in item


@pytest.mark.parametrize(("yo", "ye"), [("Артём", "Артем"), ("Ковалёвой", "Ковалевой")])
def test_yo_and_ye_are_the_same_letter(db, scope: Scope, issued, yo: str, ye: str) -> None:
    with_yo, with_ye = search(db, scope, q=yo), search(db, scope, q=ye)
    assert with_yo.total >= 1
    assert [i["id"] for i in with_yo.items] == [i["id"] for i in with_ye.items]


def test_word_forms_and_several_words(db, scope: Scope, issued) -> None:
    assert _kinds(search(db, scope, q="куратору")) >= {"curator-order"}
    assert search(db, scope, q="наставничеству").total == 4
    both = search(db, scope, q="куратор дорожной")
    only_curator = search(db, scope, q="куратор")
    assert both.total < only_curator.total
    assert search(db, scope, q="несуществующеслово").total == 0
    assert search(db, scope, q="«»—").total == 0


def test_prefix_search_is_optional(db, scope: Scope, issued) -> None:
    assert search(db, scope, q="Джанелид").total == 0
    assert _kinds(search(db, scope, q="Джанелид", prefix=True)) == {"pairs-order"}


def test_person_filter_searches_names_only(db, scope: Scope, issued) -> None:
    assert _kinds(search(db, scope, person="Иванова Мария")) == {"pairs-order"}
    assert _kinds(search(db, scope, person="Марию Иванову")) == {"pairs-order"}
    # the chief accountant is named in the text of the curator order, not among its people
    assert "curator-order" in _kinds(search(db, scope, q="Ковалёва"))
    # «Ковалёва» is also the genitive of Ковалёв, a mentee of the pairs order
    assert _kinds(search(db, scope, person="Ковалёва")) == {"pairs-order"}
    assert search(db, scope, person="Ковалёва Татьяна").total == 0
    zhmurina = _kinds(search(db, scope, person="Жмуриной"))
    assert "curator-order" in zhmurina and "roadmap" not in zhmurina
    # first name of one person next to the surname of another does not match
    assert search(db, scope, person="Иванова Артём").total == 0


def test_filters_combine(db, files, scope: Scope, dossier_id: int, issued) -> None:
    issue_documents(
        db,
        files,
        scope,
        dossier_id=dossier_id,
        kinds=["curator-order"],
        issue_date=date(2024, 2, 1),
        issued_by="Жмурина О.А.",
    )
    assert search(db, scope).total == 5
    assert search(db, scope, kind="curator-order").total == 2
    assert search(db, scope, kind="curator-order", year=2023).total == 1
    (newer,) = search(db, scope, kind="curator-order", year=2024).items
    assert newer["number"] == "1-од" and newer["date"] == "2024-02-01"
    for number in ("2-од", "2-ОД", "№ 2-од", " 2 - од "):
        assert [i["kind"] for i in search(db, scope, number=number).items] == ["curator-order"]
    # a bare sequence number finds every «1» of every year
    assert {i["date"][:4] for i in search(db, scope, number="1").items} == {"2023", "2024"}
    assert search(db, scope, number="1-од", year=2023).items[0]["kind"] == "implementation-order"
    assert search(db, scope, q="Ивановой", kind="curator-order").total == 0
    assert search(db, scope, q="куратора", person="Жмурина", year=2024).total == 1
    assert search(db, scope, kind="roadmap", year=2024).total == 0


def test_newest_first_and_paging(db, files, scope: Scope, dossier_id: int, issued) -> None:
    issue_documents(
        db,
        files,
        scope,
        dossier_id=dossier_id,
        kinds=["curator-order"],
        issue_date=date(2022, 12, 1),
        issued_by="Жмурина О.А.",
    )
    everything = search(db, scope, limit=100)
    dates = [(i["date"], i["id"]) for i in everything.items]
    assert dates == sorted(dates, reverse=True)
    assert everything.items[-1]["date"] == "2022-12-01"
    first, second = search(db, scope, limit=3), search(db, scope, limit=3, offset=3)
    assert first.total == second.total == 5
    assert [i["id"] for i in first.items + second.items] == [i["id"] for i in everything.items]
    assert search(db, scope, offset=50).items == []


def test_other_organisations_see_nothing(db, files, scope: Scope, other_scope: Scope, issued) -> None:
    doc_id = issued["pairs-order"]["id"]
    assert search(db, other_scope).total == 0
    assert search(db, other_scope, q="Ивановой").total == 0
    assert search(db, other_scope, number="1-од").total == 0
    calls = (
        lambda s, i: get_document(db, s, i),
        lambda s, i: document_bytes(db, files, s, i),
        lambda s, i: rerender(db, files, s, i),
        lambda s, i: export_zip(db, files, s, [i]),
    )
    for call in calls:
        with pytest.raises(NotFound) as foreign:
            call(other_scope, doc_id)
        with pytest.raises(NotFound) as missing:
            call(scope, 999_999)
        # a foreign id is indistinguishable from a missing one
        assert str(foreign.value).replace(str(doc_id), "N") == str(missing.value).replace("999999", "N")
    office = other_scope.reading(scope.org_id)
    assert _kinds(search(db, office, q="Ивановой")) == {"pairs-order"}
    assert get_document(db, office, doc_id)["org_id"] == scope.org_id


def test_get_document_and_bytes(db, files, scope: Scope, issued) -> None:
    pairs = get_document(db, scope, issued["pairs-order"]["id"])
    assert pairs["people"][0] == "Иванова Мария Петровна"
    assert "Ивановой Марией Петровной" in pairs["text"]
    assert pairs["issued_by"] == "Жмурина О.А."
    assert pairs["kind_title"] == "Приказ «Об утверждении наставнических пар (групп)»"
    assert pairs["voided"] is False
    name, content = document_bytes(db, files, scope, pairs["id"])
    assert name == pairs["filename"] == "12-prikaz-o-zakreplenii-par.docx"
    assert hashlib.sha256(content).hexdigest() == pairs["sha256"]
    assert extract_text(content) == pairs["text"]


def test_voiding_shows_in_the_archive(db, scope: Scope, issued) -> None:
    entry = next(e for e in journal_entries(db, scope) if e["kind"] == "curator-order")
    void_entry(db, scope, entry["id"], "приказ отменён")
    document = get_document(db, scope, issued["curator-order"]["id"])
    assert document["voided"] is True
    assert document["void_reason"] == "приказ отменён"


def test_archived_documents_are_immutable(db, issued) -> None:
    with pytest.raises(IntegrityError):
        db.execute("UPDATE documents SET number = '999' WHERE id = ?", [issued["roadmap"]["id"]])
    with pytest.raises(IntegrityError):
        db.execute("DELETE FROM documents")


@pytest.mark.parametrize("kind", FEW_KINDS)
def test_rerender_is_identical(db, files, scope: Scope, issued, kind: str) -> None:
    result = rerender(db, files, scope, issued[kind]["id"])
    assert result.identical_bytes and result.identical_parts
    assert result.identical_text
    assert result.new_text == result.original_text
    assert result.content == document_bytes(db, files, scope, issued[kind]["id"])[1]


def test_rerender_uses_the_stored_template(db, files, scope: Scope, dossier_id: int) -> None:
    custom = Document()
    custom.add_paragraph("Особый шаблон школы: приказ {{ order.ref }}")
    buffer = io.BytesIO()
    custom.save(buffer)
    template = buffer.getvalue()
    result = issue_documents(
        db,
        files,
        scope,
        dossier_id=dossier_id,
        kinds=["curator-order"],
        issue_date=ISSUE_DATE,
        issued_by="Жмурина О.А.",
        resolver=lambda kind_id, name: template,
    )
    (document,) = result.documents
    assert document["template_sha256"] == hashlib.sha256(template).hexdigest()
    again = rerender(db, files, scope, document["id"])
    assert again.identical_bytes and again.identical_text
    assert again.new_text == "Особый шаблон школы: приказ от 04.09.2023 № 1-од"


def test_rerender_reports_differences(db, files, scope: Scope, issued) -> None:
    record = get_document(db, scope, issued["roadmap"]["id"])
    path = files.path(record["sha256"])
    original = path.read_bytes()
    path.chmod(0o644)
    # keep the hash right but make the stored bytes differ from what the renderer produces:
    # simulate an archive whose document was produced by an older renderer
    pg_schema.drop_trigger(db, "documents_immutable", "documents")
    pg_schema.drop_trigger(db, "documents_text_once", "documents")
    older = files.put(original + b"\0")
    db.execute("UPDATE documents SET sha256 = ?, text = 'старый текст' WHERE id = ?", [older, record["id"]])
    result = rerender(db, files, scope, record["id"])
    assert not result.identical_bytes
    assert not result.identical_text
    assert result.original_text == "старый текст"
    assert result.content == original


def test_rerender_of_a_document_packed_by_an_older_renderer(db, files, scope: Scope, issued) -> None:
    """Another member order and compression (as before this renderer): the same parts."""
    record = get_document(db, scope, issued["roadmap"]["id"])
    original = files.get(record["sha256"])
    repacked = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(original)) as source,
        zipfile.ZipFile(repacked, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in sorted(source.infolist(), key=lambda i: i.filename):
            out.writestr(info.filename, source.read(info), compresslevel=6)
    pg_schema.drop_trigger(db, "documents_immutable", "documents")
    db.execute("UPDATE documents SET sha256 = ? WHERE id = ?", [files.put(repacked.getvalue()), record["id"]])
    result = rerender(db, files, scope, record["id"])
    assert not result.identical_bytes
    assert result.identical_parts and result.identical_text


def test_export_zip_manifest_matches_files(db, files, scope: Scope, issued) -> None:
    ids = [issued["pairs-order"]["id"], issued["roadmap"]["id"], issued["pairs-order"]["id"]]
    with zipfile.ZipFile(io.BytesIO(export_zip(db, files, scope, ids))) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = [entry["file"] for entry in manifest["documents"]]
        assert names == [
            f"{issued['pairs-order']['id']}-12-prikaz-o-zakreplenii-par.docx",
            f"{issued['roadmap']['id']}-04-dorozhnaya-karta.docx",
        ]
        assert sorted(archive.namelist()) == sorted([*names, "manifest.json"])
        for entry in manifest["documents"]:
            assert hashlib.sha256(archive.read(entry["file"])).hexdigest() == entry["sha256"]
            assert entry["people"] == get_document(db, scope, entry["id"])["people"]
        assert manifest["documents"][0]["number"] == "3-од"
    with pytest.raises(NotFound):
        export_zip(db, files, scope, [issued["roadmap"]["id"], 424242])


def test_extract_text_reads_headers_tables_and_footers() -> None:
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "Шапка: гимназия № 20"
    doc.sections[0].footer.paragraphs[0].text = "Подвал"
    doc.add_paragraph("Первый\u00a0абзац")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Объединённая ячейка"
    table.cell(1, 0).text = "Иванова М.П."
    inner = table.cell(1, 1).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "Вложенная"
    run = doc.add_paragraph("До разрыва").add_run()
    run.add_break(WD_BREAK.LINE)
    run.add_text("после")
    buffer = io.BytesIO()
    doc.save(buffer)
    assert extract_text(buffer.getvalue()).splitlines() == [
        "Шапка: гимназия № 20",
        "Первый абзац",
        "Объединённая ячейка",
        "Иванова М.П.",
        "Вложенная",
        "До разрыва",
        "после",
        "Подвал",
    ]


def test_index_and_column_searches_agree(db, files, scope: Scope, dossier_id: int, issued) -> None:
    """Filters are answered by B-tree indexes without words and by FTS tokens with them."""
    from docgen.store.archive_pending import drain
    from docgen.store.archive_search import _search_by_columns, _search_by_index, number_key

    issue_documents(
        db,
        files,
        scope,
        dossier_id=dossier_id,
        kinds=["curator-order", "roadmap"],
        issue_date=date(2024, 2, 1),
        issued_by="Жмурина О.А.",
    )
    drain(db, files, scope)  # what `search` does first: the index holds every issued document
    cases = [
        ("curator-order", None, None),
        (None, 2023, None),
        ("curator-order", 2024, None),
        ("roadmap", None, None),
        ("roadmap", 2022, None),
        (None, None, "2-од"),
        (None, None, "№ 1-ОД"),
        (None, None, "1"),
        (None, 2023, "1"),
        ("pairs-order", None, "3"),
    ]
    for kind, year, number in cases:
        key = number_key(number)
        by_columns = _search_by_columns(db, scope, kind, year, key, 100, 0)
        by_index = _search_by_index(db, scope, None, kind, year, key, 100, 0)
        assert by_columns == by_index, (kind, year, number)
        assert by_columns[0] > 0 or (kind, year) == ("roadmap", 2022)
