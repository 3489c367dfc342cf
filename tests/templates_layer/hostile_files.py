"""Hostile .docx files and packages, built in the tests with python-docx and zipfile."""

from __future__ import annotations

import hashlib
import io
import json
import stat
import struct
import warnings
import zipfile
import zlib
from html import escape

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

ATTACHED_TEMPLATE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"


def _png() -> bytes:
    """A 1×1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


PNG = _png()


def save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def linked_picture(url: str = "http://127.0.0.1:9/logo.png") -> bytes:
    """A picture whose blip points at a URL (`r:link`) instead of an embedded image."""
    document = Document()
    document.add_paragraph("Приказ о назначении куратора")
    paragraph = document.add_paragraph("Логотип школы: ")
    paragraph.add_run().add_picture(io.BytesIO(PNG))
    rel_id = document.part.relate_to(url, RT.IMAGE, is_external=True)
    blip = paragraph._p.xpath(".//a:blip")[0]
    del blip.attrib[qn("r:embed")]
    blip.set(qn("r:link"), rel_id)
    return save(document)


def attached_template(target: str = "file:///etc/passwd") -> bytes:
    document = Document()
    document.add_paragraph("Приказ")
    settings = document.part._settings_part
    rel_id = settings.relate_to(target, ATTACHED_TEMPLATE, is_external=True)
    settings.element.append(parse_xml(f'<w:attachedTemplate {nsdecls("w", "r")} r:id="{rel_id}"/>'))
    return save(document)


def hyperlink(url: str) -> bytes:
    document = Document()
    paragraph = document.add_paragraph("Сайт школы: ")
    rel_id = document.part.relate_to(url, RT.HYPERLINK, is_external=True)
    paragraph._p.append(
        parse_xml(
            f'<w:hyperlink {nsdecls("w", "r")} r:id="{rel_id}"><w:r><w:t>ссылка</w:t></w:r></w:hyperlink>'
        )
    )
    return save(document)


def simple_field(instruction: str) -> bytes:
    document = Document()
    paragraph = document.add_paragraph("Поле: ")
    paragraph._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr="{escape(instruction)}">'
            "<w:r><w:t>значение</w:t></w:r></w:fldSimple>"
        )
    )
    return save(document)


def split_field(*pieces: str) -> bytes:
    """A complex field whose instruction Word split over several w:instrText runs."""
    document = Document()
    paragraph = document.add_paragraph("Текст из файла: ")
    runs = ['<w:r><w:fldChar w:fldCharType="begin"/></w:r>']
    runs += [f'<w:r><w:instrText xml:space="preserve">{escape(p)}</w:instrText></w:r>' for p in pieces]
    runs += [
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        "<w:r><w:t>старое значение</w:t></w:r>",
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    ]
    for run in runs:
        paragraph._p.append(parse_xml(run.replace("<w:r>", f"<w:r {nsdecls('w')}>", 1)))
    return save(document)


def with_text(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    return save(document)


def rewritten(content: bytes, extra: dict[str, bytes] | None = None, **changes: bytes) -> bytes:
    """The same .docx with members replaced (`changes`, by name with / as __) or added."""
    replace = {name.replace("__", "/"): data for name, data in changes.items()}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info)))
        for name, data in (extra or {}).items():
            dst.writestr(name, data)
    return out.getvalue()


def docm() -> bytes:
    content = with_text("Приказ с макросом")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        types = archive.read("[Content_Types].xml").replace(
            b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            b"application/vnd.ms-word.document.macroEnabled.main+xml",
        )
    return rewritten(
        content, {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro"}, **{"[Content_Types].xml": types}
    )


def ole_encrypted() -> bytes:
    """What Word saves for a password-protected .docx: an OLE compound file."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + b"EncryptedPackage" * 64


def with_member(
    content: bytes, name: str, data: bytes = b"x", *, symlink: bool = False, encrypted: bool = False
) -> bytes:
    """The .docx with one more member: an unsafe name, a symlink or an 'encrypted' member."""
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about a duplicate name: that is the point
        with (
            zipfile.ZipFile(io.BytesIO(content)) as src,
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
        ):
            for info in src.infolist():
                dst.writestr(info.filename, src.read(info))
            info = zipfile.ZipInfo(name)
            if symlink:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            dst.writestr(info, data)
    return _flag_encrypted(out.getvalue(), name) if encrypted else out.getvalue()


def _flag_encrypted(data: bytes, name: str) -> bytes:
    """Set the «encrypted» bit of a member in its local and central headers (zipfile cannot)."""
    patched = bytearray(data)
    encoded = name.encode()
    start = patched.find(encoded)
    while start != -1:
        for signature, offset, flag in ((b"PK\x03\x04", 30, 6), (b"PK\x01\x02", 46, 8)):
            if patched[start - offset : start - offset + 4] == signature:
                patched[start - offset + flag] |= 0x1
        start = patched.find(encoded, start + 1)
    return bytes(patched)


def package(
    templates: dict[str, bytes],
    materials: dict[str, bytes] | None = None,
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """A package ZIP as `docgen templates export` writes it: kind → template bytes."""
    kinds = [
        {
            "kind": kind,
            "file": f"templates/{kind}.docx",
            "sha256": hashlib.sha256(data).hexdigest(),
            "version": 1,
        }
        for kind, data in templates.items()
    ]
    items = [
        {"file": name, "title": name, "sha256": hashlib.sha256(data).hexdigest()}
        for name, data in (materials or {}).items()
    ]
    manifest = {
        "format": "docgen-template-package", "format_version": 1, "name": "Пакет с подвохом",
        "version": 1, "kinds": kinds, "materials": items,
    }  # fmt: skip
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
            for kind, data in templates.items():
                archive.writestr(f"templates/{kind}.docx", data)
            for name, data in (materials or {}).items():
                archive.writestr(name, data)
            for name, data in (extra or {}).items():
                archive.writestr(name, data)
    return out.getvalue()
