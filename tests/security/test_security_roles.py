"""Role checks on every state-changing route: each POST/PUT/PATCH/DELETE rule × each role.

For every write endpoint (the `write` rows of security_cases.CASES, which cover the url_map)
a builder makes a real request on an object of the account's own organisation, of a school it
only reads (office staff), and of an organisation it does not see. Expected: the role's
permission allows it (the response is the view's own answer), otherwise 403; another
organisation's object is 404; a school an office only reads is 404 for anything that writes.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from security_cases import CASES, PERMISSIONS
from security_helpers import (
    ISSUE_DATE,
    ORGS,
    PASSWORD,
    TEMPLATE_KIND,
    World,
    client_for,
    login_of,
    sample,
    unique,
    upload_version,
)

from docgen.forms.declension import collect_people
from docgen.store import dossiers, journal, packages, templates, users


@dataclass
class Req:
    method: str
    url: str
    data: dict[str, Any] | None = None
    json: Any = None
    multipart: bool = False


@dataclass
class Write:
    build: Callable[[World, str, str], Req]  # (world, account, org key of the target) -> request
    ok: tuple[int, ...]
    targets: bool = True  # acts on an object of an organisation (else: the current one)
    reads_only: bool = False  # a POST that reads (validate, preview, export): fine on a readable school
    extra: dict[str, Any] = field(default_factory=dict)


def _year() -> str:
    """A school year no other draft of the tests has (one counter for all of them)."""
    n = unique()
    return f"{3000 + n}/{3001 + n}"


def _db(world: World):
    return world.db()


def _draft(world: World, key: str, data: dict[str, Any] | None = None) -> int:
    db = _db(world)
    try:
        payload = data or {"school_year": _year()}
        payload.setdefault("school_year", _year())
        return dossiers.save_draft(db, world.scope(key), school_year=payload["school_year"], data=payload)
    finally:
        db.conn.close()


def _gymnasium_draft(world: World, key: str) -> tuple[int, str]:
    data = sample("gymnasium-20")
    data["school_year"] = _year()
    people, _ = collect_people(data)
    return _draft(world, key, data), people[0].key


def _entry(world: World, key: str) -> int:
    db = _db(world)
    try:
        return journal.register_entry(db, world.scope(key), when=ISSUE_DATE, title="Приказ для теста")["id"]
    finally:
        db.conn.close()


def _version(world: World, key: str, *, live: bool = False) -> int:
    db = _db(world)
    try:
        version_id = upload_version(db, world.files(), world.scope(key))
        if live:
            templates.publish_version(db, world.scope(key), version_id)
        return version_id
    finally:
        db.conn.close()


def _package(world: World, key: str) -> int:
    _version(world, key, live=True)
    db = _db(world)
    try:
        return packages.create_package(db, world.files(), world.scope(key), name=f"Пакет {unique()}",
                                       kinds=[TEMPLATE_KIND])  # fmt: skip
    finally:
        db.conn.close()


def _user(world: World, key: str) -> int:
    db = _db(world)
    try:
        return users.create_user(db, org_id=world.org[key], login=f"temp-{unique()}", role="viewer",
                                 password="временный-пароль")  # fmt: skip
    finally:
        db.conn.close()


def _office(world: World, account: str) -> str:
    """The office of the account's organisation (packages live there)."""
    home = world.home(account)
    return home if home in ("A", "B") else home[0]


def _export(world: World, key: str) -> bytes:
    package_id = _package(world, key)
    db = _db(world)
    try:
        return packages.export_package(db, world.files(), world.scope(key), package_id)
    finally:
        db.conn.close()


DATE = "01.09.2030"  # documents issued here stay out of the leak suite's year


def _drafts(world: World, account: str, key: str) -> Req:
    """Drafts of the schools of `key` (an office); of the school `key` itself when it is not the
    account's own organisation (another office's school: 404); of nothing in one's own school (422)."""
    children = world.children(key)
    if children:
        ids = [world.org[c] for c in children]
    else:
        ids = [] if key == world.home(account) else [world.org[key]]
    return Req("POST", "/drafts/", {"schools": [str(i) for i in ids], "kinds": TEMPLATE_KIND})


def _sheet(start_year: int) -> bytes:
    from docgen.participants import sample_sheet

    return sample_sheet(start_year)  # two example rows: a pair and a pupil's pair, in that year


def _draft_and_sheet(world: World, key: str) -> tuple[int, bytes]:
    """A fresh draft of `key` and a sheet whose pairs fall inside its school year."""
    year = _year()
    return _draft(world, key, {"school_year": year}), _sheet(int(year[:4]))


def _import_confirm(world: World, account: str, key: str) -> Req:
    """The confirmation of an import into a fresh draft of `key`: the file stored, the ticket signed
    for the account, as the preview page would have given them."""
    from docgen.web.registry_import import import_ticket

    dossier_id, sheet = _draft_and_sheet(world, key)
    sha = world.files().put(sheet)
    fields = {"sha256": sha, "filename": "uchastniki.xlsx", "match_by": "name_birth", "revision": "1"}
    with world.app.app_context():
        fields["ticket"] = import_ticket(
            org_id=world.org[world.home(account)], user=login_of(account), dossier_id=dossier_id,
            sha256=sha, filename="uchastniki.xlsx", match_by="name_birth", revision=1,
        )  # fmt: skip
    return Req("POST", f"/registry/dossiers/{dossier_id}/import/confirm", fields)


def _import_preview(dossier_id: int, sheet: bytes) -> Req:
    data = {"file": (io.BytesIO(sheet), "uchastniki.xlsx"), "match_by": "name_birth"}
    return Req("POST", f"/registry/dossiers/{dossier_id}/import", data, multipart=True)


WRITES: dict[str, Write] = {
    "main.choose_organisation": Write(
        lambda w, a, k: Req("POST", "/organisation", {"org_id": str(w.org[k])}), (302,)),
    "auth.logout": Write(lambda w, a, k: Req("POST", "/logout"), (302,), targets=False),
    "auth.password_submit": Write(  # a wrong current password: the form answers, nothing changes
        lambda w, a, k: Req("POST", "/password", {"current": "неверный", "new": "x" * 12, "again": "x" * 12}),
        (422,), targets=False),
    "auth_api.logout": Write(lambda w, a, k: Req("DELETE", "/api/v1/session"), (204,), targets=False),
    "auth.create_user": Write(lambda w, a, k: Req("POST", "/admin/users", {
        "login": f"new-{unique()}", "name": "Новый", "org_id": str(w.org[k]), "role": "viewer",
        "password": "пароль-нового-1"}), (302,)),
    "auth.update_user": Write(lambda w, a, k: Req("POST", f"/admin/users/{_user(w, k)}", {
        "name": "Переименован", "role": "viewer", "active": "1"}), (302,)),
    "auth.create_organisation": Write(lambda w, a, k: Req("POST", "/admin/organisations", {
        "name": f"Новая школа {unique()}", "short_name": f"Новая {unique()}", "kind": "school"}),
        (302,), targets=False),
    "dossiers.create": Write(lambda w, a, k: Req("POST", "/dossiers/", {
        "school_year": _year()}), (302,), targets=False),
    "dossiers.save": Write(lambda w, a, k: Req("POST", f"/dossiers/{_draft(w, k)}/organisation", {
        "school_year": _year()}), (302,)),
    "dossiers.save_declension": Write(lambda w, a, k: (lambda d: Req(
        "POST", f"/dossiers/{d[0]}/declension", {"person": d[1], "gen": ""}))(_gymnasium_draft(w, k)),
        (302,)),
    "dossiers.delete": Write(lambda w, a, k: Req("POST", f"/dossiers/{_draft(w, k)}/delete"), (302,)),
    "pairs_table.save": Write(lambda w, a, k: Req("POST", f"/dossiers/{_draft(w, k)}/pairs/table"), (302,)),
    # the roadmap of the package the office published (an office takes its own package's)
    "dossiers.apply_material": Write(lambda w, a, k: Req(
        "POST", f"/dossiers/{_draft(w, k)}/materials/roadmap",
        {"package_id": str(w.objects["package", ORGS[k][2] or k])}), (302,)),
    "documents.confirm": Write(lambda w, a, k: Req(
        "POST", f"/dossiers/{w.objects['dossier', k]}/generate", {"kinds": "roadmap", "issue_date": DATE}),
        (200,), reads_only=True),
    "documents.issue_now": Write(lambda w, a, k: Req(
        "POST", f"/dossiers/{w.objects['dossier', k]}/issue", {"kinds": "roadmap", "issue_date": DATE}),
        (302,)),
    "journal.void": Write(lambda w, a, k: Req("POST", f"/journal/{_entry(w, k)}/void", {"reason": "ошибка"}),
                          (302,)),
    "journal.create_series": Write(lambda w, a, k: Req("POST", "/journal/series", {
        "code": f"s{unique()}", "title": f"Серия {unique()}", "number_format": "{n}-с",
        "year_mode": "calendar"}), (302,), targets=False),
    "journal.update_series": Write(lambda w, a, k: Req(
        "POST", f"/journal/series/{w.objects['series', k]}", {"number_format": "{n}-од"}), (302,)),
    "archive.export": Write(lambda w, a, k: Req(
        "POST", "/archive/export", {"ids": str(w.objects["document", k])}), (200,), reads_only=True),
    "archive.rerender": Write(lambda w, a, k: Req(
        "POST", f"/archive/{w.objects['document', k]}/rerender"), (200,), reads_only=True),
    "api.validate_dossier": Write(lambda w, a, k: Req(
        "POST", f"/api/v1/dossiers/{w.objects['dossier', k]}/validate"), (200,), reads_only=True),
    "api.create_dossier": Write(lambda w, a, k: Req("POST", "/api/v1/dossiers", json={
        "data": {"school_year": _year()}}), (201,), targets=False),
    "api.put_dossier": Write(lambda w, a, k: Req("PUT", f"/api/v1/dossiers/{_draft(w, k)}", json={
        "data": {"school_year": _year()}, "revision": 1}), (200,)),
    "api.delete_dossier": Write(lambda w, a, k: Req("DELETE", f"/api/v1/dossiers/{_draft(w, k)}"), (204,)),
    "api.generate": Write(lambda w, a, k: Req(
        "POST", f"/api/v1/dossiers/{w.objects['dossier', k]}/generate",
        json={"kinds": ["roadmap"], "date": "2030-09-01"}), (201,)),
    "templates.upload": Write(lambda w, a, k: Req(
        "POST", f"/templates/{TEMPLATE_KIND}/upload",
        {"file": (io.BytesIO(templates.default_template(TEMPLATE_KIND).content), "roadmap.docx"),
         "comment": "тест"}, multipart=True), (302,), targets=False),
    "templates.publish": Write(lambda w, a, k: Req(
        "POST", f"/templates/{TEMPLATE_KIND}/versions/{_version(w, k)}/publish"), (302,)),
    "templates.adopt": Write(lambda w, a, k: Req("POST", f"/templates/{TEMPLATE_KIND}/adopt"), (302,),
                             targets=False),
    # The package the parent office published to the account's organisation; an office has no
    # parent, so its own package is not offered to it: 404 (test_security_leaks checks each case).
    "templates.dismiss": Write(lambda w, a, k: (_version(w, w.home(a), live=True), Req(
        "POST", f"/templates/{TEMPLATE_KIND}/dismiss",
        {"package_id": str(w.objects["package", ORGS[w.home(a)][2] or w.home(a)])}))[1],
        (302, 404), targets=False),
    "templates.create_package": Write(lambda w, a, k: (_version(w, w.home(a), live=True), Req(
        "POST", "/templates/packages/", {"name": f"Пакет {unique()}", "kinds": TEMPLATE_KIND}))[1],
        (302,), targets=False),
    "templates.publish_package": Write(lambda w, a, k: Req(
        "POST", f"/templates/packages/{_package(w, k)}/publish"), (302,)),
    "drafts.start": Write(_drafts, (302, 422), reads_only=True),  # drafts write nothing to a school
    "templates.import_package": Write(lambda w, a, k: Req(
        "POST", "/templates/packages/import", {"file": (io.BytesIO(_export(w, _office(w, a))), "paket.zip")},
        multipart=True), (302,), targets=False),
    "registry.import_preview": Write(lambda w, a, k: _import_preview(*_draft_and_sheet(w, k)), (200,)),
    "registry.import_apply": Write(_import_confirm, (302,)),
    "registry.save_kpi_inputs": Write(lambda w, a, k: Req(
        "POST", f"/registry/dossiers/{w.objects['dossier', k]}/kpi", {"pupils": "600", "teachers": "60"}),
        (302,)),
}  # fmt: skip

ROLE_ACCOUNTS = {"admin": "admin", "office": "office:A", "curator": "curator:A1",
                 "archivist": "archivist:A1", "viewer": "viewer:A1"}  # fmt: skip
FOREIGN = {"admin": None, "office:A": "B1", "curator:A1": "B2", "archivist:A1": "A2", "viewer:A1": "B"}
OFFICE_TARGETS = {"templates.publish_package"}  # objects only offices have


def _send(client, req: Req):
    call = getattr(client, req.method.lower())
    if req.json is not None:
        return call(req.url, json=req.json)
    if req.multipart:
        return call(req.url, data=req.data, content_type="multipart/form-data")
    return call(req.url, data=req.data or {})


def _target(world: World, endpoint: str, key: str) -> str:
    if endpoint in OFFICE_TARGETS:
        return "A" if key in ("A", "A1", "A2") else "B"
    return key


def test_the_table_covers_every_write_endpoint():
    writes = {e for e, c in CASES.items() if c.kind == "write"}
    assert set(WRITES) == writes


def test_every_state_changing_rule_is_a_write_case(world):
    for rule in world.app.url_map.iter_rules():
        changing = rule.methods & {"POST", "PUT", "PATCH", "DELETE"}
        if not changing or rule.endpoint in ("auth.login_submit", "auth.setup_submit", "auth_api.login"):
            continue
        assert CASES[rule.endpoint].kind == "write", rule.endpoint


MATRIX = [(endpoint, role) for endpoint in WRITES for role in ROLE_ACCOUNTS]


@pytest.mark.parametrize(("endpoint", "role"), MATRIX)
def test_write_on_own_organisation(world, endpoint, role):
    account = ROLE_ACCOUNTS[role]
    write = WRITES[endpoint]
    perm = CASES[endpoint].perm
    allowed = perm is None or perm in PERMISSIONS[role]
    home = world.home(account)
    target = _target(world, endpoint, home)
    client = client_for(world, account)
    request = write.build(world, account, target)
    response = _send(client, request)
    expected = write.ok if allowed else (403,)
    assert response.status_code in expected, (
        f"{role} {request.method} {request.url}: {response.status_code}, expected {expected}: "
        f"{response.get_data(as_text=True)[:300]}"
    )


FOREIGN_MATRIX = [(e, r) for e, w in WRITES.items() if w.targets and e != "main.choose_organisation"
                  for r in ROLE_ACCOUNTS if FOREIGN[ROLE_ACCOUNTS[r]]]  # fmt: skip


@pytest.mark.parametrize(("endpoint", "role"), FOREIGN_MATRIX)
def test_write_on_another_organisation_is_404(world, endpoint, role):
    account = ROLE_ACCOUNTS[role]
    write = WRITES[endpoint]
    perm = CASES[endpoint].perm
    allowed = perm is None or perm in PERMISSIONS[role]
    target = _target(world, endpoint, FOREIGN[account])
    client = client_for(world, account)
    request = write.build(world, account, target)
    response = _send(client, request)
    expected = (404,) if allowed else (403,)
    assert response.status_code in expected, (
        f"{role} {request.method} {request.url} on {target}: {response.status_code}, expected {expected}"
    )


SCHOOL_MATRIX = [(e, a) for e, w in WRITES.items() if w.targets and e not in OFFICE_TARGETS
                 and e not in ("main.choose_organisation", "auth.create_user", "auth.update_user")
                 for a in ("office:A", "admin")]  # fmt: skip


@pytest.mark.parametrize(("endpoint", "account"), SCHOOL_MATRIX)
def test_office_reads_its_schools_but_writes_only_its_own(world, endpoint, account):
    """Office staff (and an administrator in the office) read the schools; writes stay 404."""
    write = WRITES[endpoint]
    client = client_for(world, account)
    request = write.build(world, account, "A1")
    response = _send(client, request)
    expected = write.ok if write.reads_only else (404,)
    assert response.status_code in expected, (
        f"{account} {request.method} {request.url}: {response.status_code}, expected {expected}"
    )


def test_office_manages_the_accounts_of_its_schools_only(world):
    client = client_for(world, "office:A")
    for key, expected in (("A", 302), ("A1", 302), ("B", 404), ("B1", 404)):
        response = client.post("/admin/users", data={
            "login": f"o-{unique()}", "org_id": str(world.org[key]), "role": "viewer",
            "password": "пароль-нового-1"})  # fmt: skip
        assert response.status_code == expected, key
    # An office account cannot give a school the office role or anyone the admin role.
    for key, role in (("A1", "office"), ("A1", "admin"), ("A", "admin")):
        response = client.post("/admin/users", data={
            "login": f"o-{unique()}", "org_id": str(world.org[key]), "role": role,
            "password": "пароль-нового-1"})  # fmt: skip
        assert response.status_code == 422, (key, role)
    admin_id = world.objects["user", "admin"]  # the administrator works in office A
    assert client.get(f"/admin/users/{admin_id}").status_code == 404
    assert client.post(f"/admin/users/{admin_id}", data={"name": "x", "active": "1"}).status_code == 404


def test_nobody_changes_their_own_role_or_access(world):
    for account in ("admin", "office:B"):
        client = client_for(world, account)
        own = world.objects["user", account]
        role = world.role(account)
        demoted = client.post(f"/admin/users/{own}", data={"name": "x", "role": "viewer", "active": "1"})
        disabled = client.post(f"/admin/users/{own}", data={"name": "x", "role": role})
        assert demoted.status_code == disabled.status_code == 422
        assert client.get("/api/v1/session").get_json()["user"]["role"] == role


def test_viewer_forms_are_refused_before_anything_is_read(world):
    """A refused role learns nothing either: the same 403 for own, foreign and missing ids."""
    client = client_for(world, "viewer:A1")
    own, foreign = world.objects["dossier", "A1"], world.objects["dossier", "B1"]
    answers = {client.post(f"/dossiers/{i}/delete").status_code for i in (own, foreign, 999_999)}
    assert answers == {403}
    assert client.get("/login").status_code == 302  # already logged in
    assert PASSWORD
