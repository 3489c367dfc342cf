"""The renderer: sandbox, escaping, strict placeholders, compile-once, byte-stable output."""

from __future__ import annotations

import io

import pytest
from docx import Document

from docgen.errors import TemplateSyntaxProblem, UnknownPlaceholder, UnsafeTemplate
from docgen.model import dossier_from_data
from docgen.render.compiled import CompiledTemplate
from docgen.render.package import render_dossier
from docgen.render.templates import compiled
from tests.docxread import all_text, norm, open_docx
from tests.factories import dossier_data


def docx_with(*paragraphs: str) -> bytes:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_values_are_escaped_and_survive_literally():
    template = CompiledTemplate(docx_with("Организация: {{ name }}"))
    tricky = "ООО \"Смирнов & партнёры\" <test> 'кавычки' «ёлочки»"
    text = all_text(template.render({"name": tricky}))
    # escaped characters survive; straight double quotes are typeset as «ёлочки»
    assert "Организация: ООО «Смирнов & партнёры» <test> 'кавычки' «ёлочки»" in text


def test_values_are_typeset_like_the_template_text():
    template = CompiledTemplate(
        docx_with("Программа «{{ title }}». {{ event }}, форма «{{ form }}»: {{ forms|join('», «') }}")
    )
    text = all_text(
        template.render(
            {
                "title": 'Профессиональные пробы "Автомеханик"',
                "event": 'конкурс «Наставник года» - "Лучший"',
                "form": "учитель - ученик",
                "forms": ["а", "б"],
            }
        )
    )
    assert (
        "Программа «Профессиональные пробы „Автомеханик“». конкурс «Наставник года» – «Лучший», "
        "форма «учитель – ученик»: а», «б" in text
    )


def test_missing_placeholder_is_an_error_naming_it_and_its_paragraph():
    template = CompiledTemplate(docx_with("Первый абзац", "Назначить {{ kurator.fio }} куратором"),
                                "test.docx")  # fmt: skip
    with pytest.raises(UnknownPlaceholder) as caught:
        template.render({"curator": {"fio": "Жмурина"}})
    message = str(caught.value)
    assert "«kurator»" in message
    assert "Назначить {{ kurator.fio }} куратором" in message
    assert "test.docx" in message


def test_missing_attribute_is_an_error_too():
    template = CompiledTemplate(docx_with("{{ curator.fio_acc }}"))
    with pytest.raises(UnknownPlaceholder, match="поля «fio_acc»"):
        template.render({"curator": {"fio": "Жмурина"}})


def test_syntax_error_is_refused_at_load_with_the_paragraph():
    with pytest.raises(TemplateSyntaxProblem) as caught:
        CompiledTemplate(docx_with("Текст", "{% if x %}без конца"), "broken.docx")
    assert "не закрыт блок" in str(caught.value)


@pytest.mark.parametrize(
    "payload",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ x.__class__ }}",
        "{{ ''.format.__globals__ }}",
        "{{ lipsum.__globals__ }}",
    ],
)
def test_sandbox_refuses_reaching_python_internals(payload):
    template = CompiledTemplate(docx_with(payload))
    with pytest.raises((UnsafeTemplate, UnknownPlaceholder)):
        template.render({"x": "значение"})


def test_templates_cannot_modify_their_context():
    template = CompiledTemplate(docx_with("{{ items.append(1) }}{{ items }}"))
    with pytest.raises(UnsafeTemplate):
        template.render({"items": []})


def test_same_template_bytes_compile_once():
    source = docx_with("{{ a }}")
    assert compiled(source, "a.docx") is compiled(source, "a.docx")


def test_rendering_twice_gives_identical_bytes():
    dossier = dossier_from_data(dossier_data())
    first = render_dossier(dossier, only=["implementation-order"])[0]
    second = render_dossier(dossier, only=["implementation-order"])[0]
    assert first.content == second.content
    assert first.sha256 == second.sha256


def test_special_characters_in_dossier_fields_come_out_literally():
    data = dossier_data()
    data["organisation"]["short_name"] = 'МБОУ "СШ & Ко" <7>'
    data["pairs"][0]["form"] = "учитель – ученик <&> 'x'"
    dossier = dossier_from_data(data)
    documents = render_dossier(dossier, only=["implementation-order", "pairs-order"])
    texts = [norm(all_text(d.content)) for d in documents]
    assert any("МБОУ «СШ & Ко» <7>" in t for t in texts)
    assert "учитель – ученик <&> 'x'" in texts[1]
    for doc in documents:
        open_docx(doc.content)  # still a valid package
