"""Turn pydantic's errors into Russian messages that name the field path in Russian."""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

_MESSAGES: dict[str, str] = {
    "missing": "обязательное поле",
    "string_too_short": "не может быть пустым",
    "string_too_long": "слишком длинно: не больше {max_length} символов",
    "too_short": "нужен хотя бы один элемент",
    "string_type": "ожидается текст",
    "int_type": "ожидается целое число",
    "int_parsing": "ожидается целое число",
    "float_type": "ожидается число",
    "float_parsing": "ожидается число",
    "decimal_parsing": "ожидается число",
    "decimal_type": "ожидается число",
    "decimal_max_places": "не больше двух знаков после запятой (копейки)",
    "greater_than_equal": "не может быть меньше {ge}",
    "less_than_equal": "не может быть больше {le}",
    "bool_type": "ожидается «да» или «нет»",
    "bool_parsing": "ожидается «да» или «нет»",
    "date_type": "ожидается дата ДД.ММ.ГГГГ",
    "date_parsing": "неверная дата: ожидается ДД.ММ.ГГГГ",
    "date_from_datetime_parsing": "неверная дата: ожидается ДД.ММ.ГГГГ",
    "date_from_datetime_inexact": "ожидается дата без времени",
    "list_type": "ожидается список",
    "dict_type": "ожидается раздел с полями",
    "model_type": "ожидается раздел с полями",
    "model_attributes_type": "ожидается раздел с полями",
    "extra_forbidden": "неизвестное поле",
    "enum": "допустимые значения: {expected}",
    "literal_error": "допустимые значения: {expected}",
    "json_invalid": "файл не является корректным JSON",
}


@dataclass(frozen=True)
class FieldError:
    """One problem in a dossier: machine path, Russian path and Russian message."""

    loc: tuple[str | int, ...]
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def inner_model(annotation: Any) -> Any:
    """The model class inside Optional[...], list[...], dict[str, ...], if any."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, dict, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = inner_model(arg)
            if found is not None:
                return found
        return None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def russian_path(model: type[BaseModel], loc: tuple[str | int, ...]) -> str:
    """('pairs', 2, 'mentor', 'gender') -> 'пары[3].наставник.пол' (positions count from 1)."""
    parts: list[str] = []
    current: Any = model
    pending_dict = False
    for item in loc:
        if isinstance(item, int):
            if parts:
                parts[-1] += f"[{item + 1}]"
            continue
        if pending_dict:
            parts[-1] += f"[{item}]"
            pending_dict = False
            continue
        if current is not None and item in getattr(current, "model_fields", {}):
            field = current.model_fields[item]
            parts.append(field.title or item)
            annotation = field.annotation
            pending_dict = typing.get_origin(annotation) is dict
            current = inner_model(annotation)
        else:
            # Not a field of the model (validator-level location or an unknown key).
            parts.append(str(item))
            current = None
    return ".".join(parts)


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind == "value_error":
        # Our own validators raise ValueError with a Russian text.
        return str(error.get("ctx", {}).get("error", error["msg"]))
    if kind in ("too_short", "string_too_short") and isinstance(error.get("input"), str):
        return "не может быть пустым"
    if kind in ("too_long", "string_too_long") and isinstance(error.get("input"), str):
        limit = (error.get("ctx") or {}).get("max_length")
        return f"слишком длинно: не больше {limit} символов, сейчас {len(error['input'])}"
    template = _MESSAGES.get(kind)
    if template is None:
        return error["msg"]
    ctx = dict(error.get("ctx") or {})
    if "expected" in ctx:
        ctx["expected"] = str(ctx["expected"]).replace("'", "«", 1)
        ctx["expected"] = _quote_expected(str(error.get("ctx", {}).get("expected", "")))
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template


def _quote_expected(text: str) -> str:
    items = [part.strip().strip("'") for part in text.replace(" or ", ",").split(",")]
    return ", ".join(f"«{item}»" for item in items if item)


def translate(model: type[BaseModel], exc: ValidationError) -> list[FieldError]:
    errors = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        errors.append(FieldError(loc=loc, path=russian_path(model, loc), message=_message(error)))
    return errors
