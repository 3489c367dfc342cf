"""A new deputy director's first session, in a real browser (Playwright driving Chromium).

Run with Debian's Chromium (`apt-get install chromium`) and `pip install playwright`; the
browser build Playwright would download is not needed. Skipped when either is missing
(tests/browser_support.py).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import browser_page, require_browser, serving
from web_helpers import PASSWORD, make_accounts

pytestmark = pytest.mark.browser

sync_api = require_browser()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    from docgen.web.app import create_app

    app = create_app({"DATA_DIR": str(tmp_path / "data"), "DEMO": True})
    make_accounts(app)  # curator-demo, the deputy director, among others
    with serving(app) as base_url:
        yield base_url


@pytest.fixture
def page(server: str):
    with browser_page(server) as page:
        yield page


def _person(page, prefix: str, surname: str, name: str, patronymic: str, gender: str,
            position: str) -> None:  # fmt: skip
    page.fill(f"#f-{prefix}-surname", surname)
    page.fill(f"#f-{prefix}-name", name)
    page.fill(f"#f-{prefix}-patronymic", patronymic)
    if gender:
        page.select_option(f"#f-{prefix}-gender", gender)
    page.fill(f"#f-{prefix}-position", position)


def _pair(page, index: int, form: str) -> None:
    page.fill(f"#f-pairs-{index}-form", form)
    page.fill(f"#f-pairs-{index}-start", "15.09.2023")
    page.fill(f"#f-pairs-{index}-end", "31.05.2024")


def _save(page) -> None:
    page.get_by_role("button", name="Сохранить черновик").click()
    page.wait_for_url("**check=1**")
    sync_api.expect(page.locator(".flash").first).to_contain_text("Черновик сохранён")


def test_first_session_of_a_deputy_director(page):
    expect = sync_api.expect
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Вход в docgen")
    page.fill("#login", "curator-demo")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Войти").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Досье")

    # A dossier for a new school year; the organisation is taken over from the last one.
    page.fill("#new-school-year", "2023/2024")
    page.get_by_role("button", name="Создать досье").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Досье на 2023/2024 учебный год")
    expect(page.locator("#f-organisation-short_name")).to_have_value("МБОУ гимназия № 20 им. С.С. Станчева")
    page.fill("#f-organisation-phone", "+7 (86133) 5-20-21")
    page.fill("#f-site_section", "https://gym20-anapa.ru/nastavnichestvo")
    page.get_by_role("button", name="Сохранить и перейти к разделу «Куратор и рабочая группа»").click()

    # The curator.
    expect(page.locator("legend").first).to_contain_text("Куратор")
    _person(page, "curator", "Жмурина", "Ольга", "Алексеевна", "female",
            "заместитель директора по УВР")  # fmt: skip
    page.get_by_role("button", name="Сохранить и перейти к разделу «Формы наставничества»").click()
    page.get_by_label("учитель – учитель").check()
    page.get_by_role("button", name="Сохранить и перейти к разделу «Пары и группы»").click()

    # Two pairs and a group of three mentees.
    add_pair = page.get_by_role("button", name="Добавить пару или группу")
    for _ in range(3):
        add_pair.click()
    expect(page.locator("#f-pairs-2-mentor-surname")).to_be_visible()
    _pair(page, 0, "учитель – учитель")
    _person(page, "pairs-0-mentor", "Иванова", "Мария", "Петровна", "female",
            "учитель математики")  # fmt: skip
    _person(page, "pairs-0-mentees-0", "Кириллов", "Артём", "Сергеевич", "male",
            "учитель математики")  # fmt: skip
    _pair(page, 1, "учитель – учитель")
    _person(page, "pairs-1-mentor", "Тарасов", "Дмитрий", "Олегович", "male",
            "учитель физической культуры")  # fmt: skip
    _person(page, "pairs-1-mentees-0", "Гусев", "Илья", "Павлович", "male",
            "учитель физической культуры")  # fmt: skip
    _pair(page, 2, "учитель – учитель")
    _person(page, "pairs-2-mentor", "Соколова-Лебедева", "Екатерина", "Андреевна", "female",
            "учитель начальных классов")  # fmt: skip
    group = page.locator("#f-pairs-2-mentees")
    for _ in range(2):
        group.get_by_role("button", name="Добавить наставляемого").click()
    expect(page.locator("#f-pairs-2-mentees-2-surname")).to_be_visible()
    _person(page, "pairs-2-mentees-0", "Мельникова", "Алина", "Руслановна", "female",
            "учитель начальных классов")  # fmt: skip
    _person(page, "pairs-2-mentees-1", "Ахмедова", "Лейла", "Рашидовна", "female",
            "учитель начальных классов")  # fmt: skip
    # The mistake: the third mentee's gender is left empty.
    _person(page, "pairs-2-mentees-2", "Борисов", "Никита", "Андреевич", "",
            "учитель начальных классов")  # fmt: skip
    _save(page)

    error = page.locator("#f-pairs-2-mentees-2-gender-err")
    expect(error).to_have_text("обязательное поле")
    expect(page.locator("#f-pairs-2-mentees-2-gender")).to_have_attribute(
        "aria-describedby", "f-pairs-2-mentees-2-gender-err"
    )
    expect(page.locator(".error-summary")).to_contain_text("Пара 3 → наставляемый 3 → пол")
    # Nothing typed was lost.
    expect(page.locator("#f-pairs-2-mentees-2-surname")).to_have_value("Борисов")
    expect(page.locator("#f-pairs-0-mentor-surname")).to_have_value("Иванова")

    page.select_option("#f-pairs-2-mentees-2-gender", "male")
    _save(page)
    expect(page.locator("#f-pairs-2-mentees-2-gender-err")).to_have_count(0)
    expect(page.locator(".error-summary")).to_have_count(0)

    page.reload()
    expect(page.locator("#f-pairs-2-mentees-2-surname")).to_have_value("Борисов")
    expect(page.locator("#f-pairs-2-mentees-2-gender")).to_have_value("male")
    expect(page.locator("#f-pairs-1-mentor-surname")).to_have_value("Тарасов")

    # Issue the documents.
    page.get_by_role("link", name="Сформировать документы").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Сформировать документы")
    page.fill("#issue-date", "01.09.2023")
    page.get_by_role("button", name="Далее: проверить перед выпуском").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Проверьте перед выпуском")
    page.get_by_role("button", name="Сформировать и зарегистрировать").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Документы сформированы")
    expect(page.get_by_role("cell", name="1-од", exact=True)).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Скачать всё (ZIP)").click()
    package = zipfile.ZipFile(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    docx = [n for n in package.namelist() if n.endswith(".docx")]
    assert len(docx) >= 5

    # Find the pairs order by the mentor's surname in another case.
    page.get_by_role("navigation", name="Разделы").get_by_role("link", name="Архив").click()
    page.fill("#a-q", "Ивановой")
    page.get_by_role("button", name="Найти").click()
    expect(page.get_by_role("status").first).to_contain_text("Найдено документов")
    page.get_by_role("link", name="Приказ «Об утверждении наставнических пар (групп)»").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Приказ «Об утверждении наставнических пар (групп)»"
    )
    page.get_by_role("button", name="Сформировать заново из снимка").click()
    expect(page.locator(".identical")).to_contain_text("Текст совпадает с оригиналом")
