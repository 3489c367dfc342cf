"""Order points agree with how many people they address: one paid mentor is «наставнику …
в соответствии с дополнительным соглашением», one pair is «совместно с наставляемым … программу»."""

from __future__ import annotations

from docgen.model import dossier_from_data
from docgen.render.package import render_dossier
from tests.conftest import documents_of
from tests.docxread import body_text, norm, open_docx
from tests.legal_dossiers import college_director_mentors
from tests.wording_dossiers import rural_school, rural_school_year_end


def _order(data: dict, kind: str) -> str:
    [doc] = render_dossier(dossier_from_data(data), only=[kind])
    return norm(body_text(open_docx(doc.content)))


def test_one_paid_mentor_is_addressed_in_the_singular():
    text = _order(rural_school(), "pairs-order")
    assert (
        "3. Установить наставнику ежемесячную доплату за осуществление наставничества в соответствии "
        "с дополнительным соглашением к трудовому договору: 3.1. учителю математики Гусевой Н.И." in text
    )
    assert (
        "4. Главному бухгалтеру Беловой Г.П. обеспечить начисление доплаты, установленной пунктом 3" in text
    )
    assert "2. Наставникам разработать совместно с наставляемыми персонализированные программы" in text


def test_one_pair_has_one_programme():
    text = _order(college_director_mentors(), "pairs-order")
    assert (
        "2. Наставнику разработать совместно с наставляемым персонализированную программу "
        "наставничества и представить её на утверждение куратору." in text
    )


def test_several_paid_mentors_keep_the_plural():
    [doc] = documents_of("gymnasium-20", "pairs-order")
    text = norm(body_text(open_docx(doc.content)))
    assert "Установить наставникам ежемесячную доплату" in text
    assert "в соответствии с дополнительными соглашениями к трудовым договорам:" in text
    assert "обеспечить начисление доплат, установленных пунктом 3" in text


def test_amending_order_with_one_new_paid_mentor():
    text = _order(rural_school_year_end(2025), "pairs-amendment-order")
    assert (
        "Установить ежемесячную доплату за осуществление наставничества в соответствии "
        "с дополнительным соглашением к трудовому договору:" in text
    )
    assert "обеспечить прекращение и начисление доплат в соответствии с настоящим приказом." in text
