"""Archive search by person: any case form, hand-written forms, initials, and re-indexing old
archives (migration 0500_person_lemmas)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from store_helpers import FEW_KINDS, ISSUE_DATE, gymnasium_data, kravets_data

from docgen.model import Person
from docgen.store import (
    FileStore,
    Scope,
    connect,
    create_organisation,
    issue_documents,
    migrate,
    save_draft,
    search,
)
from docgen.store.archive import fts_rowid
from docgen.store.archive_pending import drain
from docgen.store.db import applied_migrations
from docgen.store.person_index import PersonLexicon, person_lemmas
from docgen.store.person_terms import terms_of_people
from docgen.store.stemming import index_text, match_expression, meta_tokens


def _issue(db, files, scope: Scope, data: dict) -> dict[str, int]:
    dossier_id = save_draft(db, scope, school_year=data["school_year"], data=data)
    result = issue_documents(
        db,
        files,
        scope,
        dossier_id=dossier_id,
        kinds=FEW_KINDS,
        issue_date=ISSUE_DATE,
        issued_by="Жмурина О.А.",
    )
    return {d["kind"]: d["id"] for d in result.documents}


def _kinds(page) -> set[str]:
    return {item["kind"] for item in page.items}


@pytest.fixture
def issued(db, files, scope: Scope) -> dict[str, int]:
    return _issue(db, files, scope, kravets_data())


def _same(db, scope: Scope, key: str, forms: list[str]) -> set[str]:
    """The kinds every form finds (asserting they all find the same documents)."""
    found = [sorted(i["id"] for i in search(db, scope, **{key: f}, limit=500).items) for f in forms]
    assert all(f == found[0] for f in found), dict(zip(forms, found, strict=True))
    assert found[0], forms
    return _kinds(search(db, scope, **{key: forms[0]}))


def test_a_manual_form_finds_the_person(db, scope: Scope, issued) -> None:
    forms = ["Кравец", "Кравеца", "Кравецу", "Кравецом", "Кравеце", "Кравца"]
    assert _same(db, scope, "q", forms) == {"pairs-order"}
    assert _same(db, scope, "person", forms) == {"pairs-order"}
    assert _same(db, scope, "person", ["Кравеца Артёма Сергеевича", "Кравец Артём", "Кравецу А.С."]) == {
        "pairs-order"
    }
    # the text uses the hand-written form, and the snippet marks it
    (item,) = search(db, scope, q="Кравец").items
    marked = [piece.lower() for piece, hit in item["snippet_parts"] if hit]
    assert any(piece.startswith("кравец") for piece in marked), item["snippet"]


def test_a_female_surname_in_ova(db, scope: Scope, issued) -> None:
    forms = ["Иванова", "Ивановой", "Иванову", "ИВАНОВОЙ"]
    assert _same(db, scope, "q", forms) == {"pairs-order"}
    assert _same(db, scope, "person", forms) == {"pairs-order"}
    # a masculine-only form is somebody else
    assert search(db, scope, person="Ивановым").total == 0
    assert search(db, scope, q="Ивановым").total == 0


def test_indeclinable_surnames(db, scope: Scope, issued) -> None:
    # Шевчук (a woman's surname in a consonant) and Белых stay the same in every case
    shevchuk = ["Шевчук", "Шевчук Анна Викторовна", "Шевчук Анне Викторовне", "Шевчук А.В.", "А.В. Шевчук"]
    assert "pairs-order" in _same(db, scope, "person", shevchuk)
    assert _same(db, scope, "q", ["Белых Марина", "Белых Марине", "Белых Мариной Сергеевной"])
    assert _same(db, scope, "person", ["Джанелидзе Нино", "Джанелидзе Нино Гивиевне"]) == {"pairs-order"}


def test_a_hyphenated_surname(db, scope: Scope, issued) -> None:
    forms = ["Соколова-Лебедева", "Соколовой-Лебедевой", "Соколову-Лебедеву", "соколовой лебедевой"]
    kinds = _same(db, scope, "person", forms)
    assert kinds == _same(db, scope, "q", forms) & kinds
    assert search(db, scope, person="Лебедевой Екатерине").total == search(db, scope, person=forms[0]).total


def test_initials_must_agree(db, scope: Scope, issued) -> None:
    assert _same(db, scope, "person", ["Иванову М.П.", "М.П. Иванова", "Ивановой М.", "Иванова М П"]) == {
        "pairs-order"
    }
    assert search(db, scope, person="Иванову А.П.").total == 0
    assert _kinds(search(db, scope, q="Ивановой М.П.")) == {"pairs-order"}
    # a first name of one person next to the surname of another does not match
    assert search(db, scope, person="Кравец Мария").total == 0


def test_ordinary_words_still_use_stems(db, scope: Scope, issued) -> None:
    assert search(db, scope, q="наставничеству").total == search(db, scope, q="наставничество").total == 4
    assert search(db, scope, q="куратору").total == search(db, scope, q="куратора").total >= 1
    assert search(db, scope, q="Станчева С.С.").total >= 1  # initials of a name nobody carries


def test_people_forms_stay_in_their_organisation(db, files, scope: Scope, other_scope: Scope) -> None:
    _issue(db, files, other_scope, kravets_data())
    _issue(db, files, scope, gymnasium_data())
    for each in (scope, other_scope):  # what `search` does first (person_lemmas is a part of it)
        drain(db, files, each)
    assert person_lemmas(db, other_scope, ["кравеца"]) == {"кравеца": {"p.кравец"}}
    assert person_lemmas(db, scope, ["кравеца"]) == {}
    assert search(db, scope, q="Кравеца").total == 0
    assert search(db, scope, person="Кравецу").total == 0
    assert search(db, other_scope, person="Кравецу").total == 1


def _index_the_old_way(db) -> None:
    """Turn the archive back into what docgen wrote before 0500: stems everywhere."""
    db.execute("INSERT INTO documents_fts (documents_fts) VALUES ('delete-all')")
    records = db.execute("SELECT id, org_id, kind, year, date, title, people, text FROM documents").fetchall()
    for doc_id, org_id, kind, year, when, title, people, text in records:
        db.execute(
            "INSERT INTO documents_fts (rowid, title, people, body, meta) VALUES (?, ?, ?, ?, ?)",
            [
                fts_rowid(date.fromisoformat(when), doc_id),
                index_text(title),
                " ; ".join(index_text(name) for name in json.loads(people)),
                index_text(text),
                meta_tokens(org_id, kind, year, None, None),
            ],
        )
    db.execute("DROP TABLE archive_person_forms")
    db.execute("DELETE FROM _sqlite_migrations WHERE name = '0500_person_lemmas'")


@pytest.mark.parametrize("snapshots", [True, False], ids=["from-snapshots", "from-dossier-drafts"])
def test_the_migration_reindexes_an_old_archive(tmp_path: Path, snapshots: bool) -> None:
    path = tmp_path / "docgen.sqlite3"
    db = connect(path)
    migrate(db)
    scope = Scope(create_organisation(db, name="МБОУ гимназия № 20", short_name="Гимназия 20", kind="school"))
    # The file store beside the database holds the snapshots; without it the drafts are used.
    files = FileStore(tmp_path / ("files" if snapshots else "elsewhere"))
    _issue(db, files, scope, kravets_data())
    _index_the_old_way(db)
    old = "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?"
    assert db.execute(old, ['people : "кравец"']).fetchone() == (1,)  # the old index: stems only
    assert db.execute(old, ['people : "p.кравец"']).fetchone() == (0,)
    db.close()

    db = connect(path)
    assert migrate(db) == ["0500_person_lemmas"]
    assert "0500_person_lemmas" in applied_migrations(db)
    assert _kinds(search(db, scope, person="Кравецу")) == {"pairs-order"}
    assert _kinds(search(db, scope, q="Кравеца")) == {"pairs-order"}
    assert _kinds(search(db, scope, person="Соколовой-Лебедевой Екатерине")) >= {"pairs-order"}  # a mentor
    assert search(db, scope, q="наставничеству").total == 4
    assert migrate(db) == []
    db.close()


def test_every_case_of_garipov_is_one_lemma() -> None:
    """The issue's example: «Гарипов» and «Гарипову» used to be different stems."""
    garipov = Person(surname="Гарипов", name="Ильдар", patronymic="Ринатович", gender="male")
    lexicon = PersonLexicon(terms_of_people([garipov]))
    text = (
        "Назначить Гарипова Ильдара Ринатовича наставником. Контроль возложить на Гарипова И.Р. "
        "Гарипову поручить отчёт. Ознакомлен: И.Р. Гарипов"
    )
    tokens = lexicon.index_text(text).split()
    assert "p.гарипов" in tokens and "p.ильдар" in tokens and "i.ир" in tokens
    assert not {"гарип", "гарипов"} & set(tokens)
    assert "наставник" in tokens  # ordinary words keep their stems
    assert lexicon.index_people(["Гарипов Ильдар Ринатович"]) == "p.гарипов p.ильдар p.ринатович i.ир"
    forms = dict(lexicon.form_rows())
    assert {forms[f] for f in ("гарипов", "гарипова", "гарипову", "гариповым", "гарипове")} == {"p.гарипов"}
    assert match_expression("Гарипову", lemmas={"гарипову": {"p.гарипов"}}) == (
        '{title people body} : ("p.гарипов" OR "гарипов")'
    )
    assert match_expression(person="Гарипову И.Р.", lemmas={"гарипову": {"p.гарипов"}}) == (
        'people : NEAR("p.гарипов" "i.ир"*, 8)'
    )


def test_the_migration_reads_names_when_snapshot_and_draft_are_gone(tmp_path: Path) -> None:
    """Only the record's own list of names is left: they are declined by a guessed gender."""
    db = connect(tmp_path / "docgen.sqlite3")
    migrate(db)
    scope = Scope(create_organisation(db, name="МБОУ гимназия № 20", short_name="Гимназия 20", kind="school"))
    _issue(db, FileStore(tmp_path / "elsewhere"), scope, kravets_data())
    db.execute("DELETE FROM dossiers")
    _index_the_old_way(db)
    assert migrate(db) == ["0500_person_lemmas"]
    assert _kinds(search(db, scope, person="Кравцу Артёму")) == {"pairs-order"}  # automatic: male
    assert _kinds(search(db, scope, person="Ивановой Марии Петровне")) == {"pairs-order"}  # female
    db.close()


def test_two_capitals_typed_together_are_initials_in_the_person_filter_only() -> None:
    from docgen.store.stemming import query_terms

    assert query_terms("Гарипову ИР", initials=True) == [("word", "гарипову"), ("initials", "ир")]
    assert query_terms("гарипову и р", initials=True) == [("word", "гарипову"), ("initials", "ир")]
    assert query_terms("ЛИМ ЕВА", initials=True) == [("word", "лим"), ("word", "ева")]
    assert query_terms("Управление МО", initials=False) == [("word", "управление"), ("word", "мо")]
    assert query_terms("Ковалёв") == query_terms("ковалев")


def test_reindexing_keeps_every_search_answer(db, files, scope: Scope) -> None:
    """On the engine the suite runs on (PostgreSQL: the tsvector table): rebuilding the index
    from the archive gives the same answers."""
    from docgen.store.db import write_transaction
    from docgen.store.reindex import reindex_archive

    _issue(db, files, scope, kravets_data())
    queries = [
        {"person": "Кравецу"},
        {"q": "Кравеца"},
        {"q": "наставничеству"},
        {"person": "Соколовой-Лебедевой"},
    ]
    before = [search(db, scope, **query) for query in queries]
    with write_transaction(db):
        assert reindex_archive(db, files) == 4
    after = [search(db, scope, **query) for query in queries]
    assert [(p.total, [i["id"] for i in p.items]) for p in after] == [
        (p.total, [i["id"] for i in p.items]) for p in before
    ]
    assert _kinds(before[0]) == {"pairs-order"} and before[2].total == 4
