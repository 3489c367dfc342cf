"""The engine seam's translations (no server needed): placeholders for psycopg, FTS5 queries as
`tsquery`, index rows as `tsvector`; and the URL that selects the engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.store.engine import database_target, is_postgres, sqlite_path, unique_violation
from docgen.store.engine.postgres import translate
from docgen.store.engine.tsquery import fts5_to_tsquery, tsvector_literal
from docgen.store.stemming import match_expression, meta_any


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("SELECT id FROM users WHERE login = ?", "SELECT id FROM users WHERE login = %s"),
        ("SELECT 'a?b', x FROM t WHERE y LIKE '%z%' AND id % 10 = ?",
         "SELECT 'a?b', x FROM t WHERE y LIKE '%%z%%' AND id %% 10 = %s"),
        ("SELECT user, e.user, \"user\" FROM audit e", 'SELECT "user", e."user", "user" FROM audit e'),
        ("SELECT user_id, username FROM sessions -- who?\nWHERE key = ?",
         "SELECT user_id, username FROM sessions \nWHERE key = %s"),
        ("SELECT 'it''s ?' WHERE a = ?", "SELECT 'it''s ?' WHERE a = %s"),
    ],
)  # fmt: skip
def test_placeholders_are_translated_outside_literals(sql: str, expected: str) -> None:
    assert translate(sql) == expected


def test_a_person_query_becomes_weighted_distances() -> None:
    expression = match_expression("куратору", "Марию Иванову", lemmas={"куратору": ["p.куратор"]})
    query = fts5_to_tsquery(f'{expression} AND {meta_any(["o1", "o2"])} AND meta : "y2023"')
    assert query.startswith("(('p.куратор':ABC | 'куратор':ABC) & ")
    assert "'p.марию':B <1> 'p.иванову':B" in query and "'p.иванову':B <9> 'p.марию':B" in query
    assert "<10>" not in query  # NEAR(…, 8): at most 8 tokens between, so distance 9
    assert query.endswith("& ('o1':D | 'o2':D) & 'y2023':D)")


def test_a_prefix_and_initials_query() -> None:
    query = fts5_to_tsquery(match_expression("Иван", "Гарипову И.Р.", prefix=True))
    assert query.startswith("('ива':*ABC & ") and "'p.гарипову':*B <1> 'i.ир':*B" in query


def test_index_rows_keep_tokens_whole_and_weighted_by_column() -> None:
    row = tsvector_literal(title="приказ", people="p.гарипов i.ир", body="о'брайен 61-од", meta="o1 y2023")
    assert row == "'o1':1D 'y2023':2D 'приказ':4A 'p.гарипов':6B 'i.ир':7B 'о':9C 'брайен':10C '61-од':11C"


def test_the_url_selects_the_engine(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("DOCGEN_DATABASE_URL", raising=False)
    assert database_target(tmp_path) == str(tmp_path / "docgen.sqlite3")
    assert database_target(tmp_path, "sqlite:////srv/docgen.db") == "sqlite:////srv/docgen.db"
    assert sqlite_path("sqlite:////srv/docgen.db") == "/srv/docgen.db"
    monkeypatch.setenv("DOCGEN_DATABASE_URL", "postgresql://docgen@db:5432/docgen")
    assert is_postgres(database_target(tmp_path))


def test_unique_violations_are_told_apart() -> None:
    import sqlite3

    assert unique_violation(sqlite3.IntegrityError("UNIQUE constraint failed: series.code"), "series", "code")
    assert not unique_violation(
        sqlite3.IntegrityError("UNIQUE constraint failed: series.title"), "series", "code"
    )
    assert not unique_violation(sqlite3.IntegrityError("FOREIGN KEY constraint failed"))
