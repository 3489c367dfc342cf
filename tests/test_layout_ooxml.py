"""Print rules written into the OOXML of every sample document, no LibreOffice needed:
rows never split across pages, long tables repeat their header, valid table grids, no empty
cells, unique drawing ids (what Word would otherwise «repair»); the blocks kept together."""

from __future__ import annotations

import re

import pytest
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm

from docgen.grammar.names import initials_first
from docgen.render.colfit import fit_columns
from docgen.render.package import render_dossier
from tests.conftest import SAMPLE_FILES, documents_of, rendered_sample
from tests.docxread import NBSP, norm, open_docx
from tests.layout_dossiers import small_school
from tests.layout_probe import table_facts

SAMPLES = [p.stem for p in SAMPLE_FILES]


@pytest.mark.parametrize("name", SAMPLES)
def test_every_row_is_kept_whole_and_long_tables_repeat_their_header(name):
    rows = protected = long_tables = with_header = 0
    problems = []
    for doc in rendered_sample(name):
        facts = table_facts(doc.content)
        rows += facts.rows
        protected += facts.cant_split
        long_tables += facts.long_tables
        with_header += facts.long_with_header
        problems += [f"{doc.filename}: {p}" for p in facts.problems]
    assert not problems
    assert rows > 0 and protected == rows
    assert with_header == long_tables


def test_the_written_dossiers_have_valid_tables_too():
    for doc in render_dossier(small_school()):
        facts = table_facts(doc.content)
        assert not facts.problems, doc.filename
        assert facts.cant_split == facts.rows, doc.filename


def _pairs_table_widths(content: bytes) -> list[int]:
    from tests.layout_probe import NS, document_xml

    table = list(document_xml(content).iter(f"{{{NS['w']}}}tbl"))[-1]
    return [int(g.get(f"{{{NS['w']}}}w")) for g in table.findall("w:tblGrid/w:gridCol", NS)]


def test_a_column_gets_the_width_of_its_longest_word():
    narrow = (
        '<w:tbl><w:tblPr><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid><w:gridCol w:w="600"/>'
        '<w:gridCol w:w="4000"/></w:tblGrid><w:tr><w:tc><w:tcPr><w:tcW w:type="dxa" w:w="600"/></w:tcPr>'
        "<w:p><w:r><w:t>консультация</w:t></w:r></w:p></w:tc><w:tc><w:tcPr>"
        '<w:tcW w:type="dxa" w:w="4000"/></w:tcPr><w:p><w:r><w:t>да</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
    )
    fitted = fit_columns(narrow)
    assert '<w:gridCol w:w="600"/>' not in fitted
    assert fitted.count("<w:gridCol") == 2
    first = int(fitted.split('<w:gridCol w:w="')[1].split('"')[0])
    assert 1300 < first < 2000
    assert f'<w:tcW w:type="dxa" w:w="{first}"/>' in fitted
    wide = narrow.replace('w:w="600"', 'w:w="2600"')
    assert fit_columns(wide) is wide  # nothing to do: the very same string, no copy


def test_titles_operative_word_and_last_point_stay_with_what_follows():
    doc = open_docx(documents_of("gymnasium-20", "pairs-order")[0].content)
    by_text = {norm(p.text): p for p in doc.paragraphs if p.text.strip()}
    assert by_text["Об утверждении наставнических пар (групп)"].paragraph_format.keep_with_next
    assert by_text["ПРИКАЗЫВАЮ:"].paragraph_format.keep_with_next
    last_point = next(t for t in by_text if t.endswith("оставляю за собой."))
    assert by_text[last_point].paragraph_format.keep_with_next
    signature = next(t for t in by_text if t.startswith("Директор"))
    assert by_text[signature].paragraph_format.keep_with_next  # with «С приказом ознакомлены:»


def test_no_empty_line_after_the_last_table_can_make_a_page():
    doc = open_docx(documents_of("gymnasium-20", "pairs-order")[0].content)
    last = doc.paragraphs[-1]
    assert not last.text.strip()
    assert last.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY


def test_order_title_follows_the_organisation_style():
    plain = [
        norm(p.text) for p in open_docx(documents_of("gymnasium-20", "curator-order")[0].content).paragraphs
    ]
    assert "ПРИКАЗ" in plain and "П Р И К А З" not in plain and "ПРИКАЗЫВАЮ:" in plain
    spaced_doc = next(d for d in render_dossier(small_school()) if d.kind.id == "curator-order")
    spaced = [norm(p.text) for p in open_docx(spaced_doc.content).paragraphs]
    assert "П Р И К А З" in spaced and "п р и к а з ы в а ю:" in spaced


def test_two_approval_stamps_stand_side_by_side():
    doc = open_docx(documents_of("gymnasium-20", "polozhenie-students")[0].content)
    left, right = doc.tables[0].rows[0].cells
    left_text = [norm(p.text) for p in left.paragraphs if p.text.strip()]
    right_text = [norm(p.text) for p in right.paragraphs if p.text.strip()]
    assert left_text[0] == "ПРИНЯТО"
    assert "УТВЕРЖДЕНО" in right_text and "ПРИНЯТО" not in right_text


def test_letter_addressee_has_initials_first_and_the_letter_an_outgoing_number():
    doc = open_docx(documents_of("gymnasium-20", "thank-you-letter")[0].content)
    texts = [norm(p.text) for p in doc.paragraphs if p.text.strip()]
    assert any(t.startswith("от ") and "№" in t for t in texts[:4])
    head = texts[: texts.index("БЛАГОДАРСТВЕННОЕ ПИСЬМО")]
    assert any(re.fullmatch(r"(?:[А-ЯЁ]\.){1,2} [А-ЯЁ][а-яё-]+", t) for t in head), head
    assert not any(re.fullmatch(r"[А-ЯЁ][а-яё-]+ (?:[А-ЯЁ]\.){1,2}", t) for t in head), head


@pytest.mark.parametrize(
    ("short", "expected"),
    [
        (f"Гордееву{NBSP}В.С.", f"В.С.{NBSP}Гордееву"),
        ("Петровой А.", f"А.{NBSP}Петровой"),
        ("Гордееву", "Гордееву"),
    ],
)
def test_initials_go_before_the_surname(short, expected):
    assert initials_first(short) == expected


def test_a_row_taller_than_a_page_may_split():
    cell = '<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="2000"/></w:tcPr><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>'
    table = (
        '<w:tbl><w:tblPr><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid><w:gridCol w:w="2000"/>'
        "</w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr>{}</w:tr><w:tr><w:trPr><w:cantSplit/></w:trPr>{}</w:tr>"
        "</w:tbl>"
    ).format(cell.format("короткая строка"), cell.format("очень длинный текст " * 400))
    fitted = fit_columns(table)
    assert fitted.count("<w:cantSplit/>") == 1
    assert fitted.index("<w:cantSplit/>") < fitted.index("короткая строка")


def test_code_built_tables_widen_a_column_to_its_longest_word():
    from docgen import gost

    doc = gost.new_document()
    table = gost.table(doc, ["№", "Показатель"], [["1", "здоровьесберегающих"]], [8, 20])
    widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.iterchildren(qn("w:gridCol"))]
    assert sum(widths) == pytest.approx(Mm(28).twips, abs=10)
    assert widths[1] > Mm(20).twips
    assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in table._tbl.tr_lst)


def test_a_plan_keeps_its_last_row_with_the_signatures_and_may_run_over_a_page():
    doc = open_docx(documents_of("gymnasium-20", "personal-programme")[0].content)
    plan = doc.tables[-1]
    assert len(plan.rows) >= 4

    def kept(row) -> bool:
        return all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)

    assert kept(plan.rows[0]) and kept(plan.rows[-1])
    assert not any(kept(row) for row in plan.rows[1:-1])
    following = plan._element.getnext()
    assert following is not None and "keepNext" in following.xml  # the line before the signatures
