"""The archive text of a plain main document, read from its XML string without a tree.

`docx_text.TextReader` walks an lxml tree the way python-docx does (~1.2 ms a document, a third
of an issue). Most rendered documents are plain: paragraphs and tables of paragraphs, one
section, no content controls, text boxes, custom XML or nested tables. In such a body every
`<w:p>` is one of the walk's lines, in document order, and its text is its `<w:t>`, `<w:tab/>`
and `<w:br/>` in order, so the text is three C-level replacements and one `findall`. Anything
else (or another spelling of the namespaces) returns None and the tree walk reads it.
tests/store/test_docx_text.py compares both with python-docx on every sample document.
"""

from __future__ import annotations

import re

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
# What the tree walk treats otherwise than «every paragraph is a line»: content controls,
# custom XML, text boxes (paragraphs inside a paragraph), alternate content, comments, CDATA.
_NOT_PLAIN = re.compile(r"<(?:w:sdt|w:customXml|w:txbxContent|mc:AlternateContent|!)")
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_TAB = re.compile(r"<w:tab\b[^>]*/>")
_BREAK = re.compile(r"<w:br\b[^>]*/>")
_LAST_SECTION = re.compile(r"<w:sectPr(?: [^>]*)?(?:/>|>.*</w:sectPr>)\s*\Z", re.DOTALL)
_REFERENCE = re.compile(r"<w:(header|footer)Reference ([^>]*?)/?>")
_TYPE = re.compile(r'\bw:type="([^"]*)"')
_ID = re.compile(r'\br:id="([^"]*)"')
_KINDS = ("first", "default", "even")
_DECLARATION = re.compile(r"""<\?xml[^>]*\bencoding=["']([^"']+)["']""")


def plain_body(xml: str) -> tuple[str, dict[str, list[str]]] | None:
    """(the body's text, one line per paragraph; the relationship ids of its headers and of
    its footers, in python-docx's order), or None when the document is not plain."""
    declaration = _DECLARATION.match(xml)
    if declaration and declaration.group(1).lower() not in ("utf-8", "utf8"):
        return None  # read as UTF-8 by the caller: another encoding goes to the parser
    root = xml.find("<w:document")
    start = xml.find("<w:body", root)
    opened = xml.find(">", start)
    end = xml.rfind("</w:body>")
    if root < 0 or start < 0 or end < opened:
        return None
    heads = xml[root:opened]  # the root's and the body's start tags: their namespaces
    body = xml[opened + 1 : end]
    if not _namespaces_as_usual(heads) or "xmlns:" in body:
        return None
    if _NOT_PLAIN.search(body) or not _one_level_of_tables(body):
        return None
    references: dict[str, list[str]] = {"header": [], "footer": []}
    sections = body.count("<w:sectPr")
    if sections > 1:
        return None
    if sections == 1:
        last = _LAST_SECTION.match(body, body.rfind("<w:sectPr"))
        if last is None:
            return None
        found = _REFERENCE.findall(last.group(0))
        for tag in ("header", "footer"):
            by_kind: dict[str, str] = {}
            for ref_tag, attributes in found:
                kind, rel_id = _TYPE.search(attributes), _ID.search(attributes)
                if ref_tag == tag and kind and kind.group(1) not in by_kind:
                    by_kind[kind.group(1)] = rel_id.group(1) if rel_id else ""
            references[tag] = [by_kind[kind] for kind in _KINDS if kind in by_kind]
    marked = body.replace("</w:p>", "<w:t>\n</w:t>")
    if "<w:tab" in body:
        marked = _TAB.sub("<w:t>\t</w:t>", marked)
    if "<w:br" in body:
        marked = _BREAK.sub("<w:t>\n</w:t>", marked)
    text = "".join(_TEXT.findall(marked))
    return (_ENTITY.sub(_character, text) if "&" in text else text), references


_ENTITY = re.compile(r"&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(lt|gt|amp|quot|apos));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def _character(match: re.Match[str]) -> str:
    """XML's own references only (html.unescape would also remap &#150; and the like)."""
    hex_code, code, name = match.groups()
    if name:
        return _NAMED[name]
    return chr(int(hex_code, 16) if hex_code else int(code))


def _namespaces_as_usual(heads: str) -> bool:
    """`w:` and `r:` bound to WordprocessingML's namespaces, and only to them."""
    for prefix, expected in (("w", _W), ("r", _R)):
        declared = re.findall(rf'xmlns:{prefix}="[^"]*"', heads)
        if not declared or any(found != expected for found in declared):
            return False
    return True


def _one_level_of_tables(body: str) -> bool:
    """No table inside a table (its cells are lines of the walk in another order)."""
    start = body.find("<w:tbl>")
    while start >= 0:
        end = body.find("</w:tbl>", start)
        following = body.find("<w:tbl>", start + 1)
        if 0 <= following < end:
            return False
        start = following
    return True
