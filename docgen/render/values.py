"""What happens to a value on its way into a document: typographic polish and line breaks.

Jinja passes every printed value through the environment's `finalize` before escaping it.
Polishing there (rather than on the rendered XML) touches each distinct value once: person
names, positions and organisation names repeat across hundreds of documents, so the results are
remembered. A value with line breaks or tabs becomes WordprocessingML breaks inside its run,
as docxtpl's listing resolution would make them.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

from docgen.grammar.typography import quotes_and_dashes

from .polish import needs_polish, polish_text

_BREAKS = {
    "\n": '</w:t><w:br/><w:t xml:space="preserve">',
    "\a": '</w:t><w:br/><w:t xml:space="preserve">',  # docxtpl starts a paragraph; a line break here
    "\t": '</w:t><w:tab/><w:t xml:space="preserve">',
    "\f": '</w:t><w:br w:type="page"/><w:t xml:space="preserve">',
    "\v": '</w:t><w:br/><w:t xml:space="preserve">',  # Word's own line break in copied text
}
_BREAK_CHARS = re.compile("[\n\a\t\f\v]")
# Characters XML 1.0 forbids: one (a NUL from an imported CSV, say) made the whole .docx unreadable.
_NOT_XML = re.compile("[\x00-\x06\x08\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_TYPESET = re.compile(r'["«»]| - ')
_CACHE_LIMIT = 50_000  # distinct printed values kept; a few MB at most

_finalized: dict[str, Any] = {}


def _finalize_text(text: str) -> Any:
    text = _NOT_XML.sub("", text)
    if _TYPESET.search(text):  # typed like the template's text: «» and „“, dashes
        text = quotes_and_dashes(text)
    if needs_polish(text):
        text = polish_text(text)
    if _BREAK_CHARS.search(text):
        return Markup(_BREAK_CHARS.sub(lambda m: _BREAKS[m.group(0)], str(escape(text))))
    return str(text)


def finalize_value(value: Any) -> Any:
    """The printable form of a value: polished text, XML breaks for line breaks; others as they are."""
    if type(value) is not str and (not isinstance(value, str) or hasattr(value, "__html__")):
        return value  # numbers, dates, undefined (raises when printed), markup made on purpose
    done = _finalized.get(value)
    if done is None:
        done = _finalize_text(value)
        if len(_finalized) >= _CACHE_LIMIT:
            _finalized.clear()
        _finalized[value] = done
    return done


def end_sentence(value: Any) -> Any:
    """`{{ x }}.` in a template: the sentence's dot, unless the value already ends with one.

    «… возложить на Петрову О.А.» must not read «О.А..», nor «… 19 мая 2023 г.» read «г..».
    Templates get this filter at compile time wherever a printed value is directly followed by
    a single dot in the same text run.
    """
    if isinstance(value, str):
        if value.rstrip().endswith((".", "…")):
            return value
        return value + "."  # Markup + "." stays Markup
    return f"{value}."


def in_quotes(value: Any) -> Any:
    """A value printed inside the template's «…»: its own quotes become „лапки“.

    Templates get this filter at compile time wherever a value stands inside quotes opened by
    the template's text in the same run («форма наставничества «{{ pair.form }}»»).
    """
    plain = type(value) is str or (isinstance(value, str) and not hasattr(value, "__html__"))
    if plain and ('"' in value or "«" in value or "»" in value):
        return quotes_and_dashes(str(value), depth=1)
    return value
