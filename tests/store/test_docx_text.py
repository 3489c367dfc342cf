"""The archive text test: the text issuing stores (read from the XML a render has just produced,
`docx_text.TextReader`) is the text python-docx reads from the .docx (`text.extract_text`),
on every document of every sample, on a new dossier, and on hand-made layouts of sections,
headers and footers that the default templates do not use."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.enum.section import WD_SECTION
from docx.oxml import parse_xml

from docgen.model import dossier_from_data, read_data
from docgen.render.package import render_dossier
from docgen.render.templates import default_template_bytes
from docgen.store.docx_text import TextReader, docx_text
from docgen.store.text import extract_text
from tests.conftest import SAMPLE_FILES


def _assert_same_text(documents) -> int:
    readers: dict[str, TextReader] = {}
    for document in documents:
        kind = document.kind
        reader = readers.get(kind.id)
        if reader is None:
            reader = readers[kind.id] = TextReader(default_template_bytes(kind.id, kind.template))
        expected = extract_text(document.content)
        assert expected, document.filename
        assert reader.text(document.parts) == expected, document.filename
        assert docx_text(document.content) == expected, document.filename
    return len(documents)


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=[p.stem for p in SAMPLE_FILES])
def test_rendered_xml_gives_python_docx_text_on_every_sample_document(path) -> None:
    documents = render_dossier(dossier_from_data(read_data(path)), keep_parts=True)
    assert _assert_same_text(documents) == len(documents) > 0


def test_same_text_on_a_new_dossier_with_other_people() -> None:
    data = read_data(SAMPLE_FILES[0].parent / "gymnasium-20.yaml")
    data["organisation"]["short_name"] = "МАОУ «Лицей № 3» г. Соликамска"
    data["curator"]["surname"] = "Ёлкина"
    documents = render_dossier(dossier_from_data(data), keep_parts=True)
    assert _assert_same_text(documents) > 50
    assert any("Ёлкина" in extract_text(d.content) for d in documents)


def _layouts() -> bytes:
    """Three sections: a first-page header, an even footer, a linked header, a header with a
    table, a content control in the body, tabs and NBSP, a paragraph of blanks only."""
    doc = Document()
    first = doc.sections[0]
    first.different_first_page_header_footer = True
    first.first_page_header.paragraphs[0].text = "Первая страница"
    first.header.paragraphs[0].text = "Шапка\tраздела\u00a0один"
    first.even_page_footer.paragraphs[0].text = "Чётный подвал"
    cell_table = first.header.add_table(rows=1, cols=2, width=first.page_width)
    cell_table.cell(0, 0).text = "Ячейка шапки"
    doc.add_paragraph("Текст   первого раздела")
    blanks = doc.add_paragraph("   ")
    blanks._p.addnext(
        parse_xml(
            '<w:sdt xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:sdtContent><w:p><w:r><w:t>Поле формы</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        )
    )
    second = doc.add_section(WD_SECTION.NEW_PAGE)
    second.header.is_linked_to_previous = True  # no header of its own
    doc.add_paragraph("Второй раздел")
    third = doc.add_section(WD_SECTION.NEW_PAGE)
    third.header.is_linked_to_previous = False
    third.header.paragraphs[0].text = "Шапка третьего"
    third.footer.is_linked_to_previous = False
    third.footer.paragraphs[0].text = "Подвал третьего"
    doc.add_paragraph("Третий раздел")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def test_same_text_on_sections_headers_and_footers_of_every_kind() -> None:
    content = _layouts()
    expected = extract_text(content)
    assert expected.splitlines() == [
        "Первая страница",
        "Шапка раздела один",
        "Ячейка шапки",
        "Шапка третьего",
        "Текст первого раздела",
        "Поле формы",
        "Второй раздел",
        "Третий раздел",
        "Чётный подвал",
        "Подвал третьего",
    ]
    assert docx_text(content) == expected
    assert TextReader(content).text() == expected


def test_rendered_members_are_read_instead_of_the_source() -> None:
    content = _layouts()
    xml = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>Новый текст</w:t></w:r></w:p></w:body></w:document>"
    ).encode()
    assert TextReader(content).text({"word/document.xml": xml}) == "Новый текст"


def test_a_plain_document_is_read_without_a_tree_and_gives_the_same_text() -> None:
    """Tabs, line breaks, XML references, a table, a header: the string scan of
    `xml_text.plain_body` (no content controls, one section) reads what python-docx reads."""
    from docgen.store.xml_text import plain_body

    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "Шапка"
    paragraph = doc.add_paragraph('Кавычки "и" <угловые> & амперсанд\tтаб')
    paragraph.add_run().add_break()
    paragraph.add_run("после\u00a0разрыва")
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Ячейка один"
    table.cell(0, 1).text = "  Ячейка   два  "
    buffer = io.BytesIO()
    doc.save(buffer)
    content = buffer.getvalue()
    reader = TextReader(content)
    main = reader._zip.read(reader.main).decode()
    assert plain_body(main) is not None
    expected = extract_text(content)
    assert 'Кавычки "и" <угловые> & амперсанд таб' in expected.splitlines()
    assert docx_text(content) == expected


def test_sample_documents_take_the_plain_path() -> None:
    from docgen.store.xml_text import plain_body

    documents = render_dossier(dossier_from_data(read_data(SAMPLE_FILES[0])), keep_parts=True)
    plain = [d for d in documents if plain_body(d.parts["word/document.xml"].decode()) is not None]
    assert len(plain) >= len(documents) * 0.9
