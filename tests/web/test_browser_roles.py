"""Every role in a real browser at 1366 px and at 375 px (issue 15): what is visible and
clickable, that no refused action is offered, that nothing falls off a phone's screen, and
that axe-core finds no serious or critical accessibility violation on the main pages.

Needs Debian's Chromium and Playwright (tests/browser_support.py); the accessibility check
also needs axe-core from npm (`npm install -g axe-core`) and is skipped without it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import page_in, require_browser, serving, shared_browser
from issue_helpers import confirm_form
from web_helpers import PASSWORD, log_in, make_accounts

pytestmark = pytest.mark.browser

sync_api = require_browser()

WIDTHS = {"desktop": (1366, 800), "phone": (375, 740)}
MAIN_PAGES = ["/dossiers/", "/dossiers/1/organisation", "/batches/", "/journal/", "/archive/", "/registry/"]
# What each role may do on the dossier list and in the editor (links and buttons by name).
CHANGES = ("Редактировать", "Сформировать документы", "Удалить", "Сохранить черновик")
ALLOWED_CHANGES = {
    "curator": set(CHANGES),
    "admin": set(CHANGES),
    "office": set(),
    "archivist": set(),
    "viewer": set(),
}


def axe_source() -> str | None:
    """axe.min.js from the global npm folder (or AXE_CORE_JS), None when it is not installed."""
    import os

    candidates = [os.environ.get("AXE_CORE_JS", "")]
    npm = shutil.which("npm")
    if npm:
        root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, check=False).stdout.strip()
        candidates.append(str(Path(root) / "axe-core" / "axe.min.js"))
    found = next((Path(c) for c in candidates if c and Path(c).is_file()), None)
    return found.read_text(encoding="utf-8") if found else None


@pytest.fixture(scope="module")
def server(tmp_path_factory, module_engines) -> Iterator[tuple]:
    """(base URL, browser): one server and one Chromium for the module."""
    from docgen.web.app import create_app

    data_dir = str(tmp_path_factory.mktemp("roles") / "data")
    app = create_app({"DATA_DIR": data_dir, "DEMO": True, **module_engines})
    accounts = make_accounts(app)
    curator = log_in(app.test_client(), accounts["curator"])
    _html, fields = confirm_form(curator, 1, ["curator-order", "roadmap"])
    assert curator.post("/dossiers/1/issue", data=fields).status_code == 302
    with serving(app) as base_url, shared_browser() as browser:
        yield base_url, browser


def _log_in(page, role: str) -> None:
    page.goto("/login")
    page.fill("#login", f"{role}-demo")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Войти").click()
    sync_api.expect(page.get_by_role("heading", level=1)).to_contain_text("Досье")


def _visible_names(page) -> set[str]:
    """Names of the visible links and buttons of the main content."""
    return set(
        page.evaluate(
            """() => [...document.querySelectorAll('main a, main button')]
                .filter(e => e.offsetParent !== null)
                .map(e => e.textContent.trim().replace(/\\s+/g, ' '))"""
        )
    )


def _fits(page) -> None:
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{page.url}: the page is {overflow}px wider than the screen"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", ["curator", "office", "archivist", "viewer", "admin"])
def test_each_role_sees_only_its_actions_at_both_widths(server, role, width):
    with page_in(server[1], server[0]) as page:
        page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
        _log_in(page, role)
        if width == "phone":
            menu = page.get_by_role("button", name="Меню")
            sync_api.expect(menu).to_be_visible()
            sync_api.expect(page.get_by_role("link", name="Реестр", exact=True)).to_be_hidden()
            menu.click()
            for name in ("Досье", "Реестр", "Шаблоны", "Архив"):
                sync_api.expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()
        else:
            sync_api.expect(page.get_by_role("button", name="Меню")).to_be_hidden()
        offered: set[str] = set()
        for path in MAIN_PAGES:
            page.goto(path)
            offered |= _visible_names(page) & set(CHANGES)
            if width == "phone":
                _fits(page)
        assert offered == ALLOWED_CHANGES[role], f"{role}: offered {sorted(offered)}"
        page.goto("/dossiers/")
        first = page.locator("main table a").first
        first.scroll_into_view_if_needed()
        sync_api.expect(first).to_be_visible()
        first.click()  # the dossier opens, read-only or not
        sync_api.expect(page.get_by_role("heading", level=1)).to_contain_text("Досье на")


def test_office_sees_its_schools_and_their_registry(server):
    with page_in(server[1], server[0]) as page:
        _log_in(page, "office")
        sync_api.expect(page.get_by_role("columnheader", name="Организация")).to_be_visible()
        sync_api.expect(page.get_by_text("только просмотр").first).to_be_visible()
        page.goto("/registry/")
        sync_api.expect(page.get_by_role("link", name="Сводный реестр всех организаций (1)")).to_be_visible()
        page.get_by_role("link", name="База наставников и наставляемых").first.click()
        sync_api.expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_a_filled_pair_is_removed_only_after_confirmation(server):
    with page_in(server[1], server[0]) as page:
        _log_in(page, "curator")
        page.goto("/dossiers/1/pairs")
        rows = page.locator("#f-pairs > [data-rows] > [data-row]")
        before = rows.count()
        page.once("dialog", lambda dialog: dialog.dismiss())
        rows.first.locator(":scope > [data-remove]").click()
        assert rows.count() == before  # refused: nothing typed is lost
        page.once("dialog", lambda dialog: dialog.accept())
        rows.first.locator(":scope > [data-remove]").click()
        assert rows.count() == before - 1


@pytest.mark.parametrize("width", WIDTHS)
def test_main_pages_have_no_serious_accessibility_violations(server, width):
    source = axe_source()
    if source is None:
        pytest.skip("axe-core is not installed: npm install -g axe-core")
    problems = []
    with page_in(server[1], server[0]) as page:
        page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
        _log_in(page, "curator")

        def check(path: str) -> None:
            page.evaluate(source + "\n;undefined")  # evaluated by the driver: the CSP allows it
            found = page.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                ".filter(v => ['serious', 'critical'].includes(v.impact))"
                ".map(v => ({id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target)}))"
            )
            problems.extend(f"{path}: {json.dumps(v, ensure_ascii=False)}" for v in found)

        pages = [*MAIN_PAGES, "/templates/", "/dossiers/1/pairs", "/dossiers/1/pairs/table", "/archive/1",
                 "/batches/1", "/registry/dossiers/1/", "/dossiers/1/generate"]  # fmt: skip
        for path in pages:
            page.goto(path)
            check(path)
        # The confirm page, with the progress shown as while issuing.
        page.get_by_role("button", name="Далее: проверить перед выпуском").click()
        page.locator("[data-issue-progress]").evaluate("box => { box.hidden = false; }")
        check("confirm")
        page.context.clear_cookies()  # signed out
        _log_in(page, "office")
        for path in ["/registry/", "/registry/rollup", "/drafts/"]:
            page.goto(path)
            check(f"{path} (office)")
    assert not problems, "\n".join(problems)


def test_pairs_are_added_in_the_compact_table(server):
    with page_in(server[1], server[0]) as page:
        _log_in(page, "curator")
        page.goto("/dossiers/1/pairs")
        page.get_by_role("link", name="Быстрый ввод пар таблицей").click()
        rows = page.locator("#pairs-table tbody > tr")
        before = rows.count()
        page.get_by_role("button", name="Добавить пару").click()
        assert rows.count() == before + 1
        page.get_by_label("Новая пара: наставник, фамилия").fill("Новикова")
        page.get_by_role("button", name="Сохранить пары").click()
        sync_api.expect(page.locator(".flash").first).to_contain_text("Пары сохранены")
        page.once("dialog", lambda dialog: dialog.accept())  # the new, filled row asks first
        rows.last.get_by_role("button", name="Удалить пару").click()
        assert rows.count() == before
