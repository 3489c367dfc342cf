"""Template syntax errors reach the user in Russian, with the paragraph (issue 15, §4)."""

from __future__ import annotations

import re

import pytest
from jinja2 import Environment, TemplateSyntaxError

from docgen.render.checks import check_template
from docgen.render.syntax_messages import russian_syntax_message
from tests.factories import docx_bytes

LATIN_WORDS = re.compile(r"\b(expected|got|unexpected|template|block|statement|tag)\b", re.I)


def errors(*paragraphs: str) -> list[str]:
    return [str(f) for f in check_template(docx_bytes(*paragraphs), "curator-order").errors]


def test_an_empty_if_is_explained_in_russian_with_its_paragraph():
    found = errors("Вступление", "Назначить {% if %}куратора{% endif %}")
    assert found == [
        "абзац «Назначить {% if %}куратора{% endif %}»: Ошибка в тегах шаблона: ожидалось выражение, "
        "а встретилось: конец тега «%}»"
    ]


def test_a_wrong_closing_tag_names_both_tags():
    found = errors("{% for p in pairs %}{{ p.mentor.fio }}{% endif %}")
    assert len(found) == 1
    assert "лишний тег «endif»" in found[0]
    assert "«{% endfor %}»" in found[0]
    assert "не закрыт блок «{% for %}»" in found[0]


@pytest.mark.parametrize(
    "source",
    ["{% if %}x{% endif %}", "{% if a %}x", "{% for a in b %}x{% endif %}", "{{ a. }}", "{{ a b }}",
     "{% %}", "{{ a", "{% endif %}", "{{ a $ }}", "{{ a | }}", "{{ (a }}", "{% set 1 = 2 %}"],
)  # fmt: skip
def test_no_english_is_left_in_common_mistakes(source):
    with pytest.raises(TemplateSyntaxError) as caught:
        Environment().from_string(source)
    message = russian_syntax_message(caught.value.message or "")
    assert not LATIN_WORDS.search(message.replace("endif", "").replace("endfor", "")), message


def test_an_unknown_message_keeps_its_english_after_a_russian_lead():
    assert russian_syntax_message("something new") == "ошибка в записи тегов (something new)"
