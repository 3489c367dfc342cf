"""Jinja's syntax error messages in Russian: «Expected an expression, got 'end of statement
block'» becomes «ожидалось выражение, а встретилось: конец тега «%}»».

Jinja writes its messages in English from a small set of patterns (parser.py, lexer.py); each
is matched here and rewritten, token names included. A message no pattern knows keeps its
English text after a Russian lead, so nothing is hidden.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Jinja's names of tokens (lexer._describe_token_type and the operator signs).
TOKENS: dict[str, str] = {
    "end of statement block": "конец тега «%}»",
    "begin of statement block": "начало тега «{%»",
    "end of print statement": "конец вставки «}}»",
    "begin of print statement": "начало вставки «{{»",
    "end of comment": "конец комментария «#}»",
    "begin of comment": "начало комментария «{#»",
    "comment": "комментарий",
    "end of template": "конец шаблона",
    "template data / text": "обычный текст",
    "name": "имя",
    "integer": "число",
    "float": "число",
    "string": "строка",
    "operator": "знак",
    "end of line statement": "конец строки",
    "begin of line statement": "начало строки",
}

BLOCKS: dict[str, str] = {
    "if": "{% if %}",
    "for": "{% for %}",
    "endif": "{% endif %}",
    "endfor": "{% endfor %}",
    "else": "{% else %}",
    "elif": "{% elif %}",
}


def token(text: str) -> str:
    """A token as Jinja describes it, in Russian («end of statement block» → конец тега «%}»)."""
    text = text.strip().strip("'\"")
    if text in TOKENS:
        return TOKENS[text]
    return f"«{text}»"


def _tags(text: str) -> str:
    names = re.findall(r"'(\w+)'", text)
    return " или ".join(f"«{BLOCKS.get(n, '{% ' + n + ' %}')}»" for n in names)


def _unknown_tag(m: re.Match[str]) -> str:
    message = f"неизвестный или лишний тег «{m.group(1)}»"
    return message + _looking_for(m.string)


def _looking_for(text: str) -> str:
    wanted = re.search(r"looking for the following tags: (.+?)\.", text)
    inner = re.search(r"innermost block that needs to be closed is '(\w+)'", text)
    parts = []
    if wanted:
        parts.append(f"ожидался {_tags(wanted.group(1))}")
    if inner:
        parts.append(f"не закрыт блок «{BLOCKS.get(inner.group(1), inner.group(1))}»")
    return ("; " + "; ".join(parts)) if parts else ""


def _end_of_template(m: re.Match[str]) -> str:
    inner = re.search(r"innermost block that needs to be closed is '(\w+)'", m.string)
    wanted = re.search(r"looking for the following tags: (.+?)\.", m.string)
    if inner:
        expected = f": ожидался {_tags(wanted.group(1))}" if wanted else ""
        return f"не закрыт блок «{BLOCKS.get(inner.group(1), inner.group(1))}» — шаблон закончился{expected}"
    return (
        "шаблон закончился раньше, чем закрыт блок ({% if %} без {% endif %} или {% for %} без {% endfor %})"
    )


PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"Expected an expression, got '(.+)'"),
        lambda m: f"ожидалось выражение, а встретилось: {token(m.group(1))}",
    ),
    (
        re.compile(r"expected token '(.+?)', got '(.+)'"),
        lambda m: f"ожидалось: {token(m.group(1))}, а встретилось: {token(m.group(2))}",
    ),
    (
        re.compile(r"unexpected end of template, expected '(.+?)'"),
        lambda m: f"шаблон закончился, а ожидалось: {token(m.group(1))}",
    ),
    (re.compile(r"Encountered unknown tag '(\w+)'"), _unknown_tag),
    (re.compile(r"Unexpected end of template"), _end_of_template),
    (re.compile(r"unexpected end of template"), _end_of_template),
    (
        re.compile(r"unexpected char '(.+?)' at \d+"),
        lambda m: f"недопустимый символ «{m.group(1)}» внутри тега",
    ),
    (
        re.compile(r"unexpected '(.+?)', expected '(.+?)'"),
        lambda m: f"неожиданный «{m.group(1)}», ожидался «{m.group(2)}»",
    ),
    (re.compile(r"unexpected '(.+)'"), lambda m: f"неожиданный {token(m.group(1))}"),
    (re.compile(r"tag name expected"), lambda m: "после «{%» ожидалось имя тега (if, for, endif…)"),
    (re.compile(r"expected name or number"), lambda m: "после точки ожидалось имя поля или номер"),
    (re.compile(r"expected subscript expression"), lambda m: "в квадратных скобках ожидалось выражение"),
    (re.compile(r"expected call"), lambda m: "ожидался вызов функции"),
    (re.compile(r"invalid syntax for function call expression"), lambda m: "неверная запись вызова функции"),
    (re.compile(r"can't assign to '(\w+)'"), lambda m: "присвоить значение можно только имени"),
    (re.compile(r"Block '(.+?)' defined twice"), lambda m: f"блок «{m.group(1)}» объявлен дважды"),
    (re.compile(r"missing end of comment tag"), lambda m: "не закрыт комментарий: нет «#}»"),
    (re.compile(r"Invalid character in identifier"), lambda m: "недопустимый символ в имени"),
    (
        re.compile(r"You cannot chain multiple tests with is"),
        lambda m: "нельзя подряд писать несколько проверок «is»",
    ),
]


def russian_syntax_message(message: str) -> str:
    """Jinja's TemplateSyntaxError message, in Russian."""
    for pattern, translate in PATTERNS:
        found = pattern.search(message)
        if found:
            return translate(found)
    return f"ошибка в записи тегов ({message})" if message else "ошибка в записи тегов"
