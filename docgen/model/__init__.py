"""The dossier model (pydantic v2) and its loading from JSON or YAML."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from docgen.errors import InvalidDossier, UnreadableDossier

from .consistency import errors as consistency_errors
from .consistency import warnings as consistency_warnings
from .dossier import Dossier
from .errors import FieldError, translate
from .organisation import AuthorisedSignatory, OrderStyle, Organisation, OrgKind
from .people import CaseForms, Category, Person, Representative
from .programme import (
    FORM_PRESETS,
    KIND_PRESETS,
    CuratorAppointment,
    Direction,
    Pair,
    Reward,
    RewardType,
    Roadmap,
    RoadmapLayout,
)

# libyaml's parser when PyYAML was built with it (~10× faster than the pure-Python one), with
# the same safe constructors.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

__all__ = [
    "FORM_PRESETS",
    "KIND_PRESETS",
    "AuthorisedSignatory",
    "CaseForms",
    "Category",
    "CuratorAppointment",
    "Direction",
    "Dossier",
    "FieldError",
    "OrderStyle",
    "OrgKind",
    "Organisation",
    "Pair",
    "Person",
    "Representative",
    "Reward",
    "RewardType",
    "Roadmap",
    "RoadmapLayout",
    "consistency_warnings",
    "dossier_from_data",
    "load_dossier",
    "read_data",
]


def read_data(path: str | Path) -> dict[str, Any]:
    """Read a dossier file (.json, .yaml, .yml) into plain data."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UnreadableDossier(f"Не удалось открыть файл досье «{path}»: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise UnreadableDossier(f"Файл «{path}» не в кодировке UTF-8") from exc
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.load(text, Loader=_YAML_LOADER)
    except json.JSONDecodeError as exc:
        raise UnreadableDossier(
            f"Файл «{path.name}» не является корректным JSON: строка {exc.lineno}, столбец {exc.colno}"
        ) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f": строка {mark.line + 1}, столбец {mark.column + 1}" if mark else ""
        raise UnreadableDossier(f"Файл «{path.name}» не является корректным YAML{where}") from exc
    if not isinstance(data, dict):
        raise UnreadableDossier(f"В файле «{path.name}» ожидается описание досье (раздел с полями)")
    return data


def dossier_from_data(data: dict[str, Any], *, consistency: bool = True) -> Dossier:
    """Validate plain data; raise InvalidDossier with Russian messages naming each field.

    `consistency` also runs the checks across sections (dates of orders, pairs inside the school
    year, duplicates); a re-render of an archived snapshot skips them, since the snapshot is
    exactly what was issued.
    """
    try:
        dossier = Dossier.model_validate(data)
    except ValidationError as exc:
        raise InvalidDossier(translate(Dossier, exc)) from None
    if consistency:
        problems = consistency_errors(dossier)
        if problems:
            raise InvalidDossier(problems)
    return dossier


def load_dossier(path: str | Path) -> Dossier:
    return dossier_from_data(read_data(path))
