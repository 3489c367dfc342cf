"""Search pages without counting every hit: past a cap the total says «more than»."""

from __future__ import annotations

from datetime import date

import pytest
from store_helpers import ISSUE_DATE

import docgen.store.archive_search as archive_search
from docgen.store import Scope, add_records, create_organisation, issue_documents, search


@pytest.fixture
def archive_of_five(db, files, scope: Scope, dossier_id: int) -> None:
    for kinds in (["implementation-order", "curator-order", "pairs-order"], ["roadmap", "curator-order"]):
        issue_documents(db, files, scope, dossier_id=dossier_id, kinds=kinds, issue_date=ISSUE_DATE,
                        issued_by="Жмурина О.А.")  # fmt: skip


def test_counts_stop_at_the_cap_and_say_so(db, scope: Scope, archive_of_five, monkeypatch) -> None:
    everything = search(db, scope, limit=2)
    assert (everything.total, everything.total_exact) == (5, True)
    monkeypatch.setattr(archive_search, "COUNT_CAP", 3)
    for page in (search(db, scope, limit=2), search(db, scope, q="наставничества", limit=2)):
        assert (page.total, page.total_exact) == (3, False)  # more than 3
        assert len(page.items) == 2
    assert search(db, scope, kind="curator-order").total_exact  # 2 hits: counted exactly
    assert search(db, scope, year=ISSUE_DATE.year, limit=1).total_exact is False  # by columns


def test_a_page_past_the_cap_is_found_and_counted_to_its_end(
    db, scope: Scope, archive_of_five, monkeypatch
) -> None:
    monkeypatch.setattr(archive_search, "COUNT_CAP", 2)
    first = search(db, scope, limit=2)
    last = search(db, scope, limit=2, offset=4)
    assert [d["id"] for d in last.items] not in ([], [d["id"] for d in first.items])
    assert (last.total, last.total_exact) == (5, True)  # counted to the end of the page asked for
    middle = search(db, scope, limit=2, offset=2)
    assert (middle.total, middle.total_exact) == (4, False)
    assert search(db, scope, limit=2, offset=6).items == []


def _record(n: int, when: date, kind: str, number: str | None, text: str) -> dict:
    return {
        "kind": kind, "title": f"Документ {n}", "number": number, "number_seq": None, "date": when,
        "people": ["Иванова Мария Петровна"] if n % 3 == 0 else [], "filename": f"{n}.docx", "size": 1,
        "sha256": f"{n:064x}", "template_sha256": "0" * 64, "snapshot_sha256": "0" * 64,
        "issued_by": "тест", "issued_at": "2024-01-01T00:00:00", "text": text,
    }  # fmt: skip


def test_an_office_of_many_schools_finds_what_org_tokens_find(db, monkeypatch) -> None:
    office = create_organisation(db, name="Управление образования", short_name="УО", kind="municipal_office")
    schools = [
        create_organisation(db, name=f"СОШ № {i}", short_name=f"СОШ {i}", kind="school", parent_id=office)
        for i in range(1, 31)
    ]
    outsider = create_organisation(db, name="Чужая школа", short_name="Чужая", kind="school")
    kinds = ["curator-order", "roadmap", "pairs-order"]
    for i, org in enumerate([*schools, outsider]):
        records = [
            _record(i * 10 + j, date(2018 + (i + j) % 8, 1 + j, 10), kinds[j % 3], f"{j + 1}-од",
                    "наставничество и наставники" if j % 2 else "дорожная карта")
            for j in range(6)
        ]  # fmt: skip
        add_records(db, Scope(org), records)
    office_scope = Scope(office, readable_org_ids=frozenset(schools))
    queries = [
        {}, {"q": "наставничества"}, {"person": "Ивановой Марии"}, {"kind": "roadmap"},
        {"kind": "curator-order", "year": 2021}, {"number": "3-од"}, {"year": 2019},
        {"q": "карты", "kind": "roadmap"},
    ]  # fmt: skip
    assert len(office_scope.readable_org_ids) > archive_search.ORG_TOKENS_UP_TO
    joined = [search(db, office_scope, limit=500, **query) for query in queries]
    monkeypatch.setattr(archive_search, "ORG_TOKENS_UP_TO", 1000)
    tokens = [search(db, office_scope, limit=500, **query) for query in queries]
    for query, by_join, by_tokens in zip(queries, joined, tokens, strict=True):
        assert [d["id"] for d in by_join.items] == [d["id"] for d in by_tokens.items], query
        assert by_join.total == by_tokens.total > 0, query
        assert all(d["org_id"] in schools for d in by_join.items), query
    assert joined[0].total == 30 * 6  # every document of the 30 schools, none of the outsider
