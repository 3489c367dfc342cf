"""Checks across sections of a dossier: written as a curator would get them wrong."""

from __future__ import annotations

import json
import zipfile

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.errors import InvalidDossier
from docgen.model import consistency_warnings, dossier_from_data
from docgen.render.package import render_dossier, write_package
from tests.docxread import open_docx
from tests.factories import dossier_data


def _pair(mentor: dict, mentees: list[dict], start: str = "01.09.2024", end: str = "31.05.2025") -> dict:
    return {"mentor": mentor, "mentees": mentees, "form": "учитель – ученик", "start": start, "end": end}


def _person(surname: str, name: str, patronymic: str, gender: str, **extra) -> dict:
    return {"surname": surname, "name": name, "patronymic": patronymic, "gender": gender, **extra}


MENTOR = _person("Иванова", "Мария", "Петровна", "female", position="учитель математики")
STUDENT = _person(
    "Шевчук", "Анна", "Викторовна", "female",
    position="обучающаяся 9 «А» класса", category="обучающийся", minor=True,
)  # fmt: skip


def _messages(data: dict) -> list[str]:
    with pytest.raises(InvalidDossier) as caught:
        dossier_from_data(data)
    return [str(e) for e in caught.value.errors]


def test_orders_after_the_implementation_order():
    data = dossier_data(
        orders={
            "implementation-order": {"number": "12", "date": "30.08.2024"},
            "curator-order": {"number": "11", "date": "29.08.2024"},
            "pairs-order": {"number": "15", "date": "02.09.2024"},
        }
    )
    messages = _messages(data)
    assert messages == [
        "приказы[curator-order].дата: приказ о назначении куратора (29.08.2024) не может быть "
        "издан раньше приказа о внедрении (30.08.2024)"
    ]


def test_final_event_order_comes_before_the_event():
    data = dossier_data(
        orders={
            "implementation-order": {"number": "12", "date": "30.08.2024"},
            "final-event-order": {"number": "40", "date": "20.05.2025"},
        },
        final_event={
            "title": "конференция «Наставник и ученик»", "date": "15.05.2025", "place": "актовый зал",
            "responsible": _person("Жмурина", "Ольга", "Алексеевна", "female", position="заместитель"),
        },
    )  # fmt: skip
    (message,) = _messages(data)
    assert "должен быть издан до самого мероприятия (15.05.2025)" in message


def test_rewards_early_in_the_year_are_a_warning_not_an_error():
    data = dossier_data(
        orders={
            "implementation-order": {"number": "12", "date": "30.08.2024"},
            "reward-order": {"number": "20", "date": "15.10.2024"},
        }
    )
    dossier = dossier_from_data(data)
    (warning,) = consistency_warnings(dossier)
    assert "в конце учебного года" in str(warning)
    assert str(warning).startswith("приказы[reward-order].дата:")
    data["orders"]["reward-order"]["date"] = "25.05.2025"
    assert consistency_warnings(dossier_from_data(data)) == []


def test_a_number_appears_once_a_year():
    data = dossier_data(
        orders={
            "implementation-order": {"number": "12", "date": "30.08.2024"},
            "pairs-order": {"number": "12", "date": "02.09.2024"},
        }
    )
    (message,) = _messages(data)
    assert "номер 12 за 2024 год уже указан у приказа «Приказ «О внедрении" in message
    # The same number in another year is another journal entry.
    data["orders"]["pairs-order"] = {"number": "12", "date": "10.01.2025"}
    dossier_from_data(data)


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [("01.06.2024", "31.05.2025", "начало"), ("01.09.2024", "30.09.2025", "окончание")],
)
def test_pairs_fall_inside_the_school_year(start, end, field):
    data = dossier_data(pairs=[_pair(MENTOR, [STUDENT], start, end)])
    (message,) = _messages(data)
    assert message.startswith(f"пары[1].{field}: ")
    assert "2024/2025 учебного года (01.09.2024 – 31.08.2025)" in message


def test_duplicate_pairs_are_refused():
    data = dossier_data(pairs=[_pair(MENTOR, [STUDENT]), _pair(MENTOR, [STUDENT])])
    (message,) = _messages(data)
    assert message.startswith("пары[2]: та же пара (группа) уже указана под номером 1")


def test_mentor_load_over_the_polozhenie_limit_is_warned_and_printed():
    students = [
        _person(s, "Иван", "Петрович", "male", position="обучающийся 8 «Б» класса",
                category="обучающийся", minor=True)
        for s in ("Быков", "Волков", "Гусев")
    ]  # fmt: skip
    data = dossier_data(
        pairs=[_pair(MENTOR, students[:2]), _pair(MENTOR, students[2:])], mentees_per_mentor_max=2
    )
    dossier = dossier_from_data(data)
    (warning,) = consistency_warnings(dossier)
    assert str(warning) == (
        "пары[1].наставник: у наставника Иванова Мария наставляемых: 3, а Положение допускает не более 2"
    )
    polozhenie = next(d for d in render_dossier(dossier) if d.kind.id == "polozhenie-students")
    text = " ".join(p.text for p in open_docx(polozhenie.content).paragraphs)
    assert "нагрузки наставника и не может превышать 2." in text


def test_validate_prints_errors_and_warnings(tmp_path):
    runner = CliRunner()
    bad = tmp_path / "bad.json"
    twice = dossier_data(pairs=[_pair(MENTOR, [STUDENT]), _pair(MENTOR, [STUDENT])])
    bad.write_text(json.dumps(twice, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "пары[2]: та же пара (группа) уже указана под номером 1" in result.output
    warned = tmp_path / "warned.json"
    data = dossier_data(
        orders={
            "implementation-order": {"number": "12", "date": "30.08.2024"},
            "reward-order": {"number": "20", "date": "15.10.2024"},
        }
    )
    warned.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(main, ["validate", str(warned)])
    assert result.exit_code == 0
    assert "Предупреждение: приказы[reward-order].дата:" in result.output
    assert "предупреждений: 1" in result.output


def test_namesakes_get_a_document_each(tmp_path):
    """Two mentors «Иванова М.П.»: consents and agreements must not overwrite each other."""
    namesake = _person("Иванова", "Марина", "Павловна", "female", position="учитель физики")
    second_student = {**STUDENT, "surname": "Петрова"}
    data = dossier_data(
        pairs=[
            {**_pair(MENTOR, [STUDENT]), "payment": 2000},
            {**_pair(namesake, [second_student]), "payment": 3000},
        ]
    )
    documents = render_dossier(dossier_from_data(data))
    names = [d.filename for d in documents]
    assert len(names) == len(set(names))
    consents = [d for d in documents if d.kind.id == "mentoring-consent"]
    assert len(consents) == 2
    seen = {" ".join(p.text for p in open_docx(d.content).paragraphs) for d in consents}
    assert any("Мария Петровна" in t or "Марии Петровны" in t for t in seen)
    assert any("Марина Павловна" in t or "Марины Павловны" in t for t in seen)
    package = write_package(documents, dossier_from_data(data), tmp_path / "out")
    written = {p.name for p in (tmp_path / "out").iterdir()} - {"package.zip"}
    assert written == set(names)
    with zipfile.ZipFile(package) as archive:
        members = [n for n in archive.namelist() if n.endswith(".docx")]
    assert sorted(members) == sorted(names)
