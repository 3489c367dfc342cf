"""The curator appointed once and paid by agreement (item 4), personal data consents (item 5)
and «с учётом мнения» per Положение (item 6), read from the produced documents."""

from __future__ import annotations

import pytest

from docgen.model import dossier_from_data
from docgen.render.package import render_dossier
from tests.conftest import documents_of
from tests.docxread import all_text, norm, open_docx, table_rows
from tests.legal_dossiers import render, rural_school, texts

# -- item 4: the curator is appointed once ------------------------------------------------------


@pytest.mark.parametrize("setting", ["curator_order", "implementation_order", None])
def test_curator_is_appointed_once(setting):
    data = rural_school() if setting is None else rural_school(curator_appointment=setting)
    documents = render_dossier(dossier_from_data(data))
    appointing = [d.kind.id for d in documents if "Назначить куратором" in norm(all_text(d.content))]
    expected = "implementation-order" if setting == "implementation_order" else "curator-order"
    assert appointing == [expected]
    order = texts(documents, "implementation-order")[0]
    if setting == "implementation_order":
        assert "curator-order" not in {d.kind.id for d in documents}
        assert (
            "3. Назначить куратором внедрения целевой модели наставничества заместителя директора "
            "по учебно-воспитательной работе Лебедеву Ирину Павловну."
        ) in order
        assert (
            "4. Установить заместителю директора по учебно-воспитательной работе Лебедевой И.П. "
            "с её письменного согласия ежемесячную доплату за выполнение обязанностей куратора "
            "в размере 2 000 (две тысячи) рублей 00 копеек на 2025/2026 учебный год "
            "в соответствии с дополнительным соглашением к трудовому договору."
        ) in order
    else:
        assert "3. Куратора внедрения целевой модели наставничества назначить отдельным приказом." in order
        curator_order = texts(documents, "curator-order")[0]
        assert "с её письменного согласия ежемесячную доплату" in curator_order
        assert "в соответствии с дополнительным соглашением к трудовому договору" in curator_order


def test_a_curator_order_number_with_the_other_setting_is_a_warning():
    from docgen.legal.checks import dossier_warnings

    data = rural_school(curator_appointment="implementation_order")
    data["orders"]["curator-order"] = {"number": "42", "date": "29.08.2025"}
    assert dossier_warnings(dossier_from_data(data)) == [
        "приказы[curator-order]: куратор назначается пунктом приказа о внедрении («где назначается "
        "куратор»), отдельный приказ о назначении куратора не издаётся — удалите его номер и дату"
    ]


def test_samples_appoint_the_curator_once():
    for sample in ("gymnasium-20", "college-blagoveshchensk"):
        order = norm(all_text(documents_of(sample, "implementation-order")[0].content))
        assert "Назначить куратором" not in order
        assert "Назначить куратором" in norm(all_text(documents_of(sample, "curator-order")[0].content))


# -- item 4: the curator's pay needs consent and an agreement ----------------------------------


@pytest.fixture(scope="module")
def rural_curator():
    return render(rural_school(), "curator-consent", "curator-supplementary-agreement")


def test_paid_curator_gets_consent_and_agreement(rural_curator):
    consent = texts(rural_curator, "curator-consent")
    agreement = texts(rural_curator, "curator-supplementary-agreement")
    assert len(consent) == len(agreement) == 1
    assert (
        "Директору МКОУ «СОШ с. Ивановка» Кравченко Н.С. от заместителя директора по учебно-"
        "воспитательной работе Лебедевой Ирины Павловны СОГЛАСИЕ на выполнение дополнительной "
        "работы куратора"
    ) in consent[0]
    assert (
        "В соответствии со статьями 60.2 и 151 Трудового кодекса Российской Федерации даю согласие "
        "на выполнение в течение установленной продолжительности рабочего дня наряду с работой, "
        "определённой трудовым договором, дополнительной работы куратора внедрения целевой модели "
        "наставничества в МКОУ «СОШ с. Ивановка» в 2025/2026 учебном году"
    ) in consent[0]
    assert "_______________ / И.П. Лебедева" in consent[0]
    body = agreement[0]
    assert "о выполнении дополнительной работы куратора" in body
    assert "и Лебедева Ирина Павловна, именуемая в дальнейшем «Работник»" in body
    assert "ежемесячная доплата в размере 2 000 (две тысячи) рублей 00 копеек" in body
    assert "и приказом о назначении куратора." in body


def test_curator_without_pay_has_no_agreement():
    documents = render(rural_school(curator_payment=None))
    kinds = {d.kind.id for d in documents}
    assert "curator-consent" not in kinds and "curator-supplementary-agreement" not in kinds


def test_samples_curators_with_pay_have_their_documents():
    for sample, name in (
        ("gymnasium-20", "Жмурина Ольга Алексеевна"),
        ("college-blagoveshchensk", "Воробьёва Елена Николаевна"),
    ):
        for kind in ("curator-consent", "curator-supplementary-agreement"):
            found = documents_of(sample, kind)
            assert [d.people for d in found] == [(name,)], (sample, kind)


# -- item 5: personal data ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def rural_pd():
    return render(rural_school(), "consent-pd-adult", "consent-pd-minor", "consent-pd-publication")


def test_publication_consent_is_a_separate_document(rural_pd):
    adults = texts(rural_pd, "consent-pd-adult")
    publications = texts(rural_pd, "consent-pd-publication")
    assert len(publications) == len(adults) + len(texts(rural_pd, "consent-pd-minor")) == 3
    for body in adults + texts(rural_pd, "consent-pd-minor"):
        assert "статьёй 10.1" not in body
        assert "разрешённых для распространения" not in body
        assert (
            "Распространение персональных данных (размещение на сайте) допускается только "
            "по отдельному согласию" in body
        )


def test_publication_consent_content_for_an_adult(rural_pd):
    document = next(
        d for d in rural_pd if d.kind.id == "consent-pd-publication" and "Зуева Полина Андреевна" in d.people
    )
    body = norm(all_text(document.content))
    assert (
        body.count(
            "СОГЛАСИЕ на обработку персональных данных, разрешённых субъектом персональных "
            "данных для распространения"
        )
        == 1
    )
    assert (
        "Я, Зуева Полина Андреевна, контактная информация (телефон, адрес электронной почты "
        "или почтовый адрес):" in body
    )
    assert (
        "руководствуясь статьёй 10.1 Федерального закона от 27.07.2006 № 152-ФЗ «О персональных данных»"
        in body
    )
    assert "даю согласие Муниципальному казённому общеобразовательному учреждению" in body
    assert (
        "адрес: 676900, Амурская область, с. Ивановка, ул. Школьная, д. 1; ИНН 2816001234; "
        "ОГРН 1022801234567)"
    ) in body
    assert (
        "официальный сайт Оператора в информационно-телекоммуникационной сети «Интернет» "
        "https://ivanovka-school.ru (раздел «Наставничество»)" in body
    )
    assert "в целях информирования о реализации программы наставничества" in body
    assert "Настоящее согласие действует со дня его подписания до дня его отзыва" in body
    assert "_______________ / П.А. Зуева" in body
    rows = table_rows(open_docx(document.content).tables[0])
    assert rows[0] == [
        "Категория",
        "Перечень персональных данных",
        "Разрешаю к распространению",
        "Условия и запреты",
    ]
    categories = {row[0] for row in rows[1:]}
    assert categories == {"персональные данные", "биометрические персональные данные"}
    assert any("фотографическое изображение" in row[1] for row in rows[1:])
    assert all(row[2] == "☐ да ☐ нет" for row in (list(map(norm, r)) for r in rows[1:]))


def test_publication_consent_of_a_parent(rural_pd):
    document = next(
        d for d in rural_pd if d.kind.id == "consent-pd-publication" and "Петров Егор Ильич" in d.people
    )
    body = norm(all_text(document.content))
    assert "Я, Петрова Светлана Олеговна," in body
    assert "+7 900 111-22-33" in body
    assert (
        "являясь законным представителем несовершеннолетнего Петрова Егора Ильича, "
        "обучающегося 8 класса (далее – ребёнок)" in body
    )
    assert (
        "на распространение (предоставление доступа неограниченному кругу лиц) персональных данных ребёнка"
        in body
    )
    assert "_______________ / С.О. Петрова" in body


def test_no_publication_consent_before_article_10_1():
    data = rural_school(school_year="2020/2021", orders={})
    for pair in data["pairs"]:
        pair.update(start="15.09.2020", end="31.05.2021")
    kinds = {d.kind.id for d in render(data, "consent-pd-adult", "consent-pd-publication")}
    assert kinds == {"consent-pd-adult"}


def test_processing_consent_names_the_recipients(rural_pd):
    adult = texts(rural_pd, "consent-pd-adult")[0]
    assert (
        "передача (предоставление) Отделу образования администрации Ивановского муниципального "
        "округа в целях, указанных в пункте 1"
    ) in adult
    named = render(
        rural_school(pd_recipients=["Министерству образования и науки Амурской области", "ГАУ ДПО «АмИРО»"]),
        "consent-pd-adult",
    )
    assert (
        "передача (предоставление) Министерству образования и науки Амурской области, ГАУ ДПО «АмИРО» "
        "в целях, указанных в пункте 1"
    ) in texts(named, "consent-pd-adult")[0]
    gymnasium = norm(all_text(documents_of("gymnasium-20", "consent-pd-adult")[0].content))
    assert (
        "передача (предоставление) Управлению образования администрации муниципального "
        "образования город-курорт Анапа" in gymnasium
    )


def test_parent_consents_to_the_childs_participation(rural_pd):
    parent = texts(rural_pd, "consent-pd-minor")[0]
    assert (
        "СОГЛАСИЕ родителя (законного представителя) на участие несовершеннолетнего "
        "в программе наставничества"
    ) in parent
    assert (
        "Я, Петрова Светлана Олеговна, даю согласие на участие несовершеннолетнего Петрова Егора "
        "Ильича, обучающегося 8 класса, в программе наставничества (целевой модели наставничества) "
        "МКОУ «СОШ с. Ивановка» в 2025/2026 учебном году в качестве наставляемого (форма "
        "наставничества: «учитель – ученик»)."
    ) in parent
    # the processing consent and the participation consent are signed separately
    assert parent.count("_______________ / С.О. Петрова") == 2


def test_a_minor_mentor_is_named_as_a_mentor():
    for document in documents_of("gymnasium-20", "consent-pd-minor"):
        body = norm(all_text(document.content))
        assert "в качестве наставника" in body or "в качестве наставляемого" in body
    mentors = [
        norm(all_text(d.content))
        for d in documents_of("gymnasium-20", "consent-pd-minor")
        if "в качестве наставника" in norm(all_text(d.content))
    ]
    assert mentors, "the gymnasium has pupils who mentor (ученик – ученик)"
    assert all("«ученик – ученик»" in body for body in mentors)


# -- item 6: «с учётом мнения» per Положение ---------------------------------------------------


def _lines(document) -> list[str]:
    return [norm(line) for line in all_text(document.content).split("\n")]


def test_opinions_per_polozhenie_in_the_sample():
    students = _lines(documents_of("gymnasium-20", "polozhenie-students")[0])
    teachers = _lines(documents_of("gymnasium-20", "polozhenie-teachers")[0])
    assert [line for line in students if line.startswith("С учётом мнения")] == [
        "С учётом мнения совета родителей (протокол от 18.05.2022 № 3)",
        "С учётом мнения совета обучающихся (протокол от 18.05.2022 № 2)",
    ]
    assert [line for line in teachers if line.startswith("С учётом мнения")] == [
        "С учётом мнения выборного органа первичной профсоюзной организации "
        "(протокол от «___» ____________ 20___ г. № _______)"
    ]


def test_opinion_defaults_and_settings():
    documents = render(rural_school(), "polozhenie-students", "polozhenie-teachers")
    students = [
        line
        for line in _lines(next(d for d in documents if d.kind.id == "polozhenie-students"))
        if line.startswith("С учётом мнения")
    ]
    assert students == [
        "С учётом мнения совета обучающихся (протокол от «___» ____________ 20___ г. № _______)",
        "С учётом мнения совета родителей (законных представителей) обучающихся "
        "(протокол от «___» ____________ 20___ г. № _______)",
    ]
    union = [{"body": "профсоюзного комитета", "protocol": "7", "date": "25.08.2025"}]
    documents = render(
        rural_school(considered_teachers=union, considered=[]), "polozhenie-students", "polozhenie-teachers"
    )
    teachers = _lines(next(d for d in documents if d.kind.id == "polozhenie-teachers"))
    assert [line for line in teachers if line.startswith("С учётом мнения")] == [
        "С учётом мнения профсоюзного комитета (протокол от 25.08.2025 № 7)"
    ]
    students = _lines(next(d for d in documents if d.kind.id == "polozhenie-students"))
    assert not [line for line in students if line.startswith("С учётом мнения")]


@pytest.mark.libreoffice
def test_new_documents_convert_to_pdf(tmp_path):
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("soffice is not on PATH")
    kinds = (
        "consent-pd-publication",
        "consent-pd-minor",
        "curator-consent",
        "curator-supplementary-agreement",
    )
    for document in render(rural_school(), *kinds):
        (tmp_path / document.filename).write_bytes(document.content)
    files = sorted(str(p) for p in tmp_path.glob("*.docx"))
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), *files],
        check=True,
        capture_output=True,
        timeout=300,
    )
    for name in files:
        pdf = tmp_path / (name.rsplit("/", 1)[-1].removesuffix(".docx") + ".pdf")
        assert pdf.exists() and pdf.stat().st_size > 1000, pdf.name
