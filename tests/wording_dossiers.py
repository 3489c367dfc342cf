"""Dossiers written from scratch, as new users write them, for the wording tests."""

from __future__ import annotations

import json
import re
from typing import Any

from docgen.forms.defaults import default_roadmap


def person(
    surname: str, name: str, patronymic: str, gender: str, position: str, **extra: Any
) -> dict[str, Any]:
    return {
        "surname": surname,
        "name": name,
        "patronymic": patronymic,
        "gender": gender,
        "position": position,
        **extra,
    }


def pupil(surname: str, name: str, patronymic: str, gender: str, form: str) -> dict[str, Any]:
    word = "обучающаяся" if gender == "female" else "обучающийся"
    return person(
        surname, name, patronymic, gender, f"{word} {form} класса", category="обучающийся", minor=True
    )


DIRECTOR = person("Кузнецов", "Виктор", "Андреевич", "male", "директор")
CURATOR = person(
    "Лаврова", "Елена", "Павловна", "female", "заместитель директора по учебно-воспитательной работе"
)
LEADER = person("Зайцев", "Олег", "Николаевич", "male", "заместитель директора по воспитательной работе")
SECRETARY = person("Пахомова", "Ирина", "Викторовна", "female", "учитель русского языка и литературы")
MENTOR_TEACHER = person("Гусева", "Надежда", "Ивановна", "female", "учитель математики")
YOUNG_TEACHER = person(
    "Мельников",
    "Артём",
    "Сергеевич",
    "male",
    "учитель математики",
    workplace="МБОУ «Заречная основная общеобразовательная школа»",
)
GROUP_MENTOR = person("Фролов", "Пётр", "Ильич", "male", "учитель истории")
GROUP = [
    pupil("Орлова", "Дарья", "Максимовна", "female", "7 «А»"),
    pupil("Титов", "Глеб", "Романович", "male", "7 «А»"),
    pupil("Ежова", "Алина", "Денисовна", "female", "7 «Б»"),
]
EMPLOYER = person(
    "Рябов",
    "Антон",
    "Михайлович",
    "male",
    "главный агроном",
    category="работодатель",
    workplace='ООО "Агрофирма "Рассвет""',
)
FARM_PUPIL = pupil("Соболев", "Илья", "Олегович", "male", "9 «А»")
ACCOUNTANT = person("Белова", "Галина", "Петровна", "female", "главный бухгалтер")


def rural_school() -> dict[str, Any]:
    """A 2025/2026 rural school: three pairs, one a group of three pupils, one an external mentor."""
    return {
        "format_version": 1,
        "school_year": "2025/2026",
        "directions": ["students", "teachers"],
        "organisation": {
            "kind": "school",
            "full_name": "Муниципальное бюджетное общеобразовательное учреждение "
            "«Ключевская средняя общеобразовательная школа»",
            "short_name": "МБОУ «Ключевская СОШ»",
            "city": "с. Ключи",
            "director": DIRECTOR,
            "chief_accountant": ACCOUNTANT,
            "number_format": "{n}-од",
        },
        "curator": CURATOR,
        "curator_payment": 2000,
        "forms": ["учитель - учитель", "учитель – ученик", "работодатель – ученик"],
        "working_group": [
            {"person": CURATOR, "role": "член рабочей группы"},
            {"person": LEADER, "role": "руководитель рабочей группы"},
            {"person": SECRETARY, "role": "секретарь"},
        ],
        "pairs": [
            {
                "mentor": MENTOR_TEACHER,
                "mentees": [YOUNG_TEACHER],
                "form": "учитель - учитель",
                "start": "01.09.2025",
                "end": "31.05.2026",
                "payment": 2500,
            },
            {
                "mentor": GROUP_MENTOR,
                "mentees": GROUP,
                "form": "учитель – ученик",
                "kind": "групповое",
                "start": "15.09.2025",
                "end": "29.05.2026",
                "programme_title": 'Проект "Моя малая родина"',
            },
            {
                "mentor": EMPLOYER,
                "mentees": [FARM_PUPIL],
                "form": "работодатель – ученик",
                "start": "01.10.2025",
                "end": "30.04.2026",
            },
        ],
        "orders": {
            "implementation-order": {"number": "71", "date": "29.08.2025"},
            "curator-order": {"number": "72", "date": "29.08.2025"},
            "working-group-order": {"number": "73", "date": "29.08.2025"},
            "pairs-order": {"number": "90", "date": "12.09.2025"},
            "final-event-order": {"number": "41", "date": "20.04.2026"},
        },
        "final_event": {
            "title": 'районная конференция "Наставничество - шаг в профессию"',
            "date": "15.05.2026",
            "place": "актовый зал МБОУ «Ключевская СОШ»",
            "responsible": CURATOR,
            "jury": [DIRECTOR, SECRETARY],
        },
        "roadmap": default_roadmap(2025, ["учитель – учитель", "учитель – ученик", "работодатель – ученик"]),
    }


def college() -> dict[str, Any]:
    """A 2025/2026 college: a male curator, three people responsible for the final event."""
    lecturer = person("Сидорова", "Вера", "Игоревна", "female", "преподаватель специальных дисциплин")
    master = person("Ковалёв", "Денис", "Юрьевич", "male", "мастер производственного обучения")
    student = person(
        "Лукин", "Матвей", "Артёмович", "male", "студент 2 курса группы № 21", category="студент"
    )
    return {
        "format_version": 1,
        "school_year": "2025/2026",
        "directions": ["teachers", "students"],
        "organisation": {
            "kind": "college",
            "full_name": "Краевое государственное бюджетное профессиональное образовательное учреждение "
            "«Озёрский аграрный колледж»",
            "short_name": "КГБПОУ «Озёрский аграрный колледж»",
            "city": "г. Озёрск",
            "director": person("Андреева", "Марина", "Львовна", "female", "директор"),
            "number_format": "{n}",
        },
        "curator": person(
            "Степанов", "Игорь", "Валерьевич", "male", "заместитель директора по учебной работе"
        ),
        "forms": ["преподаватель – студент"],
        "working_group": [{"person": lecturer, "role": "член рабочей группы"}],
        "pairs": [
            {
                "mentor": master,
                "mentees": [student],
                "form": "преподаватель – студент",
                "start": "01.10.2025",
                "end": "30.06.2026",
            }
        ],
        "orders": {
            "implementation-order": {"number": "101", "date": "01.09.2025"},
            "final-event-order": {"number": "57", "date": "10.04.2026"},
        },
        "final_event": {
            "title": "студенческая олимпиада профессионального мастерства",
            "date": "21.05.2026",
            "time": "10:00",
            "place": "мастерские колледжа",
            "responsible": master,
            "co_responsible": [lecturer, student],
        },
        "roadmap": default_roadmap(2025, ["преподаватель – студент"]),
    }


NEW_MENTOR = person("Тимофеева", "Алла", "Борисовна", "female", "учитель математики")


def rural_school_year_end(start_year: int = 2025) -> dict[str, Any]:
    """The rural school in `start_year`/… with a mentor replaced and a group excluded in February
    (before 01.03.2025 for 2024, after it for 2025), and the curator's end-of-year report."""
    data = rural_school()
    if start_year != 2025:
        shift = start_year - 2025
        text = json.dumps(data, ensure_ascii=False)
        text = re.sub(r"\b(20\d\d)\b", lambda m: str(int(m.group(1)) + shift), text)
        data = json.loads(text)
        data["roadmap"] = default_roadmap(
            start_year, ["учитель – учитель", "учитель – ученик", "работодатель – ученик"]
        )
    february = f"10.02.{start_year + 1}"
    data["orders"]["pairs-amendment-order"] = {"number": "120", "date": february}
    data["pair_changes"] = [
        {"pair": 1, "action": "replace_mentor", "date": february, "new_mentor": NEW_MENTOR,
         "reason": "в связи с увольнением наставника", "payment": 2500},
        {"pair": 2, "action": "exclude", "date": february, "reason": "по заявлению наставляемых"},
    ]  # fmt: skip
    data["report"] = {
        "date": f"29.05.{start_year + 1}",
        "pupils": 120,
        "teachers": 14,
        "mentee_satisfaction": 88,
        "results": ["Молодой учитель математики провёл открытый урок."],
        "proposals": ["Расширить форму «ученик – ученик»."],
    }
    return data
