"""An authority's curator order names its municipal (regional) coordinator and gives only what an
authority may give: coordination, methodical support, monitoring, reports — never a school's
duties (pairs, consents, programmes). A coordinator employed elsewhere is «(по согласованию)» and
is not paid by the authority's order."""

from __future__ import annotations

import copy

import pytest

from docgen.model import dossier_from_data
from docgen.render.lint import lint_documents
from docgen.render.package import render_dossier
from tests.conftest import SAMPLE_FILES, rendered_sample, sample
from tests.docxread import body_text, norm, open_docx
from tests.test_authority_packages import office_data

SCHOOL_DUTIES = (
    "подбора наставнических пар",
    "сбор согласий",
    "персонализированных программ",
    "базы наставников и базы наставляемых",
    "Возложить на",
    "Школе наставников",
)
AUTHORITY_SAMPLES = [p.stem for p in SAMPLE_FILES if sample(p.stem).organisation.kind.is_authority]


def _order(data: dict) -> str:
    [doc] = render_dossier(dossier_from_data(data), only=["curator-order"])
    return norm(body_text(open_docx(doc.content)))


def _kinds(data: dict) -> set[str]:
    return {d.kind.id for d in render_dossier(dossier_from_data(data))}


def test_office_order_names_the_municipal_coordinator_with_authority_functions():
    text = _order(office_data())
    assert "О назначении муниципального координатора внедрения целевой модели наставничества" in text
    assert (
        "1. Назначить муниципальным координатором внедрения целевой модели наставничества "
        "в образовательных организациях Ключевского муниципального округа на 2025/2026 учебный год "
        "ведущего специалиста Орлова Павла Ильича." in text
    )
    assert "2. Определить функции муниципального координатора:" in text
    for function in ("2.1. координация деятельности", "методическое сопровождение", "2.3. мониторинг"):
        assert function in text
    assert "сбор и анализ отчётов образовательных организаций" in text
    assert "во исполнение приказа от 02.09.2025 № 37" in text
    for duty in SCHOOL_DUTIES:
        assert duty not in text
    assert "С приказом ознакомлен:" in text and "П.И. Орлов" in text


@pytest.mark.parametrize("name", AUTHORITY_SAMPLES)
def test_no_authority_sample_gives_school_duties_to_its_coordinator(name):
    [doc] = [d for d in rendered_sample(name) if d.kind.id == "curator-order"]
    text = norm(body_text(open_docx(doc.content)))
    assert "координатор" in text and "куратором" not in text
    for duty in SCHOOL_DUTIES:
        assert duty not in text, (name, duty)


def test_region_names_a_regional_coordinator():
    [doc] = [d for d in rendered_sample("region-mordovia") if d.kind.id == "curator-order"]
    text = norm(body_text(open_docx(doc.content)))
    assert "О назначении регионального координатора" in text
    assert "Назначить региональным координатором" in text
    assert "в образовательных организациях Республики Мордовия" in text


def test_coordinator_employed_elsewhere_is_agreed_and_not_paid_by_the_office():
    data = office_data()
    data["curator"] = copy.deepcopy(data["municipal"]["registry_keeper"])  # МАУ «ЦСОиРО»
    data["curator"]["position"] = "методист"
    data["curator_payment"] = 2000
    text = _order(data)
    assert "методиста Суханову Елену Владимировну (по согласованию)." in text
    assert "доплат" not in text and "Главн" not in text
    assert not {"curator-consent", "curator-supplementary-agreement"} & _kinds(data)


def test_own_staff_coordinator_is_paid_with_consent():
    data = office_data()
    data["curator_payment"] = 2000
    text = _order(data)
    assert "(по согласованию)" not in text
    assert (
        "3. Установить ведущему специалисту Орлову П.И. с его письменного согласия ежемесячную "
        "доплату за выполнение функций координатора в размере 2 000 (две тысячи) рублей 00 копеек" in text
    )
    assert (
        "4. Главному бухгалтеру Гусевой А.И. обеспечить начисление доплаты, установленной пунктом 3" in text
    )


def test_initials_only_coordinator_ends_with_one_dot():
    text = norm(body_text(open_docx(
        next(d for d in rendered_sample("municipal-zavitinsk") if d.kind.id == "curator-order").content
    )))  # fmt: skip
    assert "главного специалиста отдела образования администрации округа Гольц Н.В. 2." in text
    assert "Н.В.." not in text


def test_own_coordinators_consent_and_agreement_speak_of_the_territory():
    data = office_data()
    data["curator_payment"] = 2000
    documents = render_dossier(
        dossier_from_data(data), only=["curator-consent", "curator-supplementary-agreement"]
    )
    consent, agreement = (norm(body_text(open_docx(d.content))) for d in documents)
    assert consent.startswith("Начальнику Управления образования Седовой М.Ю.")
    assert "Управления образования Управления" not in consent
    assert "на выполнение дополнительной работы координатора" in consent
    assert (
        "координатора внедрения целевой модели наставничества в образовательных организациях "
        "Ключевского муниципального округа в 2025/2026 учебном году" in consent
    )
    assert "Ознакомлен с функциями координатора." in consent
    assert "куратор" not in consent + agreement and "Положени" not in consent
    assert "2. Функции координатора определяются приказом о назначении координатора." in agreement
    assert lint_documents(documents, dossier_from_data(data)) == []
