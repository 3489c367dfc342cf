"""The Russian language layer: cases, names, positions, dates, money and typography.

Importing this package needs neither Flask nor a built morphological dictionary: the
pymorphy3 analyser and the petrovich rules are loaded on first use.
"""

from __future__ import annotations

from docgen.grammar.agreement import agree, agree_gender
from docgen.grammar.cases import NBSP, Case, Gender
from docgen.grammar.dates import (
    MONTHS_GENITIVE,
    MONTHS_NOMINATIVE,
    format_date,
    parse_date,
    parse_school_year,
    period_text,
    school_year,
)
from docgen.grammar.money import format_money, format_number, plural
from docgen.grammar.names import FullName, decline_name, short_name, signature_name
from docgen.grammar.phrases import decline_phrase, decline_position
from docgen.grammar.typography import end_sentence, join_with_and, quote, quotes_and_dashes, typograph

DECLINE_KINDS = ("name", "position", "phrase")


def decline(kind: str, text: str, gender: Gender | str | None, case: Case | str) -> str:
    """Decline `text` of `kind` «name», «position» or «phrase» (used by `docgen decline`)."""
    key = kind.strip().lower()
    if key == "name":
        if gender is None or (isinstance(gender, str) and not gender.strip()):
            raise ValueError("для склонения ФИО нужен пол (male/female)")
        return decline_name(text, gender, case)
    if key == "position":
        return decline_position(text, case, gender or None)
    if key == "phrase":
        return decline_phrase(text, case)
    raise ValueError(f"неизвестный вид «{kind}»; допустимые: {', '.join(DECLINE_KINDS)}")


__all__ = [
    "DECLINE_KINDS",
    "MONTHS_GENITIVE",
    "MONTHS_NOMINATIVE",
    "NBSP",
    "Case",
    "FullName",
    "Gender",
    "agree",
    "agree_gender",
    "decline",
    "decline_name",
    "decline_phrase",
    "decline_position",
    "end_sentence",
    "format_date",
    "format_money",
    "format_number",
    "join_with_and",
    "parse_date",
    "parse_school_year",
    "period_text",
    "plural",
    "quote",
    "quotes_and_dashes",
    "school_year",
    "short_name",
    "signature_name",
    "typograph",
]
