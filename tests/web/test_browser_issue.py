"""«Сформировать и зарегистрировать» in a real browser: the button disables itself while the
package is made, and a double click (or submitting the form again) sends nothing more. A repeated
POST of the form is answered by the server's one-time token (tests/web/test_issue_once.py)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import browser_page, require_browser, serving
from issue_helpers import hook_render, journal_numbers, scalar
from web_helpers import PASSWORD, make_accounts

pytestmark = pytest.mark.browser

WATCH_BUTTON = """() => {
  const form = document.querySelector('form[data-issue-once]');
  const button = form.querySelector('button[type=submit]');
  form.addEventListener('submit', () => setTimeout(() => {
    sessionStorage.setItem('issue-button', (button.disabled ? 'disabled|' : 'enabled|') + button.textContent);
    form.requestSubmit();
  }, 100));
}"""

sync_api = require_browser()


@pytest.fixture
def app(tmp_path: Path):
    from docgen.web.app import create_app

    app = create_app({"DATA_DIR": str(tmp_path / "data"), "DEMO": True})
    make_accounts(app)
    return app


@pytest.fixture
def page(app) -> Iterator:
    with serving(app) as base_url, browser_page(base_url) as page:
        yield page


def test_the_button_disables_itself_and_a_second_submit_issues_nothing(app, page, monkeypatch):
    expect = sync_api.expect
    entered, release = threading.Event(), threading.Event()

    def hold(_dossier) -> None:
        entered.set()
        assert release.wait(30)

    page.goto("/login")
    page.fill("#login", "curator-demo")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Войти").click()
    dossier_id = scalar(app, "SELECT min(id) FROM dossiers")
    page.goto(f"/dossiers/{dossier_id}/generate")
    for box in page.locator("input[name=kinds]").all():
        box.uncheck()
    page.check("#kind-curator-order")
    page.check("#kind-pairs-order")
    page.fill("#issue-date", "01.09.2023")
    page.get_by_role("button", name="Далее: проверить перед выпуском").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Проверьте перед выпуском")

    hook_render(monkeypatch, hold)
    sent: list[str] = []
    page.on("request", lambda r: r.url.endswith("/issue") and sent.append(r.method))
    # While the request runs, the old page records its button and submits the form once more
    # (as Enter would); sessionStorage carries the record over to the next page.
    page.evaluate(WATCH_BUTTON)
    try:
        page.get_by_role("button", name="Сформировать и зарегистрировать").dblclick(no_wait_after=True)
        assert entered.wait(30), "the issue request did not reach the server"
        time.sleep(0.5)  # the page's watcher runs meanwhile
    finally:
        release.set()
    expect(page.get_by_role("heading", level=1)).to_have_text("Документы сформированы")
    expect(page.get_by_role("cell", name="2-од", exact=True)).to_be_visible()
    watched = page.evaluate("() => sessionStorage.getItem('issue-button')")
    assert watched == "disabled|Формируется… не закрывайте страницу"
    assert sent == ["POST"]  # the double click and the second submit sent nothing more
    assert scalar(app, "SELECT count(*) FROM batches") == 1
    assert journal_numbers(app) == ["1-од", "2-од"]
