"""A .docx template compiled once and rendered many times.

docxtpl re-reads the package, re-runs its tag clean-up regexes and recompiles the Jinja body on
every render. Here that template-only work happens once, when the template is loaded: the
patched XML of the body, headers and footers is compiled to Jinja templates and kept. A render
then runs the compiled templates, applies docxtpl's own post-processing (line breaks, table
grid repair) to the rendered parts, and writes a new zip in which every other member is copied
as it was.
"""

from __future__ import annotations

import hashlib
import io
import re
import traceback
import zipfile
from dataclasses import dataclass
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import Template, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from lxml import etree

from docgen.errors import TemplateProblem, TemplateSyntaxProblem, UnknownPlaceholder, UnsafeTemplate

from .environment import template_environment
from .polish import polish_xml
from .tablefix import tables_need_fixing
from .zipwriter import Member, build_zip

_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_BODY = re.compile(r"<w:body\b[^>]*>.*</w:body>", re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")
_LISTING_TEXT = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\n\a\f]")
_DOCPR_NS = {"wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}


@dataclass
class _Part:
    """One rendered XML part: its zip name, its Jinja source lines and compiled template."""

    name: str
    source_lines: list[str]
    template: Template
    is_body: bool


def paragraph_text(xml_line: str) -> str:
    """The visible text of one line of patched XML (docxtpl puts each <w:p> on its own line)."""
    text = _TAGS.sub("", xml_line)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    return " ".join(text.split())[:200]


class CompiledTemplate:
    """A template's parts compiled once; `render(context)` returns the .docx bytes."""

    def __init__(self, source: bytes, name: str = "шаблон"):
        self.name = name
        self.source = source
        self.sha256 = hashlib.sha256(source).hexdigest()
        self._helper = DocxTemplate(io.BytesIO(source))
        self._helper.init_docx()
        self._parts: list[_Part] = []
        self._document_xml = self._read_member("word/document.xml")
        self._compile_parts()
        self._members = self._precompress()
        body = _BODY.search(self._document_xml)
        if body is None:
            raise TemplateProblem("В документе нет тела (w:body)", template=name)
        self._body_span = body.span()

    # -- loading ---------------------------------------------------------------------------

    @property
    def parts(self) -> list[_Part]:
        return list(self._parts)

    def _read_member(self, member: str) -> str:
        with zipfile.ZipFile(io.BytesIO(self.source)) as archive:
            return archive.read(member).decode("utf-8")

    def _precompress(self) -> list[Member | str]:
        """Unchanged members compressed once; rendered ones are kept as names to fill in."""
        rendered = {part.name for part in self._parts}
        members: list[Member | str] = []
        with zipfile.ZipFile(io.BytesIO(self.source)) as archive:
            for info in archive.infolist():
                if info.filename in rendered:
                    members.append(info.filename)
                else:
                    content = archive.read(info.filename)
                    members.append(Member.compress(info.filename, content, info.external_attr))
        return members

    def _compile_parts(self) -> None:
        helper = self._helper
        body = helper.patch_xml(helper.get_xml())
        self._parts.append(self._compile("word/document.xml", body, is_body=True))
        for uri in (helper.HEADER_URI, helper.FOOTER_URI):
            for _rel, part in helper.get_headers_footers(uri):
                xml = helper.patch_xml(helper.get_part_xml(part))
                self._parts.append(self._compile(str(part.partname).lstrip("/"), xml, False))

    def _compile(self, member: str, patched_xml: str, is_body: bool) -> _Part:
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", patched_xml)
        lines = source.splitlines()
        try:
            template = template_environment().from_string(source)
        except TemplateSyntaxError as exc:
            where = paragraph_text(lines[exc.lineno - 1]) if exc.lineno else ""
            raise TemplateSyntaxProblem(
                f"Ошибка в тегах шаблона: {_syntax_message(exc)}", template=self.name, where=where
            ) from None
        return _Part(member, lines, template, is_body)

    # -- rendering -------------------------------------------------------------------------

    def render(self, context: dict[str, Any]) -> bytes:
        rendered: dict[str, bytes] = {}
        for part in self._parts:
            xml = self._render_part(part, context)
            if part.is_body:
                rendered[part.name] = self._document_with_body(xml).encode("utf-8")
            else:
                rendered[part.name] = (_XML_DECLARATION + xml).encode("utf-8")
        return self._write_zip(rendered)

    def _render_part(self, part: _Part, context: dict[str, Any]) -> str:
        try:
            xml = part.template.render(context)
        except UndefinedError as exc:
            raise UnknownPlaceholder(
                f"Нет значения для {_undefined_name(exc)}",
                template=self.name,
                where=_where(exc, part.source_lines),
            ) from None
        except SecurityError as exc:
            raise UnsafeTemplate(
                f"Шаблон обращается к запрещённому: {exc}",
                template=self.name,
                where=_where(exc, part.source_lines),
            ) from None
        except TemplateError as exc:
            raise TemplateProblem(
                f"Ошибка при заполнении шаблона: {exc}",
                template=self.name,
                where=_where(exc, part.source_lines),
            ) from None
        # Each step below runs only when it has something to do: the checks are cheap string
        # scans, the steps are regex passes over the whole part.
        xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
        if "{_" in xml or "_}" in xml:
            xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        if any(c in xml for c in "\n\t\a\f") and _LISTING_TEXT.search(xml):
            xml = self._helper.resolve_listing(xml)  # line breaks and tabs inside values
        return polish_xml(xml)

    def _document_with_body(self, body_xml: str) -> str:
        if "<wp:docPr" not in body_xml and not tables_need_fixing(body_xml):
            start, end = self._body_span
            return self._document_xml[:start] + body_xml + self._document_xml[end:]
        tree = self._helper.fix_tables(body_xml)
        for index, element in enumerate(tree.xpath("//wp:docPr", namespaces=_DOCPR_NS), 1001):
            element.attrib["id"] = str(index)
        body = etree.tostring(tree, encoding="unicode")
        return _BODY.sub(lambda _m: body, self._document_xml, count=1)

    def _write_zip(self, rendered: dict[str, bytes]) -> bytes:
        members = [m if isinstance(m, Member) else Member.compress(m, rendered[m]) for m in self._members]
        return build_zip(members)


def _syntax_message(exc: TemplateSyntaxError) -> str:
    message = exc.message or ""
    if "unexpected end of template" in message:
        return "не закрыт блок ({% if %} без {% endif %} или {% for %} без {% endfor %})"
    if "Unexpected end of template" in message:
        return "не закрыт блок"
    match = re.search(r"Encountered unknown tag '(\w+)'", message)
    if match:
        return f"неизвестный или лишний тег «{match.group(1)}»"
    match = re.search(r"unexpected '(.+?)'", message)
    if match:
        return f"неожиданный символ «{match.group(1)}»"
    return message


def _undefined_name(exc: UndefinedError) -> str:
    message = str(exc.message or exc)
    match = re.match(r"'(.+)' is undefined", message)
    if match:
        return f"«{match.group(1)}»"
    match = re.search(r"has no attribute '(.+)'", message)
    if match:
        return f"поля «{match.group(1)}»"
    return f"«{message}»"


def _where(exc: BaseException, lines: list[str]) -> str:
    """The paragraph of the template in which a runtime error happened."""
    line = getattr(exc, "lineno", None)
    if line is None:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename == "<template>":
                line = frame.lineno
                break
    if not line or line > len(lines):
        return ""
    return paragraph_text(lines[line - 1])
