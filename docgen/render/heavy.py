"""What keeps one template from eating the machine: no constant folding at compile time, and
caps on the operations that make huge values (`'a' * 10**9`, `9**9**9`, `range(10**9)`,
`lipsum(10**6)`, `'x'.ljust(10**9)`).

Jinja folds constant expressions while compiling (`{{ 'a' * 10**9 }}` is computed by the
compiler, outside any render limit). `NoFoldingCodeGenerator` leaves everything but the
template's own text to run time, and the environment is created with `optimized=False`; the
sandbox's intercepted operators are not folded either. What gets past these caps (a loop that
runs for ever, a width in `format`) is stopped by the render's time, output and memory limits
(`isolated.py`).
"""

from __future__ import annotations

from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.utils import generate_lorem_ipsum

from docgen.errors import TemplateTooHeavy

from .limits import render_limits

INTERCEPTED_BINOPS = frozenset({"*", "**", "+"})
_PADDING_METHODS = frozenset({"ljust", "rjust", "center", "zfill", "expandtabs"})
_SEQUENCES = (str, list, tuple)


class NoFoldingCodeGenerator(CodeGenerator):
    """Never evaluates a template's expressions at compile time; its text stays constant."""

    def _output_child_to_const(self, node: nodes.Expr, frame: Any, finalize: Any) -> str:
        if not isinstance(node, nodes.TemplateData):
            raise nodes.Impossible()
        return super()._output_child_to_const(node, frame, finalize)


def too_long(what: str) -> TemplateTooHeavy:
    limit = render_limits().output_mb
    return TemplateTooHeavy(f"{what} длиннее допустимого ({limit:g} МБ текста): шаблон похож на «бомбу»")


def _too_big_number() -> TemplateTooHeavy:
    return TemplateTooHeavy("выражение даёт слишком большое число: шаблон похож на «бомбу»")


def checked_binop(operator: str, left: Any, right: Any) -> Any:
    """`left <operator> right`, refused before it is computed when the result would be huge."""
    limits = render_limits()
    if operator == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
            if (abs(left).bit_length() - 1) * right > limits.max_int_bits:
                raise _too_big_number()
        elif _is_number(right) and right > limits.max_int_bits and _is_number(left) and abs(left) > 1:
            raise _too_big_number()
        return left**right
    if operator == "*":
        for sequence, count in ((left, right), (right, left)):
            if isinstance(sequence, _SEQUENCES) and isinstance(count, int):
                if len(sequence) * count > limits.output_chars:
                    raise too_long("строка или список, умноженные на число,")
                return left * right
        if _is_int(left) and _is_int(right) and left.bit_length() + right.bit_length() > limits.max_int_bits:
            raise _too_big_number()
        return left * right
    if operator == "+":
        both = isinstance(left, _SEQUENCES) and isinstance(right, _SEQUENCES)
        if both and len(left) + len(right) > limits.output_chars:
            raise too_long("строка, сложенная из частей,")
        return left + right
    raise AssertionError(operator)


def _is_int(value: Any) -> bool:
    return isinstance(value, int)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float))


def capped_range(*args: int) -> range:
    """Jinja's `range`, at most `max_range` items."""
    numbers = range(*args)
    limit = render_limits().max_range
    if len(numbers) > limit:
        raise TemplateTooHeavy(f"range() на {len(numbers)} элементов, допустимо не больше {limit}")
    return numbers


def capped_lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    """Jinja's `lipsum`, at most `max_lipsum` paragraphs of at most 200 words."""
    limit = render_limits().max_lipsum
    if not isinstance(n, int) or n > limit or not isinstance(max, int) or max > 200:
        raise TemplateTooHeavy(f"lipsum() больше {limit} абзацев по 200 слов: шаблон похож на «бомбу»")
    return generate_lorem_ipsum(n, html, min, max)


def check_padding_call(obj: Any, args: tuple[Any, ...]) -> None:
    """`'x'.ljust(10**9)` and the like are refused before the string is made."""
    owner = getattr(obj, "__self__", None)
    if isinstance(owner, str) and getattr(obj, "__name__", "") in _PADDING_METHODS:
        widths = [a for a in args if isinstance(a, int)]
        if widths and max(widths) * max(len(owner), 1) > render_limits().output_chars:
            raise too_long(f"результат {obj.__name__}()")
