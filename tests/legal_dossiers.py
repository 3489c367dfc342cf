"""New dossiers written as new users would, for the legal-substance tests (issue 12):
a rural school in 2025/2026 and a college whose director mentors."""

from __future__ import annotations

import copy
from typing import Any

from docgen.model import Dossier, dossier_from_data
from docgen.render.package import RenderedDocument, render_dossier
from tests.docxread import all_text, norm

_RURAL: dict[str, Any] = {
    "school_year": "2025/2026",
    "directions": ["students", "teachers"],
    "organisation": {
        "kind": "school",
        "full_name": "Муниципальное казённое общеобразовательное учреждение "
        "«Средняя общеобразовательная школа с. Ивановка»",
        "short_name": "МКОУ «СОШ с. Ивановка»",
        "founder": "Отдел образования администрации Ивановского муниципального округа",
        "city": "с. Ивановка",
        "address": "676900, Амурская область, с. Ивановка, ул. Школьная, д. 1",
        "site": "https://ivanovka-school.ru",
        "inn": "2816001234",
        "ogrn": "1022801234567",
        "director": {
            "surname": "Кравченко", "name": "Наталья", "patronymic": "Сергеевна",
            "gender": "female", "position": "директор",
        },
    },
    "curator": {
        "surname": "Лебедева", "name": "Ирина", "patronymic": "Павловна",
        "gender": "female", "position": "заместитель директора по учебно-воспитательной работе",
    },
    "curator_payment": "2000",
    "pairs": [
        {
            "mentor": {
                "surname": "Соколов", "name": "Андрей", "patronymic": "Викторович",
                "gender": "male", "position": "учитель физики",
            },
            "mentees": [
                {
                    "surname": "Зуева", "name": "Полина", "patronymic": "Андреевна",
                    "gender": "female", "position": "учитель математики",
                }
            ],
            "form": "учитель – учитель",
            "start": "15.09.2025",
            "end": "31.05.2026",
            "payment": "3000",
        },
        {
            "mentor": {
                "surname": "Соколов", "name": "Андрей", "patronymic": "Викторович",
                "gender": "male", "position": "учитель физики",
            },
            "mentees": [
                {
                    "surname": "Петров", "name": "Егор", "patronymic": "Ильич",
                    "gender": "male", "position": "обучающийся 8 класса",
                    "category": "обучающийся", "minor": True,
                    "representative": {
                        "surname": "Петрова", "name": "Светлана", "patronymic": "Олеговна",
                        "gender": "female", "relation": "мать", "phone": "+7 900 111-22-33",
                    },
                }
            ],
            "form": "учитель – ученик",
            "start": "15.09.2025",
            "end": "31.05.2026",
        },
    ],
    "orders": {
        "implementation-order": {"number": "41", "date": "29.08.2025"},
        "pairs-order": {"number": "57", "date": "12.09.2025"},
    },
}  # fmt: skip

_DEPUTY = {
    "surname": "Никитина", "name": "Ольга", "patronymic": "Петровна",
    "gender": "female", "position": "заместитель директора по учебной работе",
}  # fmt: skip
_SIGNATORY = {
    "person": _DEPUTY,
    "basis": "приказа от 01.09.2025 № 12-к «О распределении обязанностей»",
}
_COLLEGE_DIRECTOR = {
    "surname": "Громов", "name": "Виктор", "patronymic": "Алексеевич",
    "gender": "male", "position": "директор",
}  # fmt: skip


def rural_school(**overrides: Any) -> dict[str, Any]:
    data = copy.deepcopy(_RURAL)
    data.update(copy.deepcopy(overrides))
    return data


def college_director_mentors(signatory: bool = True, **overrides: Any) -> dict[str, Any]:
    """A college whose director mentors a young lecturer, with pay."""
    data = copy.deepcopy(_RURAL)
    data["organisation"] = {
        "kind": "college",
        "full_name": "Государственное профессиональное образовательное учреждение "
        "«Северный политехнический колледж»",
        "short_name": "ГПОУ «Северный политехнический колледж»",
        "city": "г. Северск",
        "director": copy.deepcopy(_COLLEGE_DIRECTOR),
    }
    if signatory:
        data["organisation"]["authorised_signatory"] = copy.deepcopy(_SIGNATORY)
    data["directions"] = ["teachers"]
    data["pairs"] = [
        {
            "mentor": copy.deepcopy(_COLLEGE_DIRECTOR),
            "mentees": [
                {
                    "surname": "Юдин", "name": "Роман", "patronymic": "Олегович",
                    "gender": "male", "position": "преподаватель",
                }
            ],
            "form": "директор образовательной организации – педагог",
            "start": "15.09.2025",
            "end": "31.05.2026",
            "payment": "4000",
        }
    ]  # fmt: skip
    data.update(copy.deepcopy(overrides))
    return data


def render(data: dict[str, Any], *kinds: str) -> list[RenderedDocument]:
    dossier: Dossier = dossier_from_data(data)
    return render_dossier(dossier, only=kinds or None)


def texts(documents: list[RenderedDocument], kind: str) -> list[str]:
    return [norm(all_text(d.content)) for d in documents if d.kind.id == kind]
