"""Fixtures of the storage tests: a migrated database, a blob store, the gymnasium's draft."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from store_helpers import gymnasium_data

from docgen.store import (
    FileStore,
    Scope,
    connect,
    create_organisation,
    migrate,
    save_draft,
)


@pytest.fixture
def db_path(tmp_path: Path, database_engine: str | None) -> Path | str:
    """The SQLite file, or on PostgreSQL the URL of this test's schema."""
    path = database_engine or tmp_path / "docgen.db"
    db = connect(path)
    migrate(db)
    db.close()
    return path


@pytest.fixture
def db(db_path: Path | str) -> Iterator:
    database = connect(db_path)
    yield database
    database.close()


@pytest.fixture
def files(tmp_path: Path) -> FileStore:
    return FileStore(tmp_path / "blobs")


@pytest.fixture
def org_id(db) -> int:
    return create_organisation(
        db,
        name="МБОУ гимназия № 20 им. С.С. Станчева",
        short_name="МБОУ гимназия № 20",
        kind="school",
    )


@pytest.fixture
def other_org_id(db) -> int:
    return create_organisation(db, name="МБОУ СОШ № 3 г. Анапы", short_name="МБОУ СОШ № 3", kind="school")


@pytest.fixture
def scope(org_id: int) -> Scope:
    return Scope(org_id, user="Жмурина О.А.")


@pytest.fixture
def other_scope(other_org_id: int) -> Scope:
    return Scope(other_org_id, user="Петров П.П.")


@pytest.fixture
def dossier_id(db, scope: Scope) -> int:
    return save_draft(db, scope, school_year="2022/2023", data=gymnasium_data())
