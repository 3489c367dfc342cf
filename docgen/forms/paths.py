"""Error paths people read: «Дорожная карта → этап 2 → наименование этапа» instead of the
model's «дорожная карта.этапы[2].наименование этапа» (the API keeps the compact form)."""

from __future__ import annotations

import re

# A list's title -> what one of its rows is called.
ROW_NAMES: dict[str, str] = {
    "виды наставничества": "вид",
    "формы наставничества": "форма",
    "жюри": "член жюри",
    "изменения состава пар": "изменение",
    "мероприятия": "мероприятие",
    "направления наставничества": "направление",
    "наставляемые": "наставляемый",
    "обязанности ответственных за контроль": "обязанность",
    "основания приказа": "основание",
    "основания": "основание",
    "ответственные за контроль": "ответственный",
    "партнёры": "партнёр",
    "пары": "пара",
    "план занятий": "занятие",
    "план мероприятий": "мероприятие",
    "подпункты": "подпункт",
    "показатели": "показатель",
    "поощрения": "поощрение",
    "предложения на следующий год": "предложение",
    "признать утратившими силу": "документ",
    "программа": "пункт программы",
    "пункты приказа": "пункт",
    "рабочая группа": "член рабочей группы",
    "разделы перед таблицей": "раздел",
    "результаты": "результат",
    "с учётом мнения": "согласование",
    "строки": "строка",
    "трудности": "трудность",
    "этапы": "этап",
}

_ROW = re.compile(r"^(?P<name>.+?)\[(?P<index>[^\]]+)\]$")


def _kind_title(kind_id: str) -> str:
    from docgen.errors import UnknownKind
    from docgen.render.registry import get_kind

    try:
        return get_kind(kind_id).title
    except UnknownKind:
        return kind_id


def readable_path(path: str) -> str:
    """'дорожная карта.этапы[2].наименование этапа' -> 'Дорожная карта → этап 2 → наименование этапа'."""
    if not path:
        return path
    parts: list[str] = []
    for part in path.split("."):
        found = _ROW.match(part)
        if found is None:
            parts.append(part)
            continue
        name, index = found.group("name"), found.group("index")
        if index.isdigit():
            row = ROW_NAMES.get(name)
            parts.extend([f"{row} {index}"] if row else [name, f"№ {index}"])
        else:  # a dict key: the orders by document kind
            parts.extend([name, f"«{_kind_title(index)}»"])
    text = " → ".join(parts)
    return text[:1].upper() + text[1:]
