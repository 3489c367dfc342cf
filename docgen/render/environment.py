"""The sandboxed Jinja environment every template renders in.

Autoescape is on (values are XML-escaped, so `&`, `<` and quotes survive), undefined names
are errors (a missing value never becomes a blank in a legal document), and the sandbox is
immutable (a template cannot change the data it is given or reach Python internals).

Two things make it cheaper than the stock sandbox without loosening it:

* the verdict of the sandbox's attribute check is remembered per (type, attribute name): the
  stock checks (`is_safe_attribute`, `is_internal_attribute`, `modifies_known_mutable`) look
  only at the object's type and the name, never at the value, so the verdict cannot differ
  between two objects of one type;
* `pair.mentor` on a plain dict reads the key directly instead of first failing `getattr`.

Every value a template prints passes `finalize` (see `values.py`): typographic polish and line
breaks happen once per distinct value instead of on the rendered XML.
"""

from __future__ import annotations

import types
from datetime import date
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from docgen.grammar.agreement import agree

from .heavy import (
    INTERCEPTED_BINOPS,
    NoFoldingCodeGenerator,
    capped_lipsum,
    capped_range,
    check_padding_call,
    checked_binop,
)
from .values import end_sentence, finalize_value, in_quotes

_DICT_ATTRIBUTES = frozenset(dir(dict))
_METHODS = (types.MethodType, types.BuiltinMethodType)


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


class DocumentEnvironment(ImmutableSandboxedEnvironment):
    """The immutable sandbox with its attribute verdicts cached per (type, name), and the caps
    of `heavy.py`: no compile-time folding, huge products, powers, ranges and paddings refused."""

    code_generator_class = NoFoldingCodeGenerator
    intercepted_binops = INTERCEPTED_BINOPS

    def __init__(self, **options: Any):
        super().__init__(**options)
        self._verdicts: dict[tuple[type, str], bool] = {}
        self.globals.update(range=capped_range, lipsum=capped_lipsum)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        return checked_binop(operator, left, right)

    def call(self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        check_padding_call(__obj, args)
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        cls = type(obj)
        if cls is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            try:
                return obj[attribute]
            except (TypeError, LookupError):
                return self.undefined(obj=obj, name=attribute)
        if isinstance(value, _METHODS):
            wrapped = self.wrap_str_format(value)
            if wrapped is not None:
                return wrapped
        if self._is_safe(obj, cls, attribute, value):
            return value
        return self.unsafe_undefined(obj, attribute)

    def _is_safe(self, obj: Any, cls: type, attribute: str, value: Any) -> bool:
        key = (cls, attribute)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self.is_safe_attribute(obj, attribute, value)
            if getattr(obj, "__class__", None) is cls:  # a proxy lying about its class is not cached
                self._verdicts[key] = verdict
        return verdict


@lru_cache(maxsize=1)
def template_environment() -> DocumentEnvironment:
    """One environment per process, shared by every compiled template."""
    env = DocumentEnvironment(
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        finalize=finalize_value,
        optimized=False,  # the optimizer folds constants at compile time: `'a' * 10**9` included
    )
    env.filters.update(
        capfirst=_capfirst,
        lowfirst=_lowfirst,
        date=_date,
        money=_money,
        agree=agree,
        _end_sentence=end_sentence,
        _in_quotes=in_quotes,
    )
    return env
