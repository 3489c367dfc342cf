"""Loading mentors, mentees, pairs and groups from a sheet: preview, errors, merge, re-import."""

from __future__ import annotations

import copy
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import load_workbook
from participants_helpers import (
    HEADERS,
    PETROVA,
    csv_bytes,
    good_rows,
    gymnasium_data,
    row,
    school_data,
    xlsx,
)

from docgen.errors import InvalidDossier
from docgen.model import Category, dossier_from_data
from docgen.participants import COLUMNS, RowError, apply_import, preview_import, sample_sheet


def _load(rows, existing=None, **kw):
    existing = school_data() if existing is None else existing
    return preview_import(xlsx(rows, **kw), "участники.xlsx", existing)


# -- a good sheet -------------------------------------------------------------------------------


def test_good_sheet_preview_counts_and_applied_dossier_validates():
    existing = school_data()
    preview = preview_import(xlsx(good_rows()), "участники.xlsx", existing)
    assert preview.errors == []
    assert preview.rows_total == 4
    assert [r.row for r in preview.rows_ok] == [2, 3, 4, 5]
    assert len(preview.new_pairs) == 3 and preview.updated_pairs == [] and preview.unchanged == []
    group = preview.new_pairs[0]
    assert group.is_group and group.mentees == ["Соколов Игорь Петрович", "Белова Алёна Сергеевна"]
    assert group.rows == [2, 3] and group.changes == ["новая группа"]
    assert preview.can_apply

    data = apply_import(existing, preview)
    assert existing["pairs"] == []  # the input is not modified
    dossier = dossier_from_data(data)
    assert len(dossier.pairs) == 3
    chemistry, teachers, employer = dossier.pairs
    assert chemistry.is_group and chemistry.form == "учитель – ученик" and chemistry.kind == "групповое"
    assert chemistry.payment == Decimal(3000) and chemistry.programme_title == "Химия вокруг нас"
    assert (chemistry.start, chemistry.end) == (date(2024, 9, 1), date(2025, 5, 31))
    sokolov = chemistry.mentees[0]
    assert sokolov.minor and sokolov.category is Category.PUPIL and sokolov.birth_date == date(2010, 4, 5)
    assert teachers.mentees[0].category is Category.TEACHER and not teachers.mentees[0].minor
    assert teachers.mentor.full_name == "Петрова Елена Ивановна" and teachers.payment == Decimal(2500)
    assert employer.mentor.category is Category.EMPLOYER and employer.mentor.workplace == "ООО «Агротех»"
    assert employer.mentees[0].key == sokolov.key
    # New forms and kinds join the dossier's lists (the implementation order names them).
    assert data["forms"] == ["учитель – ученик", "учитель – учитель", "работодатель – ученик"]
    assert data["kinds"] == ["групповое", "традиционное"]


def test_headers_match_in_any_order_case_and_yo_and_after_a_title_row():
    headers = list(reversed(HEADERS))
    renamed = {"Пол наставника": "ПОЛ НАСТАВНИКА (м/ж)", "Доплата, руб.": "доплата руб",
               "Дата рождения наставляемого": "Дата рождения наставляемого ",
               "Несовершеннолетний": "несовершеннолетний (да/нет)"}  # fmt: skip
    headers = [renamed.get(h, h) for h in headers]
    rows = [{renamed.get(k, k): v for k, v in r.items()} for r in good_rows()]
    preview = preview_import(
        xlsx(rows, headers, title="Реестр наставников и наставляемых"), "s.xlsx", school_data()
    )
    assert preview.errors == []
    assert [r.row for r in preview.rows_ok] == [3, 4, 5, 6]
    assert len(preview.new_pairs) == 3


def test_sample_sheet_describes_every_column_and_loads_cleanly():
    content = sample_sheet(2024)  # the school year of school_data()
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames[:2] == ["Участники", "Инструкция"]
    sheet = book["Участники"]
    headers = [c.value for c in sheet[1]]
    assert headers == [c.header for c in COLUMNS]
    assert headers[:21] == HEADERS
    assert all(c.comment is not None and c.comment.text.startswith(c.value) for c in sheet[1])
    assert sheet.max_row == 3 and sheet.freeze_panes == "A2"
    assert sheet["R2"].number_format == "DD.MM.YYYY"
    instruction = "\n".join(str(c.value) for r in book["Инструкция"].iter_rows() for c in r if c.value)
    for column in COLUMNS:
        assert column.header in instruction
    assert "м, ж" in instruction and "да, нет" in instruction
    preview = preview_import(content, "образец.xlsx", school_data())
    assert preview.errors == [] and len(preview.new_pairs) == 2
    dossier_from_data(apply_import(school_data(), preview))


def test_sample_sheet_examples_are_in_the_current_school_year():
    from docgen.participants.sample import current_school_year

    assert current_school_year(date(2026, 12, 5)) == 2026
    assert current_school_year(date(2027, 3, 1)) == 2026
    sheet = load_workbook(io.BytesIO(sample_sheet()))["Участники"]
    starts = {c.value.date() for c in sheet["R"][1:]}
    assert starts == {date(current_school_year(), 9, 15)}


# -- broken sheets ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "value", "message"),
    [
        ("Имя наставляемого", None, "Не заполнено обязательное поле"),
        ("Пол наставника", "x", "Неизвестный пол «x»: укажите «м» или «ж»"),
        ("Окончание", "31.02.2023", "Такой даты нет: «31.02.2023»"),
        ("Начало", "сентябрь", "Не удалось прочитать дату «сентябрь»: ожидается ДД.ММ.ГГГГ"),
        ("Несовершеннолетний", "может быть", "Ожидается «да» или «нет»: «может быть»"),
        ("Категория наставника", "учитель",
         "Неизвестная категория «учитель»; допустимые: педагог, обучающийся, студент, работодатель, "
         "социальный партнёр, работник"),
        ("Доплата, руб.", "много", "Ожидается сумма в рублях, например 2500 или 2500,50: «много»"),
        ("Форма наставничества", "  ", "Не заполнено обязательное поле"),
    ],
)  # fmt: skip
def test_a_bad_cell_is_reported_with_row_and_column_and_the_other_rows_load(cell, value, message):
    rows = good_rows()
    rows[2][cell] = value  # sheet row 4
    preview = _load(rows)
    assert preview.errors == [RowError(4, cell, message)]
    assert [r.row for r in preview.rows_ok] == [2, 3, 5]
    assert preview.bad_rows == [4]
    assert str(preview.errors[0]) == f"Строка 4, столбец «{cell}»: {message}"
    dossier_from_data(apply_import(school_data(), preview))


EXPERIENCE = "Стаж наставляемого, лет"


def test_experience_of_a_teacher_mentee_is_loaded_for_the_young_specialists_kpi():
    rows = good_rows()
    rows[2][EXPERIENCE] = 2  # Орлова, учитель химии
    rows[0][EXPERIENCE] = "   "  # a pupil: left empty
    preview = _load(rows, headers=[*HEADERS, EXPERIENCE])
    assert preview.errors == []
    dossier = dossier_from_data(apply_import(school_data(), preview))
    orlova = dossier.pairs[1].mentees[0]
    assert (orlova.surname, orlova.experience_years) == ("Орлова", 2)
    assert dossier.pairs[0].mentees[0].experience_years is None


@pytest.mark.parametrize("value", ["два года", "2,5", "-1", "120"])
def test_experience_must_be_whole_years(value):
    rows = good_rows()
    rows[2][EXPERIENCE] = value
    preview = _load(rows, headers=[*HEADERS, EXPERIENCE])
    assert preview.errors == [RowError(4, EXPERIENCE, f"Стаж — целое число лет от 0 до 70: «{value}»")]


def test_end_before_start_names_both_dates():
    rows = good_rows()
    rows[0].update({"Начало": "01.09.2025", "Окончание": "31.05.2025"})
    rows[1].update({"Начало": "01.09.2025", "Окончание": "01.09.2025"})
    preview = _load(rows)
    assert preview.errors == [
        RowError(2, "Окончание", "Окончание (31.05.2025) должно быть позже начала (01.09.2025)"),
        RowError(3, "Окончание", "Окончание (01.09.2025) должно быть позже начала (01.09.2025)"),
    ]


def test_several_problems_in_one_row_are_all_reported_in_column_order():
    rows = good_rows()
    rows[0].update({"Пол наставляемого": "мж", "Фамилия наставника": "", "Окончание": "2025-02-30"})
    preview = _load(rows)
    assert preview.errors == [
        RowError(2, "Фамилия наставника", "Не заполнено обязательное поле"),
        RowError(2, "Пол наставляемого", "Неизвестный пол «мж»: укажите «м» или «ж»"),
        RowError(2, "Окончание", "Такой даты нет: «2025-02-30»"),
    ]


def test_unknown_column_is_a_file_level_error_naming_it():
    headers = [*HEADERS, "Примечание", "Фамилия наставнка"]
    preview = _load(good_rows(), headers=headers)
    assert preview.errors == [
        RowError(1, "Примечание", "Неизвестный столбец «Примечание»", True),
        RowError(
            1,
            "Фамилия наставнка",
            "Неизвестный столбец «Фамилия наставнка»; возможно, имелся в виду «Фамилия наставника»",
            True,
        ),
    ]
    assert preview.rows_ok == [] and not preview.can_apply
    assert preview.rows_total == 4


def test_missing_required_and_duplicated_columns():
    headers = [h for h in HEADERS if h != "Пол наставляемого"] + ["Начало"]
    preview = _load(good_rows(), headers=headers)
    assert preview.errors == [
        RowError(1, "Начало", "Столбец «Начало» указан дважды (столбцы Q и U)", True),
        RowError(1, "Пол наставляемого", "Нет обязательного столбца «Пол наставляемого»", True),
    ]


def test_empty_sheet_and_header_only_sheet():
    empty = _load([], headers=[])
    assert empty.errors == [RowError(0, "", "Таблица пуста: нет ни строки заголовков, ни данных", True)]
    assert str(empty.errors[0]) == "Таблица пуста: нет ни строки заголовков, ни данных"
    header_only = _load([])
    assert header_only.errors == [RowError(1, "", "В таблице нет строк с данными под заголовком", True)]


def test_wrong_file_types():
    def message(content: bytes, name: str) -> str:
        preview = preview_import(content, name, school_data())
        assert len(preview.errors) == 1 and preview.errors[0].file_level and not preview.can_apply
        return preview.errors[0].message

    assert message(b"%PDF-1.4 ...", "list.pdf") == (
        "Неподдерживаемый тип файла «list.pdf»: загрузите таблицу .xlsx (Excel) или .csv"
    )
    assert message(b"not a zip", "list.xlsx") == (
        "Файл «list.xlsx» не является книгой Excel (.xlsx): он повреждён или другого формата"
    )
    buffer = io.BytesIO()
    Document().save(buffer)
    assert message(buffer.getvalue(), "письмо.xlsx") == (
        "Файл «письмо.xlsx» не удалось прочитать как книгу Excel (.xlsx): он повреждён или другого формата"
    )
    assert message(b"\xd0\xcf\x11\xe0old excel", "list.xls").startswith(
        "Формат «list.xls» (Excel 97–2003, .xls)"
    )
    assert message(xlsx(good_rows()), "list.csv") == (
        "Файл «list.csv» не похож на текстовую таблицу CSV; книгу Excel загружайте с расширением .xlsx"
    )
    assert message(b"", "list.csv") == "Файл «list.csv» пуст"


def test_conflicting_values_inside_one_group_and_repeated_rows():
    rows = good_rows()
    rows[1]["Программа"] = "Другая программа"
    rows.append(dict(rows[0]))
    preview = _load(rows)
    assert preview.errors == [
        RowError(
            3,
            "Программа",
            "У группы наставника Петрова Елена Ивановна в строке 2 указано «Химия вокруг нас», "
            "здесь «Другая программа»: у одной группы одно значение",
        ),
        RowError(
            6,
            "Фамилия наставляемого",
            "Повтор: наставляемый Соколов Игорь Петрович этой группы уже указан в строке 2",
        ),
    ]
    assert [r.row for r in preview.rows_ok] == [2, 4, 5]


def test_unknown_match_option():
    preview = preview_import(xlsx(good_rows()), "s.xlsx", school_data(), match_by="СНИЛС")
    assert preview.errors[0].file_level
    assert preview.errors[0].message.startswith("Нельзя сопоставлять участников по «СНИЛС»")


# -- re-import ----------------------------------------------------------------------------------


def test_reimport_of_the_same_sheet_changes_nothing():
    content = xlsx(good_rows())
    first = apply_import(school_data(), preview_import(content, "s.xlsx", school_data()))
    again = preview_import(content, "s.xlsx", first)
    assert again.errors == [] and again.new_pairs == [] and again.updated_pairs == []
    assert len(again.unchanged) == 3
    second = apply_import(first, again)
    assert second == first
    assert len(dossier_from_data(second).pairs) == 3


def test_changed_cell_updates_the_person_everywhere_without_duplicates():
    first = apply_import(school_data(), _load(good_rows()))
    rows = good_rows()
    for changed in rows[0], rows[3]:
        changed["Класс/должность наставляемого"] = "обучающийся 9 «А» класса"
    for changed in rows[:3]:
        changed["Должность наставника"] = "учитель химии и биологии"
    preview = _load(rows, first)
    assert preview.warnings == []
    assert preview.new_pairs == [] and len(preview.updated_pairs) == 3
    changes = {c.mentor + " → " + ", ".join(c.mentees): c.changes for c in preview.updated_pairs}
    assert changes["Петрова Елена Ивановна → Соколов Игорь Петрович, Белова Алёна Сергеевна"] == [
        "наставник Петрова Елена Ивановна: должность/класс: «учитель химии» → «учитель химии и биологии»",
        "наставляемый Соколов Игорь Петрович: должность/класс: «обучающийся 8 «А» класса» → "
        "«обучающийся 9 «А» класса»",
    ]
    data = apply_import(first, preview)
    dossier = dossier_from_data(data)
    assert len(dossier.pairs) == 3
    # The same mentee in the employer's pair and the same mentor in her other pair changed too.
    assert dossier.pairs[2].mentees[0].position == "обучающийся 9 «А» класса"
    assert {p.mentor.position for p in dossier.pairs[:2]} == {"учитель химии и биологии"}


def test_the_same_person_described_differently_in_two_rows_is_a_warning():
    rows = good_rows()
    rows[2]["Должность наставника"] = "учитель химии и биологии"
    preview = _load(rows)
    assert preview.errors == []
    assert preview.warnings == [
        RowError(
            4,
            "Должность наставника",
            "Петрова Елена Ивановна: в строке 2 указано «учитель химии», здесь "
            "«учитель химии и биологии»; будет записано значение из последней строки",
        ),
    ]
    assert preview.summary()[-1].startswith("Предупреждение. Строка 4, столбец «Должность наставника»: ")
    dossier = dossier_from_data(apply_import(school_data(), preview))
    assert {p.mentor.position for p in dossier.pairs[:2]} == {"учитель химии и биологии"}


def test_reimport_into_the_gymnasium_keeps_what_the_sheet_does_not_hold():
    existing = gymnasium_data()
    sheet = [row(Фамилия_наставника="ИВАНОВА", Имя_наставника="Мария", Отчество_наставника="Петровна",
                 Пол_наставника="ж", Фамилия_наставляемого="Ковалев", Имя_наставляемого="Михаил",
                 Отчество_наставляемого="Дмитриевич", Пол_наставляемого="м",
                 Дата_рождения_наставляемого=date(2008, 3, 17), Форма_наставничества="Учитель - ученик",
                 Начало="15.09.2022", Окончание="31.05.2023")]  # fmt: skip
    preview = preview_import(xlsx(sheet), "s.xlsx", existing)
    assert preview.errors == [] and preview.new_pairs == [] and preview.updated_pairs == []
    assert len(preview.unchanged) == 1
    data = apply_import(existing, preview)
    assert data == gymnasium_data()  # ё, case and dashes do not count as changes


def test_new_mentee_joins_the_existing_group_of_the_same_mentor_form_and_period():
    first = apply_import(school_data(), _load(good_rows()))
    rows = good_rows()
    rows.insert(2, {**rows[1], "Фамилия наставляемого": "Ким", "Имя наставляемого": "Ольга",
                    "Отчество наставляемого": None, "Дата рождения наставляемого": "01.02.2010"})  # fmt: skip
    preview = _load(rows, first)
    assert preview.new_pairs == [] and len(preview.updated_pairs) == 1
    assert preview.updated_pairs[0].changes == ["добавлен наставляемый Ким Ольга"]
    assert len(preview.unchanged) == 2
    dossier = dossier_from_data(apply_import(first, preview))
    assert [m.full_name for m in dossier.pairs[0].mentees][-1] == "Ким Ольга"
    assert len(dossier.pairs) == 3


def test_a_person_with_another_birth_date_is_another_person():
    first = apply_import(school_data(), _load(good_rows()[:1]))
    rows = good_rows()[:1]
    rows[0]["Дата рождения наставляемого"] = "06.04.2010"
    preview = _load(rows, first)
    assert len(preview.updated_pairs) == 1  # a namesake joins the group
    assert preview.updated_pairs[0].changes == ["добавлен наставляемый Соколов Игорь Петрович"]


def test_match_by_email_recognises_a_renamed_person():
    headers = [*HEADERS, "Эл. почта наставляемого"]
    rows = good_rows()[2:3]
    rows[0]["Эл. почта наставляемого"] = "Orlova@School.ru"
    first = apply_import(school_data(), preview_import(xlsx(rows, headers), "s.xlsx", school_data()))
    rows[0].update({"Фамилия наставляемого": "Смирнова", "Эл. почта наставляемого": "orlova@school.ru "})
    by_name = preview_import(xlsx(rows, headers), "s.xlsx", first)
    assert len(by_name.updated_pairs) == 1  # by name she is a new mentee of the same pair
    assert by_name.updated_pairs[0].changes == ["добавлен наставляемый Смирнова Дарья Олеговна"]
    by_email = preview_import(xlsx(rows, headers), "s.xlsx", first, match_by="Эл. почта")
    assert by_email.updated_pairs[0].changes == [
        "наставляемый Смирнова Дарья Олеговна: фамилия: «Орлова» → «Смирнова»",
        "наставляемый Смирнова Дарья Олеговна: эл. почта: «Orlova@School.ru» → «orlova@school.ru»",
    ]
    data = apply_import(first, by_email)
    assert [m["surname"] for m in data["pairs"][0]["mentees"]] == ["Смирнова"]


def test_apply_validates_the_result_unless_asked_not_to():
    preview = _load(good_rows())
    incomplete = {"school_year": "2024/2025"}
    with pytest.raises(InvalidDossier):
        apply_import(incomplete, preview)
    data = apply_import(incomplete, preview, validate=False)
    assert len(data["pairs"]) == 3


def test_rows_with_errors_are_left_out_of_apply():
    rows = good_rows()
    rows[3]["Пол наставника"] = "?"
    preview = _load(rows)
    data = apply_import(school_data(), preview)
    assert [p["mentor"]["surname"] for p in data["pairs"]] == ["Петрова", "Петрова"]


def test_preview_does_not_touch_the_existing_data():
    existing = gymnasium_data()
    before = copy.deepcopy(existing)
    preview_import(xlsx(good_rows()), "s.xlsx", existing)
    assert existing == before


# -- CSV ----------------------------------------------------------------------------------------


def test_csv_in_cp1251_with_semicolons():
    content = csv_bytes(good_rows(), delimiter=";", encoding="cp1251")
    preview = preview_import(content, "реестр.csv", school_data())
    assert (preview.encoding, preview.delimiter) == ("cp1251", ";")
    assert preview.errors == [] and len(preview.new_pairs) == 3
    from_xlsx = apply_import(school_data(), _load(good_rows()))
    assert apply_import(school_data(), preview) == from_xlsx


def test_csv_in_utf8_with_bom_and_commas_reports_rows_as_excel_numbers_them():
    rows = good_rows()
    rows[1]["Пол наставляемого"] = "x"
    rows[0]["Доплата, руб."] = "3000"  # a comma would need quotes in a comma-separated file
    content = b"\xef\xbb\xbf" + csv_bytes(rows, delimiter=",", encoding="utf-8")
    preview = preview_import(content, "реестр.csv", school_data())
    assert (preview.encoding, preview.delimiter) == ("utf-8-sig", ",")
    assert preview.errors == [RowError(3, "Пол наставляемого", "Неизвестный пол «x»: укажите «м» или «ж»")]
    assert len(preview.rows_ok) == 3


def test_summary_lines():
    rows = good_rows()
    rows[0]["Пол наставника"] = "x"
    lines = _load(rows).summary()
    assert lines == [
        "Файл «участники.xlsx»: строк с данными 4, без ошибок 3, с ошибками 1.",
        "Новых пар и групп: 3, изменится: 0, без изменений: 0.",
        "Строка 2, столбец «Пол наставника»: Неизвестный пол «x»: укажите «м» или «ж»",
    ]


def test_interleaved_groups_and_rows_in_sheet_order():
    rows = good_rows()
    rows[1], rows[2] = rows[2], rows[1]  # the group's rows are 2 and 4 now
    preview = _load(rows)
    assert [r.row for r in preview.rows_ok] == [2, 3, 4, 5]
    assert [c.rows for c in preview.new_pairs] == [[2, 4], [3], [5]]
    assert len(dossier_from_data(apply_import(school_data(), preview)).pairs) == 3


def test_a_preview_with_file_errors_applies_nothing():
    bad = preview_import(b"", "s.xlsx", school_data(), match_by="СНИЛС")
    assert apply_import(school_data(), bad) == school_data()


def test_preview_as_json_data():
    rows = good_rows()
    rows[0]["Пол наставника"] = "x"
    view = _load(rows).as_dict()
    assert json.loads(json.dumps(view, ensure_ascii=False)) == view
    assert (view["rows_total"], view["rows_ok"], view["bad_rows"], view["can_apply"]) == (4, 3, [2], True)
    assert view["errors"] == [
        {"row": 2, "column": "Пол наставника", "message": "Неизвестный пол «x»: укажите «м» или «ж»",
         "file_level": False}
    ]  # fmt: skip
    assert view["new_pairs"][0] == {
        "mentor": "Петрова Елена Ивановна", "mentees": ["Белова Алёна Сергеевна"], "form": "учитель – ученик",
        "period": "01.09.2024 – 31.05.2025", "rows": [3], "changes": ["новая пара"],
    }  # fmt: skip


def test_petrova_fixture_is_a_teacher_by_default():
    preview = _load(good_rows()[2:3])
    assert preview.rows_ok[0].mentor_defaults == {"category": Category.TEACHER}
    assert PETROVA["Пол наставника"] == "ж"


def test_rows_outside_the_dossiers_school_year_are_refused_with_the_place():
    """A sheet of another year would make the dossier invalid: its rows are refused at preview."""
    preview = preview_import(sample_sheet(2030), "образец.xlsx", school_data())
    assert preview.new_pairs == [] and len(preview.errors) == 2
    assert str(preview.errors[0]).startswith("Строка 2, столбец «Начало»: Начало (15.09.2030) вне учебного")
    assert "(01.09.2024 – 31.08.2025)" in str(preview.errors[0])
