"""The produced documents, read as a person reads them."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx.shared import Pt

from docgen.grammar import decline_name, quotes_and_dashes
from docgen.model import RewardType
from docgen.render.context import order_reference
from tests.conftest import SAMPLE_FILES, documents_of, rendered_sample, sample
from tests.docxread import NBSP, all_text, norm, open_docx, paragraphs, reading_order, table_rows

SAMPLE_NAMES = [p.stem for p in SAMPLE_FILES]
LEFTOVER = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")


def one(name: str, kind: str):
    docs = documents_of(name, kind)
    assert len(docs) == 1, [d.filename for d in docs]
    return docs[0]


def text_of(name: str, kind: str) -> str:
    return norm(all_text(one(name, kind).content))


def ref(name: str, kind: str) -> str:
    dossier = sample(name)
    return norm(order_reference(dossier.orders.get(kind), dossier.organisation.number_format)["ref"])


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_document_is_clean_and_laid_out_per_gost(name):
    documents = rendered_sample(name)
    # An authority's seed sample is its order with its annexes (and its curator's order).
    dossier = sample(name)
    assert len(documents) >= (3 if dossier.organisation.kind.is_authority and not dossier.pairs else 5)
    for doc in documents:
        text = all_text(doc.content)
        assert not LEFTOVER.search(text), (doc.filename, LEFTOVER.search(text))
        assert "О.А.." not in text and "None" not in text, doc.filename
        document = open_docx(doc.content)
        first = document.sections[0]
        margins = [first.left_margin, first.right_margin, first.top_margin, first.bottom_margin]
        assert [round(m.mm) for m in margins] == [30, 10, 20, 20], doc.filename
        normal = document.styles["Normal"].font
        assert (normal.name, normal.size) == ("Times New Roman", Pt(14)), doc.filename
        assert document.styles["Table Grid"].font.size == Pt(12)
        with zipfile.ZipFile(io.BytesIO(doc.content)) as archive:  # no picture of a blank page
            assert not any("thumbnail" in n for n in archive.namelist()), doc.filename


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_page_numbers_start_on_page_two(name):
    for doc in rendered_sample(name):
        section = open_docx(doc.content).sections[0]
        assert section.different_first_page_header_footer, doc.filename
        header_xml = section.header._element.xml
        assert "PAGE" in header_xml, doc.filename
        assert "PAGE" not in section.first_page_header._element.xml


def test_file_names_follow_the_package_order():
    names = [d.filename for d in rendered_sample("gymnasium-20")]
    assert names[0] == "01-prikaz-o-vnedrenii.docx"
    prefixes = [n[:2] for n in names]
    assert prefixes == sorted(prefixes)
    assert "12-prikaz-o-zakreplenii-par.docx" in names


def test_implementation_order_reads_like_an_order():
    dossier = sample("gymnasium-20")
    doc = open_docx(one("gymnasium-20", "implementation-order").content)
    lines = [norm(p) for p in paragraphs(doc)]
    meta = dossier.orders["implementation-order"]
    assert f"{meta.date:%d.%m.%Y} № {meta.number}-од" in lines
    assert "ПРИКАЗЫВАЮ:" in lines
    curator = dossier.curator
    accusative = decline_name(curator.full_name, curator.gender, "accusative")
    assert accusative == "Жмурину Ольгу Алексеевну"
    # The curator is appointed once, by the separate curator order (the dossier's setting).
    assert "3. Куратора внедрения целевой модели наставничества назначить отдельным приказом." in lines
    curator_order = [norm(p) for p in paragraphs(open_docx(one("gymnasium-20", "curator-order").content))]
    assert any(
        line.startswith("1. Назначить куратором внедрения целевой модели наставничества")
        and line.endswith(f"заместителя директора по УВР {accusative}.")
        for line in curator_order
    )
    signature = [p for p in paragraphs(doc) if p.startswith("Директор\t")]
    assert signature and re.search(rf"\t[А-ЯЁ]\.[А-ЯЁ]\.{NBSP}[А-ЯЁ][а-яё]+$", signature[0])
    assert "С приказом ознакомлена:" in lines  # the curator alone, a woman


@pytest.mark.parametrize(
    ("kind", "word"),
    [("roadmap", "УТВЕРЖДЕНА"), ("polozhenie-students", "УТВЕРЖДЕНО"), ("kpi-table", "УТВЕРЖДЕНЫ")],
)
def test_attachments_cite_the_order_that_approves_them(kind, word):
    doc = open_docx(one("gymnasium-20", kind).content)
    head = [norm(p) for p in reading_order(doc)[:16]]
    assert word in head
    assert "приказом МБОУ гимназии № 20 им. С.С. Станчева" in head
    assert ref("gymnasium-20", "implementation-order") in head


def test_annex_numbers_agree_between_order_and_attachments():
    order = text_of("gymnasium-20", "implementation-order")
    for kind, phrase in [
        ("polozhenie-students", "Положение о наставничестве обучающихся"),
        ("roadmap", "Дорожную карту внедрения"),
        ("kpi-table", "Показатели эффективности"),
    ]:
        head = [norm(p) for p in reading_order(open_docx(one("gymnasium-20", kind).content))[:16]]
        annex = next(p for p in head if p.startswith("Приложение № "))
        number = annex.removeprefix("Приложение № ")
        assert re.search(rf"{phrase}[^()]*\(приложение {number}\)", order), (kind, number)


def test_pairs_order_annex_has_one_row_per_mentee():
    dossier = sample("gymnasium-20")
    doc = open_docx(one("gymnasium-20", "pairs-order").content)
    rows = table_rows(doc.tables[-1])[1:]
    mentees = [m for pair in dossier.pairs for m in pair.mentees]
    assert len(rows) == len(mentees)
    assert [norm(r[3]) for r in rows] == [m.full_name for m in mentees]
    group = next(p for p in dossier.pairs if p.is_group)
    group_rows = [r for r in rows if norm(r[1]) == group.mentor.full_name]
    assert len(group_rows) >= len(group.mentees)


def test_pairs_order_puts_the_mentor_in_the_instrumental():
    dossier = sample("gymnasium-20")
    text = text_of("gymnasium-20", "pairs-order")
    pair = dossier.pairs[0]
    mentor = decline_name(pair.mentor.full_name, pair.mentor.gender, "instrumental")
    mentee = decline_name(pair.mentees[0].full_name, pair.mentees[0].gender, "accusative")
    assert f"{mentee} за учителем математики {mentor}" in text
    assert "за учителем математики Ивановой Марией Петровной" in text


def test_reward_order_uses_the_case_each_verb_needs():
    dossier = sample("gymnasium-20")
    text = text_of("gymnasium-20", "reward-order")
    for reward in dossier.rewards:
        person = reward.person
        case = {
            RewardType.GRATITUDE: "dative",
            RewardType.LETTER: "dative",
            RewardType.PETITION: "genitive",
        }.get(reward.type, "accusative")
        assert decline_name(person.full_name, person.gender, case) in text, (reward.type, case)
    bonus = next(r for r in dossier.rewards if r.type is RewardType.BONUS)
    assert "рублей 00 копеек" in text
    assert f"{int(bonus.amount):,}".replace(",", " ") in text
    assert "Объявить благодарность:" in text and "Премировать:" in text


def test_curator_order_declines_the_curator():
    text = text_of("gymnasium-20", "curator-order")
    assert "заместителя директора по УВР Жмурину Ольгу Алексеевну" in text
    assert "Возложить на заместителя директора по УВР Жмурину О.А. следующие обязанности" in text


def _seed_roadmap_rows(seed_path) -> list[list[str]]:
    lines = seed_path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("№ п/п\t"))
    rows: list[list[str]] = []
    for line in lines[start + 1 :]:
        if "\t" in line:
            rows.append(line.split("\t"))
        elif rows:
            rows[-1][-1] += " " + line
    return [[norm(re.sub(r"<[^>]+>", " ", cell)) for cell in row] for row in rows]


def test_gymnasium_roadmap_reproduces_every_cell_of_seed_000(shared_dir):
    seed = _seed_roadmap_rows(shared_dir / "seeds" / "000_03d4f7239eeb2180.txt")
    doc = open_docx(one("gymnasium-20", "roadmap").content)
    table = doc.tables[0]
    produced = [[norm(cell) for cell in row] for row in table_rows(table)]
    assert produced[0] == [
        "№ п/п", "Наименование этапа", "Мероприятие", "Содержание деятельности", "Сроки",
        "Ответственные",
    ]  # fmt: skip
    body = produced[1:]
    assert len(body) == len(seed)
    for number, (mine, theirs) in enumerate(zip(body, seed, strict=True), 1):
        # the seed's text, typeset as every value is: «» quotes, a spaced hyphen as an en dash
        assert mine == [quotes_and_dashes(cell) for cell in theirs], f"строка {number}"
