"""Russian typography: quotes, non-breaking spaces, dashes, sentence ends and lists."""

from __future__ import annotations

import re

from docgen.grammar.cases import NBSP

_OPEN_CONTEXT = frozenset(" \t\n\u00a0([{«„-–—/")
_SPACES = re.compile(r"[ \t]*\u00a0[ \t\u00a0]*|[ \t]{2,}")
_NUMERO = re.compile(r"№[ \t\u00a0]*(?=[^\s№])")
_YEAR = re.compile(r"(?<!\d)(\d{4})[ \t\u00a0]*(?=гг?\.)")
_INITIALS = r"[А-ЯЁ]\.(?:[ \u00a0]?[А-ЯЁ]\.)?"
_SURNAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
_INITIALS_SURNAME = re.compile(rf"(?<![\wЁё])({_INITIALS})[ \t]+(?={_SURNAME}(?![\wЁё]))")
_SURNAME_INITIALS = re.compile(rf"(?<![\wЁё])({_SURNAME})[ \t]+(?={_INITIALS}(?![\wЁё]))")
_DASH = re.compile(r"(?<=[\w»“\)\.,])[ \t\u00a0]+-[ \t]+(?=[\w«„\(])")
_SENTENCE_END = (".", "!", "?", "…")


def _smart_quotes(text: str, depth: int = 0) -> str:
    """Straight double quotes to «» (outer) and „“ (nested), counting existing « » as levels."""
    out: list[str] = []
    for index, ch in enumerate(text):
        if ch == "«":
            depth += 1
            out.append("«" if depth == 1 else "„")
        elif ch == "»":
            out.append("»" if depth <= 1 else "“")
            depth = max(depth - 1, 0)
        elif ch == '"':
            before = text[index - 1] if index else " "
            if depth == 0 or before in _OPEN_CONTEXT:
                depth += 1
                out.append("«" if depth == 1 else "„")
            else:
                out.append("»" if depth <= 1 else "“")
                depth -= 1
        else:
            out.append(ch)
    return "".join(out)


def _is_wrapped(text: str) -> bool:
    """Is `text` one quotation «…» from its first to its last character?"""
    if not (text.startswith("«") and text.endswith("»")):
        return False
    depth = 0
    for index, ch in enumerate(text):
        depth += {"«": 1, "»": -1}.get(ch, 0)
        if depth == 0 and index < len(text) - 1:
            return False
    return depth == 0


def quote(text: str) -> str:
    """«text» with inner quotes as „лапки“: quote('СОШ "Лидер"') -> «СОШ „Лидер“»."""
    inner = _smart_quotes(text.strip())
    if _is_wrapped(inner):
        return inner
    return _smart_quotes(f"«{inner}»")


def typograph(text: str) -> str:
    """Quotes, non-breaking spaces (№, initials, «2022 г.»), dashes; idempotent.

    `&`, `<`, `>` and apostrophes are left as they are: escaping is the renderer's job.
    """
    result = _SPACES.sub(lambda m: NBSP if NBSP in m.group() else " ", text)
    result = _smart_quotes(result)
    result = _NUMERO.sub("№" + NBSP, result)
    result = _YEAR.sub(lambda m: m.group(1) + NBSP, result)
    result = _INITIALS_SURNAME.sub(lambda m: m.group(1) + NBSP, result)
    result = _SURNAME_INITIALS.sub(lambda m: m.group(1) + NBSP, result)
    return _DASH.sub(" – ", result)


def quotes_and_dashes(text: str, depth: int = 0) -> str:
    """Straight quotes to «» (nested „“), a hyphen between spaced words to an en dash.

    `depth` is how many quotations the text already stands in: a value printed inside the
    template's «…» has depth 1, so its own quotes become „лапки“.
    """
    return _DASH.sub(" – ", _smart_quotes(text, depth))


def end_sentence(text: str) -> str:
    """Add a full stop unless the text already ends with . ! ? or … («Жмуриной О.А.» stays)."""
    stripped = text.rstrip()
    if not stripped or stripped.endswith(_SENTENCE_END):
        return stripped
    return stripped + "."


def join_with_and(items: list[str]) -> str:
    """«А, Б и В»; empty items are skipped."""
    kept = [item for item in items if item and item.strip()]
    if len(kept) <= 1:
        return "".join(kept)
    return ", ".join(kept[:-1]) + " и " + kept[-1]
