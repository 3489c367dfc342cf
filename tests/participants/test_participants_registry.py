"""«База наставников», «база наставляемых»: rows, filters, .xlsx and .docx exports, the roll-up."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from docgen.model import Category, Dossier
from docgen.participants import (
    MENTEE_COLUMNS,
    MENTOR_COLUMNS,
    PAIR_COLUMNS,
    pair_rows,
    registry_docx,
    registry_rows,
    registry_xlsx,
    rollup_xlsx,
)
from docgen.participants.registry import sheet_title
from tests.conftest import sample


@pytest.fixture(scope="module")
def gym() -> Dossier:
    return sample("gymnasium-20")


def _distinct(people) -> int:
    return len({p.key for p in people})


def test_rows_are_one_per_person_with_their_pairs_summed_up(gym):
    mentors, mentees = registry_rows(gym)
    assert len(mentors) == _distinct(p.mentor for p in gym.pairs) == 17
    assert len(mentees) == _distinct(m for p in gym.pairs for m in p.mentees) == 28
    assert [r["n"] for r in mentors] == list(range(1, 18))
    assert list(mentors[0]) == [c.key for c in MENTOR_COLUMNS]
    assert list(mentees[0]) == [c.key for c in MENTEE_COLUMNS]
    ivanova = mentors[0]
    assert ivanova == {
        "n": 1, "full_name": "Иванова Мария Петровна", "gender": "ж", "position": "учитель математики",
        "workplace": "МБОУ гимназия № 20 им. С.С. Станчева", "category": "педагог",
        "forms": "учитель – учитель; учитель – ученик", "mentees": 2,
        "start": date(2022, 9, 15), "end": date(2023, 5, 31),
        "programmes": "Первые шаги в профессии: молодой учитель математики; Путь к олимпиаде по математике",
    }  # fmt: skip
    kirillov = next(r for r in mentees if r["full_name"] == "Кириллов Артём Сергеевич")
    assert (kirillov["category"], kirillov["experience_years"]) == ("педагог", 1)  # young specialist
    sokolova = next(r for r in mentors if r["full_name"].startswith("Соколова-Лебедева"))
    assert sokolova["mentees"] == 3
    litvinenko = next(r for r in mentors if r["full_name"].startswith("Литвиненко"))
    assert (litvinenko["workplace"], litvinenko["category"]) == ("ООО «Анапа-Агротех»", "работодатель")
    kovalev = next(r for r in mentees if r["full_name"] == "Ковалёв Михаил Дмитриевич")
    assert kovalev == {
        "n": kovalev["n"], "full_name": "Ковалёв Михаил Дмитриевич", "birth_date": date(2008, 3, 17),
        "position": "обучающийся 9 «А» класса", "category": "обучающийся", "minor": "да",
        "experience_years": None,
        "mentors": "Иванова Мария Петровна", "forms": "учитель – ученик",
        "start": date(2022, 9, 15), "end": date(2023, 5, 31),
    }  # fmt: skip


def test_filters(gym):
    mentors, mentees = registry_rows(gym, form="Учитель - ученик")
    assert {r["forms"] for r in mentors} == {"учитель – ученик"}
    assert len(mentees) == sum(len(p.mentees) for p in gym.pairs if p.form == "учитель – ученик")
    pupils_mentors, pupils = registry_rows(gym, category=Category.PUPIL, minor=True)
    assert {r["category"] for r in pupils_mentors} == {"обучающийся"}
    assert [r["full_name"] for r in pupils_mentors] == [
        "Козлов Максим Ильич",
        "Никитина Софья Андреевна",
        "Шапошников Даниил Олегович",
    ]
    assert len(pupils) == 19 and {r["minor"] for r in pupils} == {"да"}
    adults = registry_rows(gym, minor=False)[1]
    assert {r["category"] for r in adults} == {"педагог"}
    employers = registry_rows(gym, category="работодатель")[0]
    assert len(employers) == 2
    assert registry_rows(gym, form="нет такой формы") == ([], [])


def test_xlsx_export_is_formatted(gym):
    book = load_workbook(io.BytesIO(registry_xlsx(gym)))
    assert book.sheetnames == ["Наставники", "Наставляемые"]
    mentors, mentees = registry_rows(gym)
    for sheet, columns, rows in ((book["Наставники"], MENTOR_COLUMNS, mentors),
                                 (book["Наставляемые"], MENTEE_COLUMNS, mentees)):  # fmt: skip
        assert [c.value for c in sheet[1]] == [c.title for c in columns]
        assert all(c.font.b for c in sheet[1])
        assert sheet.freeze_panes == "A2"
        assert sheet.max_row - 1 == len(rows)
        last = chr(ord("A") + len(columns) - 1)
        assert sheet.auto_filter.ref == f"A1:{last}{len(rows) + 1}"
        assert sheet.column_dimensions["B"].width == 30
        assert all(sheet.column_dimensions[chr(ord("A") + i)].width == c.width for i, c in enumerate(columns))
    first = book["Наставники"]
    assert first["B2"].value == "Иванова Мария Петровна"
    assert first["I2"].value == datetime(2022, 9, 15) and first["I2"].number_format == "DD.MM.YYYY"
    assert first["J2"].value == datetime(2023, 5, 31) and first["J2"].is_date
    second = book["Наставляемые"]
    row = next(r for r in second.iter_rows(min_row=2) if r[1].value == "Ковалёв Михаил Дмитриевич")
    assert row[2].value == datetime(2008, 3, 17) and row[2].number_format == "DD.MM.YYYY"
    assert row[5].value == "да"


def test_xlsx_export_keeps_the_filters(gym):
    book = load_workbook(io.BytesIO(registry_xlsx(gym, form="студент – ученик")))
    assert book["Наставники"].max_row == 3 and book["Наставляемые"].max_row == 3


def test_docx_export_has_landscape_tables_with_repeated_header(gym):
    doc = Document(io.BytesIO(registry_docx(gym)))
    section = doc.sections[0]
    sizes = (section.page_width, section.page_height, section.left_margin, section.right_margin,
             section.top_margin, section.bottom_margin)  # fmt: skip
    assert [round(size.mm) for size in sizes] == [297, 210, 30, 10, 20, 20]
    mentors, mentees = registry_rows(gym)
    assert [len(t.rows) for t in doc.tables] == [len(mentors) + 1, len(mentees) + 1]
    for table in doc.tables:
        header = table.rows[0]._tr
        assert header.trPr.find(qn("w:tblHeader")) is not None
        assert table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    mentor_table, mentee_table = doc.tables
    assert mentor_table.rows[0].cells[1].text == "ФИО"
    assert mentor_table.rows[1].cells[1].text == "Иванова Мария Петровна"
    assert mentor_table.rows[1].cells[8].text == "15.09.2022 –\n31.05.2023"
    texts = [p.text for p in doc.paragraphs]
    assert "База наставников" in texts and "База наставляемых" in texts
    assert "МБОУ гимназия № 20 им. С.С. Станчева, 2022/2023 учебный год" in texts
    kovalev = next(r for r in mentee_table.rows if r.cells[1].text == "Ковалёв Михаил Дмитриевич")
    assert kovalev.cells[2].text == "17.03.2008"
    runs = [r for p in mentor_table.rows[1].cells[1].paragraphs for r in p.runs]
    assert runs[0].font.size.pt == 12


def test_docx_export_names_the_filters_and_an_empty_selection(gym):
    doc = Document(io.BytesIO(registry_docx(gym, form="нет такой формы", minor=True)))
    texts = [p.text for p in doc.paragraphs]
    assert "Отбор: форма «нет такой формы», несовершеннолетние" in texts
    assert texts.count("Нет участников, отвечающих условиям отбора.") == 2
    assert doc.tables == []


def test_pair_rows_give_a_row_per_mentee(gym):
    rows = pair_rows(gym)
    assert len(rows) == sum(len(p.mentees) for p in gym.pairs)
    assert list(rows[0]) == [c.key for c in PAIR_COLUMNS]


def test_rollup_has_a_total_sheet_and_a_sheet_per_school(gym):
    college = sample("college-blagoveshchensk")
    content = rollup_xlsx([("МБОУ гимназия № 20 / г. Анапа", gym), (college.organisation.short_name, college),
                           ("МБОУ гимназия № 20 / г. Анапа", gym)])  # fmt: skip
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames[0] == "Всего"
    assert book.sheetnames[1:] == [
        "МБОУ гимназия № 20 г. Анапа",
        sheet_title(college.organisation.short_name),
        "МБОУ гимназия № 20 г. Анапа (2)",
    ]
    assert all(len(name) <= 31 for name in book.sheetnames)
    counts = [book[name].max_row - 1 for name in book.sheetnames[1:]]
    assert counts == [len(pair_rows(gym)), len(pair_rows(college)), len(pair_rows(gym))]
    total = book["Всего"]
    assert total.max_row - 1 == sum(counts)
    assert [c.value for c in total[1]][:3] == ["№", "Организация", "ФИО наставника"]
    assert [c.value for c in book[book.sheetnames[1]][1]][:2] == ["№", "ФИО наставника"]
    organisations = [r[1].value for r in total.iter_rows(min_row=2)]
    assert organisations.count(college.organisation.short_name) == counts[1]
    assert [r[0].value for r in total.iter_rows(min_row=2)] == list(range(1, sum(counts) + 1))
    assert total.freeze_panes == "A2" and total.auto_filter.ref.startswith("A1:")


@pytest.mark.parametrize(
    ("name", "taken", "expected"),
    [
        ("МБОУ СШ № 7", [], "МБОУ СШ № 7"),
        ("Школа [№ 1]: *лучшая*?", [], "Школа № 1 лучшая"),
        ("'Гимназия'", [], "Гимназия"),
        ("Муниципальное бюджетное общеобразовательное учреждение", [], "Муниципальное бюджетное общеобр"),
        ("Муниципальное бюджетное общеобразовательное учреждение", ["Муниципальное бюджетное общеобр"],
         "Муниципальное бюджетное общ (2)"),
        ("мбоу сш № 7", ["МБОУ СШ № 7"], "мбоу сш № 7 (2)"),
        ("МБОУ СШ № 7", ["МБОУ СШ № 7", "МБОУ СШ № 7 (2)"], "МБОУ СШ № 7 (3)"),
        ("Всего", [], "Всего (2)"),
        ("///", [], "Организация"),
    ],
)  # fmt: skip
def test_sheet_titles(name, taken, expected):
    assert sheet_title(name, taken) == expected
    assert len(expected) <= 31
