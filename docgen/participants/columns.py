"""Columns of the participants sheet: Russian headers, what each holds, which are required."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from docgen.model import FORM_PRESETS, KIND_PRESETS, Category

from .text import header_key

MENTOR = "mentor"
MENTEE = "mentee"
PAIR = "pair"

GENDER_VALUES = ("м", "ж")
MINOR_VALUES = ("да", "нет")
CATEGORY_VALUES = tuple(c.value for c in Category)


@dataclass(frozen=True)
class Column:
    key: str  # internal id: "mentor_surname"
    header: str  # Russian header as the sample sheet writes it
    role: str  # MENTOR, MENTEE or PAIR
    field: str  # field of Person or Pair it fills
    required: bool
    help: str  # what to write, for the «Инструкция» sheet and header comments
    allowed: tuple[str, ...] = ()
    strict: bool = False  # only `allowed` values are accepted
    width: int = 18  # column width in the sample sheet, characters
    examples: tuple[object, object] = ("", "")
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("mentor_surname", "Фамилия наставника", MENTOR, "surname", True,
           "Фамилия наставника.", examples=("Иванова", "Иванова")),
    Column("mentor_name", "Имя наставника", MENTOR, "name", True,
           "Имя наставника полностью.", examples=("Мария", "Мария")),
    Column("mentor_patronymic", "Отчество наставника", MENTOR, "patronymic", False,
           "Отчество, если есть.", examples=("Петровна", "Петровна")),
    Column("mentor_gender", "Пол наставника", MENTOR, "gender", True,
           "Нужен для склонения ФИО в приказах.", GENDER_VALUES, strict=True, width=10,
           examples=("ж", "ж")),
    Column("mentor_position", "Должность наставника", MENTOR, "position", False,
           "Должность, для обучающегося — класс, для студента — курс.", width=26,
           examples=("учитель математики", "учитель математики")),
    Column("mentor_category", "Категория наставника", MENTOR, "category", False,
           "Если пусто — по форме наставничества: «работодатель – ученик» → работодатель, "
           "«ученик – ученик» → обучающийся, иначе педагог.",
           CATEGORY_VALUES, strict=True, width=16, examples=("педагог", "педагог")),
    Column("mentor_workplace", "Место работы наставника", MENTOR, "workplace", False,
           "Для наставников из внешней среды: предприятие, вуз, колледж.", width=26),
    Column("mentee_surname", "Фамилия наставляемого", MENTEE, "surname", True,
           "Фамилия наставляемого.", examples=("Кириллов", "Ковалёв")),
    Column("mentee_name", "Имя наставляемого", MENTEE, "name", True,
           "Имя наставляемого полностью.", examples=("Артём", "Михаил")),
    Column("mentee_patronymic", "Отчество наставляемого", MENTEE, "patronymic", False,
           "Отчество, если есть.", examples=("Сергеевич", "Дмитриевич")),
    Column("mentee_gender", "Пол наставляемого", MENTEE, "gender", True,
           "Нужен для склонения ФИО в приказах.", GENDER_VALUES, strict=True, width=10,
           examples=("м", "м")),
    Column("mentee_birth_date", "Дата рождения наставляемого", MENTEE, "birth_date", False,
           "ДД.ММ.ГГГГ. Вместе с ФИО отличает однофамильцев при повторной загрузке.", width=14,
           examples=("", date(2008, 3, 17))),
    Column("mentee_position", "Класс/должность наставляемого", MENTEE, "position", False,
           "«обучающийся 9 «А» класса», «студент 2 курса», «учитель математики».", width=26,
           examples=("учитель математики", "обучающийся 9 «А» класса"),
           aliases=("Класс наставляемого", "Должность наставляемого")),
    Column("mentee_category", "Категория наставляемого", MENTEE, "category", False,
           "Если пусто — по форме наставничества: «… – ученик» → обучающийся, «… – студент» → "
           "студент, иначе педагог.",
           CATEGORY_VALUES, strict=True, width=16, examples=("педагог", "обучающийся")),
    Column("mentee_minor", "Несовершеннолетний", MENTEE, "minor", False,
           "Для несовершеннолетних нужно согласие родителя. Если пусто — по дате рождения "
           "(младше 18 лет на дату начала), иначе «нет».",
           MINOR_VALUES, strict=True, width=12, examples=("нет", "да")),
    Column("form", "Форма наставничества", PAIR, "form", True,
           "Можно выбрать из списка или написать свою; тире между ролями.", FORM_PRESETS, width=22,
           examples=("учитель – учитель", "учитель – ученик")),
    Column("kind", "Вид наставничества", PAIR, "kind", False,
           "Можно выбрать из списка или написать свой.", KIND_PRESETS, width=16,
           examples=("традиционное", "традиционное")),
    Column("start", "Начало", PAIR, "start", True, "Дата начала работы пары, ДД.ММ.ГГГГ.", width=12,
           examples=(date(2022, 9, 15), date(2022, 9, 15)), aliases=("Дата начала",)),
    Column("end", "Окончание", PAIR, "end", True,
           "Дата окончания, ДД.ММ.ГГГГ, позже даты начала.", width=12,
           examples=(date(2023, 5, 31), date(2023, 5, 31)), aliases=("Дата окончания",)),
    Column("programme", "Программа", PAIR, "programme_title", False,
           "Название персонализированной программы (индивидуального плана).", width=30,
           examples=("Первые шаги в профессии", "Путь к олимпиаде по математике"),
           aliases=("Название программы",)),
    Column("payment", "Доплата, руб.", PAIR, "payment", False,
           "Ежемесячная доплата наставнику по дополнительному соглашению (ТК РФ ст. 351.8; "
           "до 01.03.2025 — ст. 60.2 и 151): 2500 или 2500,50.", width=12, examples=(2500, 1500),
           aliases=("Доплата",)),
    Column("mentor_email", "Эл. почта наставника", MENTOR, "email", False,
           "Необязательно. Можно сопоставлять людей по почте при повторной загрузке.", width=22,
           aliases=("Электронная почта наставника", "E-mail наставника", "Email наставника")),
    Column("mentor_phone", "Телефон наставника", MENTOR, "phone", False,
           "Необязательно. Можно сопоставлять людей по телефону при повторной загрузке.", width=18),
    Column("mentee_email", "Эл. почта наставляемого", MENTEE, "email", False,
           "Необязательно.", width=22,
           aliases=("Электронная почта наставляемого", "E-mail наставляемого", "Email наставляемого")),
    Column("mentee_phone", "Телефон наставляемого", MENTEE, "phone", False, "Необязательно.", width=18),
    Column("mentee_experience", "Стаж наставляемого, лет", MENTEE, "experience_years", False,
           "Для педагогов: педагогический стаж, полных лет (молодой специалист — от 0 до 3). "
           "Нужен для показателя «доля молодых специалистов».", width=12, examples=(1, ""),
           aliases=("Стаж наставляемого", "Педагогический стаж наставляемого")),
)  # fmt: skip

BY_KEY: dict[str, Column] = {c.key: c for c in COLUMNS}
BY_HEADER: dict[str, Column] = {}
for _column in COLUMNS:
    for _name in (_column.header, *_column.aliases):
        BY_HEADER[header_key(_name)] = _column

# How people are recognised when a sheet is loaded again (values of `match_by`).
NAME_BIRTH = "name_birth"
NAME_ONLY = "name"
MATCH_FIELDS = {"эл почта": "email", "телефон": "phone"}
MATCH_OPTIONS: dict[str, str] = {
    NAME_BIRTH: "ФИО и дата рождения",
    NAME_ONLY: "только ФИО",
    "Эл. почта": "электронная почта (если не указана — ФИО и дата рождения)",
    "Телефон": "телефон (если не указан — ФИО и дата рождения)",
}


def match_field(match_by: str) -> str | None:
    """The Person field `match_by` names (None for name matching); ValueError when unknown.

    «Эл. почта», «Эл. почта наставляемого» and «Телефон наставника» are all accepted: the
    role-specific column of the other role is used for the other role's people.
    """
    if match_by in (NAME_BIRTH, NAME_ONLY):
        return None
    key = header_key(match_by).removesuffix(" наставника").removesuffix(" наставляемого")
    key = {"электронная почта": "эл почта", "e mail": "эл почта", "email": "эл почта"}.get(key, key)
    if key in MATCH_FIELDS:
        return MATCH_FIELDS[key]
    options = ", ".join(f"«{o}»" for o in MATCH_OPTIONS)
    raise ValueError(f"Нельзя сопоставлять участников по «{match_by}»; допустимо: {options}")
