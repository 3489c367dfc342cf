"""Dossiers written for the layout checks: a small rural school, a large school with long
programme titles and long words in its plans, a college with a new name. Built from the samples'
data so that every section is valid, with the parts that stress the layout replaced."""

from __future__ import annotations

import copy
from typing import Any

from docgen.model import Dossier, dossier_from_data, read_data
from tests.conftest import SAMPLES

_SURNAMES = [
    ("Абрамова", "female"), ("Белоусов", "male"), ("Воронцова-Вельяминова", "female"),
    ("Григорьев", "male"), ("Дмитриева", "female"), ("Ермолаев", "male"), ("Жукова", "female"),
    ("Зиновьев", "male"), ("Игнатьева", "female"), ("Константинопольский", "male"),
]  # fmt: skip
_NAMES = {
    "female": [("Александра", "Константиновна"), ("Елизавета", "Владимировна"), ("Анастасия", "Вячеславовна"),
               ("Валентина", "Станиславовна"), ("Ксения", "Александровна"), ("Маргарита", "Олеговна")],
    "male": [("Владислав", "Александрович"), ("Константин", "Вячеславович"), ("Святослав", "Игоревич"),
             ("Ярослав", "Владимирович"), ("Аркадий", "Олегович"), ("Всеволод", "Петрович")],
}  # fmt: skip
LONG_TITLE = (
    "Индивидуальная программа профессионально-личностного развития молодого специалиста "
    "в условиях реализации обновлённых федеральных государственных образовательных стандартов"
)
LONG_PLAN = [
    {
        "activity": "Взаимопосещение учебных занятий с использованием здоровьесберегающих "
        "и информационно-коммуникационных технологий",
        "form": "индивидуальная консультация",
        "deadline": "сентябрь – октябрь 2024",
        "expected_result": "Сформированы профессиональные компетенции самообразования",
    },
    {
        "activity": "Собеседование по результатам самодиагностики профессиональных затруднений",
        "form": "собеседование",
        "deadline": "декабрь 2024",
        "expected_result": "Скорректирован индивидуальный образовательный маршрут",
    },
]


def _data(name: str) -> dict[str, Any]:
    return read_data(next(p for p in SAMPLES.iterdir() if p.stem == name))


def _person(template: dict[str, Any], index: int, position: str) -> dict[str, Any]:
    surname, gender = _SURNAMES[index % len(_SURNAMES)]
    name, patronymic = _NAMES[gender][(index // len(_SURNAMES)) % len(_NAMES[gender])]
    person = copy.deepcopy(template)
    person.update(surname=surname, name=name, patronymic=patronymic, gender=gender, position=position)
    if surname.endswith("а") and gender == "male":
        person["surname"] = surname[:-1]
    return person


def small_school() -> Dossier:
    """A rural school with 3 pairs and the spaced «п р и к а з ы в а ю:» style."""
    data = _data("gymnasium-20")
    data["organisation"].update(
        full_name="Муниципальное казённое общеобразовательное учреждение «Красноярская основная "
        "общеобразовательная школа»",
        short_name="МКОУ «Красноярская ООШ»",
        short_name_genitive=None,
        order_style="п р и к а з ы в а ю:",
    )
    data["pairs"] = data["pairs"][:3]
    data["roadmap"]["layout"] = "events"  # the samples print the other two column sets
    return dossier_from_data(data)


def large_school(pairs: int = 40) -> Dossier:
    """A school with `pairs` pairs, long programme titles and long words in the plans."""
    data = _data("gymnasium-20")
    source = data["pairs"]
    new_pairs = []
    for i in range(pairs):
        pair = copy.deepcopy(source[i % len(source)])
        pair["mentor"] = _person(
            pair["mentor"], i, "учитель физической культуры и основ безопасности жизнедеятельности"
        )
        pair["mentees"] = [
            _person(m, i + 13 + k, m.get("position") or "учитель") for k, m in enumerate(pair["mentees"])
        ]
        pair["programme_title"] = LONG_TITLE
        pair["plan"] = copy.deepcopy(LONG_PLAN) + pair.get("plan", [])[:3]
        new_pairs.append(pair)
    data["pairs"] = new_pairs
    data["rewards"] = []
    return dossier_from_data(data)


def college() -> Dossier:
    data = _data("college-blagoveshchensk")
    data["organisation"].update(
        full_name="Краевое государственное бюджетное профессиональное образовательное учреждение "
        "«Благовещенский сельскохозяйственно-технологический техникум»",
        short_name="КГБПОУ «БСХТТ»",
        short_name_genitive=None,
    )
    return dossier_from_data(data)


def all_new() -> dict[str, Dossier]:
    return {"малая школа": small_school(), "школа на 40 пар": large_school(), "колледж": college()}
