"""The leak suite: for every endpoint, exactly which objects each role sees (see security_cases).

Two municipal offices with two schools each; documents, journals, templates and packages in
every organisation; accounts of every role in several organisations. Another organisation's
ids answer 404; a missing permission answers 403; lists show exactly the visible objects.
"""

from __future__ import annotations

import pytest
from security_cases import CASES, PERMISSIONS, PUBLIC, READERS, TABLES, Case, ids_in, visible_orgs
from security_helpers import ORGS, World

from docgen.web import access


def _endpoints(world: World) -> set[str]:
    return {rule.endpoint for rule in world.app.url_map.iter_rules()}


def test_every_endpoint_has_a_case(world):
    """A new endpoint must be added to security_cases.CASES (and to docgen.web.access)."""
    missing = _endpoints(world) - set(CASES) - PUBLIC
    assert not missing, f"endpoints without a case in the leak suite: {sorted(missing)}"
    stale = (set(CASES) | PUBLIC) - _endpoints(world)
    assert not stale, f"cases for endpoints that no longer exist: {sorted(stale)}"


def test_every_endpoint_is_declared_in_access(world):
    assert _endpoints(world) == set(access.ENDPOINTS)
    for endpoint in PUBLIC:
        assert access.ENDPOINTS[endpoint] == access.PUBLIC, endpoint
    for endpoint, case in CASES.items():
        declared = access.ENDPOINTS[endpoint]
        expected = access.USER if case.perm is None else case.perm
        assert str(declared) == str(expected), f"{endpoint}: access says {declared}, suite {expected}"


def test_an_undeclared_endpoint_is_refused_to_everyone(world, monkeypatch, clients):
    monkeypatch.delitem(access.ENDPOINTS, "dossiers.index")
    for account in ("admin", "curator:A1"):
        assert clients[account].get("/dossiers/").status_code == 403


def test_anonymous_gets_nothing(world):
    client = world.app.test_client()
    for endpoint, case in CASES.items():
        if case.kind in ("write",) or not case.url:
            continue
        url = case.url.format(id=1)
        response = client.get(url)
        if url.startswith("/api/"):
            assert response.status_code == 401, endpoint
        else:
            assert response.status_code == 302, endpoint
            assert response.headers["Location"].startswith("/login"), endpoint


def _allowed(world: World, account: str, case: Case) -> bool:
    return case.perm is None or case.perm in PERMISSIONS[world.role(account)]


LISTS = [(e, a) for e, c in CASES.items() if c.kind == "list" for a in READERS]
ITEMS = [(e, a) for e, c in CASES.items() if c.kind == "item" for a in READERS]
PAGES = [(e, a) for e, c in CASES.items() if c.kind in ("page", "user") for a in READERS]


@pytest.mark.parametrize(("endpoint", "account"), LISTS)
def test_list_shows_exactly_what_the_account_may_see(world, clients, endpoint, account):
    case = CASES[endpoint]
    truth = case.truth(world, account)
    response = clients[account].get(case.url)
    if not _allowed(world, account, case):
        assert response.status_code == 403, response.get_data(as_text=True)[:300]
        return
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    shown = case.parse(response)
    if case.subset:
        assert shown <= truth, f"{account} sees foreign ids {sorted(shown - truth)} on {case.url}"
        assert shown, f"{account} sees nothing on {case.url}"
    else:
        assert shown == truth, f"{account} on {case.url}: extra {shown - truth}, missing {truth - shown}"


@pytest.mark.parametrize(("endpoint", "account"), ITEMS)
def test_item_of_every_organisation(world, clients, endpoint, account):
    case = CASES[endpoint]
    allowed = _allowed(world, account, case)
    visible = visible_orgs(world, account, case.rule)
    table = TABLES[case.obj]
    checked = 0
    for key in ORGS:
        for object_id in sorted(world.ids(table, {key}))[:2]:
            if case.obj == "user" and world.role(account) != "admin":
                is_admin = world.query("SELECT role FROM users WHERE id = ?", [object_id])[0]["role"]
                seen = key in visible and is_admin != "admin"
            else:
                seen = key in visible
            response = clients[account].get(case.url.format(id=object_id))
            expected = case.ok if seen else (404,)
            if not allowed:
                expected = (403,)
            assert response.status_code in expected, (
                f"{account} GET {case.url.format(id=object_id)} (org {key}): "
                f"{response.status_code}, expected {expected}"
            )
            checked += 1
    assert checked >= 2


@pytest.mark.parametrize(("endpoint", "account"), PAGES)
def test_pages_need_their_permission(world, clients, endpoint, account):
    case = CASES[endpoint]
    response = clients[account].get(case.url)
    expected = case.ok if _allowed(world, account, case) else (403,)
    assert response.status_code in expected, response.get_data(as_text=True)[:300]


def _known(world: World, account: str) -> set[str]:
    return world.readable(account) | world.package_orgs(account) | world.managed(account)


@pytest.mark.parametrize("account", [a for a in READERS if a != "admin"])
def test_no_page_names_an_organisation_the_account_does_not_see(world, clients, account):
    foreign = [ORGS[k][0] for k in ORGS if k not in _known(world, account)]
    assert foreign
    for endpoint, case in CASES.items():
        if case.kind not in ("list", "page", "user") or not _allowed(world, account, case):
            continue
        response = clients[account].get(case.url)
        if response.mimetype not in ("text/html", "application/json", "text/csv"):
            continue  # .docx and .zip files: checked by id in the item tests
        body = response.get_data(as_text=True)
        for name in foreign:
            assert name not in body, f"{account} sees «{name}» on {case.url} ({endpoint})"


@pytest.mark.parametrize("account", READERS)
def test_search_finds_only_visible_documents(world, clients, account):
    readable = world.ids("documents", world.readable(account))
    items = clients[account].get("/api/v1/archive?q=наставничества&limit=500").get_json()["items"]
    found = {d["id"] for d in items}
    assert found and found <= readable, sorted(found - readable)
    people = clients[account].get("/api/v1/archive?person=Жмурина&limit=500").get_json()["items"]
    assert {d["id"] for d in people} <= readable
    shown = ids_in(r'/archive/(\d+)"')(clients[account].get("/archive/?q=наставничества"))
    assert shown and shown <= readable, sorted(shown - readable)


@pytest.mark.parametrize("account", ["viewer:A1", "curator:B2", "office:B", "archivist:A1"])
def test_export_of_foreign_documents_is_404(world, clients, account):
    readable = world.ids("documents", world.readable(account))
    foreign = world.all_ids("documents") - readable
    client = clients[account]
    for doc_id in sorted(foreign)[:3]:
        response = client.post("/archive/export", data={"ids": [str(doc_id)]})
        assert response.status_code in (403, 404)
        if world.role(account) != "viewer":
            assert response.status_code == 404
        mixed = client.post("/archive/export", data={"ids": [str(min(readable)), str(doc_id)]})
        assert mixed.status_code in (403, 404)


def test_office_switches_to_its_school_read_only(world):
    from security_helpers import client_for

    client = client_for(world, "office:A")
    school, other = world.org["A1"], world.org["B1"]
    assert client.post("/organisation", data={"org_id": str(other)}).status_code == 404
    assert client.post("/organisation", data={"org_id": str(school)}).status_code == 302
    session = client.get("/api/v1/session").get_json()
    assert session["organisation"]["id"] == school and session["read_only"] is True
    assert set(session["permissions"]) == {"view", "download"}
    assert "только просмотр" in client.get("/dossiers/").get_data(as_text=True)
    documents = {d["id"] for d in client.get(f"/api/v1/archive?year={2024}&limit=500").get_json()["items"]}
    assert documents == world.ids("documents", {"A1"}, "AND year = 2024")
    dossier = world.objects["dossier", "A1"]
    assert client.get(f"/api/v1/dossiers/{dossier}").status_code == 200
    assert client.put(f"/api/v1/dossiers/{dossier}", json={"data": {}}).status_code == 403
    assert client.post("/dossiers/", data={"school_year": "2031/2032"}).status_code == 403
    assert client.get("/audit/").status_code == 403


def test_non_office_accounts_cannot_switch(world):
    from security_helpers import client_for

    for account in ("curator:A1", "archivist:B1", "viewer:A2"):
        client = client_for(world, account)
        for key in ORGS:
            response = client.post("/organisation", data={"org_id": str(world.org[key])})
            expected = 302 if key == world.home(account) else 404
            assert response.status_code == expected, (account, key)


def test_admin_switches_anywhere_with_full_rights(world):
    from security_helpers import client_for

    client = client_for(world, "admin")
    assert client.post("/organisation", data={"org_id": str(world.org["B2"])}).status_code == 302
    session = client.get("/api/v1/session").get_json()
    assert session["organisation"]["id"] == world.org["B2"] and session["read_only"] is False
    assert "users" in session["permissions"]
    items = {d["id"] for d in client.get("/api/v1/dossiers").get_json()["items"]}
    assert items == world.ids("dossiers", {"B2"})


def _offered_packages(world: World, account: str) -> set[int]:
    """Packages the parent office published to the account's organisation, with the kind."""
    from security_helpers import TEMPLATE_KIND

    parent = ORGS[world.home(account)][2]
    if parent is None:
        return set()
    found = world.query(
        "SELECT f.package_id FROM template_package_files f "
        "JOIN template_packages p ON p.id = f.package_id "
        "WHERE p.org_id = ? AND p.published_at IS NOT NULL AND f.kind = ?",
        [world.org[parent], TEMPLATE_KIND],
    )
    return {r["package_id"] for r in found}


@pytest.mark.parametrize("account", ["curator:A1", "curator:B2", "curator:A", "office:B", "admin"])
def test_dismiss_of_a_package_not_offered_is_404_and_names_nothing(world, clients, account):
    """`POST /templates/<kind>/dismiss` with another organisation's package, the own office's
    own package or an unknown id: 404 like every other route, and no package name shown."""
    from security_helpers import TEMPLATE_KIND

    not_offered = world.all_ids("template_packages") - _offered_packages(world, account)
    assert not_offered
    packages = {r["id"]: r for r in world.query("SELECT id, name, org_id FROM template_packages")}
    client = clients[account]
    for package_id in [*sorted(not_offered), 999_999, 2**70]:
        response = client.post(f"/templates/{TEMPLATE_KIND}/dismiss", data={"package_id": str(package_id)})
        assert response.status_code == 404, (account, package_id, response.status_code)
        if package_id in packages:
            assert packages[package_id]["name"] not in response.get_data(as_text=True)
    kind_page = client.get(f"/templates/{TEMPLATE_KIND}").get_data(as_text=True)
    known = {world.org[k] for k in world.package_orgs(account)}
    for package_id in not_offered:
        if packages[package_id]["org_id"] not in known:
            assert packages[package_id]["name"] not in kind_page
