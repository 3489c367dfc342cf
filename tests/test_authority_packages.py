"""A municipal office or a regional body issues only its own documents, worded from its dossier.

The office of these tests is written here from scratch, as a new user would: its teachers'
pairs and a premium to a school teacher are in the dossier, and none of them may reach a
document the office signs."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.errors import InvalidDossier, KindNotApplicable
from docgen.forms.sections import get_section
from docgen.kinds._authority import authority_warnings, refusal
from docgen.model import dossier_from_data
from docgen.render.package import RenderedDocument, render_dossier
from docgen.render.registry import get_kind
from tests.conftest import rendered_sample
from tests.docxread import body_text, norm, open_docx, table_rows

SCHOOL_ONLY = {
    "pairs-order",
    "personal-programme",
    "consent-pd-adult",
    "consent-pd-minor",
    "mentoring-consent",
    "supplementary-agreement",
    "implementation-order",
}


def _person(surname: str, name: str, patronymic: str, gender: str, position: str, **extra: Any) -> dict:
    return {"surname": surname, "name": name, "patronymic": patronymic, "gender": gender,
            "position": position, **extra}  # fmt: skip


def office_data() -> dict[str, Any]:
    """Управление образования of an invented district, 2025/2026, with its schools' pairs."""
    teacher = _person("Лаптева", "Ирина", "Павловна", "female", "учитель математики",
                      workplace="МБОУ «СОШ № 2 с. Ключи»")  # fmt: skip
    young = _person("Рябов", "Кирилл", "Олегович", "male", "учитель физики",
                    workplace="МБОУ «СОШ № 2 с. Ключи»")  # fmt: skip
    return {
        "school_year": "2025/2026",
        "directions": ["teachers"],
        "organisation": {
            "kind": "municipal_office",
            "full_name": "Управление образования администрации Ключевского муниципального округа",
            "short_name": "Управление образования",
            "short_name_genitive": "Управления образования",
            "city": "с. Ключи",
            "director": _person("Седова", "Марина", "Юрьевна", "female", "начальник управления образования"),
            "chief_accountant": _person("Гусева", "Анна", "Ильинична", "female", "главный бухгалтер"),
        },
        "orders": {
            "municipal-order": {"number": "37", "date": "02.09.2025"},
            "pairs-order": {"number": "38", "date": "03.09.2025"},
        },
        "municipal": {
            "territory": "Ключевского муниципального округа",
            "registry_keeper": _person(
                "Суханова", "Елена", "Владимировна", "female", "директор", workplace="МАУ «ЦСОиРО»"
            ),
            "controllers": [
                {
                    "person": _person("Шилова", "Инна", "Андреевна", "female", "главный специалист"),
                    "duty": "проверять отчёты школ о реализации программ наставничества",
                },
                {
                    "person": _person("Орлов", "Павел", "Ильич", "male", "ведущий специалист"),
                    "duty": "вести муниципальный реестр наставников",
                },
            ],
            "controllers_duties": ["осуществлять методическое сопровождение наставничества"],
            "control_person": _person(
                "Волкова", "Нина", "Петровна", "female", "заместитель начальника управления образования"
            ),
        },
        "curator": _person("Орлов", "Павел", "Ильич", "male", "ведущий специалист"),
        "forms": ["педагог – педагог"],
        "pairs": [
            {
                "mentor": teacher,
                "mentees": [young],
                "form": "педагог – педагог",
                "start": "01.10.2025",
                "end": "31.05.2026",
                "payment": 3000,
            },
        ],
        "rewards": [
            {"person": teacher, "type": "премия", "amount": 5000, "merit": "за наставничество"},
            {"person": teacher, "type": "благодарность", "merit": "за наставничество молодых учителей"},
        ],
        "mentor_school": {
            "lead": _person("Орлов", "Павел", "Ильич", "male", "ведущий специалист"),
            "sessions": [{"topic": "Персонализированная программа наставничества", "date": "октябрь 2025"}],
        },
        "kpis": {
            "baseline_year": 2025,
            "target_year": 2026,
            "indicators": [{"name": "Доля учителей-наставников, %", "baseline": 20, "target": 40}],
        },
    }


def _render(data: dict[str, Any]) -> list[RenderedDocument]:
    return render_dossier(dossier_from_data(data))


def _text(documents: list[RenderedDocument], kind: str) -> str:
    found = [d for d in documents if d.kind.id == kind]
    assert len(found) == 1, [d.filename for d in documents]
    return norm(body_text(open_docx(found[0].content)))


def _lines(documents: list[RenderedDocument], kind: str) -> list[str]:
    return [norm(line) for line in _text_raw(documents, kind).splitlines() if line.strip()]


def _text_raw(documents: list[RenderedDocument], kind: str) -> str:
    found = next(d for d in documents if d.kind.id == kind)
    return body_text(open_docx(found.content))


@pytest.fixture(scope="module")
def office_package() -> list[RenderedDocument]:
    return _render(office_data())


# -- what an authority issues -----------------------------------------------------------------


def test_office_issues_no_school_documents(office_package):
    kinds = {d.kind.id for d in office_package}
    assert not kinds & SCHOOL_ONLY
    assert {
        "municipal-order",
        "polozhenie-municipal",
        "kpi-table",
        "reward-order",
        "mentor-school-order",
    } <= kinds
    for doc in office_package:
        text = norm(body_text(open_docx(doc.content)))
        assert "дополнительное соглашение" not in text.lower(), doc.filename
        assert "Рябов" not in text, doc.filename  # a school's mentee is in no office document


def test_office_mentor_school_gives_no_duty_to_school_mentors(office_package):
    text = _text(office_package, "mentor-school-order")
    assert "Наставникам пройти обучение" not in text and "Лаптев" not in text


def test_office_reward_order_keeps_awards_and_drops_the_premium_to_school_staff(office_package):
    text = _text(office_package, "reward-order")
    assert "Объявить благодарность" in text and "Лаптевой Ирине Павловне" in text
    assert "Премировать" not in text and "5 000" not in text


def test_validation_explains_in_russian_what_the_office_does_not_issue(tmp_path):
    dossier = dossier_from_data(office_data())
    warnings = authority_warnings(dossier)
    assert any(w.startswith("Пары (1): орган управления образованием не закрепляет пары") for w in warnings)
    assert any(
        "Поощрения, строка 1 (Лаптева И.П.): премию работнику другой организации" in w for w in warnings
    )
    assert any(w.startswith("Приказы[pairs-order]: Муниципальный орган управления образованием не издаёт")
               for w in warnings)  # fmt: skip
    path = tmp_path / "office.json"
    path.write_text(json.dumps(office_data(), ensure_ascii=False), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "Предупреждение: Пары (1)" in result.output
    refused = runner.invoke(main, ["render", str(path), "-o", str(tmp_path / "out"), "--only", "pairs-order"])
    assert refused.exit_code == 1
    assert "не издаёт этот документ" in refused.output
    assert (
        "наставнические пары закрепляет приказом руководитель образовательной организации" in refused.output
    )
    assert not (tmp_path / "out").exists()


def test_refusal_names_the_reason_and_schools_are_not_refused():
    office = dossier_from_data(office_data())
    reason = refusal(get_kind("supplementary-agreement"), office)
    assert reason is not None and "не является стороной трудового договора" in reason
    assert refusal(get_kind("reward-order"), office) is None  # municipal awards are the office's own
    school = copy.deepcopy(office_data())
    school["organisation"]["kind"] = "school"
    del school["municipal"]
    assert refusal(get_kind("pairs-order"), dossier_from_data(school)) is None
    with pytest.raises(KindNotApplicable):
        from docgen.cli import _refuse_foreign_kinds

        _refuse_foreign_kinds(office, ("consent-pd-adult",))


# -- the office's order -------------------------------------------------------------------------


def test_default_order_approves_one_polozhenie_in_the_singular(office_package):
    text = _text(office_package, "municipal-order")
    assert "1. Утвердить Положение о наставничестве для педагогических работников" in text
    assert "Утвердить Положения" not in text
    assert "Об утверждении Положения о наставничестве" in text  # the title: genitive after «Об утверждении»


def test_addressee_keeps_the_institution(office_package):
    text = _text(office_package, "municipal-order")
    assert "Директору МАУ «ЦСОиРО» Сухановой Е.В. создать реестр наставников" in text
    assert "Директор МАУ «ЦСОиРО» __________ Е.В. Суханова" in text.replace(" | ", " ")


def test_every_controller_duty_is_printed(office_package):
    lines = _lines(office_package, "municipal-order")
    subject = (
        "за обеспечение контроля по внедрению и реализации модели наставничества "
        "в образовательных организациях"
    )
    at = lines.index(f"5. Назначить ответственными {subject}:")
    assert lines[at + 1 : at + 3] == [
        "5.1. Шилову И.А., главного специалиста.",
        "5.2. Орлова П.И., ведущего специалиста.",
    ]
    assert lines[at + 3 : at + 7] == [
        f"6. Ответственным {subject}:",
        "6.1. Осуществлять методическое сопровождение наставничества.",
        "6.2. Шиловой И.А. — проверять отчёты школ о реализации программ наставничества.",
        "6.3. Орлову П.И. — вести муниципальный реестр наставников.",
    ]
    assert lines[at + 7] == (
        "7. Контроль за исполнением настоящего приказа возложить на заместителя начальника "
        "управления образования Волкову Н.П."
    )


def test_order_title_and_points_come_from_the_dossier():
    data = office_data()
    data["municipal"]["polozhenie"] = False
    data["municipal"]["order"] = {
        "title": "Об организации муниципальной системы наставничества в 2025/2026 учебном году",
        "preamble": "В целях развития муниципальной системы наставничества",
        "points": [
            {"text": "Утвердить показатели эффективности наставничества (приложение № 1)."},
            {
                "text": "Руководителям общеобразовательных организаций:",
                "points": ["Назначить кураторов до 15.09.2025.", "Представить отчёты до 01.06.2026."],
            },
        ],
    }
    data["municipal"]["controllers"] = data["municipal"]["controllers"][:1]
    data["municipal"]["controllers_duties"] = []
    data["municipal"]["repealed_orders"] = ["приказ Управления образования от 01.09.2024 № 40"]
    documents = _render(data)
    assert "polozhenie-municipal" not in {d.kind.id for d in documents}
    lines = _lines(documents, "municipal-order")
    assert "Об организации муниципальной системы наставничества в 2025/2026 учебном году" in lines
    assert not any("Об утверждении Положения" in line for line in lines)
    assert "В целях развития муниципальной системы наставничества" in lines
    at = lines.index("1. Утвердить показатели эффективности наставничества (приложение № 1).")
    assert lines[at + 1 : at + 7] == [
        "2. Руководителям общеобразовательных организаций:",
        "2.1. Назначить кураторов до 15.09.2025.",
        "2.2. Представить отчёты до 01.06.2026.",
        "3. Назначить ответственной за обеспечение контроля по внедрению и реализации модели "
        "наставничества в образовательных организациях Шилову И.А., главного специалиста.",
        "4. Шиловой И.А. проверять отчёты школ о реализации программ наставничества.",
        "5. Признать утратившим силу приказ Управления образования от 01.09.2024 № 40.",
    ]
    assert "Ознакомлены:" in lines


def test_unknown_annex_is_refused_in_russian():
    data = office_data()
    data["municipal"]["order"] = {"annexes": ["pairs-order"]}
    with pytest.raises(InvalidDossier) as caught:
        dossier_from_data(data)
    message = str(caught.value)
    assert "неизвестное приложение «pairs-order»" in message and "kpi-table" in message


def test_schema_lists_the_new_fields_with_russian_titles():
    result = CliRunner().invoke(main, ["schema"])
    schema = json.loads(result.output)
    municipal = schema["$defs"]["Municipal"]["properties"]
    assert municipal["order"]["title"] == "приказ органа управления образованием"
    assert municipal["controllers_duties"]["title"] == "обязанности ответственных за контроль"
    assert municipal["repealed_orders"]["title"] == "признать утратившими силу"
    assert municipal["polozhenie"]["title"] == "утвердить муниципальное Положение"
    assert municipal["control_subject"]["title"] == "за что отвечают ответственные"
    order = schema["$defs"]["AuthorityOrder"]["properties"]
    assert [order[k]["title"] for k in ("title", "preamble", "points", "annexes")] == [
        "заголовок приказа", "преамбула", "пункты приказа", "порядок приложений",
    ]  # fmt: skip
    assert schema["$defs"]["OrderPoint"]["properties"]["points"]["title"] == "подпункты"


def test_saving_the_municipal_tab_keeps_the_order_wording():
    data = office_data()
    data["municipal"]["order"] = {"title": "О наставничестве"}
    section = get_section("municipal")
    assert section is not None
    part = {"municipal": {"territory": "Ключевского муниципального округа"}}  # what the tab submits
    merged = section.merge(data, part)
    assert merged["municipal"]["order"] == {"title": "О наставничестве"}
    assert merged["municipal"]["controllers_duties"] == data["municipal"]["controllers_duties"]
    assert "controllers" not in merged["municipal"]  # fields the tab edits are replaced


# -- the seed samples -----------------------------------------------------------------------------


def _sample_lines(name: str, kind: str) -> list[str]:
    doc = next(d for d in rendered_sample(name) if d.kind.id == kind)
    return [norm(line) for line in body_text(open_docx(doc.content)).splitlines() if line.strip()]


def test_zavitinsk_order_246_reads_like_seed_004():
    lines = _sample_lines("municipal-zavitinsk", "municipal-order")
    assert "15.11.2022 № 246" in lines and "п р и к а з ы в а ю:" in lines
    at = lines.index("3. Руководителям образовательных учреждений округа:")
    numbers = [line.split(" ", 1)[0] for line in lines[at + 1 : at + 9]]
    assert numbers == [f"3.{k}." for k in range(1, 9)]
    assert lines[at + 1] == (
        "3.1. Актуализировать «дорожную карту» внедрения целевой модели наставничества (Приложение № 2)."
    )
    assert lines[at + 9 : at + 13] == [
        "4. Назначить ответственными за обеспечением контроля по внедрению и реализации модели "
        "наставничества в образовательных учреждениях округа:",
        "4.1. Борович Н.А., специалиста отдела образования администрации округа.",
        "4.2. Гольц Н.В., главного специалиста отдела образования администрации округа.",
        "4.3. Неешпапа Е.А., главного специалиста отдела образования администрации округа.",
    ]
    assert lines[at + 13 : at + 18] == [
        "5. Ответственным за обеспечением контроля по внедрению и реализации модели наставничества "
        "в образовательных учреждениях округа:",
        "5.1. Осуществлять организационное и методическое сопровождение наставничества "
        "в образовательных учреждениях округа.",
        "5.2. Проводить мониторинг реализации программ наставничества в образовательных "
        "учреждениях округа ежегодно.",
        "6. Признать утратившим силу приказ отдела образования от 21.09.2022 № 174.",
        "7. Контроль за исполнением настоящего приказа возложить на заместителя начальника "
        "отдела образования Кравченко Е.В.",
    ]
    assert "Начальник отдела образования Т.А. Доля" in lines


def test_zavitinsk_annexes_are_numbered_as_in_the_seed():
    kpi = _sample_lines("municipal-zavitinsk", "kpi-table")
    roadmap = _sample_lines("municipal-zavitinsk", "roadmap")
    assert kpi[:4] == ["Приложение № 1", "УТВЕРЖДЕНЫ", "приказом отдела образования", "от 15.11.2022 № 246"]
    assert roadmap[:4] == [
        "Приложение № 2",
        "УТВЕРЖДЕНА",
        "приказом отдела образования",
        "от 15.11.2022 № 246",
    ]
    kinds = [d.kind.id for d in rendered_sample("municipal-zavitinsk")]
    assert not set(kinds) & SCHOOL_ONLY


def test_region_issues_its_order_and_its_roadmap():
    documents = rendered_sample("region-mordovia")
    kinds = {d.kind.id for d in documents}
    assert {"municipal-order", "roadmap"} <= kinds
    assert not kinds & (SCHOOL_ONLY | {"polozhenie-municipal", "reward-order"})
    order = _sample_lines("region-mordovia", "municipal-order")
    assert order[0] == "МИНИСТЕРСТВО ОБРАЗОВАНИЯ РЕСПУБЛИКИ МОРДОВИЯ"
    assert order[4].startswith("Об утверждении плана мероприятий («дорожной карты») региональной программы")
    assert order[7].startswith("1. Утвердить прилагаемый план мероприятий («дорожную карту»)")
    roadmap = next(d for d in documents if d.kind.id == "roadmap")
    assert _sample_lines("region-mordovia", "roadmap")[:3] == [
        "Приложение № 1", "УТВЕРЖДЕНА", "приказом Министерства образования Республики Мордовия",
    ]  # fmt: skip
    header = [norm(c) for c in table_rows(open_docx(roadmap.content).tables[0])[0]]
    assert header == ["Мероприятие", "Сроки", "Ответственные"]
