"""Dossier drafts: kept verbatim, one per organisation and school year, scoped."""

from __future__ import annotations

import pytest
from store_helpers import gymnasium_data

from docgen.store import (
    DossierExists,
    NotFound,
    RevisionConflict,
    Scope,
    delete_dossier,
    get_dossier,
    list_dossiers,
    save_draft,
    validate,
)

BROKEN = {
    "school_year": "2022/20",
    "organisation": {"full_name": "", "short_name": "Гимназия", "director": "Бондаренко"},
    "pairs": "не список",
    "curator_payment": "три тысячи",
    "заметки": [1, {"вложено": None}, "ё"],
}


def test_invalid_draft_is_kept_verbatim(db, scope: Scope) -> None:
    dossier_id = save_draft(db, scope, school_year="2022/2023", data=BROKEN)
    stored = get_dossier(db, scope, dossier_id)
    assert stored["data"] == BROKEN
    assert stored["org_id"] == scope.org_id
    assert stored["school_year"] == "2022/2023"
    assert stored["revision"] == 1
    errors = validate(stored["data"])
    assert errors
    paths = {e.loc[0] for e in errors}
    assert {"organisation", "pairs", "curator_payment"} <= paths
    assert all(e.message for e in errors)


def test_valid_sample_validates_clean(db, scope: Scope, dossier_id: int) -> None:
    assert validate(get_dossier(db, scope, dossier_id)["data"]) == []
    assert validate("не словарь")[0].message.startswith("ожидается")


def test_update_bumps_revision_and_time(db, scope: Scope, dossier_id: int) -> None:
    before = get_dossier(db, scope, dossier_id)
    data = gymnasium_data()
    data["curator_payment"] = 3500
    assert save_draft(db, scope, school_year="2022/2023", data=data, dossier_id=dossier_id) == (dossier_id)
    after = get_dossier(db, scope, dossier_id)
    assert after["revision"] == before["revision"] + 1
    assert after["updated_at"] >= before["updated_at"]
    assert after["data"]["curator_payment"] == 3500
    with pytest.raises(RevisionConflict):
        save_draft(
            db,
            scope,
            school_year="2022/2023",
            data=data,
            dossier_id=dossier_id,
            expected_revision=before["revision"],
        )
    save_draft(
        db,
        scope,
        school_year="2022/2023",
        data=data,
        dossier_id=dossier_id,
        expected_revision=after["revision"],
    )
    assert get_dossier(db, scope, dossier_id)["revision"] == 3


def test_one_dossier_per_org_and_year(db, scope: Scope, other_scope: Scope, dossier_id: int) -> None:
    with pytest.raises(DossierExists):
        save_draft(db, scope, school_year="2022/2023", data={})
    other_year = save_draft(db, scope, school_year="2023/2024", data={})
    with pytest.raises(DossierExists):
        save_draft(db, scope, school_year="2022/2023", data={}, dossier_id=other_year)
    # another organisation may have its own 2022/2023 dossier
    save_draft(db, other_scope, school_year="2022/2023", data={})
    assert [d["school_year"] for d in list_dossiers(db, scope)] == ["2023/2024", "2022/2023"]
    assert "data" not in list_dossiers(db, scope)[0]


def test_other_organisations_see_nothing(db, scope: Scope, other_scope: Scope, dossier_id: int) -> None:
    assert list_dossiers(db, other_scope) == []
    with pytest.raises(NotFound):
        get_dossier(db, other_scope, dossier_id)
    with pytest.raises(NotFound):
        save_draft(db, other_scope, school_year="2022/2023", data={}, dossier_id=dossier_id)
    with pytest.raises(NotFound):
        delete_dossier(db, other_scope, dossier_id)
    assert get_dossier(db, scope, dossier_id)["revision"] == 1


def test_read_access_does_not_give_write_access(
    db, scope: Scope, other_scope: Scope, dossier_id: int
) -> None:
    office = other_scope.reading(scope.org_id)
    assert get_dossier(db, office, dossier_id)["id"] == dossier_id
    assert [d["id"] for d in list_dossiers(db, office)] == [dossier_id]
    with pytest.raises(NotFound):
        delete_dossier(db, office, dossier_id)


def test_delete(db, scope: Scope, dossier_id: int) -> None:
    delete_dossier(db, scope, dossier_id)
    with pytest.raises(NotFound):
        get_dossier(db, scope, dossier_id)
    with pytest.raises(NotFound):
        delete_dossier(db, scope, dossier_id)
