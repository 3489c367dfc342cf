"""Quotes, non-breaking spaces, dashes, sentence ends and lists."""

from __future__ import annotations

import pytest

from docgen.grammar import NBSP, end_sentence, join_with_and, quote, typograph


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("СОШ № 1", "«СОШ № 1»"),
        ('СОШ "Лидер"', "«СОШ „Лидер“»"),
        ("Школа «Лидер»", "«Школа „Лидер“»"),
        ("«СОШ № 1»", "«СОШ № 1»"),
        ("«А» и «Б»", "«„А“ и „Б“»"),
        ("Tom & Jerry <3>", "«Tom & Jerry <3>»"),
    ],
)
def test_quote(text: str, expected: str) -> None:
    assert quote(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('ООО "Ромашка" и "Лютик"', "ООО «Ромашка» и «Лютик»"),
        ('МБОУ "СОШ "Лидер""', "МБОУ «СОШ „Лидер“»"),
        ("«Школа „Лидер“»", "«Школа „Лидер“»"),
        ("приказ № 246", f"приказ №{NBSP}246"),
        ("приказ №246", f"приказ №{NBSP}246"),
        ("О.А. Жмурина", f"О.А.{NBSP}Жмурина"),
        ("по представлению Жмуриной О.А.", f"по представлению Жмуриной{NBSP}О.А."),
        ("от 15.11.2022 г.", f"от 15.11.2022{NBSP}г."),
        ("в 2022г. и 2023 гг.", f"в 2022{NBSP}г. и 2023{NBSP}гг."),
        ("учитель - ученик", "учитель – ученик"),
        ("2020-2024 годы", "2020-2024 годы"),
        ("педагог-психолог", "педагог-психолог"),
        ("а   б  в", "а б в"),
        ("A & B <c> 'd'", "A & B <c> 'd'"),
        ("“15” ноября 2022 г.", f"“15” ноября 2022{NBSP}г."),
    ],
)
def test_typograph(text: str, expected: str) -> None:
    assert typograph(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        'Приказ № 246 от 15.11.2022 г. "О внедрении" - О.А. Жмурина',
        'МБОУ "СОШ "Лидер"" & <b>',
        "«уже „готово“» – Жмуриной О.А.",
        "",
    ],
)
def test_typograph_is_idempotent(text: str) -> None:
    once = typograph(text)
    assert typograph(once) == once


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Возложить на Жмурину О.А.", "Возложить на Жмурину О.А."),
        ("Контроль оставляю за собой", "Контроль оставляю за собой."),
        ("Готово!", "Готово!"),
        ("Кто?", "Кто?"),
        ("и так далее…", "и так далее…"),
        ("Утвердить  ", "Утвердить."),
        ("", ""),
    ],
)
def test_end_sentence(text: str, expected: str) -> None:
    assert end_sentence(text) == expected


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([], ""),
        (["А"], "А"),
        (["А", "Б"], "А и Б"),
        (["А", "Б", "В"], "А, Б и В"),
        (["А", "", "В"], "А и В"),
    ],
)
def test_join_with_and(items: list[str], expected: str) -> None:
    assert join_with_and(items) == expected
