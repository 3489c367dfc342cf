"""Names: parsing, declension rules (with names outside the dev set), short and signature forms."""

from __future__ import annotations

import pytest

from docgen.grammar import NBSP, Case, FullName, Gender, decline_name, short_name, signature_name

M, F = "male", "female"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Иванова Мария Петровна", FullName("Иванова", "Мария", "Петровна")),
        ("  Иванова   Мария\u00a0Петровна ", FullName("Иванова", "Мария", "Петровна")),
        ("Иванова М.П.", FullName("Иванова", initials="М.П.")),
        ("Иванова М. П.", FullName("Иванова", initials="М.П.")),
        ("М.П. Иванова", FullName("Иванова", initials="М.П.")),
        ("Браун Джон", FullName("Браун", "Джон")),
        ("Иванова", FullName("Иванова")),
        ("Мамедов Рашид Гасан оглы", FullName("Мамедов", "Рашид", "Гасан оглы")),
    ],
)
def test_parse(text: str, expected: FullName) -> None:
    assert FullName.parse(text) == expected


def test_parse_empty_is_an_error_in_russian() -> None:
    with pytest.raises(ValueError, match="пустое ФИО"):
        FullName.parse("   ")


@pytest.mark.parametrize(
    ("name", "initials", "full"),
    [
        (FullName("Иванова", "Мария", "Петровна"), "М.П.", "Иванова Мария Петровна"),
        (FullName("Браун", "Джон"), "Д.", "Браун Джон"),
        (FullName("Ёлкина", "Ёлка", "Ёсифовна"), "Ё.Ё.", "Ёлкина Ёлка Ёсифовна"),
        (FullName("Жмурина", initials="О. А."), "О.А.", f"Жмурина{NBSP}О.А."),
        (FullName("Жмурина"), "", "Жмурина"),
    ],
)
def test_initials_and_full(name: FullName, initials: str, full: str) -> None:
    assert name.initials_text == initials
    assert name.full == full


@pytest.mark.parametrize(
    ("text", "gender", "case", "expected"),
    [
        # indeclinable classes: -ко/-енко, -ых/-их, -аго/-ово, stressed foreign vowels
        ("Коваленко Андрей Петрович", M, "gen", "Коваленко Андрея Петровича"),
        ("Сидоренко Ольга Ивановна", F, "dat", "Сидоренко Ольге Ивановне"),
        ("Нечипоренко Иван Ильич", M, "ins", "Нечипоренко Иваном Ильичом"),
        ("Белых Олег Иванович", M, "ins", "Белых Олегом Ивановичем"),
        ("Долгих Анна Сергеевна", F, "gen", "Долгих Анны Сергеевны"),
        ("Живаго Юрий Андреевич", M, "gen", "Живаго Юрия Андреевича"),
        ("Дурново Пётр Николаевич", M, "dat", "Дурново Петру Николаевичу"),
        ("Золя Эмиль", M, "gen", "Золя Эмиля"),
        ("Гюго Виктор", M, "dat", "Гюго Виктору"),
        ("Гулиа Дмитрий Иосифович", M, "gen", "Гулиа Дмитрия Иосифовича"),
        # female consonant / -ь surnames do not decline, male ones do
        ("Кравец Мария Ивановна", F, "dat", "Кравец Марии Ивановне"),
        ("Бондарь Мария Ивановна", F, "gen", "Бондарь Марии Ивановны"),
        ("Бондарь Иван Иванович", M, "ins", "Бондарем Иваном Ивановичем"),
        ("Голубь Ирина Олеговна", F, "ins", "Голубь Ириной Олеговной"),
        ("Ким Ирина Сергеевна", F, "gen", "Ким Ирины Сергеевны"),
        ("Ткач Анна Петровна", F, "ins", "Ткач Анной Петровной"),
        ("Кох Роберт", M, "ins", "Кохом Робертом"),
        # stress after ж/ш/ч/щ/ц read from the dictionary: -ом when the ending is stressed
        ("Грач Павел Ильич", M, "ins", "Грачом Павлом Ильичом"),
        ("Калач Олег Олегович", M, "ins", "Калачом Олегом Олеговичем"),
        ("Лещ Иван Иванович", M, "ins", "Лещом Иваном Ивановичем"),
        ("Бабич Игорь Сергеевич", M, "ins", "Бабичем Игорем Сергеевичем"),
        ("Марш Фёдор Ильич", M, "ins", "Маршем Фёдором Ильичом"),
        # a surname that is a common noun keeps a vowel the noun keeps
        ("Кузнец Иван Ильич", M, "gen", "Кузнеца Ивана Ильича"),
        ("Кузнец Иван Ильич", M, "ins", "Кузнецом Иваном Ильичом"),
        # -чук: male declines even where the dictionary wrongly says otherwise
        ("Пинчук Олег Иванович", M, "gen", "Пинчука Олега Ивановича"),
        ("Савчук Иван Петрович", M, "ins", "Савчуком Иваном Петровичем"),
        ("Федорчук Анна Ивановна", F, "ins", "Федорчук Анной Ивановной"),
        # -ин/-ын: Russian -ым, a foreigner's (no patronymic) -ом
        ("Пушкин Александр Сергеевич", M, "ins", "Пушкиным Александром Сергеевичем"),
        ("Ильин Илья Ильич", M, "ins", "Ильиным Ильёй Ильичом"),
        ("Франклин Бенджамин", M, "ins", "Франклином Бенджамином"),
        ("Франклин Бенджамин", M, "gen", "Франклина Бенджамина"),
        ("Чаплин Иван Иванович", M, "ins", "Чаплиным Иваном Ивановичем"),
        ("Пушкин Иван", M, "ins", "Пушкиным Иваном"),
        ("Мин Сергей Петрович", M, "ins", "Мином Сергеем Петровичем"),
        ("Лев Иван Иванович", M, "ins", "Левом Иваном Ивановичем"),
        # adjectival -ой/-ий vs one-syllable nominal -ой
        ("Лановой Василий Семёнович", M, "gen", "Ланового Василия Семёновича"),
        ("Береговой Георгий Тимофеевич", M, "ins", "Береговым Георгием Тимофеевичем"),
        ("Стругацкий Аркадий Натанович", M, "dat", "Стругацкому Аркадию Натановичу"),
        ("Заречная Нина Петровна", F, "acc", "Заречную Нину Петровну"),
        ("Лой Алексей Михайлович", M, "ins", "Лоем Алексеем Михайловичем"),
        ("Лой Алексей Михайлович", M, "gen", "Лоя Алексея Михайловича"),
        # -а / -ия surnames decline for both genders
        ("Глоба Павел Павлович", M, "ins", "Глобой Павлом Павловичем"),
        ("Зима Ольга Петровна", F, "acc", "Зиму Ольгу Петровну"),
        ("Берия Лаврентий Павлович", M, "dat", "Берии Лаврентию Павловичу"),
        ("Гарсия Хуан", M, "gen", "Гарсии Хуана"),
        ("Сорокина Анна Петровна", F, "ins", "Сорокиной Анной Петровной"),
        # double surnames: both parts
        ("Римский-Корсаков Николай Андреевич", M, "gen", "Римского-Корсакова Николая Андреевича"),
        (
            "Салтыков-Щедрин Михаил Евграфович",
            M,
            "ins",
            "Салтыковым-Щедриным Михаилом Евграфовичем",
        ),
        ("Склодовская-Кюри Мария", F, "gen", "Склодовской-Кюри Марии"),
        # first names: fleeting vowels, -ь, male -а, foreign female consonant names
        ("Яшин Лев Иванович", M, "ins", "Яшиным Львом Ивановичем"),
        ("Фомин Павел Ильич", M, "gen", "Фомина Павла Ильича"),
        ("Кузнецов Пётр Ильич", M, "pre", "Кузнецове Петре Ильиче"),
        ("Лизина Любовь Ивановна", F, "acc", "Лизину Любовь Ивановну"),
        ("Павлова Нинель Петровна", F, "ins", "Павловой Нинелью Петровной"),
        ("Фадеев Савва Ильич", M, "gen", "Фадеева Саввы Ильича"),
        ("Андреев Фома Ильич", M, "ins", "Андреевым Фомой Ильичом"),
        ("Браун Элизабет", F, "dat", "Браун Элизабет"),
        ("Петрова Анна-Мария Ивановна", F, "dat", "Петровой Анне-Марии Ивановне"),
        # Turkic patronymics stay; the parts before them decline
        ("Мамедов Рашид Гасан оглы", M, "dat", "Мамедову Рашиду Гасан оглы"),
        ("Алиева Лейла Рашид кызы", F, "ins", "Алиевой Лейлой Рашид кызы"),
        # writing is preserved: ё, capitals, initials
        ("Королёв Сергей Павлович", M, "gen", "Королёва Сергея Павловича"),
        ("Ёлкин Артём Семёнович", M, "ins", "Ёлкиным Артёмом Семёновичем"),
        ("ИВАНОВ ИВАН ИВАНОВИЧ", M, "dat", "ИВАНОВУ ИВАНУ ИВАНОВИЧУ"),
        ("Жмурина О.А.", F, "gen", f"Жмуриной{NBSP}О.А."),
        ("О.А. Жмурина", F, "dat", f"О.А.{NBSP}Жмуриной"),
        ("Шевчук А.В.", F, "acc", f"Шевчук{NBSP}А.В."),
        ("Жмурина Ольга Алексеевна", F, "nom", "Жмурина Ольга Алексеевна"),
        ("Жмурина Ольга Алексеевна", F, "pre", "Жмуриной Ольге Алексеевне"),
    ],
)
def test_decline_name(text: str, gender: str, case: str, expected: str) -> None:
    assert decline_name(text, gender, case) == expected


def test_decline_name_accepts_full_name_and_enums() -> None:
    name = FullName("Жмурина", "Ольга", "Алексеевна")
    assert decline_name(name, Gender.FEMALE, Case.ACCUSATIVE) == "Жмурину Ольгу Алексеевну"
    assert decline_name(name, "ж", "тв") == "Жмуриной Ольгой Алексеевной"


@pytest.mark.parametrize(
    ("text", "gender", "case", "expected"),
    [
        ("Жмурина Ольга Алексеевна", F, Case.GENITIVE, f"Жмуриной{NBSP}О.А."),
        ("Жмурина Ольга Алексеевна", F, Case.NOMINATIVE, f"Жмурина{NBSP}О.А."),
        ("Шевчук Анна Викторовна", F, Case.DATIVE, f"Шевчук{NBSP}А.В."),
        ("Толстой Лев Николаевич", M, Case.INSTRUMENTAL, f"Толстым{NBSP}Л.Н."),
        ("Браун Джон", M, Case.DATIVE, f"Брауну{NBSP}Д."),
        ("Иванова М.П.", F, Case.ACCUSATIVE, f"Иванову{NBSP}М.П."),
    ],
)
def test_short_name(text: str, gender: str, case: Case, expected: str) -> None:
    assert short_name(text, gender, case) == expected


def test_short_name_defaults_to_nominative() -> None:
    assert short_name("Жмурина Ольга Алексеевна", F) == f"Жмурина{NBSP}О.А."


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Жмурина Ольга Алексеевна", f"О.А.{NBSP}Жмурина"),
        ("Жмурина О.А.", f"О.А.{NBSP}Жмурина"),
        (FullName("Браун", "Джон"), f"Д.{NBSP}Браун"),
        (FullName("Иванов"), "Иванов"),
    ],
)
def test_signature_name(name: FullName | str, expected: str) -> None:
    assert signature_name(name) == expected


def test_unknown_gender_is_refused_in_russian() -> None:
    with pytest.raises(ValueError, match="неизвестный пол"):
        decline_name("Иванов Иван", "x", "gen")
