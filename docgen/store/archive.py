"""The archive of issued documents: reading records, downloads, re-rendering and export.

Writing records is `archive_index`, searching them `archive_search` (both re-exported here).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlite_utils

from docgen.model import dossier_from_data
from docgen.model.programme import OrderMeta
from docgen.render.package import render_dossier
from docgen.render.registry import get_kind

from .archive_index import ID_SPAN, PENDING_TABLE, add_records, fts_rowid, index_records, number_key  # noqa: F401
from .archive_pending import index_pending, is_pending
from .archive_search import FROM, META_COLUMNS, SearchPage, kind_title, meta_row, search  # noqa: F401
from .blobstore import BlobStore
from .db import one, rows
from .docx_text import docx_text
from .errors import NotFound
from .files import FileStore
from .scope import Scope, guard_module


@dataclass
class RerenderResult:
    content: bytes
    identical_bytes: bool
    identical_text: bool
    identical_parts: bool  # every part of the .docx the same, however the zip packs them
    original_text: str
    new_text: str


# -- reading -----------------------------------------------------------------------------------


def get_document(
    db: sqlite_utils.Database, scope: Scope, doc_id: int, *, files: BlobStore | None = None
) -> dict[str, Any]:
    """Metadata and text of a readable document; NotFound for missing and foreign ids alike.

    A document issued a moment ago may still wait for its text (`archive_pending`): with `files`,
    its organisation's waiting documents are indexed first, so the text is there."""
    where, params = scope.sql_readable("d.org_id")
    sql = f"SELECT {META_COLUMNS}, d.text {FROM} WHERE d.id = ? AND {where}"
    found = one(db, sql, [doc_id, *params])
    if found is None:
        raise NotFound("Документ", doc_id)
    if files is not None and not found["text"] and is_pending(db, found["org_id"], doc_id):
        index_pending(db, files, Scope(found["org_id"], scope.user))
        found = one(db, sql, [doc_id, *params]) or found
    return meta_row(found)


def batch_documents(db: sqlite_utils.Database, scope: Scope, batch_id: int) -> list[dict[str, Any]]:
    where, params = scope.sql_readable("d.org_id")
    found = rows(
        db,
        f"SELECT {META_COLUMNS} {FROM} WHERE d.batch_id = ? AND {where} ORDER BY d.id",
        [batch_id, *params],
    )
    return [meta_row(f) for f in found]


def document_bytes(
    db: sqlite_utils.Database, files: FileStore, scope: Scope, doc_id: int
) -> tuple[str, bytes]:
    document = get_document(db, scope, doc_id)
    return document["filename"], files.get(document["sha256"])


# -- re-rendering and export -------------------------------------------------------------------


def load_snapshot(files: FileStore, snapshot_sha256: str) -> dict[str, Any]:
    return json.loads(files.get(snapshot_sha256).decode("utf-8"))


def snapshot_numbers(snapshot: dict[str, Any]) -> dict[str, OrderMeta]:
    return {
        kind_id: OrderMeta(number=meta["number"], date=date.fromisoformat(meta["date"]))
        for kind_id, meta in snapshot.get("numbers", {}).items()
    }


def rerender(db: sqlite_utils.Database, files: FileStore, scope: Scope, doc_id: int) -> RerenderResult:
    """Render the document again from its stored snapshot and stored template bytes."""
    record = get_document(db, scope, doc_id, files=files)
    snapshot = load_snapshot(files, record["snapshot_sha256"])
    template = files.get(record["template_sha256"])
    kind = get_kind(record["kind"])

    def resolver(kind_id: str, file_name: str) -> bytes:
        if kind_id != kind.id:
            raise KeyError(f"re-rendering {kind.id} needs no template of {kind_id}")
        return template

    dossier = dossier_from_data(snapshot["dossier"], consistency=False)
    rendered = render_dossier(dossier, only=[kind.id], numbers=snapshot_numbers(snapshot), resolver=resolver)
    match = next((d for d in rendered if d.filename == record["filename"]), None)
    if match is None:
        raise NotFound("Документ в снимке досье", record["filename"])
    original = files.get(record["sha256"])
    new_text = docx_text(match.content)
    return RerenderResult(
        content=match.content,
        identical_bytes=match.content == original,
        identical_text=new_text == record["text"],
        identical_parts=_unpacked(match.content) == _unpacked(original),
        original_text=record["text"],
        new_text=new_text,
    )


def _unpacked(content: bytes) -> dict[str, bytes] | None:
    """The parts of a .docx by name. A renderer upgrade may pack them differently (order of
    members, compression); what Word reads is the same when these are."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return {info.filename: archive.read(info) for info in archive.infolist()}
    except (zipfile.BadZipFile, KeyError, ValueError):
        return None


def manifest_entry(document: dict[str, Any], file: str) -> dict[str, Any]:
    return {
        "file": file,
        "id": document["id"],
        "org_id": document["org_id"],
        "kind": document["kind"],
        "title": document["title"],
        "number": document["number"],
        "date": document["date"],
        "people": document["people"],
        "sha256": document["sha256"],
        "template_sha256": document["template_sha256"],
        "snapshot_sha256": document["snapshot_sha256"],
        "issued_by": document["issued_by"],
        "issued_at": document["issued_at"],
        "batch_id": document["batch_id"],
        "voided": document["voided"],
        "void_reason": document["void_reason"],
    }


def _zip_time(issued_at: str) -> tuple[int, int, int, int, int, int]:
    moment = datetime.fromisoformat(issued_at)
    return (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute, 0)


def write_zip(
    files: FileStore, documents: list[tuple[str, dict[str, Any]]], manifest: dict[str, Any]
) -> bytes:
    """A ZIP of (name in zip, document) plus manifest.json; every blob is verified on read."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, document in documents:
            info = zipfile.ZipInfo(name, date_time=_zip_time(document["issued_at"]))
            info.compress_type = zipfile.ZIP_STORED  # a .docx is compressed already
            archive.writestr(info, files.get(document["sha256"]))
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return out.getvalue()


def export_zip(db: sqlite_utils.Database, files: FileStore, scope: Scope, ids: Iterable[int]) -> bytes:
    """The chosen documents as «<id>-<filename>» plus manifest.json (metadata, sha256 each)."""
    documents = [get_document(db, scope, doc_id) for doc_id in dict.fromkeys(ids)]
    named = [(f"{d['id']}-{d['filename']}", d) for d in documents]
    manifest = {
        "documents": [manifest_entry(d, name) for name, d in named],
    }
    return write_zip(files, named, manifest)


guard_module(globals())
