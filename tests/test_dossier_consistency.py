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


# -- the order amending the pairs, and the curator's report -------------------------------------

NEW_MENTOR = _person("Кравец", "Олег", "Ильич", "male", position="учитель информатики")
ORDERS = {
    "implementation-order": {"number": "12", "date": "30.08.2024"},
    "pairs-order": {"number": "15", "date": "02.09.2024"},
}


def _text(content: bytes) -> str:
    doc = open_docx(content)
    lines = [p.text for p in doc.paragraphs]
    lines += [" | ".join(c.text for c in row.cells) for t in doc.tables for row in t.rows]
    return "\n".join(lines).replace("\u00a0", " ")


def _only(data: dict, kind: str) -> str:
    (doc,) = render_dossier(dossier_from_data(data), only=[kind])
    return _text(doc.content)


def test_amendment_replaces_a_mentor_citing_the_amended_order():
    group = [STUDENT, {**STUDENT, "surname": "Петрова", "name": "Ольга"}]
    data = dossier_data(
        orders=ORDERS,
        pairs=[{**_pair(MENTOR, group), "payment": 1500}],
        pair_changes=[
            {"pair": 1, "action": "replace_mentor", "date": "10.01.2025",
             "reason": "в связи с увольнением наставника", "new_mentor": NEW_MENTOR, "payment": 2000}
        ],
    )  # fmt: skip
    text = _only(data, "pairs-amendment-order")
    assert (
        "О внесении изменений в приказ от 02.09.2024 № 15-од «Об утверждении наставнических пар (групп)»"
        in text
    )
    assert (
        "с 10.01.2025 закрепить обучающуюся 9 «А» класса Шевчук Анну Викторовну, обучающуюся 9 «А» класса "
        "Петрову Ольгу Викторовну за учителем информатики Кравцом Олегом Ильичом вместо учителя математики "
        "Ивановой Марии Петровны в связи с увольнением наставника." in text
    )
    assert "учителю математики Ивановой М.П. – по наставнической группе № 1 с 10.01.2025." in text
    assert (
        "учителю информатики Кравцу О.И. – 2 000 (две тысячи) рублей 00 копеек в месяц с 10.01.2025." in text
    )
    ack = text.split("С приказом ознакомлены:")[1]
    assert "О.И. Кравец" in ack and "О.А. Жмурина" in ack
    assert "П.И. Орлов" not in ack  # the signatory never signs his own acknowledgement list


def test_amendment_excludes_a_pair():
    boy = _person("Гусев", "Иван", "Петрович", "male", position="обучающийся 8 «Б» класса",
                  category="обучающийся", minor=True)  # fmt: skip
    data = dossier_data(
        orders=ORDERS,
        pairs=[_pair(MENTOR, [STUDENT]), _pair(NEW_MENTOR, [boy])],
        pair_changes=[{"pair": 2, "action": "exclude", "date": "01.03.2025",
                       "reason": "в связи с переводом наставляемого в другую школу"}],
    )  # fmt: skip
    text = _only(data, "pairs-amendment-order")
    assert (
        "с 01.03.2025 исключить наставническую пару № 2 (наставник – Кравец Олег Ильич, наставляемый – "
        "Гусев Иван Петрович) в связи с переводом наставляемого в другую школу." in text
    )
    assert "доплат" not in text
    assert "скорректировать" not in text


@pytest.mark.parametrize(
    ("change", "orders", "expected"),
    [
        ({"pair": 3}, ORDERS, "изменения состава пар[1].номер пары (группы): в досье нет пары № 3"),
        ({}, {"implementation-order": ORDERS["implementation-order"]},
         "приказы[pairs-order]: изменения состава пар вносятся в приказ о закреплении пар"),
        ({"date": "01.08.2024"}, ORDERS, "дата изменения должна быть в период работы пары № 1"),
        ({"new_mentor": MENTOR}, ORDERS, "новый наставник совпадает с прежним"),
    ],
)  # fmt: skip
def test_amendment_inconsistencies_are_named(change, orders, expected):
    base = {"pair": 1, "action": "replace_mentor", "date": "10.01.2025", "reason": "в связи с болезнью",
            "new_mentor": NEW_MENTOR}  # fmt: skip
    data = dossier_data(orders=orders, pair_changes=[{**base, **change}])
    assert any(expected in m for m in _messages(data)), _messages(data)


def test_curator_report_is_a_document_with_the_kpis():
    data = dossier_data(
        kpis={"baseline_year": 2024, "target_year": 2025,
              "indicators": [{"name": "Доля обучающихся в роли наставляемого", "baseline": 0, "target": 10}]},
        report={"date": "30.05.2025", "pupils": 10, "results": ["Все пары завершили программы."],
                "proposals": ["Ввести форму «студент – ученик»."]},
    )  # fmt: skip
    text = _only(data, "curator-report")
    assert "АНАЛИТИЧЕСКАЯ СПРАВКА" in text
    assert "Об итогах реализации целевой модели наставничества в 2024/2025 учебном году" in text
    assert "программы наставничества: 1 наставническая пара, 1 наставник, 1 наставляемый." in text
    assert "1 | Доля обучающихся в роли наставляемого | % | 0 | 10 | 10 | достигнуто" in text
    assert "4. Результаты\nВсе пары завершили программы.\n5. Предложения на следующий учебный год" in text
    assert "Трудности" not in text
    (doc,) = render_dossier(dossier_from_data(data), only=["curator-report"])
    last = [p.text for p in open_docx(doc.content).paragraphs if p.text.strip()][-1]
    assert last.startswith("Заместитель директора") and last.endswith(
        "О.А.\u00a0Жмурина"
    )  # the curator signs


def test_amending_order_comes_after_the_amended_order():
    data = dossier_data(orders={**ORDERS, "pairs-amendment-order": {"number": "3", "date": "01.09.2024"}})
    assert any(
        "приказ о внесении изменений (01.09.2024) не может быть издан раньше изменяемого приказа "
        "о закреплении пар (02.09.2024)" in m
        for m in _messages(data)
    ), _messages(data)


def test_a_pair_starting_before_its_order_is_a_warning():
    dossier = dossier_from_data(dossier_data(orders=ORDERS, pairs=[_pair(MENTOR, [STUDENT])]))
    assert [str(w) for w in consistency_warnings(dossier)] == [
        "пары[1].начало: пара начинает работу (01.09.2024) раньше приказа о закреплении пар "
        "(02.09.2024): закрепление задним числом"
    ]
    on_time = dossier_data(orders=ORDERS, pairs=[_pair(MENTOR, [STUDENT], start="02.09.2024")])
    assert consistency_warnings(dossier_from_data(on_time)) == []
