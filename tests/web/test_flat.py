"""The converter between flat form fields and nested dossier data."""

from __future__ import annotations

from datetime import date

import pytest

from docgen.forms import FlatFormError, field_name, flatten, normalise, unflatten
from docgen.model import dossier_from_data, read_data
from tests.conftest import SAMPLES


def test_names_follow_the_dossier_structure():
    data = {"pairs": [{"mentor": {"surname": "Иванова"}, "mentees": [{}, {"gender": "male"}]}]}
    assert flatten(data) == {
        "pairs-0-mentor-surname": "Иванова",
        "pairs-0-mentees-1-gender": "male",
    }
    assert field_name(("pairs", 2, "mentor", "gender")) == "pairs-2-mentor-gender"


def test_round_trip_of_the_full_sample():
    data = read_data(SAMPLES / "gymnasium-20.yaml")
    again = unflatten(flatten(data))
    assert again == normalise(data)
    # Text leaves are accepted by the model exactly as the original was.
    assert dossier_from_data(again) == dossier_from_data(data)


def test_round_trip_keeps_a_group_of_three_mentees():
    pair = {
        "mentor": {"surname": "Соколова", "name": "Екатерина", "gender": "female"},
        "mentees": [{"surname": s, "name": "А", "gender": "female"} for s in ("А", "Б", "В")],
    }
    flat = flatten({"pairs": [pair]})
    assert flat["pairs-0-mentees-2-surname"] == "В"
    assert unflatten(flat) == {"pairs": [pair]}


def test_gaps_and_order_of_indexes_are_renumbered():
    items = [
        ("pairs-5-form", "учитель – ученик"),
        ("pairs-2-form", "ученик – ученик"),
        ("pairs-2-mentees-7-surname", "Петров"),
        ("pairs-2-mentees-3-surname", "Сидоров"),
    ]
    assert unflatten(items) == {
        "pairs": [
            {"form": "ученик – ученик", "mentees": [{"surname": "Сидоров"}, {"surname": "Петров"}]},
            {"form": "учитель – ученик"},
        ]
    }


def test_empty_values_rows_and_groups_are_dropped():
    items = [
        ("curator-surname", "Жмурина"),
        ("curator-patronymic", "   "),
        ("curator-representative-surname", ""),
        ("curator-representative-gender", ""),
        ("working_group-0-role", ""),
        ("working_group-0-person-surname", ""),
    ]
    assert unflatten(items) == {"curator": {"surname": "Жмурина"}}


def test_typed_text_is_kept_as_typed():
    items = [("pairs-0-start", "31.02.2023"), ("pairs-0-payment", "пять тысяч")]
    assert unflatten(items) == {"pairs": [{"start": "31.02.2023", "payment": "пять тысяч"}]}


def test_values_become_text():
    data = {"a": True, "b": False, "c": 2500, "d": 35.0, "e": date(2022, 9, 15), "f": None}
    assert flatten(data) == {"a": "true", "c": "2500", "d": "35", "e": "15.09.2022"}


@pytest.mark.parametrize(
    "items",
    [
        [("pairs-0", "x"), ("pairs-0-form", "y")],
        [("pairs-0-form", "y"), ("pairs-name", "z")],
    ],
)
def test_conflicting_names_are_refused(items):
    with pytest.raises(FlatFormError):
        unflatten(items)


def test_dashes_inside_keys_survive():
    data = {"orders": {"implementation-order": {"number": "60"}}}
    flat = flatten(data)
    assert flat == {"orders-implementation~order-number": "60"}
    assert unflatten(flat) == data
    assert field_name(("orders", "implementation-order", "number")) in flat
