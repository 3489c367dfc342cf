"""The audit log in words: «документ № 42 (Приказ «О закреплении…»)», «номера: 1-од; через: API»
instead of `document № 42`, `numbers: ['1-од']; via: api`. Display only: what is stored (and
exported as CSV) stays as it was recorded."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from docgen.forms.sections import get_section
from docgen.store.archive import kind_title
from docgen.store.db import rows
from docgen.store.scope import Scope

OBJECTS: dict[str, str] = {
    "dossier": "досье",
    "document": "документ",
    "batch": "выпуск",
    "journal": "запись журнала",
    "series": "серия номеров",
    "user": "пользователь",
    "organisation": "организация",
    "template": "шаблон",
    "template_version": "версия шаблона",
    "package": "муниципальный пакет",
    "draft_job": "задание на проекты",
    "audit": "журнал действий",
}

DETAILS: dict[str, str] = {
    "numbers": "номера",
    "number": "номер",
    "via": "через",
    "school_year": "учебный год",
    "section": "раздел",
    "documents": "документов",
    "dossier": "досье",
    "identical_text": "текст совпадает",
    "read_only": "только просмотр",
    "person": "участник",
    "rows": "строк",
    "what": "что",
    "format": "формат",
    "kind": "вид документа",
    "kinds": "виды документов",
    "seq": "версия",
    "revert": "возврат к прежней версии",
    "change": "изменение",
    "version": "версия",
    "login": "логин",
    "role": "роль",
    "active": "активен",
    "short_name": "название",
    "per_school": "на школу",
    "file": "файл",
    "reason": "причина",
    "date_from": "с",
    "date_to": "по",
    "code": "код",
    "title": "название",
    "number_format": "формат номера",
    "year_mode": "нумерация",
    "issue_date": "дата выпуска",
}

# Details that name records by number: «досье № 3», «документы № 4, 5».
NUMBERED: dict[str, str] = {
    "dossier_id": "досье",
    "ids": "документы",
    "package": "пакет",
    "package_id": "пакет",
    "schools": "организации",
}

VALUES: dict[str, str] = {
    "api": "API",
    "table": "таблица пар",
    "web": "веб-интерфейс",
    "registry": "реестр участников",
    "rollup": "сводный реестр",
    "kpi_report": "отчёт о показателях",
    "roadmap": "дорожная карта",
    "declension": "склонение ФИО",
    "create": "создание",
    "publish": "публикация",
    "import": "импорт",
    "dismiss": "отклонение",
    "adopt": "принятие",
}


def value_in_words(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, list):
        return ", ".join(value_in_words(key, v) for v in value) or "—"
    if value is None or value == "":
        return "—"
    text = str(value)
    if key == "section":
        section = get_section(text)
        if section is not None:
            return f"«{section.title}»"
    if key in ("kind", "kinds"):
        return f"«{kind_title(text)}»"
    return VALUES.get(text, text)


def details_in_words(details: dict[str, Any]) -> str:
    return "; ".join(_detail(k, v) for k, v in details.items())


def _detail(key: str, value: Any) -> str:
    if key in NUMBERED:
        return f"{NUMBERED[key]} № {value_in_words(key, value)}"
    return f"{DETAILS.get(key, key)}: {value_in_words(key, value)}"


def document_kinds(db: sqlite_utils.Database, scope: Scope, entries: list[dict[str, Any]]) -> dict[int, str]:
    """The kind titles of the readable documents the entries name."""
    ids = sorted(
        {
            int(e["object_id"])
            for e in entries
            if e.get("object_type") == "document" and str(e.get("object_id") or "").isdigit()
        }
    )
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    where, params = scope.sql_readable()
    found = rows(db, f"SELECT id, kind FROM documents WHERE id IN ({marks}) AND {where}", [*ids, *params])
    return {int(r["id"]): kind_title(r["kind"]) for r in found}


def object_in_words(entry: dict[str, Any], kinds: dict[int, str]) -> str:
    kind = entry.get("object_type")
    if not kind:
        return ""
    name = OBJECTS.get(kind, kind)
    ident = entry.get("object_id")
    if ident in (None, ""):
        return name
    text = f"{name} № {ident}"
    if kind == "document" and str(ident).isdigit() and int(ident) in kinds:
        text += f" ({kinds[int(ident)]})"
    return text


def in_words(db: sqlite_utils.Database, scope: Scope, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entries with `object_words` and `details_words` for the page."""
    kinds = document_kinds(db, scope, entries)
    return [
        {
            **e,
            "object_words": object_in_words(e, kinds),
            "details_words": details_in_words(e.get("details") or {}),
        }
        for e in entries
    ]
