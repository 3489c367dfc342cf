"""Organisations (the tenants)."""

from __future__ import annotations

import pytest

from docgen.store import (
    NotFound,
    OrganisationExists,
    child_organisations,
    create_organisation,
    find_organisation,
    get_organisation,
    list_organisations,
)


def test_create_get_list_find(db) -> None:
    office = create_organisation(
        db, name="Управление образования г. Анапа", short_name="УО Анапа", kind="municipal_office"
    )
    school = create_organisation(
        db, name="МБОУ гимназия № 20", short_name="Гимназия 20", kind="school", parent_id=office
    )
    found = get_organisation(db, school)
    assert found["name"] == "МБОУ гимназия № 20"
    assert found["kind"] == "school"
    assert found["parent_id"] == office
    assert [o["short_name"] for o in list_organisations(db)] == ["Гимназия 20", "УО Анапа"]
    assert find_organisation(db, "УО Анапа")["id"] == office
    assert find_organisation(db, "нет такой") is None
    assert [o["id"] for o in child_organisations(db, office)] == [school]


def test_duplicates_unknown_kinds_and_missing(db) -> None:
    create_organisation(db, name="Школа", short_name="Школа 1", kind="school")
    with pytest.raises(OrganisationExists):
        create_organisation(db, name="Другая", short_name="Школа 1", kind="college")
    with pytest.raises(ValueError):
        create_organisation(db, name="X", short_name="X", kind="kindergarten")
    with pytest.raises(NotFound):
        get_organisation(db, 12345)
    with pytest.raises(NotFound):
        create_organisation(db, name="Y", short_name="Y", kind="school", parent_id=999)
