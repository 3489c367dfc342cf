"""Words that agree with the people they name, and sentence ends after dates and initials."""

from __future__ import annotations

import pytest

from docgen.grammar import agree
from docgen.render.polish import polish_text
from docgen.render.values import end_sentence, in_quotes

WOMAN, MAN = {"gender": "female"}, {"gender": "male"}
FORMS = ("ознакомлен", "ознакомлена", "ознакомлены")


@pytest.mark.parametrize(
    ("people", "expected"),
    [
        ([WOMAN], "ознакомлена"),
        ([MAN], "ознакомлен"),
        (WOMAN, "ознакомлена"),  # one person given as such
        ([WOMAN, MAN], "ознакомлены"),
        ([WOMAN, WOMAN, WOMAN], "ознакомлены"),
        ([], "ознакомлены"),  # a heading over lines to fill in by hand
    ],
)
def test_agree_by_count_and_gender(people, expected):
    assert agree(people, *FORMS) == expected


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        ("19 мая 2023 г.", "19 мая 2023 г."),
        ("Жмурину О.А.", "Жмурину О.А."),
        ("актовый зал", "актовый зал."),
        ("и др.", "и др."),
    ],
)
def test_a_value_ending_a_sentence_gets_one_dot(value, printed):
    assert end_sentence(value) == printed


def test_polish_removes_a_second_dot_after_a_year():
    assert polish_text("19 мая 2023 г..") == "19 мая 2023\u00a0г."
    assert polish_text("в 2022–2023 гг.. Далее") == "в 2022–2023\u00a0гг. Далее"
    assert polish_text("шаг..") == "шаг.."  # not an abbreviation of «год»


def test_a_value_inside_template_quotes_gets_inner_quotes():
    assert in_quotes('Профессиональные пробы "Автомеханик"') == "Профессиональные пробы „Автомеханик“"
    assert in_quotes("Проект «Родина»") == "Проект „Родина“"
    assert in_quotes("а», «б") == "а», «б"  # a join between the template's quotes stays
    assert in_quotes(5) == 5
