"""What each role is offered on the dossier pages, and what a refused request says and keeps."""

from __future__ import annotations

import re

import pytest
from issue_helpers import add_school, confirm_form
from web_helpers import ROLES
from werkzeug.datastructures import MultiDict

from tests.web.conftest import read_form, replace_field

EDITING = {"admin", "curator"}
ISSUING = {"admin", "curator"}


def links(html: str) -> set[str]:
    return {" ".join(t.split()) for t in re.findall(r"<a [^>]*>([^<]+)</a>", html)}


def buttons(html: str) -> set[str]:
    return {" ".join(t.split()) for t in re.findall(r"<button[^>]*>([^<]+)</button>", html)}


@pytest.mark.parametrize("role", ROLES)
def test_dossier_list_offers_what_the_role_may_do(client_as, demo_id, role):
    html = client_as(role).get("/dossiers/").get_data(as_text=True)
    found = links(html)
    assert ("Редактировать" in found) == (role in EDITING)
    assert ("Открыть" in found) == (role not in EDITING)
    assert ("Сформировать документы" in found) == (role in ISSUING)
    assert ("Удалить" in found) == (role in EDITING)
    # The office creates its own dossiers; archivists and viewers create none.
    assert ("Создать досье" in buttons(html)) == (role in EDITING | {"office"})


def test_office_sees_its_schools_dossiers_read_only_with_a_school_column(app, client_as, demo_id):
    add_school(app)  # another school, not under this office: never listed
    html = client_as("office").get("/dossiers/").get_data(as_text=True)
    assert '<th scope="col">Организация</th>' in html
    assert "МБОУ гимназия № 20" in html
    assert "СОШ № 7" not in html
    assert "только просмотр" in html
    filtered = client_as("office").get("/dossiers/?year=1999/2000").get_data(as_text=True)
    assert "По этому отбору досье нет." in filtered


@pytest.mark.parametrize("role", ["office", "archivist", "viewer"])
def test_read_only_editor_has_no_save_or_issue(client_as, demo_id, role):
    html = client_as(role).get(f"/dossiers/{demo_id}/organisation").get_data(as_text=True)
    assert "Сохранить черновик" not in html
    assert 'class="editor"' not in html or "editor read-only" in html
    assert "Сформировать документы" not in links(html)
    assert "только для просмотра" in html
    assert "<fieldset disabled" in html
    declension = client_as(role).get(f"/dossiers/{demo_id}/declension").get_data(as_text=True)
    assert "Сохранить формы" not in buttons(declension)


@pytest.mark.parametrize("role", ["admin", "curator"])
def test_editor_offers_save_and_issue_to_editors(client_as, demo_id, role):
    html = client_as(role).get(f"/dossiers/{demo_id}/organisation").get_data(as_text=True)
    assert "Сохранить черновик" in buttons(html)
    assert "Сформировать документы" in links(html)


def test_office_saving_a_school_dossier_is_refused_with_the_reason_and_the_typed_text(
    client, client_as, demo_id
):
    """The office never sees the form, but a stale tab or a crafted request gets a reason and
    its text back, not a bare 404 that loses it."""
    fields = read_form(client.get(f"/dossiers/{demo_id}/organisation").get_data(as_text=True))
    fields = replace_field(fields, "organisation-phone", "+7 (999) 123-45-67 набранный")
    response = client_as("office").post(f"/dossiers/{demo_id}/organisation", data=MultiDict(fields))
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "открыта вам только для просмотра" in html
    assert "+7 (999) 123-45-67 набранный" in html
    assert "csrf_token" not in html.split("typed-values")[-1]
    _html, issue_fields = confirm_form(client, demo_id, ["roadmap"])
    issuing = client_as("office").post(f"/dossiers/{demo_id}/issue", data=issue_fields)
    assert issuing.status_code == 404
    assert "только для просмотра" in issuing.get_data(as_text=True)


def test_viewer_refusal_keeps_what_was_typed(client, client_as, demo_id):
    fields = read_form(client.get(f"/dossiers/{demo_id}/organisation").get_data(as_text=True))
    fields = replace_field(fields, "organisation-phone", "+7 (999) 765-43-21")
    response = client_as("viewer").post(f"/dossiers/{demo_id}/organisation", data=MultiDict(fields))
    assert response.status_code == 403
    html = response.get_data(as_text=True)
    assert "Изменять досье ваша роль не позволяет." in html
    assert "+7 (999) 765-43-21" in html


def test_office_registry_lists_its_schools(client_as, demo_id):
    html = client_as("office").get("/registry/").get_data(as_text=True)
    assert "Досье пока нет" not in html
    assert f'data-school-dossier="{demo_id}"' in html
    assert "Реестры подведомственных организаций" in html
    assert "Загрузить из таблицы" not in html
