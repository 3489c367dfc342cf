"""The sandboxed Jinja environment every template renders in.

Autoescape is on (values are XML-escaped, so `&`, `<` and quotes survive), undefined names
are errors (a missing value never becomes a blank in a legal document), and the sandbox is
immutable (a template cannot change the data it is given or reach Python internals).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment


def _capfirst(value: object) -> str:
    text = str(value)
    return text[:1].upper() + text[1:]


def _lowfirst(value: object) -> str:
    text = str(value)
    if len(text) > 1 and text[1].isupper():  # keep abbreviations such as «МБОУ»
        return text
    return text[:1].lower() + text[1:]


def _date(value: object, style: str = "numeric") -> str:
    from docgen.grammar.dates import format_date

    if isinstance(value, date):
        return format_date(value, style)
    return str(value)


def _money(value: object) -> str:
    from docgen.grammar.money import format_money

    return format_money(value)  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def template_environment() -> ImmutableSandboxedEnvironment:
    """One environment per process, shared by every compiled template."""
    env = ImmutableSandboxedEnvironment(
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters.update(capfirst=_capfirst, lowfirst=_lowfirst, date=_date, money=_money)
    return env
