"""Offline checks of a .docx template before it is used: what a school uploads is refused
with the place and the reason, or repaired where that is safe (tags split across runs).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from docgen.errors import TemplateProblem

from .compiled import CompiledTemplate, paragraph_text
from .hostile import check_docx, check_members, encrypted_office_file
from .placeholders import is_known, kind_placeholders, suggest, used_placeholders
from .trial import trial_render

MAX_TEMPLATE_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_RATIO = 100
MAX_MEMBERS = 2000
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_PART = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" refuses the template; "note" informs (e.g. a repair made)
    where: str  # Russian: «абзац «…»», «таблица, ячейка «…»», «файл»
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class CheckReport:
    findings: list[Finding] = field(default_factory=list)
    repaired: bytes | None = None  # the template with split tags joined, when any were

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def notes(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "note"]

    def error(self, where: str, message: str) -> None:
        self.findings.append(Finding("error", where, message))

    def note(self, where: str, message: str) -> None:
        self.findings.append(Finding("note", where, message))


def _where(paragraph: etree._Element) -> str:
    text = " ".join("".join(paragraph.itertext()).split())[:120]
    in_cell = any(a.tag == f"{{{W}}}tc" for a in paragraph.iterancestors())
    return f"таблица, ячейка «{text}»" if in_cell else f"абзац «{text}»"


def check_container(data: bytes, report: CheckReport) -> dict[str, bytes] | None:
    """Is it a .docx at all? Returns the XML parts to check, or None after an error."""
    if len(data) > MAX_TEMPLATE_BYTES:
        report.error("файл", f"файл больше {MAX_TEMPLATE_BYTES // (1024 * 1024)} МБ")
        return None
    if encrypted_office_file(data):
        report.error(
            "файл",
            "документ зашифрован (защищён паролем) или сохранён в старом формате .doc: "
            "снимите пароль и сохраните его как «Документ Word (.docx)»",
        )
        return None
    if not zipfile.is_zipfile(io.BytesIO(data)):
        report.error("файл", "это не документ .docx (файл не является zip-архивом Word)")
        return None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        report.error("файл", "архив .docx повреждён")
        return None
    with archive:
        infos = archive.infolist()
        unpacked = sum(i.file_size for i in infos)
        packed = max(sum(i.compress_size for i in infos), 1)
        if len(infos) > MAX_MEMBERS or unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
            report.error("файл", "архив распаковывается в слишком большой объём (похоже на zip-бомбу)")
            return None
        for member, reason in check_members(infos):
            report.error(f"файл в архиве «{member[:200]}»", reason)
        if not report.ok:
            return None
        names = {i.filename for i in infos}
        if "word/document.xml" not in names:
            report.error("файл", "в архиве нет word/document.xml — это не документ Word")
            return None
        parts = {}
        for name in sorted(names):
            if _PART.match(name):
                try:
                    parts[name] = archive.read(name)
                except (zipfile.BadZipFile, OSError, ValueError):
                    report.error(name, "часть документа не читается (архив повреждён)")
                    return None
        check_docx(archive, report)
        return parts if report.ok else None


def repair_split_tags(xml: bytes, report: CheckReport) -> bytes | None:
    """Join tags Word split across runs into one run; report tags split across paragraphs."""
    try:
        root = etree.fromstring(xml)
    except etree.XMLSyntaxError as exc:
        report.error("файл", f"XML документа повреждён: {exc.msg}")
        return None
    repaired = 0
    for paragraph in root.iter(f"{{{W}}}p"):
        texts = paragraph.findall(".//w:t", NS)
        joined = "".join(t.text or "" for t in texts)
        if not any(mark in joined for mark in ("{{", "{%", "{#", "}}", "%}")):
            continue
        opened = len(re.findall(r"\{\{|\{%|\{#", joined))
        closed = len(re.findall(r"\}\}|%\}|#\}", joined))
        if opened != closed:
            report.error(_where(paragraph), "тег не закрыт в пределах абзаца (открыт «{{» или «{%» без пары)")
            continue
        bounds = []
        position = 0
        for t in texts:
            length = len(t.text or "")
            bounds.append((position, position + length, t))
            position += length
        for match in reversed(list(_TAG.finditer(joined))):
            owners = [b for b in bounds if b[0] < match.end() and b[1] > match.start()]
            if len(owners) < 2:
                continue
            first_start, _first_end, first = owners[0]
            for start, end, t in owners[1:]:
                text = t.text or ""
                t.text = text[max(match.end() - start, 0) :] if end > match.end() else ""
            head = (first.text or "")[: match.start() - first_start]
            first.text = head + match.group(0)
            first.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            repaired += 1
            # tail of the last owner already kept; texts between were emptied
        if repaired:
            pass
    if repaired:
        report.note("документ", f"исправлено тегов, разбитых Word на части: {repaired}")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def check_row_tags(xml: bytes, report: CheckReport) -> None:
    root = etree.fromstring(xml)
    for paragraph in root.iter(f"{{{W}}}p"):
        text = "".join(paragraph.itertext())
        ancestors = {a.tag for a in paragraph.iterancestors()}
        if "{%tr" in text and f"{{{W}}}tr" not in ancestors:
            report.error(_where(paragraph), "тег {%tr …%} ставится только в строке таблицы")
        if "{%tc" in text and f"{{{W}}}tc" not in ancestors:
            report.error(_where(paragraph), "тег {%tc …%} ставится только в ячейке таблицы")
        if f"{{{W}}}tc" in ancestors and re.search(r"\{%-?\s*(for|endfor)\b", text):
            report.error(
                _where(paragraph),
                "цикл {% for %} в ячейке таблицы: для повторения строк используйте {%tr for … %} "
                "в отдельной строке перед повторяемой и {%tr endfor %} после неё",
            )


def check_template(data: bytes, kind_id: str, name: str = "шаблон.docx") -> CheckReport:
    """Everything docgen verifies before a template of `kind_id` may be used."""
    report = CheckReport()
    parts = check_container(data, report)
    if parts is None:
        return report
    fixed_parts: dict[str, bytes] = {}
    for part_name, xml in parts.items():
        fixed = repair_split_tags(xml, report)
        if fixed is None:
            return report
        check_row_tags(fixed, report)
        fixed_parts[part_name] = fixed
    if not report.ok:
        return report
    candidate = _replace_parts(data, fixed_parts) if report.notes else data
    try:
        template = CompiledTemplate(candidate, name)
    except TemplateProblem as exc:
        report.error(f"абзац «{exc.where}»" if exc.where else "документ", str(exc).split(" (")[0])
        return report
    trial_render(template, kind_id, report)
    known = kind_placeholders(kind_id)
    for part in template.parts:
        for used in used_placeholders("\n".join(part.source_lines)):
            if is_known(used.path, known):
                continue
            hint = suggest(used.path, known)
            message = f"вид документа не предоставляет поле {{{{ {used.path} }}}}"
            if hint:
                message += f"; возможно, {{{{ {hint} }}}}"
            where = paragraph_text(part.source_lines[used.line - 1]) if used.line else ""
            report.error(f"абзац «{where}»", message)
    if report.ok and report.notes:
        report.repaired = candidate
    return report


def material_problem(name: str, data: bytes) -> str | None:
    """Why a package material is refused (a .docx as a template's container, any zip by its
    member names), or None."""
    if name.lower().endswith((".docx", ".docm", ".dotx")):
        report = CheckReport()
        check_container(data, report)
        return str(report.errors[0]) if report.errors else None
    if encrypted_office_file(data):
        return "файл зашифрован (защищён паролем)"
    if zipfile.is_zipfile(io.BytesIO(data)):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                found = check_members(archive.infolist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return "архив повреждён"
        if found:
            return f"файл в архиве «{found[0][0][:200]}»: {found[0][1]}"
    return None


def _replace_parts(data: bytes, replacements: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, replacements.get(info.filename, src.read(info.filename)))
    return out.getvalue()
