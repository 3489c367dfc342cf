"""School orders read as a records clerk expects (issue 12 items 7, 8 and «Wording»), checked on
the text a reader sees in the produced .docx, for the samples and for dossiers written here."""

from __future__ import annotations

import re
from functools import cache

import pytest

from docgen.forms.defaults import default_roadmap
from docgen.grammar import quotes_and_dashes
from docgen.kinds._common import working_group_leader
from docgen.model import Dossier, dossier_from_data
from docgen.render.lint import docx_text
from docgen.render.package import RenderedDocument, render_dossier
from docgen.render.people import person_context
from tests.conftest import SAMPLE_FILES, rendered_sample, sample
from tests.docxread import body_text, norm, open_docx, paragraphs, table_rows
from tests.factories import dossier_data
from tests.wording_dossiers import college, rural_school

ACK = re.compile(r"^С приказом (ознакомлен|ознакомлена|ознакомлены):$")


@cache
def _new(name: str) -> tuple[Dossier, tuple[RenderedDocument, ...]]:
    dossier = dossier_from_data({"rural": rural_school, "college": college}[name]())
    return dossier, tuple(render_dossier(dossier))


def _doc(documents, kind: str, index: int = 0) -> RenderedDocument:
    return [d for d in documents if d.kind.id == kind][index]


def _lines(doc: RenderedDocument) -> list[str]:
    return [norm(p) for p in paragraphs(open_docx(doc.content))]


def _text(doc: RenderedDocument) -> str:
    return norm(body_text(open_docx(doc.content)))


def acknowledgement(doc: RenderedDocument) -> tuple[str, list[str]] | None:
    """The word of «С приказом ознакомл…:» and the signatures («И.О. Фамилия») listed under it."""
    document = open_docx(doc.content)
    lines = [norm(p) for p in paragraphs(document)]
    heading = next((ACK.match(line) for line in lines if ACK.match(line)), None)
    if heading is None:
        return None
    signatures = [
        norm(row[2])
        for table in document.tables
        for row in table_rows(table)
        if len(row) == 4 and row[1] == "__________"
    ]
    return heading.group(1), signatures


def _people(dossier: Dossier):
    org = dossier.organisation
    people = [org.director, org.chief_accountant, dossier.curator]
    people += [m.person for m in dossier.working_group]
    people += [p for pair in dossier.pairs for p in (pair.mentor, *pair.mentees)]
    people += [r.person for r in dossier.rewards]
    if dossier.final_event:
        event = dossier.final_event
        people += [event.responsible, *event.co_responsible, *event.jury]
    if dossier.mentor_school:
        people.append(dossier.mentor_school.lead)
    return [p for p in people if p is not None]


def _signature(person) -> str:
    return norm(person_context(person)["signature"])


def _all_packages():
    for path in SAMPLE_FILES:
        yield path.stem, sample(path.stem), rendered_sample(path.stem)
    for name in ("rural", "college"):
        yield (name, *_new(name))


# -- 7. acknowledgement lists ------------------------------------------------------------------


def test_acknowledgement_lists_agree_and_never_name_the_signatory():
    checked = 0
    for name, dossier, documents in _all_packages():
        genders = {_signature(p): p.gender.value for p in _people(dossier)}
        director = _signature(dossier.organisation.director)
        for doc in documents:
            found = acknowledgement(doc)
            if found is None:
                continue
            word, signatures = found
            assert director not in signatures, (name, doc.filename)
            assert len(signatures) == len(set(signatures)), (name, doc.filename)
            if len(signatures) == 1:
                expected = "ознакомлена" if genders[signatures[0]] == "female" else "ознакомлен"
            else:
                expected = "ознакомлены"
            assert word == expected, (name, doc.filename, signatures)
            checked += 1
    assert checked > 20


@pytest.mark.parametrize(("curator_gender", "word"), [("female", "ознакомлена"), ("male", "ознакомлен")])
def test_curator_order_acknowledgement_by_gender(curator_gender, word):
    data = dossier_data()
    data["curator"] = {
        **data["curator"],
        "gender": curator_gender,
        **(
            {"surname": "Жмурин", "name": "Олег", "patronymic": "Алексеевич"}
            if curator_gender == "male"
            else {}
        ),
    }
    doc = render_dossier(dossier_from_data(data), only=["curator-order"])[0]
    lines = _lines(doc)
    assert f"С приказом {word}:" in lines
    assert not any("(а)" in line for line in lines)


def test_curator_with_pay_and_accountant_makes_a_plural_list():
    data = dossier_data(curator_payment=3000)
    data["organisation"]["chief_accountant"] = {
        "surname": "Ковалёва", "name": "Татьяна", "patronymic": "Геннадьевна",
        "gender": "female", "position": "главный бухгалтер",
    }  # fmt: skip
    doc = render_dossier(dossier_from_data(data), only=["curator-order"])[0]
    assert acknowledgement(doc) == ("ознакомлены", ["О.А. Жмурина", "Т.Г. Ковалёва"])


def test_pairs_order_is_acknowledged_by_everyone_it_gives_a_duty():
    _, documents = _new("rural")
    word, signatures = acknowledgement(_doc(documents, "pairs-order"))
    # mentors (the external one too), the curator, the chief accountant (payments); not the
    # director who signs, not minors, not a mentee employed by another school
    assert signatures == ["Н.И. Гусева", "П.И. Фролов", "А.М. Рябов", "Е.П. Лаврова", "Г.П. Белова"]
    assert word == "ознакомлены"
    _, college_docs = _new("college")
    assert acknowledgement(_doc(college_docs, "pairs-order"))[1] == [
        "Д.Ю. Ковалёв",
        "М.А. Лукин",  # an adult student of the college: the order binds him
        "И.В. Степанов",
    ]


def test_final_event_jury_director_signs_but_does_not_acknowledge():
    _, documents = _new("rural")
    doc = _doc(documents, "final-event-order")
    assert "2.1. Кузнецов Виктор Андреевич, директор;" in _lines(doc)
    assert acknowledgement(doc) == ("ознакомлены", ["Е.П. Лаврова", "И.В. Пахомова"])


# -- 8. one leader of the working group ------------------------------------------------------------


def test_working_group_leader_is_one_person_in_order_annex_and_implementation_order():
    _, documents = _new("rural")
    order = _doc(documents, "working-group-order")
    lines = _lines(order)
    assert (
        "3. Руководство рабочей группой возложить на заместителя директора по воспитательной работе "
        "Зайцева О.Н." in lines
    )
    annex = table_rows(open_docx(order.content).tables[-1])
    assert [norm(c) for c in annex[1]] == [
        "1", "Зайцев Олег Николаевич", "Заместитель директора по воспитательной работе",
        "Руководитель рабочей группы",
    ]  # fmt: skip
    assert [norm(c) for c in annex[2]][1:] == [
        "Лаврова Елена Павловна", "Заместитель директора по учебно-воспитательной работе",
        "Член рабочей группы",
    ]  # fmt: skip
    implementation = _text(_doc(documents, "implementation-order"))
    assert (
        "под руководством заместителя директора по воспитательной работе Зайцева О.Н.; "
        "состав рабочей группы утвердить отдельным приказом." in implementation
    )


def test_without_a_leader_role_the_curator_leads_and_heads_the_annex():
    _, documents = _new("college")
    order = _doc(documents, "working-group-order")
    assert any(
        "возложить на заместителя директора по учебной работе Степанова И.В." in x for x in _lines(order)
    )
    annex = table_rows(open_docx(order.content).tables[-1])
    assert [norm(c) for c in annex[1]][1:] == [
        "Степанов Игорь Валерьевич", "Заместитель директора по учебной работе",
        "Руководитель рабочей группы",
    ]  # fmt: skip
    assert sum("Руководитель рабочей группы" in " ".join(row) for row in annex) == 1


@pytest.mark.parametrize("name", [p.stem for p in SAMPLE_FILES])
def test_samples_name_the_same_leader_in_order_and_annex(name):
    dossier = sample(name)
    order = [d for d in rendered_sample(name) if d.kind.id == "working-group-order"]
    if not order:
        pytest.skip("no working group")
    leader = person_context(working_group_leader(dossier))
    lines = _lines(order[0])
    named = [line for line in lines if "Руководство рабочей группой возложить на" in line]
    assert len(named) == 1 and norm(leader["short"].acc) in named[0]
    annex = table_rows(open_docx(order[0].content).tables[-1])
    leaders = [row for row in annex if norm(row[-1]) == "Руководитель рабочей группы"]
    assert [norm(row[1]) for row in leaders] == [norm(leader["fio"])]


# -- wording ---------------------------------------------------------------------------------------


def test_event_title_declines_and_a_date_ends_the_sentence_once():
    _, documents = _new("rural")
    lines = _lines(_doc(documents, "final-event-order"))
    assert (
        "1. Провести районную конференцию «Наставничество – шаг в профессию» 15 мая 2026 г. "
        "Место проведения: актовый зал МБОУ «Ключевская СОШ»." in lines
    )
    _, college_docs = _new("college")
    assert (
        "1. Провести студенческую олимпиаду профессионального мастерства 21 мая 2026 г. в 10:00. "
        "Место проведения: мастерские колледжа." in _lines(_doc(college_docs, "final-event-order"))
    )
    for _, _, docs in _all_packages():
        for doc in docs:
            assert "г.." not in _text(doc), doc.filename


def _final_event_with(responsible: list[dict]) -> list[str]:
    event = {
        "title": "конкурс «Наставник года»",
        "date": "20.05.2025",
        "place": "актовый зал",
        "responsible": responsible[0],
        "co_responsible": responsible[1:],
    }
    doc = render_dossier(dossier_from_data(dossier_data(final_event=event)), only=["final-event-order"])[0]
    return _lines(doc)


WOMAN = {"surname": "Петрова", "name": "Анна", "patronymic": "Сергеевна", "gender": "female",
         "position": "педагог-организатор"}  # fmt: skip
MAN = {"surname": "Громов", "name": "Илья", "patronymic": "Петрович", "gender": "male",
       "position": "социальный педагог"}  # fmt: skip
THIRD = {"surname": "Шевчук", "name": "Анна", "patronymic": "Викторовна", "gender": "female",
         "position": "педагог-психолог"}  # fmt: skip


@pytest.mark.parametrize(
    ("people", "expected"),
    [
        ([WOMAN], "Назначить ответственной за подготовку и проведение мероприятия педагога-организатора "
                  "Петрову Анну Сергеевну."),
        ([MAN], "Назначить ответственным за подготовку и проведение мероприятия социального педагога "
                "Громова Илью Петровича."),
        ([MAN, WOMAN, THIRD], "Назначить ответственными за подготовку и проведение мероприятия социального "
                              "педагога Громова Илью Петровича, педагога-организатора Петрову Анну Сергеевну "
                              "и педагога-психолога Шевчук Анну Викторовну."),
    ],
)  # fmt: skip
def test_responsible_agree_with_count_and_gender(people, expected):
    lines = _final_event_with(people)
    assert any(line.endswith(expected) for line in lines), lines
    assert not any("(а)" in line or "(ые)" in line for line in lines)


def test_a_group_plan_is_for_mentees_in_the_plural():
    _, documents = _new("rural")
    group, single_pupil = _doc(documents, "personal-programme", 1), _doc(documents, "personal-programme", 2)
    assert "Индивидуальный план развития наставляемых" in _lines(group)
    assert "Индивидуальный план развития наставляемого" in _lines(single_pupil)


def test_workplaces_of_people_from_partner_organisations_in_pairs_order_and_annex():
    _, documents = _new("rural")
    doc = _doc(documents, "pairs-order")
    text = _text(doc)
    assert (
        "1.1. учителя математики МБОУ «Заречная основная общеобразовательная школа» Мельникова Артёма "
        "Сергеевича за учителем математики Гусевой Надеждой Ивановной" in text
    )
    assert (
        "1.3. обучающегося 9 «А» класса Соболева Илью Олеговича за главным агрономом "
        "ООО «Агрофирма „Рассвет“» Рябовым Антоном Михайловичем" in text
    )
    annex = [[norm(c) for c in row] for row in table_rows(open_docx(doc.content).tables[-1])]
    assert annex[0][2] == "Должность (класс), место работы наставника"
    assert annex[-1][1:3] == ["Рябов Антон Михайлович", "Главный агроном, ООО «Агрофирма „Рассвет“»"]
    assert annex[1][4] == "Учитель математики, МБОУ «Заречная основная общеобразовательная школа»"


def test_values_are_typeset_like_the_template_text():
    _, documents = _new("rural")
    group_programme = _lines(_doc(documents, "personal-programme", 1))
    assert "«Проект „Моя малая родина“»" in group_programme  # the template's quotes around the title
    pairs = _text(_doc(documents, "pairs-order"))
    assert "(форма наставничества «учитель – учитель»," in pairs  # typed «учитель - учитель»
    assert '"' not in pairs and " - " not in pairs
    assert "Проект «Моя малая родина»" in pairs


# -- the pre-filled roadmap --------------------------------------------------------------------------


def _contents(roadmap: dict) -> list[str]:
    return [
        text
        for stage in roadmap["stages"]
        for event in stage["events"]
        for text in (event["title"], *(row.get("content", "") for row in event["rows"]))
    ]


def test_default_roadmap_has_the_seed_typos_fixed_and_only_chosen_forms():
    texts = _contents(default_roadmap(2025, ["учитель – учитель"]))
    joined = "\n".join(texts)
    assert "Сбор данных о наставниках" in texts
    assert "онаставниках" not in joined
    assert "Распоряжения Министерства просвещения Российской Федерации № Р-145" in joined
    assert "министерства образования" not in joined
    assert "по следующим формам наставничества: «учитель – учитель»" in joined
    assert "ученик – ученик" not in joined
    assert "наставников из внешней среды" not in joined  # a row for partners' forms only
    wider = "\n".join(_contents(default_roadmap(2025, ["учитель – ученик", "работодатель – ученик"])))
    assert "по следующим формам наставничества: «учитель – ученик», «работодатель – ученик»" in wider
    assert "наставников из внешней среды" in wider
    assert "«студент – ученик»" in "\n".join(_contents(default_roadmap(2025)))  # none chosen yet


def test_rural_roadmap_document_lists_the_schools_forms():
    _, documents = _new("rural")
    text = _text(_doc(documents, "roadmap"))
    assert (
        "по следующим формам наставничества: «учитель – учитель», «учитель – ученик», «работодатель – ученик»"
        in text
    )
    assert "студент – ученик" not in text


def test_a_hand_written_accusative_title_wins():
    event = {
        "title": "конференция «Наставник»",
        "title_accusative": "итоговую конференцию «Наставник»",
        "date": "20.05.2025",
        "place": "актовый зал",
        "responsible": WOMAN,
    }
    doc = render_dossier(dossier_from_data(dossier_data(final_event=event)), only=["final-event-order"])[0]
    assert (
        "1. Провести итоговую конференцию «Наставник» 20 мая 2025 г. Место проведения: актовый зал."
        in _lines(doc)
    )


SPACED_HYPHEN = re.compile(r"[\w»)] - [\w«(]")


@pytest.mark.parametrize("name", [p.stem for p in SAMPLE_FILES])
def test_no_sample_document_prints_straight_quotes_or_a_spaced_hyphen(name):
    for doc in rendered_sample(name):
        text = docx_text(doc.content).replace("\u00a0", " ")
        assert '"' not in text, doc.filename
        assert not SPACED_HYPHEN.search(text), (doc.filename, SPACED_HYPHEN.search(text))


SCHOOL_SAMPLES = [p.stem for p in SAMPLE_FILES if not sample(p.stem).organisation.kind.is_authority]


@pytest.mark.parametrize("name", SCHOOL_SAMPLES)
def test_sample_pairs_annex_shows_the_workplaces_of_partners(name):
    dossier = sample(name)
    order = [d for d in rendered_sample(name) if d.kind.id == "pairs-order"]
    annex = [[norm(c) for c in row] for row in table_rows(open_docx(order[0].content).tables[-1])][1:]
    external = 0
    for pair in dossier.pairs:
        for mentee in pair.mentees:
            row = next(
                r for r in annex if r[1] == norm(pair.mentor.full_name) and r[3] == norm(mentee.full_name)
            )
            for person, cell in ((pair.mentor, row[2]), (mentee, row[4])):
                if person.workplace:
                    assert cell.endswith(", " + norm(quotes_and_dashes(person.workplace))), cell
                    external += 1
    assert external
