"""The wording lint: each rule on a tiny text, then over every document of every sample and of
dossiers written here from scratch (a 2025/2026 rural school, also with its year's changes and
report, a college, a college whose director mentors, a municipal office)."""

from __future__ import annotations

from datetime import date
from functools import cache

import pytest

from docgen.model import dossier_from_data
from docgen.render.lint import RULES, DocumentFacts, lint_documents, lint_text
from docgen.render.package import RenderedDocument, render_dossier
from tests.conftest import SAMPLE_FILES, rendered_sample, sample
from tests.legal_dossiers import college_director_mentors
from tests.test_authority_packages import office_data
from tests.wording_dossiers import college, rural_school, rural_school_year_end

# Findings whose fix belongs to another branch: {rule id: {document kind: owner}}. Only these
# (rule, kind) pairs are skipped; remove each entry once that branch is merged.
PENDING_OTHER_BRANCHES: dict[str, dict[str, str]] = {}

NEW_DOSSIERS = {
    "rural-school-2025": rural_school,
    "college-2025": college,
    "college-director-mentors": college_director_mentors,
    "municipal-office-2025": office_data,
    "rural-school-2024-year-end": lambda: rural_school_year_end(2024),
}


@cache
def rendered_new(name: str) -> tuple:
    dossier = dossier_from_data(NEW_DOSSIERS[name]())
    return dossier, tuple(render_dossier(dossier))


def _unexpected(documents: list[RenderedDocument] | tuple, dossier) -> list[str]:
    return [
        f"{filename}: {finding}"
        for filename, finding in lint_documents(documents, dossier)
        if next(d.kind.id for d in documents if d.filename == filename)
        not in PENDING_OTHER_BRANCHES.get(finding.rule, {})
    ]


@pytest.mark.parametrize("name", [p.stem for p in SAMPLE_FILES])
def test_no_sample_document_trips_the_wording_lint(name):
    assert _unexpected(rendered_sample(name), sample(name)) == []


@pytest.mark.parametrize("name", sorted(NEW_DOSSIERS))
def test_no_document_of_a_new_dossier_trips_the_wording_lint(name):
    dossier, documents = rendered_new(name)
    assert len(documents) > 5
    assert _unexpected(documents, dossier) == []


def test_pending_entries_name_real_rules():
    assert set(PENDING_OTHER_BRANCHES) <= set(RULES)


# -- each rule on a tiny text -------------------------------------------------------------------

BEFORE_351_8 = DocumentFacts(date=date(2022, 9, 1))
AFTER_351_8 = DocumentFacts(date=date(2025, 3, 1))
MUNICIPAL = DocumentFacts(org_kind="municipal_office", kind="supplementary-agreement")
FEMALE_HEAD = DocumentFacts(signatory_gender="female")

CASES = [
    # (rule, text, facts, flagged)
    ("date-double-dot", "Провести конкурс 19 мая 2023 г..", None, True),
    ("date-double-dot", "Провести конкурс 19 мая 2023 г. в 14:00.", None, False),
    ("date-double-dot", "за 2022–2023 гг.. Далее", None, True),
    ("initials-double-dot", "возложить на Жмурину О.А..", None, True),
    ("initials-double-dot", "возложить на Жмурину О.А.", None, False),
    ("acknowledged-bracket", "С приказом ознакомлен(а):", None, True),
    ("acknowledged-bracket", "С приказом ознакомлена:", None, False),
    ("gender-brackets", "ответственный(ая) за реализацию программ(ы)", None, True),
    ("gender-brackets", "реализацию программ (приложение 1)", None, False),
    ("approve-polozhenie-plural", "1. Утвердить Положения о наставничестве (приложение 1).", None, True),
    ("approve-polozhenie-plural", "1. Утвердить Положение о наставничестве (приложение 1).", None, False),
    (
        "approve-polozhenie-plural",
        "2. Утвердить Положения о наставничестве обучающихся и о системе наставничества педагогов.",
        None,
        False,
    ),
    (
        "acting-gender",
        "в лице директора Петренко Аллы Ивановны, действующего на основании Устава",
        None,
        True,
    ),
    (
        "acting-gender",
        "в лице директора Петренко Аллы Ивановны, действующей на основании Устава",
        None,
        False,
    ),
    ("acting-gender", "в лице директора Орлова Павла Игоревича, действующей на основании Устава", None, True),
    ("acting-gender", "в лице директора Петренко А.И., действующего на основании Устава", FEMALE_HEAD, True),
    ("acting-gender", "в лице директора Петренко А.И., действующей на основании Устава", FEMALE_HEAD, False),
    ("event-nominative", "1. Провести конференция «Наставничество» 15 мая 2026 г.", None, True),
    ("event-nominative", "1. Провести муниципальная конференция наставников.", None, True),
    ("event-nominative", "1. Провести конференцию «Наставничество» 15 мая 2026 г.", None, False),
    ("event-nominative", "1. Провести школьный конкурс «Наставник года».", None, False),
    ("event-nominative", "1. Организовать в МБОУ СШ № 7 «Школу наставников».", None, False),
    ("law-not-in-force", "в соответствии со статьёй 351.8 Трудового кодекса", BEFORE_351_8, True),
    ("law-not-in-force", "в соответствии со статьёй 351.8 Трудового кодекса", AFTER_351_8, False),
    ("law-not-in-force", "в соответствии со статьёй 351.8 Трудового кодекса", None, False),
    ("authority-consents", "ДОПОЛНИТЕЛЬНОЕ СОГЛАШЕНИЕ № 1", MUNICIPAL, True),
    (
        "authority-consents",
        "СОГЛАСИЕ на обработку персональных данных",
        DocumentFacts(org_kind="municipal_office"),
        True,
    ),
    ("authority-consents", "ДОПОЛНИТЕЛЬНОЕ СОГЛАШЕНИЕ № 1", DocumentFacts(org_kind="school"), False),
    (
        "authority-school-duties",
        "2.3. организация подбора наставнических пар и групп;",
        DocumentFacts(org_kind="municipal_office", kind="curator-order"),
        True,
    ),
    (
        "authority-school-duties",
        "2.3. организация подбора наставнических пар и групп;",
        DocumentFacts(org_kind="school", kind="curator-order"),
        False,
    ),
    (
        "authority-consents",
        "ДОПОЛНИТЕЛЬНОЕ СОГЛАШЕНИЕ № 1 о выполнении дополнительной работы координатора",
        DocumentFacts(org_kind="municipal_office", kind="curator-supplementary-agreement"),
        False,
    ),
]


@pytest.mark.parametrize(("rule_id", "text", "facts", "flagged"), CASES)
def test_each_rule_on_a_tiny_text(rule_id, text, facts, flagged):
    found = lint_text(text, facts, rules=[rule_id])
    assert bool(found) is flagged, found
    assert all(f.rule == rule_id and f.message and f.excerpt for f in found)


def test_every_rule_has_a_positive_and_a_negative_case():
    assert {c[0] for c in CASES if c[3]} == set(RULES)
    assert {c[0] for c in CASES if not c[3]} == set(RULES)


def test_nbsp_does_not_hide_a_finding():
    assert lint_text("19 мая 2023\u00a0г..", rules=["date-double-dot"])
