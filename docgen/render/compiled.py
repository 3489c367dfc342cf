"""A .docx template compiled once and rendered many times.

docxtpl re-reads the package, re-runs its tag clean-up regexes, recompiles the Jinja body, runs
its post-processing regexes over the rendered XML and re-compresses every member on each
render. Here all template-only work happens once, when the template is loaded (see
`prepare.py`): docxtpl's clean-up of the body, headers and footers, the polish of the
template's own text, the Jinja compile, the decision whether tables need repair, and the
compression of every member that does not change.

A render then runs only the compiled Jinja code (values are polished and get their line breaks
as they are printed, see `values.py`), compresses what it produced with the fast compressor of
`deflate.py`, and appends that member to the fixed ones (`zipwriter.ZipLayout`). A template
that can change the shape of its tables or that holds images takes the careful path: the
rendered body is repaired by docxtpl's `fix_tables` and its drawing ids renumbered.
"""

from __future__ import annotations

import hashlib
import io
import marshal
import re
import traceback
import zipfile
from dataclasses import dataclass
from typing import Any

from jinja2 import Template, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from lxml import etree

from docgen.errors import (
    TemplateProblem,
    TemplateSyntaxProblem,
    TemplateTooHeavy,
    UnknownPlaceholder,
    UnsafeTemplate,
)
from docgen.render.syntax_messages import russian_syntax_message

from . import deflate
from .colfit import FIXED_TABLE, fit_columns
from .environment import template_environment
from .gcpause import gc_paused
from .heavy import too_long
from .limits import render_limits
from .prepare import prepare, tables_may_change_shape
from .zipwriter import Member, ZipLayout

_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_BODY = re.compile(r"<w:body\b[^>]*>.*</w:body>", re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")
_JINJA = re.compile(r"\{[{%#]")
_DOCPR_NS = {"wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}
_PARAGRAPH_START = re.compile(r"<w:p([ >])")

# Members that never change are compressed once, as well as zlib can.
FIXED_LEVEL = 9


@dataclass
class _Part:
    """One XML part rendered by Jinja: body, header or footer."""

    name: str
    source_lines: list[str]  # docxtpl-patched XML, one paragraph per line: messages and checks
    template: Template  # compiled from the prepared source
    is_body: bool
    head: bytes  # fixed XML before the rendered text (declaration, <w:document ...>)
    tail: bytes  # and after it
    careful: bool = False  # tables may change shape, or images: docxtpl's repair after render
    fit: bool = False  # fixed-layout tables: widen columns to the rendered words (colfit.py)
    code: Any = None  # Jinja's compiled module code (what the on-disk cache keeps)
    _lined: Template | None = None

    def lined_template(self) -> Template:
        """The same template with a line per paragraph, compiled when an error needs a place."""
        if self._lined is None:
            self._lined = template_environment().from_string(prepare("\n".join(self.source_lines)))
        return self._lined


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
        self._docx_helper: Any = None
        self._document_xml = self._read_member("word/document.xml")
        body = _BODY.search(self._document_xml)
        if body is None:
            raise TemplateProblem("В документе нет тела (w:body)", template=name)
        self._body_span = body.span()
        self._parts: list[_Part] = []
        self._compile_parts()
        self._layout = self._lay_out()

    # -- loading ---------------------------------------------------------------------------

    @property
    def _helper(self) -> Any:
        """docxtpl's template: its tag clean-up at load, its table repair on the careful path.
        Made when first needed (a template restored from the disk cache rarely needs it)."""
        if self._docx_helper is None:
            from docxtpl import DocxTemplate  # python-docx and docxtpl: ~0.3 s to import

            helper = DocxTemplate(io.BytesIO(self.source))
            helper.init_docx()
            self._docx_helper = helper
        return self._docx_helper

    def state(self) -> dict[str, Any]:
        """Everything loading computed, as plain data (see `template_cache`)."""
        return {
            "document_xml": self._document_xml,
            "body_span": self._body_span,
            "parts": [
                (p.name, p.source_lines, marshal.dumps(p.code), p.is_body, p.head, p.tail, p.careful, p.fit)
                for p in self._parts
            ],
            "layout": self._layout.state(),
        }

    @classmethod
    def from_state(cls, source: bytes, name: str, state: dict[str, Any]) -> CompiledTemplate:
        """The template as `state()` saw it, without parsing or compiling anything again."""
        self = cls.__new__(cls)
        self.name, self.source = name, source
        self.sha256 = hashlib.sha256(source).hexdigest()
        self._docx_helper = None
        self._document_xml = state["document_xml"]
        self._body_span = tuple(state["body_span"])
        environment = template_environment()
        self._parts = []
        for member, lines, code_bytes, is_body, head, tail, careful, fit in state["parts"]:
            code = marshal.loads(code_bytes)
            template = environment.template_class.from_code(environment, code, environment.make_globals(None))
            self._parts.append(_Part(member, lines, template, is_body, head, tail, careful, fit, code))
        self._layout = ZipLayout.from_state(state["layout"])
        return self

    @property
    def parts(self) -> list[_Part]:
        return list(self._parts)

    def _read_member(self, member: str) -> str:
        with zipfile.ZipFile(io.BytesIO(self.source)) as archive:
            return archive.read(member).decode("utf-8")

    def _compile_parts(self) -> None:
        """Compile the body and every header or footer with Jinja tags; the others are copied."""
        helper = self._helper
        start, end = self._body_span
        body = helper.patch_xml(helper.get_xml())
        head, tail = self._document_xml[:start], self._document_xml[end:]
        self._parts.append(self._compile("word/document.xml", body, head, tail, is_body=True))
        for uri in (helper.HEADER_URI, helper.FOOTER_URI):
            for _rel, part in helper.get_headers_footers(uri):
                xml = helper.patch_xml(helper.get_part_xml(part))
                if _JINJA.search(xml) or "{_" in xml or "_}" in xml:
                    name = str(part.partname).lstrip("/")
                    self._parts.append(self._compile(name, xml, _XML_DECLARATION, "", is_body=False))

    def _compile(self, member: str, patched_xml: str, head: str, tail: str, is_body: bool) -> _Part:
        lines = _PARAGRAPH_START.sub(r"\n<w:p\1", patched_xml).splitlines()
        environment = template_environment()
        try:  # what `from_string` does, keeping the code object for the disk cache
            code = environment.compile(prepare(patched_xml))
            template = environment.template_class.from_code(environment, code, environment.make_globals(None))
        except (RecursionError, MemoryError, SyntaxError):
            # `{{ ((((…)))) }}` a thousand deep breaks Jinja's parser; 200 deep, Python's compiler
            # (too many nested parentheses); 100 nested blocks, its indentation limit
            raise TemplateSyntaxProblem(
                "Ошибка в тегах шаблона: выражение вложено слишком глубоко — скобки, фильтры или операции",
                template=self.name,
            ) from None
        except TemplateSyntaxError:
            try:
                template_environment().from_string(prepare("\n".join(lines)))
            except TemplateSyntaxError as exc:
                where = paragraph_text(lines[exc.lineno - 1]) if exc.lineno else ""
                raise TemplateSyntaxProblem(
                    f"Ошибка в тегах шаблона: {_syntax_message(exc)}", template=self.name, where=where
                ) from None
            raise
        careful = is_body and ("<wp:docPr" in patched_xml or tables_may_change_shape(patched_xml))
        fit = is_body and FIXED_TABLE in patched_xml
        head_bytes, tail_bytes = head.encode("utf-8"), tail.encode("utf-8")
        return _Part(member, lines, template, is_body, head_bytes, tail_bytes, careful, fit, code)

    def _lay_out(self) -> ZipLayout:
        """Members that never change, compressed once, in the template's order."""
        rendered = {part.name for part in self._parts}
        with zipfile.ZipFile(io.BytesIO(self.source)) as archive:
            fixed = [
                Member.compress(info.filename, archive.read(info.filename), info.external_attr, FIXED_LEVEL)
                for info in archive.infolist()
                if info.filename not in rendered
            ]
        return ZipLayout(fixed)

    # -- rendering -------------------------------------------------------------------------

    def render(self, context: dict[str, Any], max_chars: int | None = None) -> bytes:
        """The document; with `max_chars`, TemplateTooHeavy once the parts' XML grows past it."""
        budget = [max_chars] if max_chars is not None else None
        with gc_paused():
            return self._layout.build([self._render_part(part, context, budget) for part in self._parts])

    def render_parts(self, context: dict[str, Any]) -> tuple[bytes, dict[str, bytes]]:
        """The .docx and the XML of every member the render produced, uncompressed (the
        archive reads its text from them instead of unpacking the .docx again)."""
        xml: dict[str, bytes] = {}
        with gc_paused():
            members = [self._render_part(part, context, keep=xml) for part in self._parts]
            return self._layout.build(members), xml

    def _render_part(
        self,
        part: _Part,
        context: dict[str, Any],
        budget: list[int] | None = None,
        keep: dict[str, bytes] | None = None,
    ) -> Member:
        template = part.template
        try:
            chunks = template.root_render_func(template.new_context(context))
            xml = "".join(chunks) if budget is None else _capped_join(chunks, budget)
        except TemplateError as exc:
            raise self._explain(part, context, exc) from None
        except TemplateTooHeavy as exc:
            raise self._heavy_where(part, context, exc) from None
        if part.fit:
            xml = fit_columns(xml)
        if part.careful:
            chunks = [self._repaired_document(xml).encode("utf-8")]
        else:  # no joined copy of a large document: the fixed head and tail are bytes already
            chunks = [part.head, xml.encode("utf-8"), part.tail]
        if keep is not None:
            keep[part.name] = b"".join(chunks)
        crc = 0
        for chunk in chunks:
            crc = deflate.crc32(chunk, crc)
        return Member(part.name, crc, sum(map(len, chunks)), deflate.compress(*chunks))

    def _repaired_document(self, body_xml: str) -> str:
        tree = self._helper.fix_tables(body_xml)
        for index, element in enumerate(tree.xpath("//wp:docPr", namespaces=_DOCPR_NS), 1001):
            element.attrib["id"] = str(index)
        body = etree.tostring(tree, encoding="unicode")
        start, end = self._body_span
        return self._document_xml[:start] + body + self._document_xml[end:]

    def _heavy_where(self, part: _Part, context: dict[str, Any], error: TemplateTooHeavy) -> TemplateTooHeavy:
        """The refusal with its paragraph, from the line-per-paragraph twin (stopped by the same cap)."""
        if error.where:
            return error
        try:
            _capped_join(part.lined_template().generate(context), [render_limits().output_chars])
        except TemplateTooHeavy as exc:
            error = exc
        except (TemplateError, *_PLAIN_ERRORS):
            pass
        message = error.args[0] if error.args else str(error)
        return TemplateTooHeavy(message, template=self.name, where=_where(error, part.source_lines))

    def _explain(self, part: _Part, context: dict[str, Any], error: TemplateError) -> TemplateProblem:
        """The error in Russian with its paragraph, found by rendering the line-per-paragraph twin."""
        try:
            part.lined_template().render(context)
        except TemplateError as exc:
            error = exc
        where = _where(error, part.source_lines)
        if isinstance(error, UndefinedError):
            return UnknownPlaceholder(
                f"Нет значения для {_undefined_name(error)}", template=self.name, where=where
            )
        if isinstance(error, SecurityError):
            return UnsafeTemplate(
                f"Шаблон обращается к запрещённому: {error}", template=self.name, where=where
            )
        return TemplateProblem(f"Ошибка при заполнении шаблона: {error}", template=self.name, where=where)


_PLAIN_ERRORS = (ArithmeticError, LookupError, TypeError, ValueError, AttributeError)


_JOIN_EVERY = 4096


def _capped_join(chunks: Any, budget: list[int]) -> str:
    """`"".join(chunks)`, stopped with TemplateTooHeavy once `budget[0]` characters are used.

    Pieces are joined every few thousand chunks: a loop of tiny outputs would otherwise hold
    millions of small strings (about 50 bytes each) and run out of memory long before the
    output limit, so the limit that stops a bomb would depend on the machine.
    """
    joined: list[str] = []
    pending: list[str] = []
    left = budget[0]
    for chunk in chunks:
        left -= len(chunk)
        if left < 0:
            raise too_long("текст документа")
        pending.append(chunk)
        if len(pending) >= _JOIN_EVERY:
            joined.append("".join(pending))
            pending.clear()
    budget[0] = left
    joined.append("".join(pending))
    return "".join(joined)


def _syntax_message(exc: TemplateSyntaxError) -> str:
    return russian_syntax_message(exc.message or "")


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
