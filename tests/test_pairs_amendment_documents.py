"""The order amending the pairs, read as an inspector reads it: the new paid mentor consents and
signs an agreement under the law of the change's date (ст. 60.2/151 before 01.03.2025, ст. 351.8
after), gives the personal-data consents, and everyone the order touches signs the list."""

from __future__ import annotations

from functools import cache

import pytest

from docgen.model import dossier_from_data
from docgen.render.lint import lint_documents
from docgen.render.package import RenderedDocument, render_dossier
from tests.docxread import body_text, norm, open_docx
from tests.wording_dossiers import rural_school_year_end

OLD_LAW = "статьями 60.2 и 151 Трудового кодекса Российской Федерации"
NEW_LAW = "статьёй 351.8 Трудового кодекса Российской Федерации"


@cache
def package(year: int) -> tuple[RenderedDocument, ...]:
    return tuple(render_dossier(dossier_from_data(rural_school_year_end(year))))


def _texts(year: int, kind: str, who: str = "") -> list[str]:
    return [
        norm(body_text(open_docx(d.content)))
        for d in package(year)
        if d.kind.id == kind and who in d.filename
    ]


@pytest.mark.parametrize("year", [2024, 2025])
def test_amending_order_lists_everyone_it_touches(year):
    [order] = _texts(year, "pairs-amendment-order")
    assert (
        "в связи с изменением состава наставнических пар (групп), на основании письменных "
        "согласий наставников ПРИКАЗЫВАЮ:" in order
    )
    ack = order.split("С приказом ознакомлены:")[1]
    for who in ("Е.П. Лаврова", "А.Б. Тимофеева", "Н.И. Гусева", "П.И. Фролов", "Г.П. Белова"):
        assert who in ack, who  # curator, new mentor, former mentors, chief accountant
    assert "В.А. Кузнецов" not in ack  # never the signatory
    assert "Мельников" not in ack  # works at another school: not bound by this order
    assert "351.8" not in order or year >= 2025


@pytest.mark.parametrize(("year", "law"), [(2024, OLD_LAW), (2025, NEW_LAW)])
def test_new_paid_mentor_consents_and_signs_under_the_law_of_the_change(year, law):
    [consent] = _texts(year, "mentoring-consent", "timofeeva")
    [agreement] = _texts(year, "supplementary-agreement", "timofeeva")
    assert f"В соответствии со {law}" in consent
    assert (
        "учителя математики Мельникова Артёма Сергеевича (форма наставничества «учитель – учитель», "
        f"период наставничества с 10.02.{year + 1} по 31.05.{year + 1})" in consent
    )
    assert f"В соответствии со {law} Работник" in agreement
    assert "2 500 (две тысячи пятьсот) рублей 00 копеек" in agreement
    assert _texts(year, "consent-pd-adult", "timofeeva")
    assert _texts(year, "consent-pd-publication", "timofeeva")


@pytest.mark.parametrize("year", [2024, 2025])
def test_year_end_package_passes_the_wording_lint(year):
    dossier = dossier_from_data(rural_school_year_end(year))
    assert {"pairs-amendment-order", "curator-report"} <= {d.kind.id for d in package(year)}
    assert lint_documents(list(package(year)), dossier) == []


def test_curator_report_does_not_pass_over_the_amending_order():
    [report] = _texts(2025, "curator-report")
    assert (
        "В течение учебного года в состав наставнических пар внесены изменения приказом "
        "от 10.02.2026 № 120-од: заменён наставник в 1 паре (группе), исключена 1 пара (группа)." in report
    )


def test_one_new_mentor_is_named_and_several_are_addressed_together():
    [order] = _texts(2025, "pairs-amendment-order")
    assert (
        "5. Учителю математики Тимофеевой А.Б. в течение десяти рабочих дней скорректировать "
        "совместно с наставляемым персонализированную программу наставничества и представить её "
        "куратору." in order
    )
    data = rural_school_year_end(2025)
    data["pair_changes"][1] = {
        "pair": 2, "action": "replace_mentor", "date": "10.02.2026", "reason": "по болезни наставника",
        "new_mentor": {**data["pair_changes"][0]["new_mentor"], "surname": "Лебедь", "name": "Инна"},
    }  # fmt: skip
    [doc] = render_dossier(dossier_from_data(data), only=["pairs-amendment-order"])
    text = norm(body_text(open_docx(doc.content)))
    assert (
        "Наставникам, закреплённым настоящим приказом, в течение десяти рабочих дней скорректировать "
        "совместно с наставляемыми персонализированные программы наставничества" in text
    )


def test_a_mentor_taking_over_after_march_2025_cites_351_8_and_the_lint_agrees():
    data = rural_school_year_end(2024)
    for change in data["pair_changes"]:
        change["date"] = "10.03.2025"
    data["orders"]["pairs-amendment-order"]["date"] = "10.03.2025"
    dossier = dossier_from_data(data)
    documents = render_dossier(dossier, only=["mentoring-consent", "supplementary-agreement"])
    new = [d for d in documents if "timofeeva" in d.filename]
    old = [d for d in documents if "timofeeva" not in d.filename]
    assert all(NEW_LAW in norm(body_text(open_docx(d.content))) for d in new) and len(new) == 2
    assert all(OLD_LAW in norm(body_text(open_docx(d.content))) for d in old)
    assert lint_documents(documents, dossier) == []
