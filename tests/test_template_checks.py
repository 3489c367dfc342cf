"""Checks of templates a school uploads: refusals with place and reason, repairs, sandbox."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from docgen.cli import main
from docgen.errors import TemplateProblem
from docgen.render.checks import MAX_TEMPLATE_BYTES, check_template
from docgen.render.compiled import CompiledTemplate
from docgen.render.descriptions import describe
from docgen.render.placeholders import kind_placeholders, used_placeholders
from docgen.render.registry import all_kinds
from tests.docxread import all_text
from tests.factories import docx_bytes

TEMPLATES = Path(__file__).resolve().parents[1] / "docgen" / "templates"


docx = docx_bytes


def errors(data: bytes, kind: str = "curator-order") -> list[str]:
    return [str(f) for f in check_template(data, kind).errors]


@pytest.mark.parametrize("kind", [k.id for k in all_kinds()])
def test_every_default_template_passes_its_own_check(kind):
    template = next(k for k in all_kinds() if k.id == kind).template
    report = check_template((TEMPLATES / template).read_bytes(), kind)
    assert report.ok, [str(f) for f in report.findings]


@pytest.mark.parametrize("kind", [k.id for k in all_kinds()])
def test_every_placeholder_of_every_kind_has_a_russian_description(kind):
    missing = [p for p in kind_placeholders(kind) if describe(p) is None]
    assert not missing


def test_not_a_zip_is_refused():
    assert errors(b"%PDF-1.4 not a docx") == [
        "файл: это не документ .docx (файл не является zip-архивом Word)"
    ]


def test_zip_without_document_xml_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "привет")
    assert errors(out.getvalue()) == ["файл: в архиве нет word/document.xml — это не документ Word"]


def test_oversize_file_is_refused():
    assert "файл больше" in errors(b"0" * (MAX_TEMPLATE_BYTES + 1))[0]


def test_zip_bomb_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<a/>")
        archive.writestr("word/media/bomb.bin", b"\0" * (70 * 1024 * 1024))
    assert "zip-бомбу" in errors(out.getvalue())[0]


def test_jinja_syntax_error_names_the_paragraph():
    found = errors(docx("Первый", "Назначить {% if curator %}куратора"))
    assert len(found) == 1
    assert found[0].startswith("абзац «Назначить {% if curator %}куратора»")
    assert "не закрыт блок" in found[0]


def test_unknown_placeholder_gets_a_did_you_mean():
    found = errors(docx("Назначить куратором {{ kurator.fio }}."))
    assert found == [
        "абзац «Назначить куратором {{ kurator.fio }}.»: вид документа не предоставляет поле "
        "{{ kurator.fio }}; возможно, {{ curator.fio }}"
    ]


def test_unknown_field_in_a_row_loop_is_found_through_the_loop_variable():
    data = docx(
        "Список",
        table_rows=[["{%tr for p in acquainted %}"], ["{{ p.fio.acc }} {{ p.doljnost }}"],
                    ["{%tr endfor %}"]],
    )  # fmt: skip
    found = errors(data)
    assert len(found) == 1 and "{{ acquainted[].doljnost }}" in found[0]


def test_row_loop_tag_outside_a_table_is_refused():
    found = errors(docx("{%tr for p in acquainted %}", "{{ p.fio }}", "{%tr endfor %}"))
    assert any("тег {%tr …%} ставится только в строке таблицы" in f for f in found)


def test_plain_for_inside_a_table_cell_is_refused_with_advice():
    data = docx(table_rows=[["{% for p in acquainted %}{{ p.fio }}", "{% endfor %}"]])
    found = errors(data)
    assert any("используйте {%tr for" in f and f.startswith("таблица, ячейка") for f in found)


def test_tag_split_across_runs_is_repaired_and_reported():
    document = Document()
    paragraph = document.add_paragraph("Назначить ")
    for piece in ("{{ cura", "tor.fio", ".acc }}", " куратором."):
        paragraph.add_run(piece).bold = piece == "tor.fio"  # different formatting splits runs
    out = io.BytesIO()
    document.save(out)
    report = check_template(out.getvalue(), "curator-order")
    assert report.ok, [str(f) for f in report.findings]
    assert [str(n) for n in report.notes] == ["документ: исправлено тегов, разбитых Word на части: 1"]
    repaired = Document(io.BytesIO(report.repaired))
    runs = [r.text for r in repaired.paragraphs[0].runs]
    assert "{{ curator.fio.acc }}" in runs


def test_tag_split_across_paragraphs_cannot_be_repaired():
    found = errors(docx("Назначить {{ curator.", "fio }} куратором"))
    assert any("тег не закрыт в пределах абзаца" in f for f in found)


def test_used_placeholders_follow_loops_and_ignore_locals():
    used = {u.path for u in used_placeholders(
        "{% set n = namespace(i=0) %}{% for r in rows %}{{ r.mentor.fio.acc }}{{ n.i }}"
        "{{ loop.index }}{% endfor %}"
    )}  # fmt: skip
    assert used == {"rows", "rows[].mentor.fio.acc", "loop.index", "namespace"}


SSTI = [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'] }}",
    "{{ lipsum.__globals__.__builtins__ }}",
    "{{ range.__class__ }}",
    "{{ curator.__class__.__base__ }}",
    "{{ curator.fio.__class__.__mro__ }}",
    "{{ curator|attr('__class__') }}",
    "{{ ''|attr('\\x5f\\x5fclass\\x5f\\x5f') }}",
    "{{ curator['__class__'] }}",
    "{{ ''.format.__globals__ }}",
    "{{ '{0.__class__.__mro__}'.format(curator) }}",
    "{{ '{0.__class__}'.format(curator.fio) }}",
    "{{ '%s'.format_map(curator) }}",
    "{{ curator.fio.format_map({'a': curator}) }}",
    "{{ self._TemplateReference__context }}",
    "{{ self.__init__.__globals__ }}",
    "{{ config }}",
    "{{ request }}",
    "{{ curator.update({'fio': 'x'}) }}",
    "{% set x = curator.pop('fio') %}{{ x }}",
    "{{ pairs.append(1) }}",
    "{{ ().__class__.__bases__[0].__subclasses__() }}",
    "{{ [].__class__.__base__.__subclasses__() }}",
]


@pytest.mark.parametrize("payload", SSTI)
def test_sandbox_refuses_or_neutralises_injection(payload):
    """Each payload is refused on upload, or at least renders nothing of Python's internals."""
    from docgen.model import load_dossier
    from docgen.render.package import plan_documents

    data = docx("Текст: " + payload)
    refused = not check_template(data, "curator-order").ok
    if refused:
        return
    context = plan_documents(load_dossier("samples/gymnasium-20.yaml"), only=["curator-order"])[0]
    try:
        text = all_text(CompiledTemplate(data).render(context.context))
    except TemplateProblem:
        return
    for leak in ("<class", "built-in", "module", "os.", "function", "object at 0x", "Environment"):
        assert leak not in text, text


def test_cli_templates_check(tmp_path):
    good = tmp_path / "good.docx"
    good.write_bytes((TEMPLATES / "curator-order.docx").read_bytes())
    bad = tmp_path / "bad.docx"
    bad.write_bytes(docx("{{ kurator.fio }}"))
    runner = CliRunner()
    ok = runner.invoke(main, ["templates", "check", str(good), "--kind", "curator-order"])
    assert ok.exit_code == 0 and "Шаблон в порядке." in ok.output
    refused = runner.invoke(main, ["templates", "check", str(bad), "--kind", "curator-order"])
    assert refused.exit_code == 1
    assert "возможно, {{ curator.fio }}" in refused.output


def test_cli_templates_reference_lists_fields_with_examples():
    result = CliRunner().invoke(main, ["templates", "reference", "curator-order"])
    assert result.exit_code == 0
    assert (
        "{{ curator.fio.acc }}  [текст] Фамилия, имя, отчество — винительный падеж — пример: "
        "Жмурину Ольгу Алексеевну" in result.output
    )
