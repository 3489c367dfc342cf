"""Положение о наставничестве (students, teachers, municipal): what a reader of the .docx sees."""

from __future__ import annotations

import re

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from docgen.model import dossier_from_data, read_data
from docgen.render.context import order_reference
from docgen.render.package import render_dossier
from docgen.render.people import declined_phrase
from tests.conftest import SAMPLES, documents_of, sample
from tests.docxread import NBSP, all_text, body_text, norm, open_docx, reading_order

SCHOOL_CASES = [
    ("gymnasium-20", "polozhenie-students"),
    ("gymnasium-20", "polozhenie-teachers"),
    ("college-blagoveshchensk", "polozhenie-students"),
    ("college-blagoveshchensk", "polozhenie-teachers"),
]
ALL_CASES = [*SCHOOL_CASES, ("municipal-berezniki", "polozhenie-municipal")]

SECTIONS = {
    "polozhenie-students": [
        "Общие положения",
        "Цель и задачи наставничества",
        "Формы наставничества",
        "Организация наставничества",
        "Подбор и закрепление наставнических пар (групп)",
        "Права и обязанности наставника",
        "Права и обязанности наставляемого",
        "Мониторинг и оценка результатов наставничества",
        "Мотивация и поощрение наставников",
        "Документы, регламентирующие наставничество",
    ],
    "polozhenie-teachers": [
        "Общие положения",
        "Принципы наставничества педагогических работников",
        "Цель и задачи наставничества педагогических работников",
        "Формы и виды наставничества педагогических работников",
        "Организация наставничества педагогических работников",
        "Права и обязанности наставника",
        "Права и обязанности наставляемого",
        "Требования к наставнику и наставляемым",
        "Мотивирование и стимулирование наставнической деятельности",
        "Оценка результативности наставничества педагогических работников",
    ],
    "polozhenie-municipal": [
        "Общие положения",
        "Цель и задачи наставничества педагогических работников",
        "Формы наставничества педагогических работников",
        "Организация наставничества педагогических работников",
        "Кадровые условия и ресурсы образовательной организации",
        "Мотивирование и стимулирование наставнической деятельности",
        "Оценка результативности внедрения наставничества педагогических работников",
    ],
}

KIND_HEADS = {
    "виртуальное": "Виртуальное (дистанционное) наставничество –",
    "групповое": "Наставничество в группе –",
    "краткосрочное": "Краткосрочное или целеполагающее наставничество –",
    "реверсивное": "Реверсивное наставничество –",
    "ситуационное": "Ситуационное наставничество –",
    "скоростное": "Скоростное наставничество –",
    "традиционное": "Традиционная форма наставничества –",
}


def _one(name: str, kind: str) -> bytes:
    documents = documents_of(name, kind)
    assert len(documents) == 1, f"{name}: expected one {kind}"
    return documents[0].content


def _paragraphs(content: bytes) -> list[str]:
    return [norm(text) for text in reading_order(open_docx(content)) if text.strip()]


def _render(data: dict, kind: str) -> bytes:
    documents = render_dossier(dossier_from_data(data), only=[kind])
    assert len(documents) == 1
    return documents[0].content


def _data(name: str) -> dict:
    path = next(p for p in SAMPLES.iterdir() if p.stem == name)
    return read_data(path)


def _approving(name: str) -> str:
    return "municipal-order" if name.startswith("municipal") else "implementation-order"


# -- every variant -------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "kind"), ALL_CASES)
def test_no_template_syntax_left(name, kind):
    text = all_text(_one(name, kind))
    for marker in ("{{", "}}", "{%", "%}", "{#"):
        assert marker not in text


@pytest.mark.parametrize(("name", "kind"), ALL_CASES)
def test_stamp_names_the_approving_order(name, kind):
    dossier = sample(name)
    paragraphs = _paragraphs(_one(name, kind))
    ref = order_reference(dossier.orders[_approving(name)], dossier.organisation.number_format)
    org = dossier.organisation
    genitive = org.short_name_genitive or declined_phrase(org.short_name).gen
    stamp_at = paragraphs.index("УТВЕРЖДЕНО")
    assert paragraphs[stamp_at - 1].startswith("Приложение №")
    assert paragraphs[stamp_at + 1] == norm(f"приказом {genitive}")
    assert paragraphs[stamp_at + 2] == norm(ref["ref"])
    assert ref["number"] in paragraphs[stamp_at + 2]
    assert ref["date"] in paragraphs[stamp_at + 2]
    assert paragraphs.index("ПОЛОЖЕНИЕ") > stamp_at


@pytest.mark.parametrize(("name", "kind"), ALL_CASES)
def test_sections_are_numbered_consecutively(name, kind):
    doc = open_docx(_one(name, kind))
    headings = [
        norm(p.text)
        for p in doc.paragraphs
        if p.alignment == WD_ALIGN_PARAGRAPH.CENTER and re.match(r"\d+\. ", p.text)
    ]
    expected = [f"{i}. {title}" for i, title in enumerate(SECTIONS[kind], 1)]
    assert headings == expected


@pytest.mark.parametrize(("name", "kind"), ALL_CASES)
def test_clauses_are_numbered_consecutively_within_sections(name, kind):
    section, clause, sub = 0, 0, 0
    count = 0
    for text in _paragraphs(_one(name, kind)):
        if text == "Приложение 1":  # the municipal Положение's annex starts here
            break
        if m := re.match(r"(\d+)\. \S", text):
            assert int(m[1]) == section + 1, text
            section, clause = section + 1, 0
        elif m := re.match(r"(\d+)\.(\d+)\.(\d+)\. \S", text):
            assert (int(m[1]), int(m[2]), int(m[3])) == (section, clause, sub + 1), text
            sub += 1
            count += 1
        elif m := re.match(r"(\d+)\.(\d+)\. \S", text):
            assert (int(m[1]), int(m[2])) == (section, clause + 1), text
            clause, sub = clause + 1, 0
            count += 1
    assert section == len(SECTIONS[kind])
    assert count >= {"polozhenie-students": 60}.get(kind, 25)


@pytest.mark.parametrize(("name", "kind"), ALL_CASES)
def test_sentences_and_list_items_end_once(name, kind):
    paragraphs = _paragraphs(_one(name, kind))
    start = paragraphs.index("ПОЛОЖЕНИЕ") + 2
    end = paragraphs.index("Приложение 1") if "Приложение 1" in paragraphs else len(paragraphs)
    for text in paragraphs[start:end]:
        if re.fullmatch(r"\d+\. .+", text):  # section headings have no full stop
            assert not text.endswith("."), text
            continue
        assert text[-1] in ".;:", text
        assert ".." not in text and ";." not in text and " ," not in text and " ." not in text


@pytest.mark.parametrize(("name", "kind"), ALL_CASES)
def test_numbers_of_acts_are_bound_with_nbsp(name, kind):
    text = all_text(_one(name, kind))
    assert f"№{NBSP}273-ФЗ" in text
    assert "№ 273-ФЗ" not in text
    assert "–" in text and " - " not in text


# -- students ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["gymnasium-20", "college-blagoveshchensk"])
def test_students_heading_and_legal_basis(name):
    dossier = sample(name)
    paragraphs = _paragraphs(_one(name, "polozhenie-students"))
    at = paragraphs.index("ПОЛОЖЕНИЕ")
    assert paragraphs[at + 1] == norm(
        f"о наставничестве обучающихся {dossier.organisation.short_name_genitive}"
    )
    text = norm(all_text(_one(name, "polozhenie-students")))
    assert "от 25.12.2019 № Р-145" in text
    assert "от 23.01.2020 № МР-42/02" in text
    assert "«Об образовании в Российской Федерации»" in text
    assert "уставом образовательной организации" in text
    assert "от 3 месяцев до 1 года" in text
    assert "персональных данных даёт его родитель (законный представитель)" in text
    assert "«Наставник года»" in text
    assert dossier.site_section in text


@pytest.mark.parametrize("name", ["gymnasium-20", "college-blagoveshchensk"])
def test_students_list_the_dossier_forms_and_kinds(name):
    dossier = sample(name)
    paragraphs = _paragraphs(_one(name, "polozhenie-students"))
    for form in dossier.forms:
        assert any(p.startswith(f"«{form}»") for p in paragraphs), form
    items = [p for p in paragraphs if p.startswith("«") and "–" in p]
    assert items[-1].endswith(".") and all(p.endswith(";") for p in items[:-1])
    joined = "\n".join(paragraphs)
    assert "виды наставничества: " + ", ".join(dossier.kinds) + "." in joined


def test_students_adoption_marks_precede_the_stamp():
    paragraphs = _paragraphs(_one("gymnasium-20", "polozhenie-students"))
    assert paragraphs[:5] == [
        "ПРИНЯТО",
        "педагогическим советом",
        "(протокол от 19.05.2022 № 5)",
        "С учётом мнения совета родителей (протокол от 18.05.2022 № 3)",
        "С учётом мнения совета обучающихся (протокол от 18.05.2022 № 2)",
    ]
    assert paragraphs.index("ПРИНЯТО") < paragraphs.index("УТВЕРЖДЕНО")


def test_students_default_forms_when_the_dossier_names_none():
    data = _data("gymnasium-20")
    data.update(forms=[], kinds=[], adopted_by=None, considered=[])
    paragraphs = _paragraphs(_render(data, "polozhenie-students"))
    for form in ("ученик – ученик", "учитель – ученик", "студент – ученик",
                 "работодатель – ученик", "учитель – учитель"):  # fmt: skip
        assert any(p.startswith(f"«{form}» – ") for p in paragraphs), form
    assert "ПРИНЯТО" not in paragraphs
    assert not any(p.startswith("С учётом мнения") for p in paragraphs)
    assert not any("виды наставничества:" in p for p in paragraphs)


def test_college_default_forms_are_those_of_vocational_education():
    data = _data("college-blagoveshchensk")
    data.update(forms=[])
    paragraphs = _paragraphs(_render(data, "polozhenie-students"))
    assert any(p.startswith("«студент – студент» – ") for p in paragraphs)
    assert not any(p.startswith("«учитель – ученик»") for p in paragraphs)


def test_markup_characters_in_a_form_survive():
    data = _data("gymnasium-20")
    data.update(forms=['наставник & "выпускник" <ученик>'])
    paragraphs = _paragraphs(_render(data, "polozhenie-students"))
    assert "«наставник & „выпускник“ <ученик>»." in paragraphs  # inner quotes typeset


# -- teachers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["gymnasium-20", "college-blagoveshchensk"])
def test_teachers_heading_and_labour_code(name):
    dossier = sample(name)
    content = _one(name, "polozhenie-teachers")
    paragraphs = _paragraphs(content)
    at = paragraphs.index("ПОЛОЖЕНИЕ")
    assert paragraphs[at + 1] == norm(
        f"о системе наставничества педагогических работников {dossier.organisation.short_name_genitive}"
    )
    text = norm(all_text(content))
    # 2022/2023: ТК РФ ст. 351.8 is not yet in force (01.03.2025): additional work with pay
    assert "в соответствии со статьями 60.2 и 151 Трудового кодекса Российской Федерации" in text
    assert "351.8" not in text
    assert "с его письменного согласия" in text
    assert "доплата устанавливается дополнительным соглашением к трудовому договору" in text
    assert "от 21 декабря 2021 г. № АЗ-1128/08" in text and "№ 657" in text
    assert "назначает куратора реализации программ наставничества" in text
    assert "курирует процесс разработки и реализации персонализированных программ" in text


def test_teachers_list_only_forms_of_teachers_mentoring():
    paragraphs = _paragraphs(_one("gymnasium-20", "polozhenie-teachers"))
    forms = [p for p in paragraphs if p.startswith("«") and " – " in p]
    assert [f.split("»")[0] + "»" for f in forms] == ["«учитель – учитель»"]
    assert forms[0].endswith(".")
    college = _paragraphs(_one("college-blagoveshchensk", "polozhenie-teachers"))
    names = [p.split("»")[0] + "»" for p in college if p.startswith("«") and " – " in p]
    assert names == ["«преподаватель – преподаватель»",
                     "«директор образовательной организации – педагог»"]  # fmt: skip


def test_teachers_define_the_dossier_kinds_only():
    dossier = sample("gymnasium-20")
    paragraphs = _paragraphs(_one("gymnasium-20", "polozhenie-teachers"))
    for key, head in KIND_HEADS.items():
        present = any(p.startswith(head) for p in paragraphs)
        assert present == (key in dossier.kinds), key


def test_teachers_fallbacks_when_the_dossier_names_no_forms_or_kinds():
    data = _data("gymnasium-20")
    data.update(forms=["учитель – ученик", "Наставник - молодой специалист"], kinds=[])
    paragraphs = _paragraphs(_render(data, "polozhenie-teachers"))
    at = next(i for i, p in enumerate(paragraphs) if p.startswith("4.1. "))
    assert paragraphs[at + 1 : at + 3] == [
        "«Наставник – молодой специалист».",  # the typed hyphen typeset as an en dash
        paragraphs[at + 2],
    ]
    assert paragraphs[at + 2].startswith("4.2. ")
    for head in KIND_HEADS.values():
        assert any(p.startswith(head) for p in paragraphs), head
    data.update(forms=[], kinds=["виртуальное", "выездное"])
    paragraphs = _paragraphs(_render(data, "polozhenie-teachers"))
    names = [p.split("»")[0] + "»" for p in paragraphs if p.startswith("«") and " – " in p]
    assert names == ["«педагог – педагог»", "«руководитель образовательной организации – педагог»",
                     "«социальный партнёр – педагог»"]  # fmt: skip
    assert "Применяются также следующие виды наставничества: выездное." in paragraphs
    assert not any(p.startswith(KIND_HEADS["традиционное"]) for p in paragraphs)


# -- municipal -----------------------------------------------------------------------------------


def test_municipal_reproduces_seed_001_with_the_dossier_names():
    dossier = sample("municipal-berezniki")
    municipal = dossier.municipal
    content = _one("municipal-berezniki", "polozhenie-municipal")
    paragraphs = _paragraphs(content)
    at = paragraphs.index("ПОЛОЖЕНИЕ")
    assert paragraphs[at + 1] == norm(
        "о наставничестве для педагогических работников образовательных организаций "
        f"{municipal.territory}, осуществляющих образовательную деятельность по реализации "
        "основных и дополнительных общеобразовательных программ"
    )
    text = norm(all_text(content))
    assert f"4.2.1. {dossier.organisation.full_name}" in text
    assert f"4.2.2. {municipal.registry_keeper_org} оказывает содействие" in text
    assert f"4.3. {municipal.registry_keeper_org} формирует структурированную базу" in text
    assert "ежегодно 100 % образовательных организаций " + municipal.territory in text
    assert "«" + "», «".join(dossier.forms) + "»" in text
    for head in KIND_HEADS.values():
        assert head in text
    assert "ё" not in text.replace("партнёр", "")  # seed 001 spelling, dossier values aside
    assert "Примерная дорожная карта (план мероприятий)" in text
    assert "ПРИНЯТО" not in paragraphs


def test_municipal_has_no_trace_of_berezniki_for_another_territory():
    data = _data("municipal-berezniki")
    data["organisation"].update(
        full_name="Управление образования администрации Нытвенского городского округа",
        short_name="Управление образования",
        short_name_genitive="Управления образования",
        founder=None,
        city="г. Нытва",
    )
    data["municipal"].update(territory="Нытвенского городского округа Пермского края",
                             registry_keeper_org=None)  # fmt: skip
    text = norm(all_text(_render(data, "polozhenie-municipal")))
    assert "Березник" not in text and "ЦСО" not in text
    assert "Нытвенского городского округа Пермского края" in text
    assert "4.2.2. Управление образования оказывает содействие" in text
    assert "организацией, ведущей реестр" not in text
    assert "{{" not in text and "{%" not in text


def test_body_text_reads_in_order():
    text = body_text(open_docx(_one("municipal-berezniki", "polozhenie-municipal")))
    assert (
        text.index("1. Общие положения")
        < text.index("Приложение 1")
        < text.index("Подготовка условий для реализации системы наставничества")
    )
