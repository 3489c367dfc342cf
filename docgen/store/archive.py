"""The archive of issued documents: records, full-text search, downloads, re-rendering."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlite_utils

from docgen.errors import UnknownKind
from docgen.model import Person, Representative, dossier_from_data
from docgen.model.programme import OrderMeta
from docgen.render.package import render_dossier
from docgen.render.registry import get_kind

from .db import one, rows, write_transaction
from .errors import NotFound
from .files import FileStore
from .person_index import PersonLexicon, person_forms, person_lemmas, save_forms
from .person_terms import terms_of_people
from .scope import Scope, guard_module
from .stemming import (
    kind_token,
    match_expression,
    meta_any,
    meta_tokens,
    number_token,
    org_token,
    query_words,
    seq_token,
    snippet_html,
    snippet_parts,
    year_token,
)
from .text import extract_text

_META_COLUMNS = (
    "d.id, d.org_id, d.batch_id, d.journal_id, d.kind, d.title, d.number, d.date, d.year, "
    "d.people, d.filename, d.size, d.sha256, d.template_sha256, d.snapshot_sha256, "
    "d.issued_by, d.issued_at, j.status AS journal_status, j.void_reason"
)
_FROM = "FROM documents d LEFT JOIN journal j ON j.id = d.journal_id"

_RECORD_FIELDS = (
    "id",
    "org_id",
    "batch_id",
    "journal_id",
    "kind",
    "title",
    "number",
    "number_key",
    "number_seq",
    "date",
    "year",
    "people",
    "filename",
    "size",
    "sha256",
    "template_sha256",
    "snapshot_sha256",
    "issued_by",
    "issued_at",
    "text",
)


@dataclass
class SearchPage:
    total: int
    items: list[dict[str, Any]] = field(default_factory=list)
    limit: int = 20
    offset: int = 0


@dataclass
class RerenderResult:
    content: bytes
    identical_bytes: bool
    identical_text: bool
    identical_parts: bool  # every part of the .docx the same, however the zip packs them
    original_text: str
    new_text: str


def number_key(number: str | None) -> str | None:
    """How numbers are compared: «№ 61-ОД» and «61-од» are the same number."""
    if number is None:
        return None
    key = re.sub(r"\s+", "", number.lower().replace("ё", "е")).lstrip("№")
    return key or None


ID_SPAN = 10**10


def fts_rowid(when: date, doc_id: int) -> int:
    """The full-text index's rowid of a document: sorts by date, then id (newest = largest)."""
    if not 0 < doc_id < ID_SPAN:
        raise ValueError(f"document id out of range: {doc_id}")
    return (when.year * 10_000 + when.month * 100 + when.day) * ID_SPAN + doc_id


def kind_title(kind_id: str) -> str:
    try:
        return get_kind(kind_id).title
    except UnknownKind:
        return kind_id


def _meta(found: dict[str, Any]) -> dict[str, Any]:
    found["people"] = json.loads(found["people"])
    found["kind_title"] = kind_title(found["kind"])
    found["voided"] = found.pop("journal_status") == "void"
    return found


# -- writing -----------------------------------------------------------------------------------


def add_records(
    db: sqlite_utils.Database,
    scope: Scope,
    records: Iterable[dict[str, Any]],
    *,
    chunk: int = 2000,
    persons: Iterable[Person | Representative] = (),
) -> list[int]:
    """Insert archive records of the caller's organisation and index them; returns their ids.

    A record has: kind, title, date (date), filename, size, sha256, template_sha256,
    snapshot_sha256, issued_by, issued_at, text, and optionally number, number_seq, people
    (list of full names), batch_id, journal_id. `persons` are the people the records may name
    (their dossier's): their names are indexed by lemma in every case form, hand-written forms
    included; names in `people` not among them are declined by a guessed gender. Runs in (or
    joins) a write transaction; rows go in with executemany, `chunk` at a time.
    """
    lexicon = PersonLexicon(terms_of_people(persons))
    ids: list[int] = []
    with write_transaction(db):
        (next_id,) = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM documents").fetchone()
        batch: list[tuple[Any, ...]] = []
        fts: list[tuple[Any, ...]] = []

        def flush() -> None:
            placeholders = ", ".join("?" * len(_RECORD_FIELDS))
            db.conn.executemany(
                f"INSERT INTO documents ({', '.join(_RECORD_FIELDS)}) VALUES ({placeholders})",
                batch,
            )
            db.conn.executemany(
                "INSERT INTO documents_fts (rowid, title, people, body, meta) VALUES (?, ?, ?, ?, ?)",
                fts,
            )
            batch.clear()
            fts.clear()

        for record in records:
            when: date = record["date"]
            people = list(record.get("people") or ())
            number = record.get("number")
            row = {
                "id": next_id,
                "org_id": scope.org_id,
                "batch_id": record.get("batch_id"),
                "journal_id": record.get("journal_id"),
                "kind": record["kind"],
                "title": record["title"],
                "number": number,
                "number_key": number_key(number),
                "number_seq": record.get("number_seq"),
                "date": when.isoformat(),
                "year": when.year,
                "people": json.dumps(people, ensure_ascii=False),
                "filename": record["filename"],
                "size": record["size"],
                "sha256": record["sha256"],
                "template_sha256": record["template_sha256"],
                "snapshot_sha256": record["snapshot_sha256"],
                "issued_by": record["issued_by"],
                "issued_at": record["issued_at"],
                "text": record["text"],
            }
            batch.append(tuple(row[f] for f in _RECORD_FIELDS))
            fts.append(
                (
                    fts_rowid(when, next_id),
                    *lexicon.index_record(record["title"], people, row["text"]),
                    meta_tokens(scope.org_id, row["kind"], row["year"], row["number_key"], row["number_seq"]),
                )
            )
            ids.append(next_id)
            next_id += 1
            if len(batch) >= chunk:
                flush()
        if batch:
            flush()
        save_forms(db, scope, lexicon)
    return ids


# -- reading -----------------------------------------------------------------------------------


def get_document(db: sqlite_utils.Database, scope: Scope, doc_id: int) -> dict[str, Any]:
    """Metadata and text of a readable document; NotFound for missing and foreign ids alike."""
    where, params = scope.sql_readable("d.org_id")
    found = one(db, f"SELECT {_META_COLUMNS}, d.text {_FROM} WHERE d.id = ? AND {where}", [doc_id, *params])
    if found is None:
        raise NotFound("Документ", doc_id)
    return _meta(found)


def batch_documents(db: sqlite_utils.Database, scope: Scope, batch_id: int) -> list[dict[str, Any]]:
    where, params = scope.sql_readable("d.org_id")
    found = rows(
        db,
        f"SELECT {_META_COLUMNS} {_FROM} WHERE d.batch_id = ? AND {where} ORDER BY d.id",
        [batch_id, *params],
    )
    return [_meta(f) for f in found]


def document_bytes(
    db: sqlite_utils.Database, files: FileStore, scope: Scope, doc_id: int
) -> tuple[str, bytes]:
    document = get_document(db, scope, doc_id)
    return document["filename"], files.get(document["sha256"])


def search(
    db: sqlite_utils.Database,
    scope: Scope,
    *,
    q: str | None = None,
    kind: str | None = None,
    year: int | None = None,
    number: str | None = None,
    person: str | None = None,
    limit: int = 20,
    offset: int = 0,
    prefix: bool = False,
) -> SearchPage:
    """Readable documents matching every given filter, newest (by document date, then id) first.

    `q` searches titles, people and text by stems (any case form, «ё» = «е»), and people by
    lemma (any case of a name the organisation's documents use, «Гарипову И.Р.» included);
    `person` only the names of the people a document concerns; `number` is a registered number
    («61-од», or just 61 for the sequence number); `prefix` also matches longer words («Иван» → «Иванова»).
    Items carry metadata (no text) and, with `q`, `snippet` (HTML: escaped text, matches in
    <mark>) and `snippet_parts` ((piece, is_match) pairs for templates that build their own).
    """
    limit = max(0, min(int(limit), 500))
    offset = max(0, int(offset))
    key = number_key(str(number)) if number is not None else None
    words = query_words(q, person)
    lemmas = person_lemmas(db, scope, words, prefix=prefix) if words else {}
    expression = match_expression(q, person, prefix=prefix, lemmas=lemmas)
    if expression is None and ((q and q.strip()) or (person and person.strip())):
        return SearchPage(0, [], limit, offset)  # only punctuation: nothing can match
    if expression is None and (kind or year is not None or key):
        total, ids = _search_by_columns(db, scope, kind, year, key, limit, offset)
    else:
        total, ids = _search_by_index(db, scope, expression, kind, year, key, limit, offset)
    if not ids:
        return SearchPage(total, [], limit, offset)
    where, params = scope.sql_readable("d.org_id")
    marks = ", ".join("?" * len(ids))
    text_column = ", d.text" if q else ""
    found = {
        r["id"]: r
        for r in rows(
            db,
            f"SELECT {_META_COLUMNS}{text_column} {_FROM} WHERE d.id IN ({marks}) AND {where}",
            [*ids, *params],
        )
    }
    forms = person_forms(db, scope, {t for w in query_words(q) for t in lemmas.get(w, ())}) if q else {}
    items = []
    for doc_id in ids:
        if doc_id not in found:  # cannot happen: the index holds the scope too; never leak
            continue
        item = _meta(found[doc_id])
        if q:
            text = item.pop("text")
            parts = (
                snippet_parts(text, q, prefix=prefix, forms=forms)
                or snippet_parts("; ".join(item["people"]), q, prefix=prefix, forms=forms)
                or snippet_parts(item["title"], q, prefix=prefix, forms=forms)
                or []
            )
            item["snippet_parts"] = parts
            item["snippet"] = snippet_html(parts)
        items.append(item)
    return SearchPage(total, items, limit, offset)


def _search_by_columns(
    db: sqlite_utils.Database,
    scope: Scope,
    kind: str | None,
    year: int | None,
    key: str | None,
    limit: int,
    offset: int,
) -> tuple[int, list[int]]:
    """Filters without words: the B-tree indexes on (org_id, kind, year), (org_id, number)."""
    where, params = scope.sql_readable("d.org_id")
    clauses = [where]
    if kind:
        clauses.append("d.kind = ?")
        params.append(kind)
    if year is not None:
        clauses.append("d.year = ?")
        params.append(int(year))
    if key:
        if key.isdigit():
            clauses.append("(d.number_key = ? OR d.number_seq = ?)")
            params.extend([key, int(key)])
        else:
            clauses.append("d.number_key = ?")
            params.append(key)
    condition = " AND ".join(clauses)
    (total,) = db.execute(f"SELECT count(*) FROM documents d WHERE {condition}", params).fetchone()
    if total <= offset or limit == 0:
        return total, []
    ids = [
        r[0]
        for r in db.execute(
            f"SELECT d.id FROM documents d WHERE {condition} "
            "ORDER BY d.date DESC, d.id DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
    ]
    return total, ids


def _search_by_index(
    db: sqlite_utils.Database,
    scope: Scope,
    expression: str | None,
    kind: str | None,
    year: int | None,
    key: str | None,
    limit: int,
    offset: int,
) -> tuple[int, list[int]]:
    """Words, or no filter at all: the FTS5 index alone, scope and filters as `meta` tokens."""
    parts = [meta_any(org_token(o) for o in sorted(scope.readable_org_ids))]
    if kind:
        parts.append(f'meta : "{kind_token(kind)}"')
    if year is not None:
        parts.append(f'meta : "{year_token(int(year))}"')
    if key:
        tokens = [number_token(key)]
        if key.isdigit():
            tokens.append(seq_token(int(key)))
        parts.append(meta_any(tokens))
    if expression:
        parts.append(expression)
    match = " AND ".join(parts)
    (total,) = db.execute(
        "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?", [match]
    ).fetchone()
    if total <= offset or limit == 0:
        return total, []
    ids = [
        rowid % ID_SPAN
        for (rowid,) in db.execute(
            "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? "
            "ORDER BY rowid DESC LIMIT ? OFFSET ?",
            [match, limit, offset],
        )
    ]
    return total, ids


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
    record = get_document(db, scope, doc_id)
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
    new_text = extract_text(match.content)
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
            info.compress_type = zipfile.ZIP_DEFLATED
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
