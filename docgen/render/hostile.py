"""Hostile content in an uploaded .docx or package, refused with the place and a Russian reason.

* archive member names that could escape a folder when unpacked (`..`, absolute paths, drive
  letters, backslashes), control and bidi characters, empty or «.» folders, symbolic links,
  names repeated in one archive;
* encrypted documents (an OLE compound file is what Word writes for a password-protected .docx)
  and encrypted zip members;
* macros (.docm: a vbaProject part or a macro-enabled content type);
* external references, which make whoever opens or converts the document fetch a URL or read a
  local file: every relationship with `TargetMode="External"` (a linked picture `r:link`, an
  attached template, a linked OLE object or subdocument …) and the fields INCLUDEPICTURE,
  INCLUDETEXT, INCLUDE, LINK, IMPORT, DDE and DDEAUTO (in `w:fldSimple` or `w:instrText`);
* an embedded chunk of another format (`w:altChunk`: HTML, RTF, MHT), which the converter
  imports with whatever pictures and links it points at.

Plain hyperlinks (`w:hyperlink` to http, https or mailto) stay allowed: they are inert — nothing
follows them while a document is rendered or converted to PDF; only a reader clicking one does.
"""

from __future__ import annotations

import io
import posixpath
import re
import stat
import unicodedata
import zipfile
from collections.abc import Iterable
from typing import Protocol

from lxml import etree

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_RELS = re.compile(r"^(?:(.*)/)?_rels/([^/]+)\.rels$", re.IGNORECASE)  # OPC names ignore case
_INERT_SCHEMES = ("http://", "https://", "mailto:")
_FIELDS = re.compile(r"^\s*(INCLUDEPICTURE|INCLUDETEXT|INCLUDE|LINK|IMPORT|DDEAUTO|DDE)\b", re.IGNORECASE)
_DRIVE = re.compile(r"^[A-Za-z]:")
_OUTSIDE = re.compile(r"^\s*(?:[A-Za-z][A-Za-z0-9+.-]*:|//|\\\\)")
# Format characters that change how a name is shown (bidi overrides and marks, zero widths).
_HIDDEN = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class Report(Protocol):
    def error(self, where: str, message: str) -> None: ...


def encrypted_office_file(data: bytes) -> bool:
    """An OLE compound file: a password-protected .docx (or an old binary .doc)."""
    return data.startswith(OLE_SIGNATURE)


def unsafe_member(info: zipfile.ZipInfo) -> str | None:
    """Why a member's name or kind is refused, or None."""
    name = info.filename
    if "\\" in name:
        return "в имени обратная косая черта «\\»"
    if name.startswith("/") or _DRIVE.match(name):
        return "абсолютный путь"
    parts = name.split("/")
    if ".." in parts:
        return "путь с «..» выходит за пределы архива"
    if any(c in _HIDDEN for c in name) or any(unicodedata.category(c) == "Cc" for c in name):
        return "в имени управляющие или невидимые символы (перевод строки, смена направления текста …)"
    if "." in parts or "" in parts[:-1]:
        return "в пути пустая папка или «.»"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "символическая ссылка"
    if info.flag_bits & 0x1:
        return "файл в архиве зашифрован"
    return None


def check_members(infos: Iterable[zipfile.ZipInfo]) -> list[tuple[str, str]]:
    """(member name, Russian reason) for every unsafe or repeated member of an archive."""
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for info in infos:
        reason = unsafe_member(info)
        if reason is None and info.filename in seen:
            reason = "имя повторяется в архиве"
        seen.add(info.filename)
        if reason is not None:
            found.append((info.filename, reason))
    return found


def check_docx(archive: zipfile.ZipFile, report: Report) -> None:
    """Macros, external relationships and including fields of an opened .docx."""
    names = archive.namelist()
    content_types = _read(archive, "[Content_Types].xml") or b""
    if any(n.lower().endswith("vbaproject.bin") for n in names) or b"macroEnabled" in content_types:
        report.error(
            "файл",
            "документ с макросами (.docm): сохраните его как «Документ Word (.docx)» без макросов",
        )
    for name in names:
        match = _RELS.match(name)
        if match:
            source = posixpath.join(match.group(1) or "", match.group(2))
            _check_relationships(archive, name, source, report)
    for name in names:
        if name.startswith("word/") and name.endswith(".xml") and "/_rels/" not in name:
            _check_fields(name, _read(archive, name), report)


def _read(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        return archive.read(name)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
        return None


def _parse(xml: bytes | None) -> etree._Element | None:
    if not xml:
        return None
    try:
        return etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError:
        return None


def _check_relationships(archive: zipfile.ZipFile, rels: str, source: str, report: Report) -> None:
    root = _parse(_read(archive, rels))
    if root is None:
        return
    source_root = None
    for relation in root:
        kind = (relation.get("Type") or "").rsplit("/", 1)[-1]
        target = relation.get("Target") or ""
        if kind == "aFChunk":  # an HTML or RTF chunk the converter imports, with its own links
            report.error(
                source,
                f"документ вставляет другой документ «{target[:200]}» (altChunk): такие вставки запрещены",
            )
            continue
        # Any spelling of «External», and an «internal» target that is in fact a URI or a path
        # outside the package (file:///etc/passwd, //host/share, C:\…).
        external = (relation.get("TargetMode") or "").strip().lower() == "external"
        if not external and not _OUTSIDE.match(target):
            continue
        if kind == "hyperlink" and target.lower().startswith(_INERT_SCHEMES):
            continue
        if source_root is None:
            source_root = _parse(_read(archive, source))
        where = _place(source, _user(source_root, relation.get("Id") or ""))
        report.error(where, _reason(kind, target[:200]))


def _reason(kind: str, target: str) -> str:
    if kind == "image":
        return (
            f"рисунок связан с внешним адресом или файлом «{target}»: "
            "вставьте сам рисунок, а не ссылку на него"
        )
    if kind == "attachedTemplate":
        return f"документ привязан к внешнему шаблону «{target}»: отключите привязку к шаблону"
    if kind == "hyperlink":
        return f"ссылка «{target}» ведёт не на сайт и не на почту (разрешены только http, https и mailto)"
    return f"документ ссылается на внешний адрес или файл «{target}» (связь «{kind}»): такие связи запрещены"


def _user(root: etree._Element | None, rel_id: str) -> etree._Element | None:
    """The first element of the source part that uses relationship `rel_id` (r:link, r:id …)."""
    if root is None or not rel_id:
        return None
    for element in root.iter():
        for attribute, value in element.attrib.items():
            if value == rel_id and str(attribute).startswith(f"{{{R}}}"):
                return element
    return None


def _place(part: str, element: etree._Element | None) -> str:
    """«word/document.xml, абзац «…»» or just the part name."""
    if element is not None:
        paragraph = (
            element
            if element.tag == f"{{{W}}}p"
            else next((a for a in element.iterancestors() if a.tag == f"{{{W}}}p"), None)
        )
        if paragraph is not None:
            text = " ".join("".join(paragraph.itertext()).split())[:120]
            return f"{part}, абзац «{text}»"
    return part


def _check_fields(part: str, xml: bytes | None, report: Report) -> None:
    if not xml or (b"instr" not in xml):
        return
    root = _parse(xml)
    if root is None:
        return
    for element in root.iter(f"{{{W}}}fldSimple"):
        _check_instruction(part, element, element.get(f"{{{W}}}instr") or "", report)
    stack: list[list] = []  # [first element, instruction so far, checked]
    for element in root.iter(f"{{{W}}}fldChar", f"{{{W}}}instrText"):
        if element.tag == f"{{{W}}}instrText":
            if stack and not stack[-1][2]:
                stack[-1][1] += element.text or ""
            continue
        kind = element.get(f"{{{W}}}fldCharType")
        if kind == "begin":
            stack.append([element, "", False])
        elif stack and kind in ("separate", "end"):
            if not stack[-1][2]:
                _check_instruction(part, stack[-1][0], stack[-1][1], report)
                stack[-1][2] = True
            if kind == "end":
                stack.pop()
    for first, instruction, checked in stack:  # a field never closed
        if not checked:
            _check_instruction(part, first, instruction, report)


def _check_instruction(part: str, element: etree._Element, instruction: str, report: Report) -> None:
    if instruction.lstrip().startswith(("{{", "{%")):
        report.error(
            _place(part, element),
            "название поля Word задано тегом шаблона: поле должно начинаться со своего названия "
            "(PAGE, HYPERLINK …), иначе при заполнении из него может получиться запрещённое поле",
        )
        return
    match = _FIELDS.match(instruction)
    if match:
        field = match.group(1).upper()
        report.error(
            _place(part, element),
            f"поле {field} подставляет в документ внешний файл или адрес: такие поля запрещены, "
            "вставьте содержимое в документ",
        )


class _Problems:
    def __init__(self) -> None:
        self.found: list[tuple[str, str]] = []

    def error(self, where: str, message: str) -> None:
        self.found.append((where, message))


def rendered_fields(document: bytes) -> list[tuple[str, str]]:
    """(place, reason) for every including field in a rendered .docx.

    A template can assemble a field while it is filled (`{{ '…INCLUDEPICTURE…' | safe }}` or a
    value printed into a field's instruction), which no check of the template's text can see.
    """
    problems = _Problems()
    try:
        with zipfile.ZipFile(io.BytesIO(document)) as archive:
            for name in archive.namelist():
                if name.startswith("word/") and name.endswith(".xml") and "/_rels/" not in name:
                    _check_fields(name, _read(archive, name), problems)
    except zipfile.BadZipFile:
        return []
    return problems.found
