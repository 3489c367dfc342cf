"""Flat form field names (``pairs-0-mentees-1-gender``) to nested dossier data and back.

Rules, kept small on purpose so that a form never loses what was typed:

* a name is a path joined with ``-``; all-digit parts are list positions;
* list positions may have gaps or any order (rows removed or added in the browser): the
  list keeps the order of the positions and is renumbered from 0;
* values stay text exactly as typed (the dossier model converts them); empty text means
  "not given": the key is left out, and a group or row with nothing typed in it is dropped;
* a ``-`` inside a key (``implementation-order``) is written ``~`` in the name;
* ``flatten`` is the inverse: it turns data (numbers, booleans, dates) into text fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

SEPARATOR = "-"
ESCAPE = "~"  # stands for "-" inside a key (``orders-implementation~order-number``)


class FlatFormError(ValueError):
    """A field name that cannot be placed in the data (a list and a group at one path)."""


def field_name(loc: Iterable[str | int]) -> str:
    """('pairs', 0, 'mentor', 'gender') -> 'pairs-0-mentor-gender'."""
    return SEPARATOR.join(_key(part) for part in loc)


def _key(part: str | int) -> str:
    return str(part).replace(SEPARATOR, ESCAPE)


def _parts(name: str) -> list[str | int]:
    return [int(p) if p.isdigit() else p.replace(ESCAPE, SEPARATOR) for p in name.split(SEPARATOR)]


def unflatten(items: Iterable[tuple[str, str]] | Mapping[str, str]) -> dict[str, Any]:
    """Nested data from (name, text) pairs; see the module rules."""
    pairs = items.items() if isinstance(items, Mapping) else items
    tree: dict[Any, Any] = {}
    for name, raw in pairs:
        if not name or raw is None:
            continue
        value = raw if isinstance(raw, str) else str(raw)
        if value.strip() == "":
            continue
        node = tree
        parts = _parts(name)
        for part in parts[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                raise FlatFormError(f"поле «{name}» пересекается с другим полем")
            node = child
        if isinstance(node.get(parts[-1]), dict):
            raise FlatFormError(f"поле «{name}» пересекается с другим полем")
        node[parts[-1]] = value
    built = _build(tree, "")
    return built if isinstance(built, dict) else {}


def _build(node: Any, where: str) -> Any:
    if not isinstance(node, dict):
        return node
    keys = list(node)
    numeric = [k for k in keys if isinstance(k, int)]
    if numeric and len(numeric) != len(keys):
        raise FlatFormError(f"в «{where}» смешаны строки списка и поля")
    if numeric:
        items = [_build(node[k], f"{where}-{k}") for k in sorted(numeric)]
        return [item for item in items if not _is_empty(item)]
    result = {k: _build(v, f"{where}-{k}" if where else str(k)) for k, v in node.items()}
    return {k: v for k, v in result.items() if not _is_empty(v) or isinstance(v, list)}


def _is_empty(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_is_empty(v) for v in value.values())
    if isinstance(value, list):
        return False  # an explicit empty list is kept: "no rows" is an answer
    return value is None or value == ""


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else None
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text if text.strip() else None


def flatten(data: Any, prefix: str = "") -> dict[str, str]:
    """Text fields for a form from nested data: the inverse of `unflatten`."""
    out: dict[str, str] = {}
    if isinstance(data, Mapping):
        for key, value in data.items():
            out.update(flatten(value, f"{prefix}{SEPARATOR}{_key(key)}" if prefix else _key(key)))
    elif isinstance(data, (list, tuple)):
        for index, value in enumerate(data):
            out.update(flatten(value, f"{prefix}{SEPARATOR}{index}" if prefix else str(index)))
    else:
        text = _text(data)
        if text is not None and prefix:
            out[prefix] = text
    return out


def normalise(data: Any) -> Any:
    """What `unflatten(flatten(data))` gives: text leaves, nothing empty. For tests and diffs."""
    return unflatten(flatten(data))
