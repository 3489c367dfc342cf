"""Hostile templates and packages (issue 13, parts 4.1–4.3, 4.7): external references, unsafe
archive member names, macros, encryption, deeply nested expressions and template bombs are
refused with the place and a Russian reason — at upload, by `docgen templates check` and at
package import — and a bomb already published cannot hang a worker: its render is stopped at the
time limit and the service keeps answering."""

from __future__ import annotations

import io
import resource
import stat
import threading
import time
import zipfile

import pytest
from click.testing import CliRunner
from hostile_files import (
    attached_template,
    docm,
    hyperlink,
    linked_picture,
    ole_encrypted,
    package,
    simple_field,
    split_field,
    with_member,
    with_text,
)
from layer_helpers import form, login, page_text, raw_upload, upload

from docgen.cli import main
from docgen.render.limits import render_limits, restore_render_limits
from docgen.store import packages as pk
from docgen.store import templates as layers
from docgen.web.app import create_app

KIND = "curator-order"
LIMIT_SECONDS = 3
# 10**12 empty turns: two nested loops (10**8) can end inside the limit on an idle machine.
LOOPS = (
    "{% for i in range(10000) %}{% for j in range(10000) %}{% for k in range(10000) %}"
    "{% endfor %}{% endfor %}{% endfor %}"
)

REFUSED = [
    pytest.param(
        linked_picture(),
        [
            "word/document.xml, абзац «Логотип школы:»",
            "рисунок связан с внешним адресом",
            "127.0.0.1:9/logo.png",
        ],
        id="image-r-link",
    ),
    pytest.param(
        attached_template(),
        ["word/settings.xml", "привязан к внешнему шаблону «file:///etc/passwd»"],
        id="attached",
    ),
    pytest.param(
        hyperlink("file:///etc/passwd"),
        ["абзац «Сайт школы: ссылка»", "ведёт не на сайт и не на почту"],
        id="file-hyperlink",
    ),
    pytest.param(
        simple_field(' INCLUDEPICTURE "http://127.0.0.1:9/x.png" \\d '),
        ["абзац «Поле: значение»", "поле INCLUDEPICTURE подставляет в документ внешний файл"],
        id="includepicture",
    ),
    pytest.param(
        split_field(" INCLU", 'DETEXT "/etc/passwd" '),
        ["абзац «Текст из файла:", "поле INCLUDETEXT"],
        id="includetext-split",
    ),
    pytest.param(split_field(' LINK Excel.Sheet.8 "/etc/passwd" "" \\a '), ["поле LINK"], id="link"),
    pytest.param(
        split_field(' DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/c calc" '), ["поле DDEAUTO"], id="dde"
    ),
    pytest.param(docm(), ["файл: документ с макросами (.docm)"], id="docm"),
    pytest.param(ole_encrypted(), ["файл: документ зашифрован (защищён паролем)"], id="ole-encrypted"),
    pytest.param(
        with_member(with_text("x"), "word/secret.xml", encrypted=True),
        ["файл в архиве «word/secret.xml»: файл в архиве зашифрован"],
        id="encrypted-member",
    ),
    pytest.param(
        with_member(with_text("x"), "../../evil.txt"),
        ["файл в архиве «../../evil.txt»: путь с «..» выходит за пределы архива"],
        id="dot-dot",
    ),
    pytest.param(
        with_member(with_text("x"), "/etc/cron.d/x"), ["«/etc/cron.d/x»: абсолютный путь"], id="absolute"
    ),
    pytest.param(with_member(with_text("x"), "C:/boot.ini"), ["«C:/boot.ini»: абсолютный путь"], id="drive"),
    pytest.param(
        with_member(with_text("x"), "word\\evil.xml"),
        ["«word\\evil.xml»: в имени обратная косая черта"],
        id="backslash",
    ),
    pytest.param(
        with_member(with_text("x"), "word/media/image9.png", b"/etc/passwd", symlink=True),
        ["«word/media/image9.png»: символическая ссылка"],
        id="symlink",
    ),
    pytest.param(
        with_member(with_text("x"), "word/document.xml", b"<w:document/>"),
        ["«word/document.xml»: имя повторяется в архиве"],
        id="duplicate",
    ),
    pytest.param(
        with_text("Назначить", "{{ " + "(" * 1000 + "1" + ")" * 1000 + " }}"),
        ["выражение вложено слишком глубоко"],
        id="nested-1000",
    ),
    pytest.param(
        with_text("Назначить", "{{ 1" + "|string" * 250 + " }}"),
        ["выражение вложено слишком глубоко"],
        id="filters-250",
    ),
    pytest.param(
        with_text("{% if 1 %}" * 120 + "x" + "{% endif %}" * 120),
        ["выражение вложено слишком глубоко"],
        id="blocks-120",
    ),
]

BOMBS = [
    pytest.param(
        "{{ 'a' * 10**9 }}", "строка или список, умноженные на число, длиннее допустимого", id="a-times-1e9"
    ),
    pytest.param(
        "{{ 'abc' * 100000000 }}", "умноженные на число, длиннее допустимого", id="string-times-big"
    ),
    pytest.param("{{ 10 ** 100000 }}", "выражение даёт слишком большое число", id="power"),
    pytest.param("{{ lipsum(10**6) }}", "lipsum() больше 20 абзацев", id="lipsum"),
    pytest.param(
        "{% for i in range(10**9) %}{% endfor %}", "range() на 1000000000 элементов", id="huge-range"
    ),
    pytest.param(
        "{% for i in range(10000) %}{% for j in range(10000) %}{{ i }}{% endfor %}{% endfor %}",
        # 489 million characters: a fast machine reaches the output limit before the time limit
        (f"Шаблон заполнялся дольше {LIMIT_SECONDS} с и был остановлен", "длиннее допустимого"),
        id="nested-loops",
    ),
    pytest.param(
        "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(1) }}",
        "Шаблон вызывает сам себя слишком глубоко",
        id="recursion",
    ),
]


@pytest.fixture
def app(tmp_path):
    """The layer tests' app with a short render time limit; the limits are process-wide."""
    saved = render_limits()
    config = {"RENDER_SECONDS": LIMIT_SECONDS, "RENDER_MEMORY_MB": 200}
    yield create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "DEMO": True, **config})
    restore_render_limits(saved)


@pytest.fixture
def office_client(app, office_id):
    client = app.test_client()
    login(client, "metodist")
    return client


def bomb(expression: str) -> bytes:
    return with_text("Назначить куратором {{ curator.fio }}.", expression)


def assert_refused(response, expected: list[str]) -> str:
    assert response.status_code == 422
    visible = page_text(response.get_data(as_text=True))
    assert "Шаблон не принят: враждебный.docx" in visible
    for piece in expected:
        assert piece in visible, visible[:2000]
    return visible


@pytest.mark.parametrize(("content", "expected"), REFUSED)
def test_a_hostile_file_is_refused_at_upload_with_place_and_reason(client, db, school, content, expected):
    assert_refused(upload(client, KIND, content, "враждебный.docx"), expected)
    assert layers.list_versions(db, school, KIND) == []


@pytest.mark.parametrize(("expression", "reason"), BOMBS)
def test_a_template_bomb_is_refused_at_upload(client, db, school, expression, reason):
    """Each bomb is stopped by a limit; which one stops a long loop depends on the machine."""
    reasons = reason if isinstance(reason, tuple) else (reason,)
    started = time.monotonic()
    visible = assert_refused(upload(client, KIND, bomb(expression), "враждебный.docx"), [])
    assert any(piece in visible for piece in reasons), visible[:2000]
    assert "памяти" not in visible  # the output is joined compactly: memory is never the first limit
    assert time.monotonic() - started < LIMIT_SECONDS + 5
    # the place: the paragraph of the bomb
    if isinstance(reason, str) and "дольше" not in reason and "сам себя" not in reason:
        assert f"абзац «{expression}»" in visible
    assert layers.list_versions(db, school, KIND) == []


def test_plain_web_links_stay_allowed(client, db, school):
    """A hyperlink to a site or an address is inert: nothing follows it while rendering."""
    for url in ("https://school20.ru/mentoring", "mailto:info@school20.ru"):
        assert upload(client, KIND, hyperlink(url), "ссылка.docx").status_code == 302
    assert len(layers.list_versions(db, school, KIND)) == 2


def test_the_service_answers_while_and_after_a_bomb_is_checked(app, client):
    """The bomb's trial render runs in a child process: other requests are served meanwhile."""
    results: dict[str, int] = {}

    def bomber() -> None:
        loops = LOOPS
        results["upload"] = upload(client, KIND, bomb(loops), "враждебный.docx").status_code

    thread = threading.Thread(target=bomber)
    thread.start()
    other = app.test_client()
    slowest = 0.0
    while thread.is_alive():
        started = time.monotonic()
        assert other.get("/login").status_code == 200
        slowest = max(slowest, time.monotonic() - started)
        time.sleep(0.1)
    thread.join()
    assert results["upload"] == 422
    assert slowest < 2.0
    started = time.monotonic()
    assert other.get("/login").status_code == 200
    assert time.monotonic() - started < 2.0


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        pytest.param(bomb("{{ 'a' * 10**9 }}"), "умноженные на число, длиннее допустимого", id="a-times-1e9"),
        pytest.param(linked_picture(), "рисунок связан с внешним адресом", id="image-r-link"),
        pytest.param(docm(), "документ с макросами", id="docm"),
    ],
)
def test_templates_check_refuses_fast_and_small(tmp_path, content, reason):
    """`'a' * 10**9` is neither folded by the compiler nor built by the render: no gigabytes."""
    path = tmp_path / "враждебный.docx"
    path.write_bytes(content)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    result = CliRunner().invoke(main, ["templates", "check", str(path), "--kind", KIND])
    assert result.exit_code == 1, result.output
    assert reason in result.output
    assert "Шаблон в порядке" not in result.output
    assert time.monotonic() - started < 10
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200 * 1024  # KiB


def test_package_import_refuses_a_bomb(office_client, db, files, office):
    data = package({KIND: bomb("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(1) }}")})
    with pytest.raises(pk.InvalidPackage, match=r"шаблон не принят — .*вызывает сам себя"):
        pk.import_package(db, files, office, data)
    assert raw_upload(office_client, "/templates/packages/import", data, "пакет.zip").status_code == 302
    visible = page_text(office_client.get("/templates/packages/").get_data(as_text=True))
    assert "Пакет не импортирован" in visible and "вызывает сам себя" in visible
    assert layers.list_versions(db, office, KIND) == []


@pytest.mark.parametrize(
    ("extra", "materials", "reason"),
    [
        pytest.param(
            {"../../etc/cron.d/docgen": b"x"},
            None,
            "«../../etc/cron.d/docgen» в архиве пакета не принят: путь с «..»",
            id="dot-dot",
        ),
        pytest.param(
            {"/abs.txt": b"x"}, None, "«/abs.txt» в архиве пакета не принят: абсолютный путь", id="absolute"
        ),
        pytest.param({"materials\\x.txt": b"x"}, None, "обратная косая черта", id="backslash"),
        pytest.param(
            {"templates/curator-order.docx": b"second"}, None, "имя повторяется в архиве", id="duplicate"
        ),
        pytest.param(
            None,
            {"materials/polozhenie.docx": linked_picture()},
            "материал не принят — word/document.xml",
            id="material-link",
        ),
        pytest.param(
            None,
            {"materials/polozhenie.docx": with_member(with_text("x"), "../evil")},
            "материал не принят — файл в архиве «../evil»",
            id="material-member",
        ),
    ],
)
def test_package_import_refuses_unsafe_members(db, files, office, extra, materials, reason):
    data = package({KIND: with_text("Назначить куратором {{ curator.fio }}.")}, materials, extra)
    with pytest.raises(pk.InvalidPackage) as refused:
        pk.import_package(db, files, office, data)
    assert reason in str(refused.value)


def test_package_import_refuses_a_symbolic_link_in_the_package_itself(db, files, office):
    """A link member of the package ZIP (not of a template in it): unpacked by hand, it would
    point outside the folder; the import names it and refuses the whole package."""
    out = io.BytesIO(package({KIND: with_text("Назначить куратором {{ curator.fio }}.")}))
    with zipfile.ZipFile(out, "a") as archive:
        link = zipfile.ZipInfo("materials/link")
        link.create_system = 3  # Unix: the mode bits are in external_attr
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    with pytest.raises(pk.InvalidPackage) as refused:
        pk.import_package(db, files, office, out.getvalue())
    assert "«materials/link» в архиве пакета не принят: символическая ссылка" in str(refused.value)
    assert layers.list_versions(db, office, KIND) == []


def _published_bomb(db, files, scope, expression: str) -> int:
    """A bomb stored and made live directly, as one published before these checks existed."""
    version_id = layers.add_version(db, files, scope, KIND, bomb(expression), file_name="старый.docx")
    layers.publish_version(db, scope, version_id)
    return version_id


def test_a_published_bomb_cannot_hang_issuing_or_preview(app, client, db, files, school, demo_id):
    loops = LOOPS
    version_id = _published_bomb(db, files, school, loops)
    (dossier_id,) = db.execute("SELECT id FROM dossiers WHERE org_id = ? LIMIT 1", [demo_id]).fetchone()

    started = time.monotonic()
    preview = client.get(f"/templates/{KIND}/versions/{version_id}")
    assert preview.status_code == 200
    assert f"Шаблон заполнялся дольше {LIMIT_SECONDS} с и был остановлен" in page_text(
        preview.get_data(as_text=True)
    )
    assert time.monotonic() - started < 2 * LIMIT_SECONDS + 5  # this version and the live one

    started = time.monotonic()
    issued = client.post(f"/dossiers/{dossier_id}/issue", data=form(kinds=KIND, issue_date="01.09.2023"))
    assert time.monotonic() - started < LIMIT_SECONDS + 5
    assert issued.status_code == 422
    assert f"Шаблон заполнялся дольше {LIMIT_SECONDS} с и был остановлен" in page_text(
        issued.get_data(as_text=True)
    )
    assert db.execute("SELECT COUNT(*) FROM batches").fetchone()[0] == 0

    started = time.monotonic()
    assert client.get(f"/templates/{KIND}/").status_code == 200  # the worker is fine
    assert time.monotonic() - started < 2.0


def test_a_published_memory_bomb_stops_at_the_memory_limit(client, db, files, school):
    expression = "{% set s = 'x'.ljust(50000000) %}{% set t = s ~ s ~ s ~ s ~ s %}{{ t|length }}"
    version_id = _published_bomb(db, files, school, expression)
    preview = client.get(f"/templates/{KIND}/versions/{version_id}")
    assert preview.status_code == 200
    assert "Шаблону не хватило 200 МБ памяти" in page_text(preview.get_data(as_text=True))
