"""A curator imports a spreadsheet of participants, in a real browser (Playwright driving Chromium).

Run with Debian's Chromium (`apt-get install chromium`) and `pip install playwright`; skipped when
either is missing. The server and page fixtures wrap tests/browser_support.py, as test_browser.py's.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import browser_page, require_browser, serving
from openpyxl import Workbook
from web_helpers import PASSWORD, make_accounts

pytestmark = pytest.mark.browser

sync_api = require_browser()

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
    from docgen.web.app import create_app

    app = create_app({"DATA_DIR": str(tmp_path / "data"), "DEMO": True})
    make_accounts(app)
    with serving(app) as base_url:
        yield base_url


@pytest.fixture
def page(server: str):
    with browser_page(server) as page:
        yield page


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
