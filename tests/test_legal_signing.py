"""A person never signs both sides (issue 12, item 3), and «действующего/действующей» agrees
with the signatory (wording item)."""

from __future__ import annotations

import copy

import pytest
import yaml
from click.testing import CliRunner

from docgen.cli import main
from docgen.errors import InvalidDossier
from docgen.grammar import agree_gender
from docgen.model import dossier_from_data
from tests.conftest import documents_of
from tests.docxread import all_text, norm, open_docx, table_rows
from tests.legal_dossiers import college_director_mentors, render, rural_school, texts


def _message(data: dict) -> str:
    with pytest.raises(InvalidDossier) as caught:
        dossier_from_data(data)
    return str(caught.value)


def test_director_mentor_without_signatory_is_refused_in_russian():
    message = _message(college_director_mentors(signatory=False))
    assert "пары: руководитель Громов Виктор Алексеевич — наставник (пары № 1)" in message
    assert "укажите в разделе «организация» подписанта вместо руководителя" in message
    assert "подписывать руководителю с самим собой" in message


def test_cli_validate_refuses_director_mentor_without_signatory(tmp_path):
    path = tmp_path / "college.yaml"
    data = college_director_mentors(signatory=False)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code != 0
    assert "руководитель Громов Виктор Алексеевич — наставник" in result.output


def test_director_as_paid_curator_needs_a_signatory():
    director = rural_school()["organisation"]["director"]
    message = _message(rural_school(curator=director, curator_payment="2000"))
    assert "доплату куратору-руководителю Кравченко Наталья Сергеевна нельзя установить" in message
    # With an authorised deputy the dossier is accepted.
    data = rural_school(curator=director, curator_payment="2000")
    data["organisation"]["authorised_signatory"] = college_director_mentors()["organisation"][
        "authorised_signatory"
    ]
    assert dossier_from_data(data).curator.surname == "Кравченко"
    documents = render(data, "curator-consent", "curator-supplementary-agreement")
    consent = texts(documents, "curator-consent")[0]
    assert "Заместителю директора по учебной работе МКОУ «СОШ с. Ивановка» Никитиной О.П." in consent
    agreement = texts(documents, "curator-supplementary-agreement")[0]
    assert (
        "в лице заместителя директора по учебной работе Никитиной Ольги Петровны, действующей "
        "на основании приказа от 01.09.2025 № 12-к"
    ) in agreement
    assert "и Кравченко Наталья Сергеевна, именуемая в дальнейшем «Работник»" in agreement
    # The orders the director signs do not set the director's own pay.
    for setting, kind in (
        ("curator_order", "curator-order"),
        ("implementation_order", "implementation-order"),
    ):
        order = texts(render({**data, "curator_appointment": setting}, kind), kind)[0]
        assert "Назначить куратором" in order
        assert "доплат" not in order and "2 000" not in order, kind


def test_the_signatory_is_not_the_director_themselves():
    data = college_director_mentors()
    data["organisation"]["authorised_signatory"]["person"] = data["organisation"]["director"]
    assert "подписантом вместо руководителя должен быть другой работник" in _message(data)


@pytest.fixture(scope="module")
def college():
    return render(college_director_mentors(), "mentoring-consent", "supplementary-agreement")


def test_director_mentor_consent_is_addressed_to_the_deputy(college):
    consent = texts(college, "mentoring-consent")[0]
    assert (
        "Заместителю директора по учебной работе ГПОУ «Северный политехнический колледж» "
        "Никитиной О.П. от директора Громова Виктора Алексеевича СОГЛАСИЕ"
    ) in consent
    assert "Директору" not in consent


def test_director_mentor_agreement_is_signed_by_the_deputy(college):
    document = next(d for d in college if d.kind.id == "supplementary-agreement")
    body = norm(all_text(document.content))
    assert (
        "в лице заместителя директора по учебной работе Никитиной Ольги Петровны, действующей "
        "на основании приказа от 01.09.2025 № 12-к «О распределении обязанностей», именуемое "
        "в дальнейшем «Работодатель», с одной стороны, и Громов Виктор Алексеевич, именуемый "
        "в дальнейшем «Работник»"
    ) in body
    tables = [table_rows(t) for t in open_docx(document.content).tables]
    employer, employee = next(t for t in tables if t[0] == ["Работодатель", "Работник"])[1]
    employer = norm(employer)
    assert "Заместитель директора по учебной работе" in employer
    assert "О.П. Никитина" in employer
    assert "В.А. Громов" not in employer
    assert "Громов Виктор Алексеевич" in employee


@pytest.mark.parametrize(
    ("sample", "acting", "director"),
    [
        ("gymnasium-20", "действующего", "директора Бондаренко Сергея Николаевича"),
        ("college-blagoveshchensk", "действующей", "директора Петренко Аллы Ивановны"),
    ],
)
def test_acting_agrees_with_the_directors_gender(sample, acting, director):
    for document in documents_of(sample, "supplementary-agreement"):
        body = norm(all_text(document.content))
        if "Петренко Алла Ивановна, именуемая" in body:
            # the director herself mentors: her deputy signs, by order
            assert (
                "в лице заместителя директора по учебно-методической работе Воробьёвой Елены "
                "Николаевны, действующей на основании приказа от 01.06.2022 № 35"
            ) in body
            continue
        assert f"в лице {director}, {acting} на основании Устава" in body


def test_female_director_in_a_new_dossier():
    documents = render(rural_school(), "supplementary-agreement", "curator-supplementary-agreement")
    for kind in ("supplementary-agreement", "curator-supplementary-agreement"):
        body = texts(documents, kind)[0]
        assert "в лице директора Кравченко Натальи Сергеевны, действующей на основании Устава" in body
        assert "действующего" not in body


def test_agree_gender_keeps_the_case():
    assert agree_gender("действующего", "female") == "действующей"
    assert agree_gender("действующий", "female") == "действующая"
    assert agree_gender("действующего", "male") == "действующего"
    assert agree_gender("Устава", "female") == "Устава"


def test_the_directors_own_order_does_not_give_the_director_pay():
    data = college_director_mentors()
    data["pairs"].append(copy.deepcopy(rural_school()["pairs"][0]))  # a paid teacher's pair
    order = texts(render(data, "pairs-order"), "pairs-order")[0]
    assert "Установить наставнику ежемесячную доплату" in order  # only the teacher: one
    assert "учителю физики Соколову А.В. – 3 000 (три тысячи) рублей 00 копеек в месяц" in order
    assert "4 000" not in order  # the director's pay rests on the agreement the deputy signs


def test_the_deputy_approves_the_directors_own_programme():
    programme = texts(render(college_director_mentors(), "personal-programme"), "personal-programme")[0]
    assert (
        "УТВЕРЖДАЮ Заместитель директора по учебной работе ГПОУ «Северный политехнический колледж» "
        "_______________ О.П. Никитина" in programme
    )
    assert "Директор ГПОУ" not in programme  # the director signs only as the mentor
    assert "Наставник_______________ В.А. Громов" in programme
