"""KPIs from the pairs and the organisation's totals; charts; the KPI report .docx."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from docx import Document
from participants_helpers import png_size, school_data

from docgen.model import dossier_from_data
from docgen.participants import KpiInputs, ParticipantsError, charts, compute_kpis, kpi_report_docx
from docgen.participants.kpi import (
    COMPUTED,
    FROM_DOSSIER,
    MANUAL,
    count_participants,
    format_value,
    match_metric,
    pairs_by_form,
    share,
)
from tests.conftest import sample
from tests.docxread import body_text

# The indicators of seed 004 (municipal order № 246), word for word, with baseline and target.
SEED_004 = [
    ("Доля обучающихся (7-18 лет) по дополнительным общеобразовательным программам, вовлечены в различные "
     "формы наставничества, %", 50, 70, "learners_involved"),
    ("Доля детей в возрасте от 10 до 19 лет, проживающих на территории округа, вошедших в программы "
     "наставничества в роли наставляемого, %", 35, 70, "learner_mentees"),
    ("Доля детей и подростков в возрасте от 15 до 19 лет, проживающих в округе, вошедших в программы "
     "наставничества в роли наставника, %", 6, 10, "learner_mentors"),
    ("Доля учителей - молодых специалистов (с опытом работы от 0 до 3 лет), проживающих в округе, вошедших "
     "в программы наставничества в роли наставляемого, %", 35, 70, "young_teacher_mentees"),
    ("Доля учителей, вошедших в программы наставничества в роли наставника, %", 50, 80, "teacher_mentors"),
    ("Доля предприятий (организаций) от общего количества предприятий, осуществляющих деятельность на "
     "территории округа, вошедших в программы наставничества, предоставив своих наставников, %", 10, 30,
     "employers"),
    ("Уровень удовлетворенности наставляемых участием в программах наставничества, %", 65, 85,
     "mentee_satisfaction"),
    ("Уровень удовлетворенности наставников участием в программах наставничества, %", 65, 85,
     "mentor_satisfaction"),
]  # fmt: skip


def _person(surname, name, gender="female", **extra):
    return {"surname": surname, "name": name, "gender": gender, **extra}


TEACHER_1 = _person("Иванова", "Мария", position="учитель математики")
TEACHER_2 = _person("Петров", "Олег", "male", position="учитель физики")
TEACHER_3 = _person("Сидорова", "Анна", position="учитель химии")
PUPIL_MENTOR = _person("Козлов", "Максим", "male", category="обучающийся", minor=True)
EMPLOYER_1 = _person("Литвиненко", "Андрей", "male", category="работодатель", workplace="ООО «А»")
EMPLOYER_2 = _person("Гордеев", "Виктор", "male", category="работодатель", workplace="ооо «а»")
PARTNER = _person("Смирнова", "Ольга", category="социальный партнёр", workplace="Фонд «Б»")
STUDENT = _person("Романова", "Полина", category="студент", workplace="Колледж")
PUPIL_1 = _person("Белова", "Алёна", category="обучающийся", minor=True)
PUPIL_2 = _person("Соколов", "Игорь", "male", category="обучающийся", minor=True)
PUPIL_3 = _person("Ким", "Ева", category="обучающийся", minor=True)
YOUNG_1 = _person("Орлова", "Дарья", position="учитель химии", experience_years=0)
YOUNG_2 = _person("Зуев", "Роман", "male", position="учитель истории", experience_years="3")


def _pair(mentor, mentees, form):
    return {"mentor": mentor, "mentees": mentees, "form": form, "start": "01.09.2024", "end": "31.05.2025"}


PAIRS = [
    _pair(TEACHER_1, [PUPIL_1], "учитель – ученик"),
    _pair(TEACHER_1, [YOUNG_1], "учитель – учитель"),
    _pair(TEACHER_2, [YOUNG_2], "учитель – учитель"),
    _pair(TEACHER_3, [PUPIL_2, PUPIL_3], "учитель – ученик"),
    _pair(PUPIL_MENTOR, [PUPIL_1], "ученик – ученик"),
    _pair(EMPLOYER_1, [PUPIL_2], "работодатель – ученик"),
    _pair(EMPLOYER_2, [PUPIL_3], "работодатель – ученик"),
    _pair(PARTNER, [YOUNG_1], "социальный партнёр – педагог"),
    _pair(STUDENT, [PUPIL_1], "студент – ученик"),
]
TOTALS = KpiInputs(pupils=16, teachers=7, young_teachers=3, employers=8, mentee_satisfaction=78.5)


def _dossier(with_table: bool = True, **overrides):
    kpis = {
        "baseline_year": 2022,
        "target_year": 2024,
        "indicators": [{"name": n, "baseline": b, "target": t} for n, b, t, _ in SEED_004],
    }
    kpis["indicators"][7]["actual"] = 81
    kpis["indicators"][0]["actual"] = 55  # replaced by the computed share when totals are given
    data = school_data(pairs=PAIRS, **({"kpis": kpis} if with_table else {}), **overrides)
    return dossier_from_data(data)


@pytest.mark.parametrize(("name", "metric"), [(n, m) for n, _, _, m in SEED_004])
def test_seed_004_indicators_match_their_metric(name, metric):
    assert match_metric(name).id == metric


@pytest.mark.parametrize(
    ("name", "metric"),
    [
        ("Доля педагогов, вошедших в программы наставничества в роли наставника, %", "teacher_mentors"),
        ("Доля студентов в роли наставляемого", "learner_mentees"),
        ("Доля работодателей, предоставивших наставников", "employers"),
        ("Удовлетворённость наставников", "mentor_satisfaction"),
        ("Число наставнических пар", None),
        ("Доля выпускников, трудоустроенных по специальности, %", None),
    ],
)
def test_other_wordings(name, metric):
    found = match_metric(name)
    assert (found.id if found else None) == metric


def test_share_rounds_half_up_to_a_tenth():
    assert share(1, 16) == 6.3  # 6.25: round() would give 6.2
    assert share(3, 7) == 42.9
    assert share(2, 3) == 66.7
    assert share(1, 8) == 12.5
    assert share(0, 5) == 0.0
    assert share(3, 0) is None and share(3, None) is None


def test_counts_on_a_known_dataset():
    counts = count_participants(_dossier())
    assert counts.rows() == [
        ("Наставнических пар и групп", 9),
        ("из них групп", 1),
        ("Наставников", 8),
        ("Наставляемых", 5),
        ("Обучающихся в роли наставляемого", 3),
        ("Обучающихся в роли наставника", 1),  # the college student comes from outside
        ("Обучающихся, вовлечённых в наставничество", 4),
        ("Педагогов в роли наставляемого", 2),
        ("из них молодых специалистов (стаж 0–3 года)", 2),
        ("Педагогов в роли наставника", 3),
        ("Наставников от работодателей и партнёров", 3),
        ("Организаций, предоставивших наставников", 2),  # «ООО «А»» twice, case aside
    ]
    forms = {f.form: (f.pairs, f.groups, f.mentees) for f in pairs_by_form(_dossier())}
    assert forms == {
        "учитель – ученик": (2, 1, 3),
        "учитель – учитель": (2, 0, 2),
        "ученик – ученик": (1, 0, 1),
        "работодатель – ученик": (2, 0, 2),
        "социальный партнёр – педагог": (1, 0, 1),
        "студент – ученик": (1, 0, 1),
    }


def test_kpis_computed_entered_and_from_the_dossier():
    report = compute_kpis(_dossier(), TOTALS)
    got = [(r.metric, r.actual, r.source, r.note) for r in report.indicators]
    assert got == [
        ("learners_involved", 25.0, COMPUTED, "4 из 16"),
        ("learner_mentees", 18.8, COMPUTED, "3 из 16"),
        ("learner_mentors", 6.3, COMPUTED, "1 из 16"),
        ("young_teacher_mentees", 66.7, COMPUTED, "2 из 3"),
        ("teacher_mentors", 42.9, COMPUTED, "3 из 7"),
        ("employers", 25.0, COMPUTED, "2 из 8"),
        ("mentee_satisfaction", 78.5, MANUAL, ""),
        ("mentor_satisfaction", 81, FROM_DOSSIER, ""),
    ]
    assert [r.reached for r in report.indicators] == [False, False, False, False, False, False, False, False]
    assert (report.baseline_year, report.target_year) == (2022, 2024)
    assert report.indicators[1].baseline == 35 and report.indicators[1].target == 70


def test_without_totals_the_dossier_value_stays_and_the_note_says_what_is_missing():
    report = compute_kpis(_dossier())
    first, second, *_ = report.indicators
    assert (first.actual, first.source) == (55, FROM_DOSSIER)
    assert first.note == "4; для доли укажите, сколько всего обучающихся"
    assert (second.actual, second.source) == (None, "")
    assert report.indicators[6].note == "вводится по итогам анкетирования"


def test_hand_entered_values_win_by_name_or_metric_id():
    inputs = KpiInputs(pupils=16, values={"teacher_mentors": 90, SEED_004[0][0].upper(): 71})
    report = compute_kpis(_dossier(), inputs)
    assert (report.indicators[0].actual, report.indicators[0].source) == (71, MANUAL)
    assert (report.indicators[4].actual, report.indicators[4].source) == (90, MANUAL)
    assert report.indicators[4].reached is True


def _with_experience(first, second):
    pairs = [dict(p) for p in PAIRS]
    pairs[1] = {**pairs[1], "mentees": [{**YOUNG_1, "experience_years": first}]}
    pairs[2] = {**pairs[2], "mentees": [{**YOUNG_2, "experience_years": second}]}
    pairs[7] = {**pairs[7], "mentees": [{**YOUNG_1, "experience_years": first}]}
    return dossier_from_data(school_data(pairs=pairs, kpis=_dossier().kpis.model_dump(mode="json")))


def test_young_specialists_are_teacher_mentees_with_up_to_three_years():
    report = compute_kpis(_with_experience(2, 4), TOTALS)
    young = report.indicators[3]
    assert (young.actual, young.note) == (33.3, "1 из 3")  # 4 years is no longer young
    assert count_participants(_with_experience(2, 4)).young_teacher_mentees == 1


def test_unknown_experience_is_said_not_guessed():
    partly = compute_kpis(_with_experience(1, None), TOTALS).indicators[3]
    assert partly.actual == 33.3
    assert partly.note == "1 из 3; у 1 из 2 педагогов-наставляемых не указан стаж — они не посчитаны"
    unknown = compute_kpis(_with_experience(None, None), TOTALS).indicators[3]
    assert unknown.source == "" and unknown.actual is None
    assert "не указан педагогический стаж" in unknown.note


def test_a_share_above_100_is_flagged():
    report = compute_kpis(_dossier(), KpiInputs(young_teachers=1))
    assert report.indicators[3].actual == 200.0
    assert "больше, чем всего молодых специалистов" in report.indicators[3].note


def test_without_a_kpi_table_the_computable_metrics_are_listed():
    report = compute_kpis(_dossier(with_table=False), KpiInputs(pupils=16, mentor_satisfaction=90))
    assert [(r.metric, r.actual, r.target) for r in report.indicators] == [
        ("mentor_satisfaction", 90, None),
        ("learner_mentors", 6.3, None),
        ("learner_mentees", 18.8, None),
        ("learners_involved", 25.0, None),
    ]
    assert report.baseline_year is None


def test_inputs_from_json_data():
    inputs = KpiInputs.from_mapping(
        {"pupils": 640, "Педагогов": "58", "young_teachers": 9.0, "удовлетворённость наставников": "81,5",
         "values": {"teacher_mentors": 40}}
    )  # fmt: skip
    assert inputs == KpiInputs(pupils=640, teachers=58, young_teachers=9, mentor_satisfaction=81.5,
                               values={"teacher_mentors": 40.0})  # fmt: skip
    with pytest.raises(ParticipantsError, match="Неизвестный параметр показателей «учеников»"):
        KpiInputs.from_mapping({"учеников": 5})
    with pytest.raises(
        ParticipantsError, match=re.escape("«pupils»: ожидается целое неотрицательное число, а не 6.5")
    ):
        KpiInputs.from_mapping({"pupils": 6.5})
    with pytest.raises(ParticipantsError, match="«teachers»: ожидается число, а не «много»"):
        KpiInputs.from_mapping({"teachers": "много"})
    with pytest.raises(ParticipantsError, match="ожидается объект JSON"):
        KpiInputs.from_mapping([1, 2])


def test_format_value():
    assert [format_value(v) for v in (50, 42.9, 6.25, 0, None)] == ["50", "42,9", "6,25", "0", "–"]


# -- charts and the report ----------------------------------------------------------------------


def test_each_chart_is_a_png():
    images = charts(_dossier(), TOTALS)
    assert set(images) == {"plan_fact", "forms"}
    for content in images.values():
        width, height = png_size(content)
        assert width > 600 and height > 250
        assert len(content) > 10_000


def test_charts_without_data_still_draw():
    empty = dossier_from_data(school_data())
    images = charts(empty)
    assert all(png_size(c)[0] > 300 for c in images.values())


def test_kpi_report_docx_has_pictures_and_the_table_values():
    content = kpi_report_docx(_dossier(), TOTALS, today=date(2025, 5, 20))
    doc = Document(io.BytesIO(content))
    assert len(doc.inline_shapes) >= 2
    text = body_text(doc)
    assert "Отчёт о показателях эффективности внедрения целевой модели наставничества" in text
    assert "2024/2025 учебный год, по состоянию на 20.05.2025" in text
    counts, kpis, forms = doc.tables
    assert [c.text for c in kpis.rows[0].cells] == ["№", "Наименование показателя", "Базовое (2022)",
                                                    "План (2024)", "Факт", "Источник"]  # fmt: skip
    assert [c.text for c in kpis.rows[5].cells][2:] == ["50", "80", "42,9", "расчёт: 3 из 7"]
    assert [c.text for c in kpis.rows[3].cells][4] == "6,3"
    assert [c.text for c in kpis.rows[7].cells][4:] == ["78,5", "введено вручную"]
    assert [c.text for c in kpis.rows[8].cells][4:] == ["81", "из досье"]
    assert [c.text for c in counts.rows[1].cells] == ["Наставнических пар и групп", "9"]
    assert [c.text for c in forms.rows[-1].cells] == ["Всего", "9", "1", "5"]
    assert "Рисунок 1 — Показатели эффективности: план и факт" in text
    assert "Рисунок 2 — Наставнические пары и группы по формам" in text
    assert "Заместитель директора по учебно-воспитательной работе\tО.А.\u00a0Жмурина" in text
    section = doc.sections[0]
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 10


def test_kpi_report_of_the_gymnasium_sample():
    gym = sample("gymnasium-20")
    doc = Document(
        io.BytesIO(kpi_report_docx(gym, KpiInputs(pupils=640, teachers=58), today=date(2023, 5, 15)))
    )
    assert len(doc.inline_shapes) == 2
    rows = doc.tables[1].rows
    assert len(rows) == len(gym.kpis.indicators) + 1
    assert rows[5].cells[4].text == "17,2"  # 10 teachers of 58 are mentors
