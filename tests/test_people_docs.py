"""Documents of the people in the programme, read as a person reads them.

Consents on personal data (152-ФЗ ст. 9, 10.1), the mentor's consent and supplementary agreement
(ТК РФ ст. 351.8), the personalised programme and the thank-you letter to a partner.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from docgen.grammar import Case, FullName, decline_name, decline_position, format_money, quotes_and_dashes
from docgen.model import Category, Dossier, Person, dossier_from_data
from docgen.render.package import RenderedDocument, render_dossier
from tests.conftest import sample
from tests.docxread import all_text, body_text, norm, open_docx, table_rows

KINDS = (
    "consent-pd-adult",
    "consent-pd-minor",
    "mentoring-consent",
    "supplementary-agreement",
    "personal-programme",
    "thank-you-letter",
)
# Consents, agreements and programmes come from schools only: an authority does not issue them.
SAMPLES = ("gymnasium-20", "college-blagoveshchensk")
WITH_PARTNERS = (*SAMPLES, "municipal-berezniki")
EMPLOYEES = (Category.TEACHER, Category.STAFF)

_rendered: dict[str, list[RenderedDocument]] = {}


def rendered(name: str) -> list[RenderedDocument]:
    """Only the kinds under test, rendered once per session through the real pipeline."""
    if name not in _rendered:
        _rendered[name] = render_dossier(sample(name), only=KINDS)
    return _rendered[name]


def docs(name: str, kind: str) -> list[RenderedDocument]:
    return [d for d in rendered(name) if d.kind.id == kind]


def text(document: RenderedDocument) -> str:
    return norm(body_text(open_docx(document.content)))


def participants(dossier: Dossier) -> list[Person]:
    found: dict[str, Person] = {}
    for pair in dossier.pairs:
        for person in (pair.mentor, *pair.mentees):
            found.setdefault(person.key, person)
    for change in dossier.pair_changes:  # a mentor who takes a pair over during the year
        if change.new_mentor is not None:
            found.setdefault(change.new_mentor.key, change.new_mentor)
    return list(found.values())


def fio(person, case: str) -> str:
    """The full name in `case`, as the dossier's hand-written forms or the grammar give it."""
    manual = getattr(person, "name_forms", None)
    if manual and manual.get(Case.parse(case).value):
        return manual.get(Case.parse(case).value)
    name = FullName(surname=person.surname, name=person.name, patronymic=person.patronymic)
    return norm(decline_name(name, person.gender, case))


def full(person) -> str:
    return " ".join(p for p in (person.surname, person.name, person.patronymic) if p)


def of_person(documents: list[RenderedDocument], person: Person) -> RenderedDocument:
    found = [d for d in documents if person.full_name in d.people]
    assert len(found) == 1, (person.full_name, [d.filename for d in documents])
    return found[0]


# -- every document --------------------------------------------------------------------------


@pytest.mark.parametrize("name", SAMPLES)
def test_no_template_tags_left(name):
    documents = rendered(name)
    assert {d.kind.id for d in documents} >= {"consent-pd-adult", "personal-programme"}
    for document in documents:
        visible = all_text(document.content)
        for tag in ("{{", "}}", "{%", "%}"):
            assert tag not in visible, (document.filename, tag)


# -- personal data -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", SAMPLES)
def test_one_consent_per_participant(name):
    people = participants(sample(name))
    adults = [p for p in people if not p.minor]
    minors = [p for p in people if p.minor]
    assert len(docs(name, "consent-pd-adult")) == len(adults)
    assert len(docs(name, "consent-pd-minor")) == len(minors)
    for person in adults:
        of_person(docs(name, "consent-pd-adult"), person)
    for person in minors:
        of_person(docs(name, "consent-pd-minor"), person)


@pytest.mark.parametrize("name", SAMPLES)
def test_adult_consent_content(name):
    dossier = sample(name)
    for person in [p for p in participants(dossier) if not p.minor]:
        body = text(of_person(docs(name, "consent-pd-adult"), person))
        assert body.startswith("СОГЛАСИЕ на обработку персональных данных")
        assert f"Я, {full(person)}," in body
        if person.address:
            assert norm(person.address) in body
        if person.identity_document:
            assert norm(person.identity_document) in body
        assert "статьёй 9 Федерального закона от 27.07.2006 № 152-ФЗ" in body
        assert "(далее – Оператор; адрес:" in body
        for words in (
            "сбор, запись, систематизация",
            "передача (предоставление) ",
            "без использования таких средств",
            "путём направления Оператору письменного",
        ):
            assert words in body
        # the consent to publication (ст. 10.1) is a separate document (tests/test_legal_consents.py)
        assert "статьёй 10.1" not in body
        assert "Распространение персональных данных (размещение на сайте) допускается только" in body
        signature = f"_______________ / {norm(_signature(person))}"
        assert body.count(signature) == 1


def _signature(person) -> str:
    initials = "".join(f"{p[0]}." for p in (person.name, person.patronymic) if p)
    return f"{initials} {person.surname}"


def test_adult_consent_literal():
    ivanova = text(docs("gymnasium-20", "consent-pd-adult")[0])
    assert (
        "Я, Иванова Мария Петровна, проживающая по адресу: 353440, Краснодарский край, г. Анапа, "
        "ул. Шевченко, д. 170, кв. 55, документ, удостоверяющий личность: паспорт 0305 118943"
    ) in ivanova
    assert (
        "даю согласие Муниципальному бюджетному общеобразовательному учреждению гимназия № 20 "
        "им. С.С. Станчева муниципального образования город-курорт Анапа (далее – Оператор; "
        "адрес: 353440, Краснодарский край, г. Анапа, ул. Школьная, д. 20; ИНН 2301020202)"
    ) in ivanova
    assert (
        "передача (предоставление) Управлению образования администрации муниципального "
        "образования город-курорт Анапа в целях, указанных в пункте 1"
    ) in ivanova


@pytest.mark.parametrize("name", SAMPLES)
def test_minor_consent_names_child_in_genitive_and_parent_in_nominative(name):
    dossier = sample(name)
    for child in [p for p in participants(dossier) if p.minor]:
        body = text(of_person(docs(name, "consent-pd-minor"), child))
        adjective = "несовершеннолетней" if child.gender.value == "female" else "несовершеннолетнего"
        assert f"{adjective} {fio(child, 'genitive')}," in body
        if child.birth_date:
            assert f"{child.birth_date:%d.%m.%Y} года рождения" in body
        rep = child.representative
        if rep is not None:
            assert f"Я, {full(rep)}," in body
            assert f"_______________ / {norm(_signature(rep))}" in body
            if rep.address:
                assert norm(rep.address) in body
        assert "статьёй 10.1" not in body
        assert "на участие несовершеннолетн" in body


def test_minor_consent_literal():
    kovalev = text(docs("gymnasium-20", "consent-pd-minor")[0])
    assert (
        "Я, Ковалёва Ирина Владимировна, проживающая по адресу: 353440, Краснодарский край, "
        "г. Анапа, ул. Лермонтова, д. 118, кв. 9"
    ) in kovalev
    assert (
        "являясь матерью (законным представителем) несовершеннолетнего Ковалёва Михаила "
        "Дмитриевича, 17.03.2008 года рождения, обучающегося 9 «А» класса"
    ) in kovalev
    savchenko = next(
        text(d) for d in docs("gymnasium-20", "consent-pd-minor") if "Савченко Дарья Игоревна" in d.people
    )
    assert "Я, Савченко Игорь Васильевич, проживающий по адресу" in savchenko
    assert "являясь отцом (законным представителем) несовершеннолетней Савченко Дарьи Игоревны" in savchenko
    assert "обучающейся 8 «Б» класса" in savchenko


# -- ТК РФ ст. 351.8 ---------------------------------------------------------------------------


def employee_mentors(dossier: Dossier) -> dict[str, tuple[Person, list]]:
    found: dict[str, tuple[Person, list]] = {}
    own = (dossier.organisation.short_name, dossier.organisation.full_name)
    for pair in dossier.pairs:
        works_here = not pair.mentor.workplace or pair.mentor.workplace in own
        if pair.mentor.category in EMPLOYEES and works_here:
            found.setdefault(pair.mentor.key, (pair.mentor, []))[1].append(pair)
    for change in dossier.pair_changes:  # the new mentor's pair runs from the change's date
        mentor = change.new_mentor
        if mentor is not None and mentor.category in EMPLOYEES and mentor.workplace in (None, *own):
            taken = dossier.pairs[change.pair - 1].model_copy(
                update={"mentor": mentor, "start": change.date, "payment": change.payment}
            )
            found.setdefault(mentor.key, (mentor, []))[1].append(taken)
    return found


@pytest.mark.parametrize("name", SAMPLES)
def test_mentoring_consent_lists_every_mentee(name):
    dossier = sample(name)
    mentors = employee_mentors(dossier)
    assert len(docs(name, "mentoring-consent")) == len(mentors)
    for mentor, pairs in mentors.values():
        body = text(of_person(docs(name, "mentoring-consent"), mentor))
        assert f"от {fio(mentor, 'genitive')}" in norm(body) or fio(mentor, "genitive") in body
        # 2022/2023: before ТК РФ ст. 351.8 (01.03.2025) mentoring is additional work with pay
        assert "В соответствии со статьями 60.2 и 151 Трудового кодекса Российской Федерации" in body
        assert "351.8" not in body
        for pair in pairs:
            assert f"«{pair.form}»" in body
            assert f"с {pair.start:%d.%m.%Y} по {pair.end:%d.%m.%Y}" in body
            for mentee in pair.mentees:
                assert fio(mentee, "genitive") in body, (mentor.full_name, mentee.full_name)
        assert f"_______________ / {norm(_signature(mentor))}" in body


def test_mentoring_consent_literal():
    ivanova = text(docs("gymnasium-20", "mentoring-consent")[0])
    assert ivanova.startswith(
        "Директору МБОУ гимназии № 20 им. С.С. Станчева Бондаренко С.Н. от учителя математики "
        "Ивановой Марии Петровны СОГЛАСИЕ на осуществление наставничества"
    )
    assert "1) учителя математики Кириллова Артёма Сергеевича (форма наставничества" in ivanova
    assert "2) обучающегося 9 «А» класса Ковалёва Михаила Дмитриевича" in ivanova
    assert "Ознакомлена с Положением о наставничестве" in ivanova
    # Municipal mentors work at their schools: their employer, not the office, signs with them.
    assert docs("municipal-berezniki", "mentoring-consent") == []


@pytest.mark.parametrize("name", SAMPLES)
def test_supplementary_agreement_payment_and_parties(name):
    dossier = sample(name)
    mentors = employee_mentors(dossier)
    assert len(docs(name, "supplementary-agreement")) == len(mentors)
    org = dossier.organisation
    for mentor, pairs in mentors.values():
        document = of_person(docs(name, "supplementary-agreement"), mentor)
        body = text(document)
        # the director never signs with themselves: the authorised deputy signs instead
        signer = org.authorised_signatory.person if mentor.key == org.director.key else org.director
        position = decline_position(signer.position, "genitive", signer.gender)
        acting = "действующей" if signer.gender.value == "female" else "действующего"
        assert f"в лице {norm(position)} {fio(signer, 'genitive')}, {acting}" in body
        assert "351.8" not in body
        ending = "ая" if mentor.gender.value == "female" else "ый"
        assert f"и {full(mentor)}, именуем{ending} в дальнейшем «Работник»" in body
        for pair in pairs:
            for mentee in pair.mentees:
                assert fio(mentee, "genitive") in body
            if pair.payment is not None:
                assert norm(format_money(pair.payment)) in body
        tables = open_docx(document.content).tables
        requisites = [table_rows(t) for t in tables if table_rows(t)[0] == ["Работодатель", "Работник"]]
        assert len(requisites) == 1
        employer, employee = requisites[0][1]
        assert norm(dossier.organisation.full_name) in norm(employer)
        assert full(mentor) in employee
        assert "Второй экземпляр дополнительного соглашения получил" in body


def test_supplementary_agreement_literal():
    ivanova = text(docs("gymnasium-20", "supplementary-agreement")[0])
    assert "в лице директора Бондаренко Сергея Николаевича, действующего на основании Устава" in ivanova
    assert "3.1. за наставничество по пункту 1.1 – 2 500 (две тысячи пятьсот) рублей 00 копеек;" in ivanova
    assert re.search(r"\d[\d ]* \([^)]*тысяч[^)]*\) рублей 00 копеек", ivanova)
    assert "не менее чем за три рабочих дня" in ivanova


# -- personalised programme --------------------------------------------------------------------


@pytest.mark.parametrize("name", SAMPLES)
def test_programme_per_pair_with_every_mentee_and_plan_row(name):
    dossier = sample(name)
    programmes = docs(name, "personal-programme")
    assert len(programmes) == len(dossier.pairs)
    for index, (pair, document) in enumerate(zip(dossier.pairs, programmes, strict=True), 1):
        assert document.filename.startswith(f"13-programma-{index:02d}-")
        body = text(document)
        teachers = pair.mentees[0].category in EMPLOYEES
        heading = (
            "Персонализированная программа наставничества"
            if teachers
            else "Индивидуальный план развития " + ("наставляемых" if pair.is_group else "наставляемого")
        )
        assert heading in body
        assert body.startswith("УТВЕРЖДАЮ")
        tables = [table_rows(t) for t in open_docx(document.content).tables]
        participants_table, plan_table = tables
        cells = {row[0]: row[1] for row in participants_table}
        assert full(pair.mentor) in cells["Наставник"]
        mentees_cell = cells[
            "Наставляемые" if pair.is_group else next(k for k in cells if k.startswith("Наставляем"))
        ]
        for mentee in pair.mentees:
            assert full(mentee) in mentees_cell
            assert f"_______________ {norm(_signature(mentee))}" in body
        assert cells["Форма наставничества"] == pair.form
        assert ("Вид наставничества" in cells) == bool(pair.kind)
        assert cells["Срок реализации"] == f"с {pair.start:%d.%m.%Y} по {pair.end:%d.%m.%Y}"
        assert [norm(c) for c in plan_table[0][:2]] == ["№ п/п", "Мероприятие"]
        assert plan_table[0][-1] == "Отметка о выполнении"
        if pair.plan:
            assert len(plan_table) == 1 + len(pair.plan)
            for row, item in zip(plan_table[1:], pair.plan, strict=True):
                assert norm(row[1]) == norm(item.activity)
                assert norm(row[3]) == norm(item.deadline)
        else:
            assert [row[0] for row in plan_table[1:]] == ["1", "2", "3"]
            assert all(cell == "" for row in plan_table[1:] for cell in row[1:])
        for value in (pair.goal, pair.difficulties, pair.expected_results):
            assert norm(value) in body if value else "______" in body


def test_group_programme_literal():
    group = text(docs("gymnasium-20", "personal-programme")[3])
    assert "«Школа молодого учителя начальных классов»" in group
    assert "Наставляемые | 1. Мельникова Алина Руслановна, учитель начальных классов" in group
    assert "Наставляемый _______________ Н.А. Борисов" in group
    assert "Куратор _______________ О.А. Жмурина" in group


# -- thank-you letter --------------------------------------------------------------------------


@pytest.mark.parametrize("name", WITH_PARTNERS)
def test_thank_you_letter_salutation(name):
    dossier = sample(name)
    letters = docs(name, "thank-you-letter")
    assert len(letters) == len(dossier.partners)
    for partner, letter in zip(dossier.partners, letters, strict=True):
        body = text(letter)
        assert "БЛАГОДАРСТВЕННОЕ ПИСЬМО" in body
        assert norm(quotes_and_dashes(partner.merit)) in body  # typeset like the template's text
        head = partner.head
        if head is not None and head.name:
            ending = "ая" if head.gender.value == "female" else "ый"
            words = " ".join(p for p in (head.name, head.patronymic) if p)
            assert f"Уважаем{ending} {words}!" in body
        else:
            assert "Уважаемые коллеги!" in body


def test_thank_you_letter_literal_and_escaping():
    letters = docs("gymnasium-20", "thank-you-letter")
    first, last = text(letters[0]), text(letters[-1])
    assert "Уважаемый Виктор Степанович!" in first
    assert "ООО «Анапа-Агротех» Генеральному директору В.С. Гордееву" in first
    assert "Вам и в Вашем лице ООО «Анапа-Агротех» за вклад в профессиональную ориентацию" in first
    assert "Директор С.Н. Бондаренко" in first
    assert "за мастер-классы «Профессия <программист>» & проект 'IT-старт'" in last


# -- what a sparse dossier prints --------------------------------------------------------------

_PERSON = {"gender": "female", "position": "учитель химии"}


def _sparse() -> Dossier:
    return dossier_from_data(
        {
            "school_year": "2024/2025",
            "organisation": {
                "full_name": "Муниципальное автономное общеобразовательное учреждение "
                "«Средняя общеобразовательная школа № 3»",
                "short_name": "МАОУ «СОШ № 3»",
                "city": "г. Энск",
                "director": {
                    "surname": "Петров",
                    "name": "Иван",
                    "patronymic": "Сергеевич",
                    "gender": "male",
                    "position": "директор",
                },
            },
            "curator": {"surname": "Лосева", "name": "Вера", "patronymic": "Ильинична", **_PERSON},
            "pairs": [
                {
                    "mentor": {"surname": "Орлова", "name": "Елена", "patronymic": "Викторовна", **_PERSON},
                    "mentees": [
                        {
                            "surname": "Ершов",
                            "name": "Глеб",
                            "gender": "male",
                            "minor": True,
                            "position": "обучающийся 8 «А» класса",
                            "category": "обучающийся",
                        },
                        {
                            "surname": "Лис",
                            "name": "Ада",
                            "gender": "female",
                            "minor": True,
                            "position": "обучающаяся 8 «А» класса",
                            "category": "обучающийся",
                            "representative": {
                                "surname": "Лис",
                                "name": "Роза",
                                "gender": "female",
                                "relation": "бабушка",
                            },
                        },
                    ],
                    "form": "учитель – ученик",
                    "start": "01.10.2024",
                    "end": "31.05.2025",
                }
            ],
            "partners": [{"organisation": "АО «Энский завод»", "merit": "за организацию экскурсий"}],
        }
    )


@pytest.fixture(scope="module")
def sparse() -> list[RenderedDocument]:
    return render_dossier(_sparse(), only=KINDS)


def _of(documents, kind):
    return [d for d in documents if d.kind.id == kind]


def test_sparse_dossier_prints_lines_to_fill(sparse):
    for document in sparse:
        visible = all_text(document.content)
        assert "{{" not in visible and "{%" not in visible, document.filename
    adult = text(_of(sparse, "consent-pd-adult")[0])
    assert "проживающая по адресу: ______________________________, документ" in adult
    assert "паспорт серия ________ № ______________" in adult
    assert "(далее – Оператор; адрес: ______________________________)" in adult

    ershov, lis = (text(d) for d in _of(sparse, "consent-pd-minor"))
    assert "Я, ______" in ershov
    assert "законным представителем (мать, отец, опекун, попечитель – нужное подчеркнуть)" in ershov
    assert f"несовершеннолетнего {norm(decline_name('Ершов Глеб', 'male', 'genitive'))}," in ershov
    assert "дата рождения: «___» ____________ ______ г." in ershov
    assert "ознакомлен(а)" not in ershov
    assert (
        "главой 3 Федерального закона от 27.07.2006 № 152-ФЗ «О персональных данных», мне разъяснены."
        in ershov
    )
    assert "Я, Лис Роза, проживающая" in lis
    assert "являясь законным представителем (бабушка) несовершеннолетней" in lis

    agreement = text(_of(sparse, "supplementary-agreement")[0])
    assert (
        "ежемесячная доплата в размере __________ (______________________________) рублей 00 копеек"
        in agreement
    )

    programme = open_docx(_of(sparse, "personal-programme")[0].content)
    participants_table, plan_table = (table_rows(t) for t in programme.tables)
    assert "Вид наставничества" not in {row[0] for row in participants_table}
    assert len(plan_table) == 4
    assert "Индивидуальный план развития наставляемых" in text(_of(sparse, "personal-programme")[0])

    letter = text(_of(sparse, "thank-you-letter")[0])
    assert "Уважаемые коллеги!" in letter
    assert "Вам и в Вашем лице" not in letter


# -- the files open in LibreOffice -------------------------------------------------------------


@pytest.mark.libreoffice
def test_one_of_each_kind_converts_to_pdf(tmp_path: Path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("soffice is not on PATH")
    for kind in KINDS:
        document = docs("gymnasium-20", kind)[0]
        (tmp_path / document.filename).write_bytes(document.content)
    files = sorted(str(p) for p in tmp_path.glob("*.docx"))
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), *files],
        check=True,
        capture_output=True,
        timeout=300,
    )
    for name in files:
        pdf = Path(name).with_suffix(".pdf")
        assert pdf.exists() and pdf.stat().st_size > 1000, pdf.name
