"""The dossier model: what it accepts and the Russian messages for what it refuses."""

from __future__ import annotations

import json

import pytest

from docgen.errors import InvalidDossier, UnreadableDossier
from docgen.model import dossier_from_data, load_dossier
from tests.factories import dossier_data


def errors_of(data) -> list[str]:
    with pytest.raises(InvalidDossier) as caught:
        dossier_from_data(data)
    return [str(e) for e in caught.value.errors]


def test_minimal_dossier_is_valid():
    dossier = dossier_from_data(dossier_data())
    assert dossier.school_year == "2024/2025"
    assert dossier.pairs[0].mentees[0].minor is True
    assert dossier.start_year == 2024


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["pairs"][0]["mentor"].pop("gender"), "пары[1].наставник.пол: обязательное поле"),
        (
            lambda d: d["pairs"][0]["mentees"][0].update(gender="x"),
            "пары[1].наставляемые[1].пол: неизвестный пол «x»",
        ),
        (lambda d: d["pairs"][0].update(end="31.13.2024"), "пары[1].окончание: такой даты нет"),
        (
            lambda d: d["pairs"][0].update(end="01.08.2024"),
            "пары[1]: окончание должно быть позже начала",
        ),
        (lambda d: d.update(school_year="2024/2026"), "учебный год: второй год должен следовать"),
        (lambda d: d["curator"].update(surname=""), "куратор.фамилия: не может быть пустым"),
        (lambda d: d["curator"].pop("name"), "куратор: укажите имя (и отчество) или инициалы"),
        (lambda d: d.update(kurator={}), "kurator: неизвестное поле"),
        (
            lambda d: d.update(rewards=[{"person": d["curator"], "type": "премия", "merit": "за"}]),
            "поощрения[1]: для премии укажите сумму",
        ),
        (
            lambda d: d.update(rewards=[{"person": d["curator"], "type": "медаль", "merit": "за"}]),
            "поощрения[1].вид поощрения: допустимые значения: «благодарность»",
        ),
        (
            lambda d: d["pairs"][0].update(payment="две тысячи"),
            "пары[1].ежемесячная доплата наставнику, руб.: ожидается сумма в рублях",
        ),
        (lambda d: d["pairs"][0].update(mentees=[]), "пары[1].наставляемые: нужен хотя бы один"),
    ],
)
def test_invalid_dossier_names_the_field_in_russian(mutate, expected):
    data = dossier_data()
    mutate(data)
    messages = errors_of(data)
    assert any(m.startswith(expected) for m in messages), messages


def test_money_and_dates_accept_russian_spelling():
    data = dossier_data()
    data["pairs"][0]["payment"] = "2 500,50"
    data["pairs"][0]["start"] = "2024-09-02"
    dossier = dossier_from_data(data)
    assert str(dossier.pairs[0].payment) == "2500.50"
    assert dossier.pairs[0].start.day == 2


def test_initials_only_person_is_accepted():
    data = dossier_data()
    data["curator"] = {"surname": "Жмурина", "initials": "О.А.", "gender": "ж"}
    dossier = dossier_from_data(data)
    assert dossier.curator.full_name == "Жмурина О.А."


def test_json_and_yaml_files_load(tmp_path):
    path = tmp_path / "d.json"
    path.write_text(json.dumps(dossier_data(), ensure_ascii=False), encoding="utf-8")
    assert load_dossier(path).organisation.short_name == "МБОУ СШ № 7"
    broken = tmp_path / "d.yaml"
    broken.write_text("organisation: [\n", encoding="utf-8")
    with pytest.raises(UnreadableDossier, match="не является корректным YAML: строка"):
        load_dossier(broken)
