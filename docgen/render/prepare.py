"""Template-only work done once, when a template is compiled.

docxtpl does these on the rendered XML of every document; here they are done on the
template's source instead, so rendering runs nothing but the compiled Jinja code:

* docxtpl's literal-brace escapes (`{_{` → `{{`) become Jinja string constants;
* the template's own text is polished (NBSP after «№», around initials, before «г.»);
* `{{ x }}.` becomes `{{ (x)|_end_sentence }}`, so a value ending with initials does not
  read «О.А..»;
* a value inside the template's «…» gets `|_in_quotes`, so its own quotes print as „лапки“;
* the tables are checked for Jinja tags that could make a row gain or lose cells; only such
  templates (and those with images) need docxtpl's table and drawing repair after a render.
"""

from __future__ import annotations

import re

from .polish import NBSP, polish_text
from .tablefix import tables_need_fixing

_LITERAL_BRACES = (("{_{", "{{ '{{' }}"), ("}_}", "{{ '}}' }}"), ("{_%", "{{ '{%' }}"), ("%_}", "{{ '%}' }}"))
_TEXT_RUN = re.compile(r"(<w:t(?: [^>]*)?>)(.*?)(</w:t>)", re.DOTALL)
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_VALUE_THEN_DOT = re.compile(r"\{\{(-?)((?:(?!\}\}).)*?)(-?)\}\}\.(?!\.)", re.DOTALL)
_VALUE_TAG = re.compile(r"\A\{\{(-?)(.*?)(-?)\}\}\Z", re.DOTALL)
_VALUE_MARK, _STATEMENT_MARK = "\ue000", "\ue001"
# The rules of `polish.py` where one side is a value: the value's text is not known yet, the
# NBSP is right for whatever a template prints there (a year, a name, initials).
_AROUND_VALUES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(_VALUE_MARK + r" +(?=гг?\.)"), _VALUE_MARK + NBSP),  # «{{ year }} г.»
    (re.compile(r"\b(им\.|[А-ЯЁ]\. ?[А-ЯЁ]\.) +(?=" + _VALUE_MARK + ")"), r"\1" + NBSP),  # «им. {{ x }}»
    (re.compile(_VALUE_MARK + r" +(?=[А-ЯЁ]\. ?[А-ЯЁ]\.)"), _VALUE_MARK + NBSP),  # «{{ surname }} О.А.»
)

_STRUCTURE = re.compile(r"<w:(tbl|tr|tc)[ >]|</w:(tbl|tr|tc)>|\{%-?\s*(\w+)")
_SAFE_FILTER = re.compile(r"\|\s*safe\b")
_BLOCK_OPEN, _BLOCK_MIDDLE, _BLOCK_CLOSE = {"for", "if"}, {"elif", "else"}, {"endfor", "endif"}


def literal_braces(source: str) -> str:
    for escaped, constant in _LITERAL_BRACES:
        source = source.replace(escaped, constant)
    return source


def _end_sentence_tag(match: re.Match[str]) -> str:
    strip_before, expression, strip_after = match.groups()
    return "{{" + strip_before + " (" + expression + ")|_end_sentence " + strip_after + "}}"


def _quoted_values(text: str) -> str:
    """Mark each value that stands inside quotes the run's own text has opened."""
    if "«" not in text:
        return text
    out: list[str] = []
    depth = position = 0
    for match in _TAG.finditer(text):
        static = text[position : match.start()]
        for ch in static:
            depth = depth + 1 if ch == "«" else max(depth - 1, 0) if ch == "»" else depth
        tag = match.group(0)
        if depth and tag.startswith("{{"):
            tag = _VALUE_TAG.sub(lambda m: "{{" + m[1] + " (" + m[2] + ")|_in_quotes " + m[3] + "}}", tag)
        out += [static, tag]
        position = match.end()
    out.append(text[position:])
    return "".join(out)


def _polish_run_text(text: str) -> str:
    text = _quoted_values(text)
    text = _VALUE_THEN_DOT.sub(_end_sentence_tag, text)
    tags = _TAG.findall(text)
    masked = _TAG.sub(lambda m: _VALUE_MARK if m.group(0).startswith("{{") else _STATEMENT_MARK, text)
    if "<" in masked:
        return text  # markup inside a run's text: not plain text, leave it
    polished = polish_text(masked)
    for pattern, replacement in _AROUND_VALUES:
        polished = pattern.sub(replacement, polished)
    if polished == masked:
        return text
    restored = iter(tags)
    return re.sub(f"[{_VALUE_MARK}{_STATEMENT_MARK}]", lambda _m: next(restored), polished)


def polish_static_text(xml: str) -> str:
    """Polish the text of every <w:t>, leaving the Jinja tags in it as they are."""
    return _TEXT_RUN.sub(lambda m: m.group(1) + _polish_run_text(m.group(2)) + m.group(3), xml)


def prepare(patched_xml: str) -> str:
    """The Jinja source a part is compiled from."""
    return polish_static_text(literal_braces(patched_xml))


def tables_may_change_shape(patched_xml: str) -> bool:
    """True when rendering could leave a table's rows out of step with its grid.

    Rows repeated or left out whole (`{%tr for %}`) and cell contents that change keep every
    row as wide as the template's; a tag between the cells of a row (`{%tc %}`, `{% hm %}`),
    a block that opens in one cell and closes in another, raw markup (`|safe`), any statement
    other than for/if/set, or a template whose tables are already irregular, may not.
    """
    if _SAFE_FILTER.search(patched_xml):
        return True
    stack: list[str] = []
    blocks: list[tuple[str, ...]] = []
    for match in _STRUCTURE.finditer(patched_xml):
        opened, closed, statement = match.groups()
        if opened:
            stack.append(opened)
        elif closed:
            if not stack or stack.pop() != closed:
                return True
        elif stack and stack[-1] == "tr":
            return True
        elif statement in _BLOCK_OPEN:
            blocks.append(tuple(stack))
        elif statement in _BLOCK_MIDDLE | _BLOCK_CLOSE:
            if not blocks or blocks[-1] != tuple(stack):
                return True
            if statement in _BLOCK_CLOSE:
                blocks.pop()
        elif statement != "set":
            return True
    if stack or blocks:
        return True
    return tables_need_fixing(_TAG.sub("", patched_xml))
