"""A curator imports a spreadsheet of participants, in a real browser (Playwright driving Chromium).

Run with Debian's Chromium (`apt-get install chromium`) and `pip install playwright`; skipped when
either is missing. The server and page fixtures are the ones of test_browser.py.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook
from web_helpers import PASSWORD, make_accounts

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip
TIMEOUT_MS = 30_000

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install playwright)"
)
if not Path(CHROMIUM).exists():
    pytest.skip("Chromium is not installed (apt-get install -y chromium)", allow_module_level=True)

HEADERS = ["Фамилия наставника", "Имя наставника", "Отчество наставника", "Пол наставника",
           "Должность наставника", "Фамилия наставляемого", "Имя наставляемого", "Отчество наставляемого",
           "Пол наставляемого", "Класс/должность наставляемого", "Несовершеннолетний",
           "Форма наставничества", "Начало", "Окончание", "Программа"]  # fmt: skip
MENTOR_TEACHER = ["Сорокина", "Вера", "Павловна", "ж", "учитель биологии"]
MENTOR_PUPILS = ["Лебедев", "Андрей", "Викторович", "м", "учитель информатики"]
ROWS = [
    # two pairs
    [*MENTOR_TEACHER, "Лапин", "Олег", "Игоревич", "м", "учитель биологии", "нет", "учитель – учитель",
     "15.09.2022", "31.05.2023", "Первый год в профессии"],
    ["Гришина", "Анна", "Львовна", "ж", "учитель химии", "Фомина", "Зоя", "Петровна", "ж", "учитель химии",
     "нет", "учитель – учитель", "15.09.2022", "31.05.2023", "Школа молодого учителя"],
    # a group: one mentor, form and period, two mentees
    [*MENTOR_PUPILS, "Ершов", "Максим", "Ильич", "м", "обучающийся 8 «А» класса", "да", "учитель – ученик",
     "01.10.2022", "31.05.2023", "Робототехника"],
    [*MENTOR_PUPILS, "Титова", "Ксения", "Денисовна", "ж", "обучающаяся 8 «А» класса", "да",
     "учитель – ученик", "01.10.2022", "31.05.2023", "Робототехника"],
]  # fmt: skip


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    from werkzeug.serving import make_server

    from docgen.web.app import create_app

    app = create_app({"DATA_DIR": str(tmp_path / "data"), "DEMO": True})
    make_accounts(app)
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        thread.join(timeout=10)


@pytest.fixture
def page(server: str):
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(base_url=server, accept_downloads=True, locale="ru-RU")
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda m: "Content Security Policy" in m.text and errors.append(m.text))
        try:
            yield page
        finally:
            context.close()
            browser.close()
        assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def spreadsheet(tmp_path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Участники"
    sheet.append(HEADERS)
    for row in ROWS:
        sheet.append(row)
    path = tmp_path / "uchastniki.xlsx"
    book.save(path)
    return path


def test_a_curator_imports_a_spreadsheet(page, spreadsheet):
    expect = sync_api.expect
    page.goto("/")
    page.fill("#login", "curator-demo")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Войти").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Досье")

    page.get_by_role("navigation", name="Разделы").get_by_role("link", name="Реестр").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Реестр участников")
    page.get_by_role("link", name="Загрузить из таблицы").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Загрузка участников из таблицы")
    expect(page.get_by_role("link", name="Скачать образец таблицы (.xlsx)")).to_be_visible()

    page.set_input_files("#import-file", str(spreadsheet))
    page.select_option("#import-match", "name_birth")
    page.get_by_role("button", name="Проверить таблицу").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Проверка таблицы «uchastniki.xlsx»")
    expect(page.locator("#count-new")).to_have_text("3")  # two pairs and a group
    expect(page.locator("#count-updated")).to_have_text("0")
    expect(page.locator("#row-errors")).to_have_count(0)
    expect(
        page.get_by_text("Лебедев Андрей Викторович → Ершов Максим Ильич, Титова Ксения Денисовна")
    ).to_be_visible()
    page.get_by_role("button", name="Загрузить 4 строки").click()

    expect(page.locator(".flash").first).to_contain_text("Загружено строк: 4")
    page.get_by_role("navigation", name="Разделы досье").get_by_role("link", name="Пары и группы").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("Пары и группы")
    for surname in ("Сорокина", "Гришина", "Лебедев"):
        expect(page.locator(f"input[id$='-mentor-surname'][value='{surname}']")).to_have_count(1)
    group = page.locator("input[id$='-mentor-surname'][value='Лебедев']").get_attribute("id")
    prefix = group.removesuffix("-mentor-surname")
    expect(page.locator(f"#{prefix}-mentees-0-surname")).to_have_value("Ершов")
    expect(page.locator(f"#{prefix}-mentees-1-surname")).to_have_value("Титова")

    # The registry shows them too.
    page.get_by_role("link", name="Реестр участников").first.click()
    expect(page.locator("#mentees")).to_contain_text("Титова Ксения Денисовна")
