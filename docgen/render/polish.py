"""Typographic polish of document text.

Values come from forms with ordinary spaces; the documents need no-break spaces after «№»,
between initials and surname and before «г.», and must never read «О.А..» where a sentence
ends with initials. Values are polished as they are printed (`values.py`); the template's own
text is polished once, when it is compiled (`prepare.py`).
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
# Only text a rule can match is worked on: «№», a capital and a dot (initials), «им.», «2022 г».
_CANDIDATE = re.compile(r"№|[А-ЯЁ]\.|им\.|\d +г|г\.\.")
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
    # a sentence ending with a year: «2023 г..» -> «2023 г.»
    (re.compile(r"(\bгг?\.)\.(?!\.)"), r"\1"),
)


def needs_polish(text: str) -> bool:
    return _CANDIDATE.search(text) is not None


def polish_text(text: str) -> str:
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text
