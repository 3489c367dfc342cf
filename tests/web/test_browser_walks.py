"""Each role's whole main task in a real browser, at 1366 px and at 375 px (issue 15).

Every control the walk uses must be on the screen when it is used: visible, within the width
of the window (not cut off), reached through «Меню» on a phone. On every page the walk passes,
no link or form is offered whose route would refuse the role (`role_crawl.refused`). One
server and one Chromium serve the whole module; each walk has a context of its own.

- curator: a new dossier, its tabs (organisation, curator, forms, pairs in the compact table),
  a refused value that comes back as typed, the package issued, a .docx downloaded and read;
- office: its schools' dossiers read-only with a school column, the roll-up, a draft job run
  to the end;
- archivist: a person found in another grammatical case, the record, its download, an export;
- viewer: reads, and is offered nothing it may not do.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_support import page_in, require_browser, serving, shared_browser
from docx import Document
from issue_helpers import confirm_form
from role_crawl import Action, refused
from web_helpers import PASSWORD, log_in, make_accounts

pytestmark = pytest.mark.browser

sync_api = require_browser()
expect = sync_api.expect

WIDTHS = {"desktop": {"width": 1366, "height": 800}, "phone": {"width": 375, "height": 740}}
CHANGES = ("Редактировать", "Сформировать документы", "Удалить", "Сохранить черновик", "Сохранить пары")
# Every link and form of the page that is shown: (method, same-site target, label).
OFFERED = """() => {
  const shown = e => !!(e.offsetParent || e.getClientRects().length);
  const out = [];
  for (const a of document.querySelectorAll('a[href]')) {
    if (shown(a)) out.push(['GET', a.href, a.textContent.trim().replace(/\\s+/g, ' ')]);
  }
  for (const f of document.querySelectorAll('form')) {
    const send = f.querySelector('button:not([type=button]), input[type=submit]');
    if (send && shown(send) && !send.closest('fieldset[disabled]')) {
      out.push([(f.getAttribute('method') || 'get').toUpperCase(), f.action, send.textContent.trim()]);
    }
  }
  return out;
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory, module_engines) -> Iterator[tuple]:
    """(app, base URL, browser): the demo school with one issued batch, accounts of every role."""
    from docgen.web.app import create_app

    data_dir = str(tmp_path_factory.mktemp("walks") / "data")
    app = create_app({"DATA_DIR": data_dir, "DEMO": True, **module_engines})
    accounts = make_accounts(app)
    curator = log_in(app.test_client(), accounts["curator"])
    _html, fields = confirm_form(curator, 1, ["curator-order", "pairs-order", "roadmap"])
    assert curator.post("/dossiers/1/issue", data=fields).status_code == 302
    with serving(app) as base_url, shared_browser() as browser:
        yield app, base_url, browser


@pytest.fixture(params=list(WIDTHS))
def walk(request, site) -> Iterator[Walk]:
    app, base_url, browser = site
    with page_in(browser, base_url, WIDTHS[request.param]) as page:
        yield Walk(app, page, request.param)


class Walk:
    """A role's session in one window: on-screen checks, the menu on a phone, offered actions."""

    def __init__(self, app, page, width: str) -> None:
        self.app, self.page, self.width = app, page, width
        self.login = ""
        self.pages_checked = 0

    @property
    def phone(self) -> bool:
        return self.width == "phone"

    def log_in(self, role: str) -> None:
        self.login = f"{role}-demo"
        self.page.goto("/login")
        self.click(self.page.locator("#login"))
        self.page.fill("#login", self.login)
        self.page.fill("#password", PASSWORD)
        self.click(self.page.get_by_role("button", name="Войти"))
        expect(self.page.get_by_role("heading", level=1)).to_contain_text("Досье")
        self.check_page()

    def on_screen(self, locator):
        """The element is shown and fits the window's width (scrolled to, if below)."""
        locator.scroll_into_view_if_needed()
        expect(locator).to_be_visible()
        box = locator.bounding_box()
        width = self.page.viewport_size["width"]
        assert box is not None and box["x"] >= -1 and box["x"] + box["width"] <= width + 1, (
            f"{self.page.url}: cut off at {width}px: {box}"
        )
        return locator

    def click(self, locator) -> None:
        self.on_screen(locator).click()

    def section(self, name: str) -> None:
        """A section of the site by the header's navigation (through «Меню» on a phone)."""
        link = self.page.get_by_role("navigation", name="Разделы").get_by_role("link", name=name, exact=True)
        if self.phone:
            expect(link).to_be_hidden()
            self.click(self.page.get_by_role("button", name="Меню"))
        self.click(link)
        self.check_page()

    def check_page(self) -> None:
        """Nothing offered that the role's routes refuse; on a phone, nothing wider than it.

        A page waiting for its pictures ([data-poll-reload], the record page) reloads itself once
        they are ready, as a user sees it do: a check cut short by that reload is made again."""
        for attempt in range(3):
            try:
                self._check_page_once()
                return
            except sync_api.Error as error:
                if "context was destroyed" not in str(error) or attempt == 2:
                    raise
                self.page.wait_for_load_state()

    def _check_page_once(self) -> None:
        page = self.page
        page.wait_for_load_state()
        here = urlsplit(page.url)
        problems = []
        offered = page.evaluate(OFFERED)
        assert len(offered) > 5, f"{here.path}: the page offers almost nothing: {offered}"
        for method, target, label in offered:
            parts = urlsplit(target)
            if parts.netloc != here.netloc or not parts.path.startswith("/"):
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            reason = refused(self.app, self.login, Action(here.path, method, local, label))
            if reason:
                problems.append(f"«{label}» ({method} {local}): {reason}")
        assert not problems, f"{self.login} on {here.path} is offered refused actions: {problems}"
        if self.phone:
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= 375, f"{here.path}: the page is {width}px wide on a 375px phone"
        self.pages_checked += 1

    def offered_changes(self) -> set[str]:
        names = self.page.evaluate(
            """() => [...document.querySelectorAll('main a, main button')]
                .filter(e => e.offsetParent !== null)
                .map(e => e.textContent.trim().replace(/\\s+/g, ' '))"""
        )
        return set(names) & set(CHANGES)

    def download(self, locator) -> bytes:
        with self.page.expect_download() as info:
            self.click(locator)
        return Path(info.value.path()).read_bytes()


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _pair_row(walk: Walk, row, values: dict[str, str]) -> None:
    for label, value in values.items():
        field = row.get_by_label(label, exact=False)
        walk.on_screen(field)
        if label.endswith("пол"):
            field.select_option(value)
        else:
            field.fill(value)


# -- curator: create, fill, save, issue, download -------------------------------------------------


def test_curator_creates_fills_issues_and_downloads(walk):
    page = walk.page
    first = {"desktop": 2024, "phone": 2025}[walk.width]  # each width makes a dossier of its own
    year = f"{first}/{first + 1}"
    walk.log_in("curator")
    assert walk.offered_changes() >= {"Редактировать", "Сформировать документы", "Удалить"}
    walk.on_screen(page.locator("#new-school-year")).fill(year)
    walk.click(page.get_by_role("button", name="Создать досье"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Досье на {year} учебный год")
    walk.check_page()

    # Organisation: taken over from the last dossier; the phone is typed.
    expect(page.locator("#f-organisation-short_name")).to_have_value("МБОУ гимназия № 20 им. С.С. Станчева")
    walk.on_screen(page.locator("#f-organisation-phone")).fill("+7 (86133) 5-20-21")
    walk.on_screen(page.locator("#f-site_section")).fill("https://gym20-anapa.ru/nastavnichestvo")
    walk.click(page.get_by_role("button", name="Сохранить и перейти к разделу «Куратор и рабочая группа»"))

    # Curator: a surname with a digit is refused, and everything typed comes back.
    expect(page.locator("legend").first).to_contain_text("Куратор")
    typed = {"surname": "Жмурина2", "name": "Ольга", "patronymic": "Алексеевна",
             "position": "заместитель директора по УВР"}  # fmt: skip
    for key, value in typed.items():
        walk.on_screen(page.locator(f"#f-curator-{key}")).fill(value)
    page.select_option("#f-curator-gender", "female")
    walk.click(page.get_by_role("button", name="Сохранить черновик"))
    walk.on_screen(page.locator("#f-curator-surname-err"))
    expect(page.locator(".error-summary")).to_contain_text("Куратор")
    for key, value in typed.items():
        expect(page.locator(f"#f-curator-{key}")).to_have_value(value)
    expect(page.locator("#f-curator-gender")).to_have_value("female")
    walk.check_page()
    walk.on_screen(page.locator("#f-curator-surname")).fill("Жмурина")
    walk.click(page.get_by_role("button", name="Сохранить и перейти к разделу «Формы наставничества»"))
    walk.on_screen(page.get_by_label("учитель – учитель")).check()
    walk.click(page.get_by_role("button", name="Сохранить и перейти к разделу «Пары и группы»"))

    # Pairs: the compact table editor, two new rows.
    walk.click(page.get_by_role("link", name="Быстрый ввод пар таблицей"))
    walk.check_page()
    rows = page.locator("#pairs-table tbody > tr")
    before = rows.count()
    add = page.get_by_role("button", name="Добавить пару")
    people = [
        ("Лебедева", "Анна", "Игоревна", "female", "Соколов", "Павел", "Андреевич", "male"),
        ("Орлов", "Виктор", "Семёнович", "male", "Зайцева", "Дарья", "Олеговна", "female"),
    ]
    for mentor, m_name, m_patr, m_gender, mentee, e_name, e_patr, e_gender in people:
        walk.click(add)
        _pair_row(walk, rows.last, {
            "форма наставничества": "учитель – учитель",
            "начало": f"15.09.{first}", "окончание": f"31.05.{first + 1}",
            "наставник, фамилия": mentor, "наставник, имя": m_name, "наставник, отчество": m_patr,
            "наставник, пол": m_gender, "наставник, должность": "учитель истории",
            "наставляемый, фамилия": mentee, "наставляемый, имя": e_name, "наставляемый, отчество": e_patr,
            "наставляемый, пол": e_gender, "наставляемый, должность или класс": "учитель истории",
        })  # fmt: skip
    assert rows.count() == before + 2
    walk.click(page.get_by_role("button", name="Сохранить пары"))
    expect(page.locator(".flash").first).to_contain_text("Пары сохранены")
    expect(page.locator("#pairs-table input[value='Орлов']")).to_have_count(1)
    walk.check_page()

    # Issue the package: the choice, the check, the batch.
    walk.section("Досье")
    row = page.locator("main tbody tr", has_text=year)
    walk.click(row.get_by_role("link", name="Сформировать документы"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Сформировать документы")
    walk.check_page()
    for box in page.locator("input[name=kinds]").all():
        box.uncheck()
    for kind in ("curator-order", "pairs-order"):
        walk.click(page.locator(f"#kind-{kind}"))
    walk.on_screen(page.locator("#issue-date")).fill(f"01.09.{first}")
    walk.click(page.get_by_role("button", name="Далее: проверить перед выпуском"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Проверьте перед выпуском")
    walk.check_page()
    walk.click(page.get_by_role("button", name="Сформировать и зарегистрировать"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Документы сформированы")
    walk.check_page()

    # Download the pairs order: the names typed in the table are in it.
    order = page.locator("main tbody tr", has_text="наставнических пар")
    text = _docx_text(walk.download(order.get_by_role("link", name="Скачать .docx")))
    for name in ("Лебедева Анна Игоревна", "Соколов Павел Андреевич", "Орлов Виктор Семёнович"):
        assert name in text, f"{name} is not in the pairs order"
    curator_order = page.locator("main tbody tr", has_text="куратора")
    assert "Жмурин" in _docx_text(walk.download(curator_order.get_by_role("link", name="Скачать .docx")))


# -- office: its schools read-only, the roll-up, a draft job ---------------------------------------


def test_office_reads_its_schools_sees_the_rollup_and_runs_a_batch(walk):
    page = walk.page
    walk.log_in("office")
    school = "МБОУ гимназия № 20 им. С.С. Станчева"
    if walk.phone:  # a card: the cell says its column
        walk.on_screen(page.locator("main td[data-label='Организация']", has_text=school).first)
    else:
        expect(page.get_by_role("columnheader", name="Организация")).to_be_visible()
        walk.on_screen(page.get_by_role("cell", name=school).first)
    walk.on_screen(page.locator("main").get_by_text("только просмотр").first)
    assert walk.offered_changes() == set()
    walk.click(page.locator("main tbody tr").first.get_by_role("link", name="Открыть"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Досье на")
    assert walk.offered_changes() == set()  # read-only: no save, no issue, no delete
    walk.check_page()

    walk.section("Реестр")
    walk.click(page.get_by_role("link", name="Сводный реестр всех организаций (1)"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Сводный реестр")
    walk.on_screen(page.locator("#r-year")).select_option("2022/2023")  # the curator's walk adds years
    walk.click(page.get_by_role("button", name="Показать"))
    walk.on_screen(page.locator("#rollup tbody tr").first)
    expect(page.locator("#rollup")).to_contain_text("Иванова Мария Петровна")
    walk.check_page()

    walk.section("Проекты для школ")
    for box in page.locator("input[name=kinds]").all():
        box.uncheck()
    walk.click(page.locator("input[name=kinds][value='curator-order']"))
    walk.click(page.get_by_role("button", name="Сформировать проекты"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("задание №")
    # The page polls and reloads itself when the job ends.
    expect(page.locator("main .badge.ok", has_text="готово")).to_be_visible(timeout=60_000)
    assert page.locator("#job-bar").evaluate("bar => bar.value") == 100
    expect(page.locator("#job-stage [data-job-percent]")).to_have_text("100")
    zip_link = page.locator(".draft-files a").first
    with zipfile.ZipFile(io.BytesIO(walk.download(zip_link))) as drafts:
        assert any(n.endswith(".docx") for n in drafts.namelist())
    walk.check_page()


# -- archivist: search, record, download, export ---------------------------------------------------


def test_archivist_finds_a_person_downloads_and_exports(walk):
    page = walk.page
    walk.log_in("archivist")
    assert walk.offered_changes() == set()
    walk.section("Архив")
    walk.on_screen(page.locator("#a-q")).fill("Ивановой")  # Иванова, in the genitive
    walk.click(page.get_by_role("button", name="Найти"))
    expect(page.get_by_role("status").first).to_contain_text("Найдено документов")
    walk.check_page()
    title = "Приказ «Об утверждении наставнических пар (групп)»"
    walk.click(page.get_by_role("link", name=title).first)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    walk.check_page()
    assert "Иванова Мария Петровна" in _docx_text(
        walk.download(page.get_by_role("link", name="Скачать оригинал"))
    )

    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Архив документов")
    walk.click(page.locator("input[name=ids]").first)
    exported = walk.download(page.get_by_role("button", name="Выгрузить отмеченные (ZIP)"))
    with zipfile.ZipFile(io.BytesIO(exported)) as archive:
        assert any(n.endswith(".docx") for n in archive.namelist())


# -- viewer: reads only ----------------------------------------------------------------------------


def test_viewer_reads_and_is_offered_nothing_it_may_not_do(walk):
    page = walk.page
    walk.log_in("viewer")
    assert walk.offered_changes() == set()
    walk.click(page.locator("main tbody tr").first.get_by_role("link", name="Открыть"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Досье на")
    assert walk.offered_changes() == set()
    walk.check_page()
    for name in ("Выпуски", "Журнал регистрации", "Архив", "Реестр", "Шаблоны"):
        walk.section(name)
        assert walk.offered_changes() == set(), name
    walk.section("Выпуски")
    walk.click(page.locator("main tbody a").first)
    expect(page.get_by_role("heading", level=1)).to_have_text("Документы сформированы")
    walk.check_page()
    assert walk.pages_checked >= 8


# -- phone: tables become cards ---------------------------------------------------------------------

CARD_PAGES = {
    "curator": ["/dossiers/", "/batches/", "/batches/1", "/journal/", "/archive/", "/registry/",
                "/registry/dossiers/1/", "/dossiers/1/pairs/table"],
    "office": ["/dossiers/", "/registry/", "/registry/rollup"],
}  # fmt: skip


@pytest.mark.parametrize("role", list(CARD_PAGES))
def test_on_a_phone_tables_are_cards_with_their_actions_on_screen(site, role):
    app, base_url, browser = site
    with page_in(browser, base_url, WIDTHS["phone"]) as page:
        walk = Walk(app, page, "phone")
        walk.log_in(role)
        for path in CARD_PAGES[role]:
            page.goto(path)
            walk.check_page()  # no wider than the phone, nothing refused offered
            tables = page.locator("main table.cards")
            assert tables.count(), f"{path}: no table is shown as cards"
            table = tables.first
            header = table.locator("thead").bounding_box()
            assert header is None or header["height"] <= 1, f"{path}: the column headers still show"
            row = table.locator(":scope > tbody > tr").first
            box = walk.on_screen(row).bounding_box()
            assert box["width"] <= 375, f"{path}: a card is {box['width']}px wide"
            labelled = row.locator("[data-label]").first
            label = labelled.evaluate("c => getComputedStyle(c, '::before').content")
            assert label.strip('"').endswith(": "), f"{path}: a cell does not say its column ({label})"
            for action in row.locator(".actions a, .actions button").all():
                walk.on_screen(action)
