"""Documents cite only the law in force on their date (issue 12, item 1).

ТК РФ ст. 351.8 (mentoring with written consent, paid under a supplementary agreement) is in
force from 01.03.2025; before it, mentoring pay is additional work under ст. 60.2 и 151 with the
employee's written consent. ГОСТ Р 7.0.97-2025 replaced the 2016 edition on 18.08.2025.
"""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from click.testing import CliRunner

from docgen.cli import main
from docgen.legal import BASES, recognise
from docgen.legal.checks import dossier_warnings
from docgen.model import dossier_from_data
from tests.conftest import documents_of
from tests.conftest import sample as load_sample
from tests.docxread import all_text, norm
from tests.legal_dossiers import render, rural_school, texts

OLD_LAW = "статьями 60.2 и 151 Трудового кодекса Российской Федерации"
NEW_LAW = "статьёй 351.8 Трудового кодекса Российской Федерации"


def _texts(sample: str, kind: str) -> list[str]:
    return [norm(all_text(d.content)) for d in documents_of(sample, kind)]


# -- the registry ----------------------------------------------------------------------------


def test_every_basis_has_its_date_and_titles():
    expected = {
        "r-145": date(2019, 12, 25),
        "az-1128-08": date(2021, 12, 21),
        "tk-351.8": date(2025, 3, 1),
        "152-fz-10.1": date(2021, 3, 1),
        "gost-7.0.97-2025": date(2025, 8, 18),
    }
    for key, effective in expected.items():
        assert BASES[key].effective == effective, key
    for basis in BASES.values():
        assert basis.genitive and basis.instrumental and basis.short
    assert BASES["gost-7.0.97-2016"].expires == date(2025, 8, 18)
    assert not BASES["tk-351.8"].in_force(date(2025, 2, 28))
    assert BASES["tk-351.8"].in_force(date(2025, 3, 1))


def test_free_text_basis_is_recognised():
    assert [b.key for b in recognise("статьи 351.8 Трудового кодекса Российской Федерации")] == ["tk-351.8"]
    assert "r-145" in [b.key for b in recognise("распоряжения … от 25.12.2019 № Р-145 «Об …»")]


# -- 2022/2023 samples: before ст. 351.8 -----------------------------------------------------


@pytest.mark.parametrize("sample", ["gymnasium-20", "college-blagoveshchensk"])
@pytest.mark.parametrize(
    "kind", ["mentoring-consent", "supplementary-agreement", "polozhenie-teachers", "polozhenie-students"]
)
def test_samples_of_2022_do_not_cite_351_8(sample, kind):
    found = _texts(sample, kind)
    assert found, (sample, kind)
    for body in found:
        assert "351.8" not in body
        assert OLD_LAW in body


def test_2022_consent_and_agreement_describe_additional_work():
    consent = _texts("gymnasium-20", "mentoring-consent")[0]
    assert (
        f"В соответствии со {OLD_LAW} даю согласие на выполнение в течение установленной "
        "продолжительности рабочего дня наряду с работой, определённой трудовым договором, "
        "дополнительной работы по наставничеству (расширение зоны обслуживания, увеличение "
        "объёма работы) за дополнительную оплату в отношении:"
    ) in consent
    assert "право досрочно отказаться от выполнения дополнительной работы" in consent
    agreement = _texts("gymnasium-20", "supplementary-agreement")[0]
    assert f"1. В соответствии со {OLD_LAW} Работник на основании письменного согласия" in agreement
    assert "дополнительную работу по наставничеству (расширение зоны обслуживания" in agreement
    assert (
        "отказаться от выполнения дополнительной работы, а Работодатель – досрочно отменить "
        "поручение о её выполнении" in agreement
    )


def test_2022_implementation_order_does_not_cite_351_8():
    for sample in ("gymnasium-20", "college-blagoveshchensk"):
        order = _texts(sample, "implementation-order")[0]
        assert "351.8" not in order


# -- a rural school in 2025/2026: ст. 351.8 --------------------------------------------------


@pytest.fixture(scope="module")
def rural():
    return render(
        rural_school(),
        "implementation-order",
        "polozhenie-teachers",
        "polozhenie-students",
        "mentoring-consent",
        "supplementary-agreement",
    )


def test_2025_school_cites_351_8(rural):
    consent = texts(rural, "mentoring-consent")[0]
    assert f"В соответствии со {NEW_LAW} даю согласие на осуществление наставничества в отношении:" in consent
    assert "60.2" not in consent
    assert "право досрочно отказаться от осуществления наставничества" in consent
    agreement = texts(rural, "supplementary-agreement")[0]
    assert f"1. В соответствии со {NEW_LAW} Работник" in agreement
    assert "выполняет работу по наставничеству в отношении:" in agreement
    assert "3 000 (три тысячи) рублей 00 копеек" in agreement
    # «наставничество» is neuter: the employer cancels «поручение о его осуществлении»
    assert (
        "Работник вправе досрочно отказаться от осуществления наставничества, а Работодатель – "
        "досрочно отменить поручение о его осуществлении" in agreement
    )
    teachers = texts(rural, "polozhenie-teachers")[0]
    assert f"в соответствии со {NEW_LAW}." in teachers
    assert "как дополнительная работа" not in teachers
    order = texts(rural, "implementation-order")[0]
    assert "статьи 351.8 Трудового кодекса Российской Федерации" in order
    assert "№ Р-145" in order and "№ АЗ-1128/08" in order


def test_gost_edition_follows_the_date(rural):
    # The Положение speaks from its approving order: 29.08.2025 is after 18.08.2025.
    for body in texts(rural, "polozhenie-teachers") + texts(rural, "polozhenie-students"):
        assert "в соответствии с ГОСТ Р 7.0.97-2025 «Система стандартов" in body
        assert "7.0.97-2016" not in body
    early = rural_school(orders={"implementation-order": {"number": "30", "date": "14.08.2025"}})
    for body in texts(render(early, "polozhenie-students"), "polozhenie-students"):
        assert "в соответствии с ГОСТ Р 7.0.97-2016 «Система стандартов" in body
        assert "7.0.97-2025" not in body
    for body in _texts("gymnasium-20", "polozhenie-students"):
        assert "ГОСТ Р 7.0.97-2016" in body


def test_a_pairs_order_before_march_2025_keeps_the_old_law():
    data = rural_school(school_year="2024/2025")
    for pair in data["pairs"]:
        pair.update(start="15.09.2024", end="31.05.2025")
    data["orders"] = {"pairs-order": {"number": "5", "date": "12.09.2024"}}
    documents = render(data, "mentoring-consent", "supplementary-agreement")
    for kind in ("mentoring-consent", "supplementary-agreement"):
        body = texts(documents, kind)[0]
        assert OLD_LAW in body and "351.8" not in body


def test_registry_key_in_basis_stands_for_the_full_title():
    documents = render(rural_school(basis=["r-145", "tk-351.8"]), "implementation-order")
    order = texts(documents, "implementation-order")[0]
    assert (
        "На основании распоряжения Министерства просвещения Российской Федерации от 25.12.2019 № Р-145"
        in order
    )
    assert "статьи 351.8 Трудового кодекса Российской Федерации, в целях" in order


# -- validate warns about a basis not yet in force ---------------------------------------------


def _dossier_2022_with_labour_code() -> dict:
    data = rural_school(school_year="2022/2023")
    for pair in data["pairs"]:
        pair.update(start="15.09.2022", end="31.05.2023")
    data["orders"] = {"implementation-order": {"number": "60", "date": "20.05.2022"}}
    data["basis"] = ["r-145", "статьи 351.8 Трудового кодекса Российской Федерации"]
    return data


def test_warning_for_a_basis_not_yet_in_force():
    warnings = dossier_warnings(dossier_from_data(_dossier_2022_with_labour_code()))
    assert warnings == [
        "основания[2]: «статья 351.8 Трудового кодекса РФ (наставничество; 381-ФЗ от 09.11.2024)» "
        "вступает в силу 01.03.2025, а приказ о внедрении датирован 20.05.2022 — ссылаться на него "
        "ещё нельзя"
    ]
    assert dossier_warnings(dossier_from_data(rural_school(basis=["tk-351.8"]))) == []


def test_cli_validate_prints_the_warning(tmp_path):
    path = tmp_path / "dossier.yaml"
    path.write_text(yaml.safe_dump(_dossier_2022_with_labour_code(), allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "Досье в порядке" in result.output
    assert "Предупреждение: основания[2]: «статья 351.8" in result.output
    assert "вступает в силу 01.03.2025" in result.output


def test_cli_validate_samples_cite_only_law_in_force():
    """No sample asks for an act out of force; Berezniki's authority warnings are by design (its
    pairs and premiums to school staff show what an office's package leaves out)."""
    from tests.conftest import SAMPLE_FILES

    for path in SAMPLE_FILES:
        result = CliRunner().invoke(main, ["validate", str(path)])
        assert result.exit_code == 0, result.output
        warnings = [line for line in result.output.splitlines() if line.startswith("Предупреждение")]
        assert not [w for w in warnings if "в силу" in w], path.name
        if path.stem != "municipal-berezniki":
            assert warnings == [], path.name


def test_schema_documents_the_new_fields():
    import json

    result = CliRunner().invoke(main, ["schema"])
    schema = json.loads(result.output)
    props = schema["properties"]
    assert props["curator_appointment"]["title"] == "где назначается куратор"
    assert props["considered_teachers"]["title"] == "с учётом мнения (Положение педагогов)"
    assert props["pd_recipients"]["title"] == "кому передаются персональные данные"
    organisation = schema["$defs"]["Organisation"]["properties"]
    assert organisation["authorised_signatory"]["title"] == "подписант вместо руководителя"
    assert schema["$defs"]["AuthorisedSignatory"]["properties"]["basis"]["title"] == "основание полномочий"


def test_a_staff_mentor_without_pay_under_351_8_is_a_warning():
    unpaid = rural_school()
    unpaid["pairs"][0]["payment"] = None
    assert dossier_warnings(dossier_from_data(unpaid)) == [
        "пары[1].доплата: наставник Соколов Андрей Викторович — работник организации; с 01.03.2025 "
        "наставничество оплачивается (ст. 351.8 ТК РФ), а доплата не указана — в дополнительном "
        "соглашении сумма останется пустой"
    ]
    assert dossier_warnings(dossier_from_data(rural_school())) == []  # paid for one of his pairs
    assert dossier_warnings(load_sample("gymnasium-20")) == []  # 2022: ст. 60.2 и 151, no such rule


def test_the_cli_shows_the_unpaid_mentor_warning(tmp_path):
    unpaid = rural_school()
    unpaid["pairs"][0]["payment"] = None
    path = tmp_path / "dossier.yaml"
    path.write_text(yaml.safe_dump(unpaid, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "Предупреждение: пары[1].доплата: наставник Соколов Андрей Викторович" in result.output
