"""Print-layout probes of a rendered document: table rows in the .docx XML, pages in its PDF.

Used by tests/test_layout.py and handy on its own (`python -m tests.layout_probe`) to measure
the samples: rows protected from splitting, words broken across lines, blank pages.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from dataclasses import dataclass, field
from functools import cache

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}
# CT_TblPr is a sequence: its children in this order, each at most once
_TBL_PR_ORDER = (
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
    "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar",
    "tblLook", "tblCaption", "tblDescription",
)  # fmt: skip
LONG_TABLE_ROWS = 8  # a table with more rows than this can run past a page
_LETTERS = re.compile(r"^[А-Яа-яЁёA-Za-z]+$")
_TAIL = re.compile(r"([А-Яа-яЁё]+)-?$")
_HEAD = re.compile(r"^([А-Яа-яЁё]+)")


def document_xml(docx: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return etree.fromstring(z.read("word/document.xml"))


@dataclass
class TableFacts:
    rows: int = 0
    cant_split: int = 0
    long_tables: int = 0
    long_with_header: int = 0
    problems: list[str] = field(default_factory=list)


def table_facts(docx: bytes) -> TableFacts:
    """Rows with cantSplit, long tables with a repeated header row, and OOXML grid faults."""
    facts = TableFacts()
    root = document_xml(docx)
    for n, tbl in enumerate(root.iter(f"{{{W}}}tbl"), start=1):
        rows = tbl.findall("w:tr", NS)
        facts.rows += len(rows)
        grid = len(tbl.findall("w:tblGrid/w:gridCol", NS))
        for r, tr in enumerate(rows, start=1):
            tr_pr = tr.find("w:trPr", NS)
            if tr_pr is not None and tr_pr.find("w:cantSplit", NS) is not None:
                facts.cant_split += 1
            first = [c for c in tr if c.tag != f"{{{W}}}tblPrEx"]
            if tr_pr is not None and first and first[0] is not tr_pr:
                facts.problems.append(f"таблица {n}, строка {r}: w:trPr не первый элемент строки")
            span = 0
            for tc in tr.findall("w:tc", NS):
                value = tc.find("w:tcPr/w:gridSpan", NS)
                span += int(value.get(f"{{{W}}}val")) if value is not None else 1
                if tc.find("w:p", NS) is None and tc.find("w:tbl", NS) is None:
                    facts.problems.append(f"таблица {n}, строка {r}: пустая ячейка без абзаца")
            if span != grid:
                facts.problems.append(f"таблица {n}, строка {r}: {span} колонок при сетке из {grid}")
        tbl_pr = [etree.QName(c).localname for c in tbl.find("w:tblPr", NS)]
        order = [t for t in _TBL_PR_ORDER if t in tbl_pr]
        if len(set(tbl_pr)) != len(tbl_pr) or [t for t in tbl_pr if t in _TBL_PR_ORDER] != order:
            facts.problems.append(f"таблица {n}: w:tblPr не по схеме: {tbl_pr}")
        if len(rows) > LONG_TABLE_ROWS and _is_header(rows[0]):
            facts.long_tables += 1
            header = rows[0].find("w:trPr/w:tblHeader", NS)
            if header is not None:
                facts.long_with_header += 1
            else:
                facts.problems.append(f"таблица {n} ({len(rows)} строк) не повторяет шапку")
    ids = [d.get("id") for d in root.iter(f"{{{NS['wp']}}}docPr")]
    if len(ids) != len(set(ids)):
        facts.problems.append("повторяются идентификаторы рисунков wp:docPr/@id")
    return facts


def _is_header(tr: etree._Element) -> bool:
    """A first row of bold text is a header (a signature list has none to repeat)."""
    runs = [r for r in tr.iter(f"{{{W}}}r") if "".join(r.itertext()).strip()]
    return bool(runs) and all(_bold(r) for r in runs)


def _bold(run: etree._Element) -> bool:
    b = run.find("w:rPr/w:b", NS)
    return b is not None and b.get(f"{{{W}}}val", "1") not in ("0", "false", "off")


@cache
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def is_word(word: str) -> bool:
    return _morph().word_is_known(word.lower())


def page_lines(pdf: bytes) -> list[list[str]]:
    """Text lines of every page, in reading order (PyMuPDF)."""
    import pymupdf

    pages: list[list[str]] = []
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        for page in doc:
            lines: list[str] = []
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", []):
                    text = "".join(span["text"] for span in line["spans"]).strip()
                    if text:
                        lines.append(text)
            pages.append(lines)
    return pages


def broken_words(pages: list[list[str]]) -> list[str]:
    """Words a line break cut in two: «наставничеств» + «а» where neither part alone is a word
    but the join is. Hyphenated breaks («учебно-» «воспитательной») are not flagged."""
    found = []
    for lines in pages:
        for line, following in itertools.pairwise(lines):
            if line.endswith("-"):
                continue
            tail, head = _TAIL.search(line), _HEAD.search(following)
            if not tail or not head:
                continue
            left, right = tail.group(1), head.group(1)
            joined = left + right
            if is_word(joined) and not (is_word(left) and is_word(right)):
                found.append(f"{left}/{right}")
    return found


def blank_pages(pages: list[list[str]]) -> list[int]:
    """Pages with nothing but a page number (or nothing at all)."""
    return [i for i, lines in enumerate(pages, start=1) if all(re.fullmatch(r"\d+", t) for t in lines)]


def near_empty_pages(pages: list[list[str]]) -> list[int]:
    """Pages of a longer document holding a single line of text: a stranded sentence."""
    if len(pages) < 2:
        return []
    return [
        i
        for i, lines in enumerate(pages, start=1)
        if len([t for t in lines if not re.fullmatch(r"\d+", t)]) == 1
    ]


SIGNATURE_MARKERS = ("С приказом ознакомлен", "Куратор", "Директор", "Руководитель")


def lonely_signature(pages: list[list[str]]) -> bool:
    """The last page holds only signatures (lines after the text ended on the page before)."""
    if len(pages) < 2:
        return False
    body = [t for t in pages[-1] if not re.fullmatch(r"\d+", t)]
    return 0 < len(body) <= 2 and any(t.startswith(m) for m in SIGNATURE_MARKERS for t in body)


if __name__ == "__main__":  # pragma: no cover - a measuring tool
    import sys
    import time

    from docgen.pdf import PdfConverter
    from tests.conftest import rendered_sample

    # arguments: sample names, or «new» for the dossiers of tests/layout_dossiers.py
    names = sys.argv[1:] or ["gymnasium-20", "college-blagoveshchensk", "municipal-berezniki"]
    totals = TableFacts()
    docs = [d for name in names if name != "new" for d in rendered_sample(name)]
    if "new" in names:
        from docgen.render.package import render_dossier
        from tests.layout_dossiers import all_new

        docs += [d for dossier in all_new().values() for d in render_dossier(dossier)]
    for d in docs:
        f = table_facts(d.content)
        totals.rows += f.rows
        totals.cant_split += f.cant_split
        totals.long_tables += f.long_tables
        totals.long_with_header += f.long_with_header
        for p in f.problems:
            print(d.filename, p)
    start = time.monotonic()
    with PdfConverter(workers=2) as conv:
        results = conv.convert_many([(d.filename, d.content) for d in docs])
    print(f"{len(docs)} документов, PDF за {time.monotonic() - start:.0f} с")
    n_pages = n_blank = n_broken = n_lonely = 0
    for d, res in zip(docs, results, strict=True):
        pages = page_lines(res.pdf)
        n_pages += len(pages)
        blank, broken = blank_pages(pages), broken_words(pages)
        n_blank += len(blank)
        n_broken += len(broken)
        lonely = lonely_signature(pages) or bool(near_empty_pages(pages))
        n_lonely += lonely
        if blank or broken or lonely:
            lonely_text = "подпись одна" if lonely else ""
            print(d.filename, len(pages), "пустые:", blank, "разрывы:", broken, lonely_text)
    print(
        f"строк таблиц {totals.rows}, cantSplit {totals.cant_split}; длинных таблиц {totals.long_tables}, "
        f"с шапкой {totals.long_with_header}; страниц {n_pages}, пустых {n_blank}, разрывов {n_broken}, "
        f"одиноких подписей {n_lonely}"
    )
