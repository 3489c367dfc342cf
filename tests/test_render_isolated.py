"""The isolated render of an uploaded template gives the same document and the same errors as an
in-process render; built-in templates keep the in-process fast path; limits stop the child."""

from __future__ import annotations

import io
import os
import time

import pytest
from docx import Document

from docgen.errors import TemplateTooHeavy, UnknownPlaceholder
from docgen.render import isolated
from docgen.render.compiled import CompiledTemplate
from docgen.render.limits import RenderLimits
from docgen.render.package import render_dossier
from docgen.render.templates import DEFAULT_TEMPLATE_DIR
from tests.conftest import sample
from tests.docxread import open_docx


def docx_with(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_an_uploaded_template_renders_the_same_document_isolated():
    template = CompiledTemplate(docx_with("Куратор: {{ name }}", "Пар: {{ pairs|length }}"), "свой.docx")
    context = {"name": "Жмурина Ольга Александровна", "pairs": [1, 2, 3]}
    content = isolated.render_isolated(template, context)
    assert content == template.render(context)
    assert [p.text for p in open_docx(content).paragraphs] == [
        "Куратор: Жмурина Ольга Александровна",
        "Пар: 3",
    ]


def test_errors_come_back_as_from_an_in_process_render():
    missing = CompiledTemplate(docx_with("Первый", "Куратор: {{ curator.fio }}"), "свой.docx")
    with pytest.raises(UnknownPlaceholder) as caught:
        isolated.render_isolated(missing, {})
    assert caught.value.where == "Куратор: {{ curator.fio }}"
    assert "Нет значения для «curator»" in str(caught.value)
    with pytest.raises(ZeroDivisionError):
        isolated.render_isolated(CompiledTemplate(docx_with("{{ 1 // 0 }}"), "свой.docx"), {})


def test_the_limits_stop_the_child():
    limits = RenderLimits(seconds=1, memory_mb=150)
    loop = CompiledTemplate(
        docx_with("{% for i in range(9999) %}{% for j in range(9999) %}{% endfor %}{% endfor %}")
    )
    started = time.monotonic()
    with pytest.raises(TemplateTooHeavy, match="дольше 1 с"):
        isolated.render_isolated(loop, {}, limits)
    assert time.monotonic() - started < 5
    hungry = CompiledTemplate(docx_with("{% set s = 'x'.ljust(40000000) %}{{ (s ~ s ~ s ~ s ~ s)|length }}"))
    with pytest.raises(TemplateTooHeavy, match="не хватило 150 МБ памяти"):
        isolated.render_isolated(hungry, {}, limits)
    long = CompiledTemplate(docx_with("{% for i in range(9999) %}{{ 'x' * 1000 }}{% endfor %}"))
    with pytest.raises(TemplateTooHeavy, match="текст документа длиннее допустимого"):
        isolated.render_isolated(long, {}, RenderLimits(seconds=20, output_mb=1))


def test_built_in_templates_render_in_process(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("a built-in template went to the child process")

    monkeypatch.setattr(isolated, "render_isolated", refuse)
    documents = render_dossier(sample("gymnasium-20"), only=["curator-order"])
    assert documents and documents[0].content.startswith(b"PK")
    template = CompiledTemplate((DEFAULT_TEMPLATE_DIR / "curator-order.docx").read_bytes())
    assert isolated.is_builtin(template.sha256)
    assert not isolated.is_builtin(CompiledTemplate(docx_with("x")).sha256)


def test_the_child_gives_way_to_other_requests():
    """A loop bomb spins in a niced child: the server's own requests keep their share of the CPU."""
    template = CompiledTemplate(docx_with("{{ niceness() }}"), "свой.docx")
    content = isolated.render_isolated(template, {"niceness": lambda: os.nice(0)})
    shown = open_docx(content).paragraphs[0].text
    assert int(shown) == min(19, os.nice(0) + isolated.CHILD_NICENESS)
