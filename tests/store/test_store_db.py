"""Connection settings, migrations, transactions and the schema's guarantees."""

from __future__ import annotations

from pathlib import Path

import pg_schema
import pytest
import sqlite_utils
import store_workers

from docgen.store import Scope, connect, migrate, write_transaction
from docgen.store.db import applied_migrations
from docgen.store.engine import IntegrityError
from docgen.store.migrations.sqlite import migrations


@pytest.mark.sqlite_only
def test_connection_settings(tmp_path: Path) -> None:
    db = connect(tmp_path / "a.db")
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 30000
    finally:
        db.close()


ALL_MIGRATIONS = [m.name for m in migrations.pending(sqlite_utils.Database(memory=True))]


def test_migrations_are_idempotent(tmp_path: Path) -> None:
    assert ALL_MIGRATIONS[0] == "0001_initial"
    db = connect(tmp_path / "a.db")
    try:
        assert migrate(db) == ALL_MIGRATIONS
        tables = set(db.table_names())
        assert migrate(db) == []
        assert migrate(db) == []
        assert set(db.table_names()) == tables
        assert applied_migrations(db) == ALL_MIGRATIONS
        assert {"organisations", "series", "dossiers", "batches", "journal", "documents"} <= tables
    finally:
        db.close()
    again = connect(tmp_path / "a.db")
    try:
        assert migrate(again) == []
    finally:
        again.close()


def test_the_engines_have_the_same_migrations() -> None:
    from docgen.store.migrations.postgres import MIGRATIONS

    assert [name for name, _ in MIGRATIONS] == ALL_MIGRATIONS


def test_the_test_database_is_migrated_once(db_path) -> None:
    """On the engine the suite runs on (PostgreSQL with DOCGEN_TEST_DATABASE_URL)."""
    db = connect(db_path)
    try:
        assert migrate(db) == []
        assert applied_migrations(db) == ALL_MIGRATIONS
    finally:
        db.close()


def test_every_table_carries_org_id(db) -> None:
    internal = {
        "_sqlite_migrations",
        "docgen_migrations",
        # login throttling (docgen.store.users) counts attempts before anyone is authenticated,
        # by login and address: there is no organisation to scope it to
        "login_failures",
        # open login sessions (docgen.store.sessions) belong to a user, whatever organisation the
        # user is working in; only the session check reads them, by the cookie's token
        "sessions",
        # installation-wide secrets (docgen.store.install_secrets): the first-run setup code is
        # made before any organisation exists
        "install_secrets",
    }
    fts = {name for name in db.table_names() if name.startswith("documents_fts")}
    checked = [name for name in db.table_names() if name not in internal | fts]
    assert "documents" in checked
    for name in checked:
        columns = set(pg_schema.table_columns(db, name))
        assert "org_id" in columns, name


def test_concurrent_migrations_apply_once(tmp_path: Path) -> None:
    path = tmp_path / "race.db"
    applied = store_workers.run_in_processes(store_workers.migrate_worker, [(str(path),)] * 4, tmp_path)
    assert sorted(applied, key=len) == [[], [], [], ALL_MIGRATIONS]
    db = connect(path)
    try:
        assert applied_migrations(db) == ALL_MIGRATIONS
    finally:
        db.close()


def test_write_transaction_rolls_back_on_error(db, org_id: int) -> None:
    with pytest.raises(RuntimeError), write_transaction(db):
        db.execute(
            "INSERT INTO series (org_id, code, title, number_format, year_mode, created_at, "
            "updated_at) VALUES (?, 'x', 'x', '{n}', 'calendar', '', '')",
            [org_id],
        )
        raise RuntimeError("boom")
    assert db.execute("SELECT count(*) FROM series").fetchone()[0] == 0
    assert not db.conn.in_transaction


def test_nested_write_transaction_uses_a_savepoint(db, org_id: int) -> None:
    with write_transaction(db):
        db.execute(
            "INSERT INTO series (org_id, code, title, number_format, year_mode, created_at, "
            "updated_at) VALUES (?, 'a', 'a', '{n}', 'calendar', '', '')",
            [org_id],
        )
        with pytest.raises(RuntimeError), write_transaction(db):
            db.execute(
                "INSERT INTO series (org_id, code, title, number_format, year_mode, created_at, "
                "updated_at) VALUES (?, 'b', 'b', '{n}', 'calendar', '', '')",
                [org_id],
            )
            raise RuntimeError("inner")
    codes = [r[0] for r in db.execute("SELECT code FROM series")]
    assert codes == ["a"]


def test_foreign_keys_are_enforced(db) -> None:
    with pytest.raises(IntegrityError):
        db.execute(
            "INSERT INTO series (org_id, code, title, number_format, year_mode, created_at, "
            "updated_at) VALUES (999, 'a', 'a', '{n}', 'calendar', '', '')"
        )


def test_scope_defaults_and_read_access() -> None:
    scope = Scope(5)
    assert scope.user == "system"
    assert scope.readable_org_ids == frozenset({5})
    office = Scope(1, user="ruo", readable_org_ids=frozenset({2, 3}))
    assert office.readable_org_ids == frozenset({1, 2, 3})
    assert office.reading(4).readable_org_ids == frozenset({1, 2, 3, 4})
    with pytest.raises(AttributeError):
        scope.org_id = 6  # type: ignore[misc]
    with pytest.raises(TypeError):
        Scope("5")  # type: ignore[arg-type]


def test_write_transaction_takes_the_write_lock_at_once(db_path, db) -> None:
    reader = connect(db_path)
    try:
        with write_transaction(db):
            assert not pg_schema.writer_can_start(db_path)
            assert reader.execute("SELECT count(*) FROM organisations").fetchone()[0] == 0
        assert pg_schema.writer_can_start(db_path)
    finally:
        reader.close()
