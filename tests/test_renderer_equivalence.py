"""docgen's compile-once renderer produces what plain docxtpl produces, for every kind and sample.

Both sides render the same template with the same context (from `plan_documents`) in the same
sandboxed environment. Compared: body blocks in order (paragraph text and style, tables cell by
cell), header and footer text part by part, section properties, table/row/cell counts.

The one intended difference is docgen's typographic polish (NBSP after «№» and around initials,
«О.А..» → «О.А.»; quotes inside the template's «…» become „…“). It is applied to the docxtpl
side exactly as docgen applies it — to the text of each <w:t> element, via `polish_text` — and
the texts are then compared *exactly*, NBSP included. Normalising NBSP to spaces on both sides
would be looser: it would hide a missing or misplaced NBSP and could not account for «О.А..».
Polishing the joined paragraph text instead of each run would differ from docgen wherever a
rule's match spans two runs.
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache
from typing import Any

import pytest
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from lxml import etree

from docgen.grammar.typography import quotes_and_dashes
from docgen.render.environment import template_environment
from docgen.render.package import PlannedDocument, plan_documents
from docgen.render.polish import polish_text
from docgen.render.registry import all_kinds
from docgen.render.templates import DEFAULT_TEMPLATE_DIR, compiled
from tests.conftest import SAMPLE_FILES, sample
from tests.docxread import norm, open_docx, paragraphs, table_rows

W_T = qn("w:t")
_HEADER_FOOTER = re.compile(r"word/(header|footer)\d*\.xml$")


@cache
def planned(sample_name: str) -> tuple[PlannedDocument, ...]:
    return tuple(plan_documents(sample(sample_name)))


@cache
def template_bytes(file_name: str) -> bytes:
    return (DEFAULT_TEMPLATE_DIR / file_name).read_bytes()


def render_docxtpl(file_name: str, context: dict[str, Any]) -> bytes:
    template = DocxTemplate(io.BytesIO(template_bytes(file_name)))
    template.render(context, jinja_env=template_environment(), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def polish_runs(root) -> None:
    """docgen's polish, applied where docgen applies it: the text of every <w:t>."""
    for node in root.iter(W_T):
        if node.text:
            text = quotes_and_dashes(node.text) if "«" in node.text else node.text
            node.text = polish_text(text)


# -- what is compared ------------------------------------------------------------------------------


def body_blocks(doc) -> list[tuple]:
    blocks: list[tuple] = []
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            blocks.append(("p", child.style, Paragraph(child, doc).text))  # style id from w:pStyle
        elif child.tag == qn("w:tbl"):
            blocks.append(("table", table_rows(Table(child, doc))))
    return blocks


def sections(doc) -> list[tuple]:
    return [
        (
            s.orientation,
            s.page_width,
            s.page_height,
            s.left_margin,
            s.right_margin,
            s.top_margin,
            s.bottom_margin,
            s.header_distance,
            s.footer_distance,
            s.gutter,
            s.different_first_page_header_footer,
        )
        for s in doc.sections
    ]


def headers_footers(content: bytes, polish: bool) -> dict[str, list[str]]:
    parts: dict[str, list[str]] = {}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if _HEADER_FOOTER.match(name):
                root = etree.fromstring(archive.read(name))
                if polish:
                    polish_runs(root)
                parts[name] = ["".join(t.text or "" for t in p.iter(W_T)) for p in root.iter(qn("w:p"))]
    return parts


def table_shape(doc) -> list[list[int]]:
    """Cells per row of every table in the body, nested ones included, in document order."""
    return [
        [len(tr.findall(qn("w:tc"))) for tr in tbl.findall(qn("w:tr"))]
        for tbl in doc.element.body.iter(qn("w:tbl"))
    ]


def snapshot(content: bytes, polish: bool) -> dict[str, Any]:
    doc = open_docx(content)
    if polish:
        polish_runs(doc.element.body)
    return {
        "body": body_blocks(doc),
        "paragraphs": paragraphs(doc),
        "sections": sections(doc),
        "headers_footers": headers_footers(content, polish),
        "tables": table_shape(doc),
    }


def first_difference(ours: list, theirs: list) -> str:
    for index, (a, b) in enumerate(zip(ours, theirs, strict=False)):
        if a != b:
            return f"#{index}:\n  docgen : {a!r}\n  docxtpl: {b!r}"
    return f"lengths differ: docgen {len(ours)}, docxtpl {len(theirs)}"


# -- the test ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [k.id for k in all_kinds()])
def test_compiled_renderer_matches_plain_docxtpl(kind):
    compared = 0
    for path in SAMPLE_FILES:
        documents = [d for d in planned(path.stem) if d.kind.id == kind]
        for doc in documents:  # every document, per-person ones included (~270, ~14 s)
            where = f"{path.name} → {doc.filename}"
            template = compiled(template_bytes(doc.kind.template), doc.kind.template)
            ours = snapshot(template.render(doc.context), polish=False)
            theirs = snapshot(render_docxtpl(doc.kind.template, doc.context), polish=True)
            for aspect in ("body", "paragraphs", "headers_footers", "sections", "tables"):
                if ours[aspect] != theirs[aspect]:
                    detail = (
                        first_difference(ours[aspect], theirs[aspect])
                        if isinstance(ours[aspect], list)
                        else f"\n  docgen : {ours[aspect]!r}\n  docxtpl: {theirs[aspect]!r}"
                    )
                    pytest.fail(f"{where}: {aspect} differ {detail}")
            assert norm(" ".join(ours["paragraphs"])), f"{where}: empty document"
            compared += 1
    if not compared:
        pytest.skip(f"no sample issues «{kind}»")


def test_polish_is_the_only_difference_and_it_is_real():
    """Guard the comparison itself: without the polish the two sides do differ (NBSP, initials)."""
    doc = next(d for d in planned("gymnasium-20") if d.kind.id == "implementation-order")
    ours = snapshot(compiled(template_bytes(doc.kind.template), doc.kind.template).render(doc.context), False)
    raw = snapshot(render_docxtpl(doc.kind.template, doc.context), polish=False)
    assert ours["body"] != raw["body"]
    assert "\u00a0" in " ".join(ours["paragraphs"])
    assert [norm(t) for t in ours["paragraphs"]] == [norm(polish_text(t)) for t in raw["paragraphs"]]
