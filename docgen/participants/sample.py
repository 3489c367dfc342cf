"""The downloadable sample sheet: headers, two example rows, drop-down lists and instructions."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from docgen.safe_cells import put

from .columns import COLUMNS, Column
from .tables import DATA_SHEET

DATE_FORMAT = "DD.MM.YYYY"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
LISTS_SHEET = "Списки"
INSTRUCTION_SHEET = "Инструкция"
_LAST_ROW = 1000  # drop-down lists and date formats are set this far down

GENERAL_RULES = (
    "Одна строка — один наставляемый и его наставник.",
    "Группа — несколько строк с одним и тем же наставником, формой наставничества, началом и "
    "окончанием: они станут одной группой (один наставник, несколько наставляемых).",
    "Названия столбцов менять нельзя, порядок столбцов — любой; регистр и «ё/е» в названиях не важны. "
    "Необязательные столбцы можно удалить.",
    "Обязательные столбцы выделены цветом. Строка с ошибкой не загружается; остальные строки "
    "загружаются, а ошибки показываются с номером строки и названием столбца.",
    "Даты — в формате ДД.ММ.ГГГГ (например, 15.09.2022) или ячейки с датой Excel.",
    "Повторная загрузка той же таблицы не создаёт дублей: люди узнаются по фамилии, имени, отчеству "
    "и дате рождения (или по выбранному столбцу — эл. почте, телефону), пары — по наставнику и "
    "наставляемому. Изменённые ячейки обновляют сведения о человеке и паре.",
    "Таблицу можно сохранить и как CSV (UTF-8 или Windows-1251, разделитель «;» или «,»).",
)


def current_school_year(today: date | None = None) -> int:
    """The first year of the school year under way: from 1 September on, this calendar year."""
    today = today or date.today()
    return today.year if today.month >= 9 else today.year - 1


def _example(column: Column, value: object, start_year: int) -> object:
    """Example dates moved into the school year the sheet is for (they are written for 2022)."""
    if isinstance(value, date) and column.field in ("start", "end", "birth_date"):
        return value.replace(year=value.year + start_year - 2022)
    return value


def sample_sheet(start_year: int | None = None) -> bytes:
    """The .xlsx users fill in: sheet «Участники» (headers, 2 example rows), «Инструкция», lists.

    Example pairs run within the school year starting in `start_year` (the current one by
    default), so that the sample imports into a dossier of that year as it stands.
    """
    start_year = start_year or current_school_year()
    book = Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    lists = book.create_sheet(LISTS_SHEET)
    _instructions(book.create_sheet(INSTRUCTION_SHEET))
    book.move_sheet(INSTRUCTION_SHEET, offset=-1)

    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        cell = put(sheet, 1, index, column.header)
        cell.font = Font(bold=True)
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.comment = Comment(_comment(column), "docgen", width=320, height=160)
        sheet.column_dimensions[letter].width = max(column.width, 12)
        for row, example in enumerate(column.examples, start=2):
            example = _example(column, example, start_year)
            value = put(sheet, row, index, example if example != "" else None)
            if column.field in ("birth_date", "start", "end"):
                value.number_format = DATE_FORMAT
        if column.field in ("birth_date", "start", "end"):
            sheet.column_dimensions[letter].number_format = DATE_FORMAT  # rows users add
        if column.allowed:
            _validation(sheet, lists, column, letter, index)
    sheet.row_dimensions[1].height = 45
    sheet.freeze_panes = "A2"
    lists.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _comment(column: Column) -> str:
    lines = [column.header, "Обязательный столбец." if column.required else "Необязательный столбец."]
    lines.append(column.help)
    if column.allowed and column.strict:
        lines.append("Допустимые значения: " + ", ".join(column.allowed) + ".")
    elif column.allowed:
        lines.append("Варианты в списке; можно написать свой.")
    return "\n".join(lines)


def _validation(sheet, lists, column: Column, letter: str, index: int) -> None:
    """A drop-down list; for forms and kinds it only suggests (free text stays allowed)."""
    for row, value in enumerate(column.allowed, start=1):
        put(lists, row, index, value)
    source = f"{quote_sheetname(LISTS_SHEET)}!${letter}$1:${letter}${len(column.allowed)}"
    validation = DataValidation(type="list", formula1=source, allow_blank=True)
    if column.strict:
        validation.error = "Выберите значение из списка: " + ", ".join(column.allowed)
        validation.errorTitle = column.header
        validation.showErrorMessage = True
    else:
        validation.showErrorMessage = False
    sheet.add_data_validation(validation)
    validation.add(f"{letter}2:{letter}{_LAST_ROW}")


def _instructions(sheet) -> None:
    sheet.column_dimensions["A"].width = 32
    sheet.column_dimensions["B"].width = 14
    sheet.column_dimensions["C"].width = 70
    sheet.column_dimensions["D"].width = 50
    title = put(sheet, 1, 1, "Как заполнить лист «Участники»")
    title.font = Font(bold=True, size=14)
    row = 2
    for rule in GENERAL_RULES:
        cell = put(sheet, row, 1, f"• {rule}")
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[row].height = 32
        row += 1
    row += 1
    for col, text in enumerate(("Столбец", "Обязательный", "Что писать", "Допустимые значения"), start=1):
        cell = put(sheet, row, col, text)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    header_row = row
    for column in COLUMNS:
        row += 1
        allowed = ", ".join(column.allowed) if column.strict else (
            "список или свой вариант: " + "; ".join(column.allowed) if column.allowed else "")  # fmt: skip
        values = (column.header, "да" if column.required else "нет", column.help, allowed)
        for col, text in enumerate(values, start=1):
            cell = put(sheet, row, col, text)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if column.required and col == 1:
                cell.fill = REQUIRED_FILL
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
