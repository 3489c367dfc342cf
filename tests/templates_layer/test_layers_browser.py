"""A deputy director adapts a template as a school would, in a real browser (Playwright driving
Debian's Chromium, as tests/web/test_browser.py): download the curator order's template, change
a phrase in it, upload, preview, publish, issue the documents and find the archive record that
names the template version. Skipped when Playwright or Chromium is missing (tests/browser_support.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import browser_page, require_browser, serving
from layer_helpers import NEW_PHRASE, OLD_PHRASE, PASSWORD, PASSWORD_HASH, replace_phrase, text

from docgen.store import connect, users

pytestmark = pytest.mark.browser

TIMEOUT_MS = 60_000

sync_api = require_browser()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    from docgen.web.app import create_app

    app = create_app({"DATA_DIR": str(tmp_path / "data"), "DEMO": True})
    db = connect(app.config["DATABASE"])
    (school_id,) = db.execute("SELECT MIN(id) FROM organisations").fetchone()
    users.create_user(
        db, org_id=school_id, login="zhmurina", role="curator", password_hash=PASSWORD_HASH,
        name="Жмурина О.А.",
    )  # fmt: skip
    db.close()
    with serving(app) as base_url:
        yield base_url


@pytest.fixture
def page(server: str):
    with browser_page(server, timeout_ms=TIMEOUT_MS) as page:
        yield page


def _download(page, trigger) -> bytes:
    with page.expect_download() as info:
        trigger.click()
    return Path(info.value.path()).read_bytes()


def test_a_school_adapts_the_curator_order(page, tmp_path: Path):
    expect = sync_api.expect
    page.goto("/login")
    page.fill("#login", "zhmurina")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Войти").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Досье")

    # Templates: the curator order uses the built-in template.
    page.get_by_role("navigation", name="Разделы").get_by_role("link", name="Шаблоны").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Шаблоны документов")
    row = page.locator("#kind-curator-order")
    expect(row).to_contain_text("встроенный по умолчанию")
    row.get_by_role(
        "link", name="Приказ о назначении куратора внедрения целевой модели наставничества"
    ).click()
    title = "Приказ о назначении куратора внедрения целевой модели наставничества"
    expect(page.get_by_role("heading", level=1)).to_have_text(title)

    # Download it, change a phrase as in Word, upload it.
    original = _download(page, page.get_by_role("link", name="Скачать действующий шаблон"))
    assert OLD_PHRASE in text(original)
    adapted = tmp_path / "prikaz-kurator.docx"
    adapted.write_bytes(replace_phrase(original, OLD_PHRASE, NEW_PHRASE))
    page.set_input_files("#template-file", str(adapted))
    page.fill("#template-comment", "без слова «настоящего»")
    page.get_by_role("button", name="Загрузить и проверить").click()

    # Preview: the changed paragraph, before anything goes live.
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{title}: версия 1")
    expect(page.locator("#version-state")).to_contain_text("не опубликована")
    changed = page.locator(".changes .change.changed")
    expect(changed).to_have_count(1)
    expect(changed.locator(".was")).to_contain_text(
        "Контроль за исполнением настоящего приказа оставляю за собой"
    )
    expect(changed.locator(".now")).to_contain_text(NEW_PHRASE)
    expect(page.locator(".doc-preview p.changed")).to_contain_text(NEW_PHRASE)
    sample = _download(page, page.get_by_role("link", name="Скачать документ-образец (.docx)"))
    assert NEW_PHRASE in text(sample)

    page.get_by_role("button", name="Опубликовать версию 1").click()
    expect(page.locator(".flash.success")).to_contain_text("Версия 1 опубликована")
    expect(page.locator("#effective-source")).to_have_text("своя версия 1")
    expect(page.locator("#version-1")).to_contain_text("действует")

    # Issue the whole package of the demo dossier.
    page.get_by_role("navigation", name="Разделы").get_by_role("link", name="Досье").click()
    page.get_by_role("link", name="Сформировать документы").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Сформировать документы")
    page.fill("#issue-date", "01.09.2023")
    page.get_by_role("button", name="Далее: проверить перед выпуском").click()
    page.get_by_role("button", name="Сформировать и зарегистрировать").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Документы сформированы")

    # The curator order's archive record names the template version; its text has the phrase.
    page.get_by_role("link", name=title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    version = page.locator(".template-version")
    expect(version).to_contain_text("своя версия 1")
    expect(version).to_contain_text("«без слова «настоящего»»")
    issued = _download(page, page.get_by_role("link", name="Скачать оригинал"))
    assert NEW_PHRASE in text(issued) and OLD_PHRASE not in text(issued)
    version.get_by_role("link", name="своя версия 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{title}: версия 1")
    expect(page.locator("#version-state")).to_contain_text("действует")
