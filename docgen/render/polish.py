"""Typographic polish applied to the text of rendered documents.

Values come from forms with ordinary spaces; the documents need no-break spaces after «№»,
between initials and surname and before «г.», and must never read «О.А..» where a sentence
ends with initials. Only the text inside <w:t> elements is touched.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
# Only runs a rule can match are visited: «№», a capital and a dot (initials), «им.», «2022 г».
_TEXT = re.compile(r"(<w:t(?: [^>]*)?>)([^<]*(?:№|[А-ЯЁ]\.|им\.|\d +г)[^<]*)(</w:t>)")
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"№ +(?=\S)"), "№" + NBSP),
    # «О.А. Жмурина», «им. С.С. Станчева»
    (re.compile(r"\b([А-ЯЁ]\.) ?([А-ЯЁ]\.) +(?=[А-ЯЁ][а-яё])"), r"\1\2" + NBSP),
    (re.compile(r"\b(им\.) +(?=[А-ЯЁ])"), r"\1" + NBSP),
    # «Жмурина О.А.»
    (re.compile(r"([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?) +(?=[А-ЯЁ]\. ?[А-ЯЁ]\.)"), r"\1" + NBSP),
    (re.compile(r"(\d{4}) +(?=гг?\.)"), r"\1" + NBSP),
    # a sentence ending with initials: «О.А..» -> «О.А.»
    (re.compile(r"(?<=\b[А-ЯЁ]\.)\.(?!\.)"), ""),
)


def polish_text(text: str) -> str:
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


def polish_xml(xml: str) -> str:
    return _TEXT.sub(lambda m: m.group(1) + polish_text(m.group(2)) + m.group(3), xml)
