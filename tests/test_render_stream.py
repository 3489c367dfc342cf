"""The compiled renderer's own steps: the member it writes, template-time polish, table repair.

`CompiledTemplate` runs only the compiled Jinja code per render; what docxtpl does on the
rendered XML each time (polish, brace escapes, line breaks, table-grid repair) happens once per
template or once per value. These tests check the written member against the plain way (Jinja's
own `render`, spliced into document.xml) and each step that replaced a pass over the output.
"""

from __future__ import annotations

import io
import zipfile
import zlib

import pytest
from docx import Document
from docx.oxml.ns import qn

from docgen.render import deflate
from docgen.render.colfit import fit_columns
from docgen.render.compiled import CompiledTemplate
from docgen.render.environment import template_environment
from docgen.render.package import plan_documents
from docgen.render.prepare import tables_may_change_shape
from docgen.render.templates import DEFAULT_TEMPLATE_DIR
from tests.conftest import sample
from tests.docxread import open_docx, table_rows

NBSP = "\u00a0"


def docx_bytes(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def docx_with(*paragraphs: str) -> bytes:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    return docx_bytes(doc)


def member_xml(content: bytes, name: str = "word/document.xml") -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.testzip() is None  # every member's CRC-32 and length check out
        return archive.read(name).decode("utf-8")


def joined_render(template: CompiledTemplate, context: dict) -> str:
    """document.xml the plain way: the whole Jinja output joined and spliced into the document."""
    [body] = [part for part in template.parts if part.is_body]
    xml = body.template.render(context)
    if body.fit:  # the one post-render pass of the fast path: columns fitted to their words
        xml = fit_columns(xml)
    return body.head.decode() + xml + body.tail.decode()


@pytest.mark.parametrize("sample_name", ["gymnasium-20", "college-blagoveshchensk"])
def test_written_member_is_exactly_the_jinja_render(sample_name):
    """For every document of a sample: document.xml decodes to Jinja's own render of the body."""
    checked = 0
    templates: dict[str, CompiledTemplate] = {}
    for doc in plan_documents(sample(sample_name)):
        template = templates.setdefault(
            doc.kind.id, CompiledTemplate((DEFAULT_TEMPLATE_DIR / doc.kind.template).read_bytes())
        )
        content = template.render(doc.context)
        assert member_xml(content) == joined_render(template, doc.context), doc.filename
        checked += 1
    assert checked > 20


def test_stdlib_zlib_gives_the_same_document(monkeypatch):
    """Where isal is missing, zlib writes the same XML (the stream format is one)."""
    template = CompiledTemplate(docx_with("Текст " * 300, "{{ a }}", "Ещё текст " * 300, "{{ b }}"))
    fast = template.render({"a": "первое", "b": "второе"})
    monkeypatch.setattr(deflate, "compress", lambda *chunks: zlib.compress(b"".join(chunks), 1, wbits=-15))
    monkeypatch.setattr(deflate, "crc32", zlib.crc32)
    slow = template.render({"a": "первое", "b": "второе"})
    assert member_xml(fast) == member_xml(slow)


def test_output_is_byte_stable_and_readable_by_python_docx():
    template = CompiledTemplate(docx_with("№ {{ number }} от {{ day }} г.", "Текст " * 400))
    first = template.render({"number": "17-од", "day": "01.09.2025"})
    assert first == template.render({"number": "17-од", "day": "01.09.2025"})
    with zipfile.ZipFile(io.BytesIO(first)) as ours, zipfile.ZipFile(io.BytesIO(template.source)) as theirs:
        assert sorted(ours.namelist()) == sorted(theirs.namelist())
        assert ours.namelist()[0] == "[Content_Types].xml"
        assert ours.namelist()[-1] == "word/document.xml"  # rendered members follow the fixed ones
    assert open_docx(first).paragraphs[0].text == f"№{NBSP}17-од от 01.09.2025{NBSP}г."


# -- what used to be passes over the rendered XML -----------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Петрову О.А.", "Контроль возложить на Петрову О.А."),  # no «О.А..»
        ("заместителя директора", "Контроль возложить на заместителя директора."),
        ("ООО «А.Б.»", "Контроль возложить на ООО «А.Б.»."),
    ],
)
def test_a_sentence_ending_with_initials_gets_one_dot(value, expected):
    template = CompiledTemplate(docx_with("Контроль возложить на {{ who }}."))
    assert open_docx(template.render({"who": value})).paragraphs[0].text == expected.replace(
        " О.А.", NBSP + "О.А."
    )


def test_an_ellipsis_after_a_value_is_kept():
    template = CompiledTemplate(docx_with("Ответственный: {{ who }}..."))
    assert open_docx(template.render({"who": "Петров И.И."})).paragraphs[0].text.endswith("И.И....")


def test_template_text_is_polished_once_and_values_as_printed():
    template = CompiledTemplate(
        docx_with("Приказ № {{ n }} от {{ year }} г.; им. {{ hero }}; О.А. {{ surname }}, {{ surname }} О.А.")
    )
    context = {"n": "5", "year": "2025", "hero": "С.С. Станчева", "surname": "Жмурина"}
    text = open_docx(template.render(context)).paragraphs[0].text
    assert text == (
        f"Приказ №{NBSP}5 от 2025{NBSP}г.; им.{NBSP}С.С.{NBSP}Станчева; О.А.{NBSP}Жмурина, Жмурина{NBSP}О.А."
    )


def test_line_breaks_and_tabs_in_values_become_word_breaks():
    template = CompiledTemplate(docx_with("Адрес: {{ address }}"))
    content = template.render({"address": "ул. Ленина, 1\nкаб. 5\tвход со двора"})
    xml = member_xml(content)
    assert "<w:br/>" in xml and "<w:tab/>" in xml
    assert open_docx(content).paragraphs[0].text == "Адрес: ул. Ленина, 1\nкаб. 5\tвход со двора"


def test_literal_braces_escape_of_docxtpl():
    template = CompiledTemplate(docx_with("Пишите {_{ имя }_} и {_% if %_}"))
    assert open_docx(template.render({})).paragraphs[0].text == "Пишите {{ имя }} и {% if %}"


def test_printed_values_are_polished_and_escaped():
    env = template_environment()
    assert env.from_string("{{ x }}").render(x="A & B № 5") == f"A &amp; B №{NBSP}5"


# -- tables: docxtpl's repair only for templates that can change a row's width -----------------


def table_template(cells: list[str], rows_loop: bool = False) -> bytes:
    doc = Document()
    table = doc.add_table(rows=0, cols=len(cells))
    if rows_loop:
        table.add_row().cells[0].text = "{%tr for r in rows %}"
    row = table.add_row()
    for cell, text in zip(row.cells, cells, strict=True):
        cell.text = text
    if rows_loop:
        table.add_row().cells[0].text = "{%tr endfor %}"
    return docx_bytes(doc)


def test_row_loops_keep_the_fast_path():
    template = CompiledTemplate(table_template(["{{ r.a }}", "{{ r.b }}"], rows_loop=True))
    assert not template.parts[0].careful
    content = template.render({"rows": [{"a": "1", "b": "Иванов"}, {"a": "2", "b": "Петров"}]})
    assert table_rows(open_docx(content).tables[0]) == [["1", "Иванов"], ["2", "Петров"]]


def test_column_loops_take_the_careful_path_and_the_grid_is_repaired():
    template = CompiledTemplate(
        table_template(["Класс", "{%tc for c in cols %}", "{{ c }}", "{%tc endfor %}"])
    )
    assert template.parts[0].careful
    content = template.render({"cols": ["5А", "5Б", "5В"]})
    table = open_docx(content).tables[0]
    assert table_rows(table) == [["Класс", "5А", "5Б", "5В"]]
    grid = table._tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))
    assert len(grid) == 4


@pytest.mark.parametrize(
    ("xml", "may_change"),
    [
        (
            "<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid>{% for r in rows %}<w:tr><w:tc>{{ r }}</w:tc></w:tr>"
            "{% endfor %}</w:tbl>",
            False,
        ),
        (
            "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr><w:tc>a</w:tc>{% for c in cols %}"
            "<w:tc>{{ c }}</w:tc>{% endfor %}</w:tr></w:tbl>",
            True,
        ),
        (
            "<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc>{% if a %}x</w:tc><w:tc>y{% endif %}"
            "</w:tc></w:tr></w:tbl>",
            True,
        ),
        ("<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc>{{ x|safe }}</w:tc></w:tr></w:tbl>", True),
        (
            "<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc>{% macro m() %}{% endmacro %}</w:tc>"
            "</w:tr></w:tbl>",
            True,
        ),
        ("<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr><w:tc>a</w:tc></w:tr></w:tbl>", True),
        ("<w:p>{% set n = 1 %}{% if x %}да{% else %}нет{% endif %}</w:p>", False),
    ],
)
def test_which_templates_may_change_table_shape(xml, may_change):
    assert tables_may_change_shape(xml) is may_change


# -- docxtpl features kept: rich text, pictures ------------------------------------------------


def test_rich_text_values_keep_their_formatting():
    from docxtpl import RichText

    template = CompiledTemplate(docx_with("Статус: {{r status }}"))
    content = template.render({"status": RichText("утверждено", bold=True)})
    [run] = [r for r in open_docx(content).paragraphs[0].runs if r.text == "утверждено"]
    assert run.bold


def test_pictures_in_repeated_rows_get_unique_drawing_ids(tmp_path):
    from PIL import Image  # Pillow comes with matplotlib

    png = tmp_path / "logo.png"
    Image.new("RGB", (8, 8), "navy").save(png)
    doc = Document()
    table = doc.add_table(rows=0, cols=2)
    table.add_row().cells[0].text = "{%tr for r in rows %}"
    row = table.add_row()
    row.cells[0].text = "{{ r }}"
    row.cells[1].paragraphs[0].add_run().add_picture(str(png))
    table.add_row().cells[0].text = "{%tr endfor %}"
    template = CompiledTemplate(docx_bytes(doc))
    assert template.parts[0].careful
    content = template.render({"rows": ["первая", "вторая", "третья"]})
    rendered = open_docx(content)
    assert [r[0] for r in table_rows(rendered.tables[0])] == ["первая", "вторая", "третья"]
    ids = [el.get("id") for el in rendered.element.body.iter(qn("wp:docPr"))]
    assert len(ids) == 3 and len(set(ids)) == 3
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert any(name.startswith("word/media/") for name in archive.namelist())
