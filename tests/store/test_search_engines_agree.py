"""The same archive answers every search the same on SQLite (FTS5) and PostgreSQL (tsvector):
words in any case, prefixes, people by lemma and initials, names within a few words, filters.
Needs DOCGEN_TEST_DATABASE_URL (the SQLite side is a file beside it)."""

from __future__ import annotations

from pathlib import Path

import pg_schema
import pytest
from store_helpers import FEW_KINDS, ISSUE_DATE, gymnasium_data

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

pytestmark = pytest.mark.skipif(not pg_schema.on_postgres(), reason="needs DOCGEN_TEST_DATABASE_URL")

QUERIES = [
    {"q": "наставничеству"},
    {"q": "куратор дорожной"},
    {"q": "Кирилловым"},
    {"q": "Джанелид", "prefix": True},
    {"q": "Станчева С.С."},
    {"q": "Ивановой М.П."},
    {"person": "Марию Иванову"},
    {"person": "Иванова Мария Петровна"},
    {"person": "Иванова Артём"},
    {"person": "Жмуриной"},
    {"person": "Ковалёва"},
    {"person": "Иван", "prefix": True},
    {"number": "1-од"},
    {"number": "2"},
    {"kind": "roadmap"},
    {"year": 2023},
    {"q": "приказ", "kind": "curator-order", "year": 2023},
    {},
]


def _answers(target: str | Path, blobs: Path) -> list[tuple]:
    db = connect(target)
    try:
        migrate(db)
        scope = Scope(
            create_organisation(db, name="МБОУ гимназия № 20", short_name="Гимназия 20", kind="school")
        )
        data = gymnasium_data()
        dossier = save_draft(db, scope, school_year=data["school_year"], data=data)
        issue_documents(
            db,
            FileStore(blobs),
            scope,
            dossier_id=dossier,
            kinds=FEW_KINDS,
            issue_date=ISSUE_DATE,
            issued_by="Жмурина О.А.",
        )
        pages = [search(db, scope, limit=50, **query) for query in QUERIES]
        return [(p.total, [(i["kind"], i["title"], i.get("snippet")) for i in p.items]) for p in pages]
    finally:
        db.close()


def test_sqlite_and_postgresql_find_the_same(tmp_path: Path, database_engine: str) -> None:
    on_sqlite = _answers(tmp_path / "docgen.sqlite3", tmp_path / "a")
    on_postgres = _answers(database_engine, tmp_path / "b")
    assert any(total for total, _ in on_sqlite)
    for query, lite, pg in zip(QUERIES, on_sqlite, on_postgres, strict=True):
        assert pg == lite, query
