"""The archive's text of a .docx, read with zipfile and lxml alone.

`text.extract_text` opens the whole package with python-docx (every part parsed, every
relationship walked): ~30 ms a document, most of the time of an issue. A reader's text needs
only the main document, its relationships and the headers and footers its sections name, so
this reads just those members and walks them exactly as `extract_text` does, with the parser
settings python-docx uses (blank text between tags dropped). The same text, 10-20× faster;
tests/store/test_docx_text.py compares the two on every document of every sample.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator
from typing import Any

from lxml import etree

from .xml_text import plain_body

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"

_P = f"{_W}p"
_TBL = f"{_W}tbl"
_TR = f"{_W}tr"
_TC = f"{_W}tc"
_T = f"{_W}t"
_TAB = f"{_W}tab"
_BR = f"{_W}br"
_SDT = f"{_W}sdt"
_SDT_CONTENT = f"{_W}sdtContent"
_BODY = f"{_W}body"
_TYPE = f"{_W}type"
_ID = f"{_R}id"

# python-docx's section holders, in the order `extract_text` visits them.
_HEADERS = (("headerReference", "first"), ("headerReference", "default"), ("headerReference", "even"))
_FOOTERS = (("footerReference", "first"), ("footerReference", "default"), ("footerReference", "even"))

# The settings of python-docx's `oxml_parser` (without its custom element classes).
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
_SECTIONS = etree.XPath("./w:p/w:pPr/w:sectPr | ./w:sectPr", namespaces={"w": _W[1:-1]})


def paragraph_text(p: Any) -> str:
    parts: list[str] = []
    for node in p.iter(_T, _TAB, _BR):
        if node.tag == _T:
            parts.append(node.text or "")
        elif node.tag == _TAB:
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def blocks(container: Any) -> Iterator[str]:
    """Lines of a body/header/cell element in document order; each table cell once."""
    for child in container.iterchildren():
        if child.tag == _P:
            yield paragraph_text(child)
        elif child.tag == _TBL:
            for tr in child.iterchildren(_TR):
                for tc in tr.iterchildren(_TC):
                    yield from blocks(tc)
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from blocks(content)


def clean_lines(lines: list[str]) -> str:
    """One line per paragraph, cell or line break; spaces collapsed (NBSP, tabs), empty dropped."""
    cleaned = (" ".join(piece.replace("\u00a0", " ").split()) for line in lines for piece in line.split("\n"))
    return "\n".join(line for line in cleaned if line)


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


class TextReader:
    """Reads the text of documents rendered from one .docx (a template, or the document itself).

    Members a render does not produce (relationships, headers and footers without tags) are
    read from the source and parsed once; those it produced are passed to `text` as XML.
    """

    def __init__(self, source: bytes) -> None:
        self._zip = zipfile.ZipFile(io.BytesIO(source))
        self._names = set(self._zip.namelist())
        self._targets: dict[str, dict[str, str]] = {}
        self._lines: dict[str, list[str]] = {}
        self.main = self._main_part()

    def _parse(self, name: str, rendered: dict[str, bytes]) -> Any:
        return etree.fromstring(rendered[name] if name in rendered else self._zip.read(name), _PARSER)

    def _main_part(self) -> str:
        if "_rels/.rels" in self._names:
            rels = etree.fromstring(self._zip.read("_rels/.rels"), _PARSER)
            for rel in rels.iterchildren(f"{_PKG_RELS}Relationship"):
                if rel.get("Type") == _OFFICE_DOCUMENT:
                    return posixpath.normpath(rel.get("Target", "").lstrip("/"))
        return "word/document.xml"

    def targets(self, part: str) -> dict[str, str]:
        """rId -> member name of the part's internal relationships."""
        found = self._targets.get(part)
        if found is not None:
            return found
        found = {}
        rels_name = _rels_name(part)
        if rels_name in self._names:
            folder = posixpath.dirname(part)
            rels = etree.fromstring(self._zip.read(rels_name), _PARSER)
            for rel in rels.iterchildren(f"{_PKG_RELS}Relationship"):
                if rel.get("TargetMode") == "External":
                    continue
                target = rel.get("Target", "")
                name = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                found[rel.get("Id", "")] = posixpath.normpath(name)
        self._targets[part] = found
        return found

    def _part_lines(self, name: str, rendered: dict[str, bytes]) -> list[str]:
        if name in rendered:
            return list(blocks(etree.fromstring(rendered[name], _PARSER)))
        lines = self._lines.get(name)
        if lines is None:
            lines = self._lines[name] = list(blocks(self._parse(name, rendered)))
        return lines

    def text(self, rendered: dict[str, bytes] | None = None) -> str:
        """The same text as `text.extract_text`: headers first, then the body, then footers.

        `rendered`: every member a render produced, as XML (none: the source's own text)."""
        rendered = rendered or {}
        main = rendered[self.main] if self.main in rendered else self._zip.read(self.main)
        plain = plain_body(main.decode("utf-8", "replace"))
        if plain is not None:
            return self._plain_text(*plain, rendered)
        document = self._parse(self.main, rendered)
        body = document.find(_BODY)
        targets = self.targets(self.main)
        seen: set[str] = set()
        headers: list[str] = []
        footers: list[str] = []
        for section in [] if body is None else _SECTIONS(body):  # document order, as python-docx's
            for refs, found in ((_HEADERS, headers), (_FOOTERS, footers)):
                for tag, kind in refs:
                    ref = next((r for r in section.iterchildren(f"{_W}{tag}") if r.get(_TYPE) == kind), None)
                    if ref is None:
                        continue  # linked to the previous section
                    name = targets.get(ref.get(_ID, ""))
                    if name is None or name in seen:
                        continue
                    seen.add(name)
                    found.append(name)
        lines: list[str] = []
        for name in headers:
            lines.extend(self._part_lines(name, rendered))
        if body is not None:
            lines.extend(blocks(body))
        for name in footers:
            lines.extend(self._part_lines(name, rendered))
        return clean_lines(lines)

    def _plain_text(self, body: str, references: dict[str, list[str]], rendered: dict[str, bytes]) -> str:
        """`text` of a plain main document (`xml_text.plain_body`): one section."""
        targets = self.targets(self.main)
        lines: list[str] = []
        seen: set[str] = set()
        parts: dict[str, list[str]] = {tag: [] for tag in references}
        for tag, ids in references.items():
            for rel_id in ids:
                name = targets.get(rel_id)
                if name is not None and name not in seen:
                    seen.add(name)
                    parts[tag].append(name)
        for name in parts["header"]:
            lines.extend(self._part_lines(name, rendered))
        lines.append(body)
        for name in parts["footer"]:
            lines.extend(self._part_lines(name, rendered))
        return clean_lines(lines)


def docx_text(content: bytes) -> str:
    """The same text as `text.extract_text`, read from the .docx bytes."""
    return TextReader(content).text()
