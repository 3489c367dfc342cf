"""«Сформировать и зарегистрировать» in a real browser: the button disables itself while the
package is made, and a double click (or submitting the form again) sends nothing more. A repeated
POST of the form is answered by the server's one-time token (tests/web/test_issue_once.py)."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import browser_page, require_browser, serving
from issue_helpers import hook_render, journal_numbers, scalar
from web_helpers import PASSWORD, make_accounts

import docgen.store.issue as issue_module

pytestmark = pytest.mark.browser

WATCH_BUTTON = """() => {
  const form = document.querySelector('form[data-issue-once]');
  const button = form.querySelector('button[type=submit]');
  form.addEventListener('submit', () => setTimeout(() => {
    sessionStorage.setItem('issue-button', (button.disabled ? 'disabled|' : 'enabled|') + button.textContent);
    form.requestSubmit();
  }, 100));
}"""

WATCH_PROGRESS = """() => {
  const box = document.querySelector('[data-issue-progress]');
  const seen = [];
  const record = () => {
    seen.push({visible: !box.hidden, stage: box.querySelector('#issue-progress-text').textContent,
      count: box.querySelector('[data-issue-count]').textContent,
      percent: Number(box.querySelector('progress').value),
      disabled: document.querySelector('form.issue button[type=submit]').disabled});
    sessionStorage.setItem('issue-progress', JSON.stringify(seen));
  };
  new MutationObserver(() => setTimeout(record, 0)).observe(box, {subtree: true, childList: true,
    characterData: true, attributes: true});
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


def test_the_page_shows_the_documents_being_made_until_the_batch_opens(app, page, monkeypatch):
    expect = sync_api.expect
    real = issue_module.render_dossier

    def slow(dossier, *args, on_rendered=None, **kwargs):  # each document takes a moment
        def told(document) -> None:
            on_rendered(document)
            time.sleep(0.4)

        return real(dossier, *args, on_rendered=told if on_rendered else None, **kwargs)

    monkeypatch.setattr(issue_module, "render_dossier", slow)
    page.goto("/login")
    page.fill("#login", "curator-demo")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.goto(f"/dossiers/{scalar(app, 'SELECT min(id) FROM dossiers')}/generate")
    for box in page.locator("input[name=kinds]").all():
        box.uncheck()
    for kind in ("curator-order", "pairs-order", "roadmap", "curator-consent"):
        page.check(f"#kind-{kind}")
    page.get_by_role("button", name="Далее: проверить перед выпуском").click()
    progress = page.locator("[data-issue-progress]")
    expect(progress).to_be_hidden()  # until the form is sent

    # Playwright waits for the navigation the POST started: the old page records what it shows
    # meanwhile (sessionStorage carries it over to the batch page).
    page.evaluate(WATCH_PROGRESS)
    page.get_by_role("button", name="Сформировать и зарегистрировать").click(no_wait_after=True)
    expect(page.get_by_role("heading", level=1)).to_have_text("Документы сформированы")
    seen = json.loads(page.evaluate("() => sessionStorage.getItem('issue-progress')") or "[]")
    assert seen, "the progress was never shown"
    counts = [s["count"] for s in seen if s["count"]]
    assert any(
        re.fullmatch(r"Сформировано документов: [1-9]\d* из [1-9]\d* \(\d+%\)\. Последний: .+", c)
        for c in counts
    )
    assert all(s["visible"] and s["disabled"] for s in seen)
    assert "Формируются документы." in {s["stage"] for s in seen}
    percents = [s["percent"] for s in seen]
    assert percents == sorted(percents) and 0 < max(percents) <= 100
