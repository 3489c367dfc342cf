"""Print layout as LibreOffice typesets it: every document of every sample and of the dossiers
of tests/layout_dossiers.py converted to PDF once per session, then read page by page.

Asserted for every document: no blank page, no word broken inside across lines (a line ending
in a non-word whose join with the next line's first word is a dictionary word, pymorphy3), no
signature alone on the last page, no page with a single stranded line. The OOXML side
(cantSplit, tblHeader, grids) is checked without LibreOffice in tests/test_layout_ooxml.py.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from dataclasses import dataclass

import pytest

from docgen.render.package import RenderedDocument, render_dossier
from tests.conftest import SAMPLE_FILES, rendered_sample
from tests.layout_dossiers import all_new
from tests.layout_probe import blank_pages, broken_words, lonely_signature, near_empty_pages, page_lines

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) не установлен"),
]
PER_KIND = 2  # of a written dossier, the first and the last document of each kind are printed


@dataclass
class Printed:
    label: str
    pages: list[list[str]]


def _documents() -> list[tuple[str, RenderedDocument]]:
    docs = [(f"{p.stem}/{d.filename}", d) for p in SAMPLE_FILES for d in rendered_sample(p.stem)]
    for name, dossier in all_new().items():
        by_kind: dict[str, list[RenderedDocument]] = defaultdict(list)
        for d in render_dossier(dossier):
            by_kind[d.kind.id].append(d)
        for kind_docs in by_kind.values():
            chosen = kind_docs if len(kind_docs) <= PER_KIND else [kind_docs[0], kind_docs[-1]]
            docs += [(f"{name}/{d.filename}", d) for d in chosen]
    return docs


@pytest.fixture(scope="module")
def printed() -> list[Printed]:
    from docgen.pdf import PdfConverter

    docs = _documents()
    with PdfConverter(workers=2, timeout=120) as converter:
        results = converter.convert_many([(d.filename, d.content) for _label, d in docs])
    failed = [label for (label, _d), r in zip(docs, results, strict=True) if not r.ok]
    assert not failed, f"LibreOffice не преобразовал: {failed}"
    return [Printed(label, page_lines(r.pdf)) for (label, _d), r in zip(docs, results, strict=True)]


def test_every_written_dossier_is_printed(printed):
    labels = {p.label.split("/")[0] for p in printed}
    assert {"малая школа", "школа на 40 пар", "колледж"} <= labels
    assert len(printed) > 300


def test_no_blank_pages(printed):
    blank = {p.label: blank_pages(p.pages) for p in printed if blank_pages(p.pages)}
    assert not blank, f"пустые страницы: {blank}"


def test_no_word_is_broken_across_lines(printed):
    broken = {p.label: broken_words(p.pages) for p in printed if broken_words(p.pages)}
    assert not broken, f"слова, разорванные переносом строки: {broken}"


def test_no_signature_alone_on_the_last_page(printed):
    lonely = [p.label for p in printed if lonely_signature(p.pages)]
    assert not lonely, f"подпись одна на последней странице: {lonely}"


def test_no_page_holds_a_single_stranded_line(printed):
    stranded = {p.label: near_empty_pages(p.pages) for p in printed if near_empty_pages(p.pages)}
    assert not stranded, f"страницы с одной строкой текста: {stranded}"


def test_the_pairs_order_of_forty_pairs_repeats_its_header(printed):
    """A long annex runs over pages; each of them starts with the header row."""
    order = next(
        p for p in printed if p.label.startswith("школа на 40 пар/") and "zakreplenii-par" in p.label
    )
    annex_pages = [lines for lines in order.pages if any("Наставнические пары" in t for t in lines)]
    assert annex_pages
    start = order.pages.index(annex_pages[0])
    for lines in order.pages[start + 1 :]:
        assert "ФИО наставника" in lines, lines[:5]
