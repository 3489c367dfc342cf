"""Writing the archive: records and their full-text rows.

The full-text columns (stems, people by lemma, see `person_index`) cost far more than the
inserts, so `index_records` computes them before the write transaction and `add_records` only
inserts inside it: an issue holds SQLite's write lock for the inserts alone. An issue does not
even compute them: it marks its records pending (`deferred`), `archive_pending` indexes them later.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlite_utils

from docgen.model import Person, Representative

from .db import write_transaction
from .engine import dialect
from .person_index import PersonLexicon, save_forms
from .person_terms import terms_of_people
from .scope import Scope, guard_module
from .stemming import meta_tokens

RECORD_FIELDS = (
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

ID_SPAN = 10**10

# Documents written without their full-text rows yet (`add_records(deferred=True)`; indexed by
# `archive_pending`).
PENDING_TABLE = "archive_index_pending"


def number_key(number: str | None) -> str | None:
    """How numbers are compared: «№ 61-ОД» and «61-од» are the same number."""
    if number is None:
        return None
    key = re.sub(r"\s+", "", number.lower().replace("ё", "е")).lstrip("№")
    return key or None


def fts_rowid(when: date, doc_id: int) -> int:
    """The full-text index's rowid of a document: sorts by date, then id (newest = largest)."""
    if not 0 < doc_id < ID_SPAN:
        raise ValueError(f"document id out of range: {doc_id}")
    return (when.year * 10_000 + when.month * 100 + when.day) * ID_SPAN + doc_id


@dataclass
class RecordIndex:
    """The full-text columns (title, people, body, meta) of records, in their order, and the
    (form, lemma) pairs of the people they name."""

    org_id: int
    columns: list[tuple[str, str, str, str]]
    lexicon: PersonLexicon


def index_records(
    scope: Scope, records: Sequence[dict[str, Any]], *, persons: Iterable[Person | Representative] = ()
) -> RecordIndex:
    """The full-text rows of records of the caller's organisation (no database access)."""
    lexicon = PersonLexicon(terms_of_people(persons))
    columns = []
    for record in records:
        when: date = record["date"]
        key = number_key(record.get("number"))
        people = list(record.get("people") or ())
        meta = meta_tokens(scope.org_id, record["kind"], when.year, key, record.get("number_seq"))
        columns.append((*lexicon.index_record(record["title"], people, record["text"]), meta))
    return RecordIndex(scope.org_id, columns, lexicon)


def mark_pending(db: sqlite_utils.Database, scope: Scope, doc_ids: Iterable[int]) -> None:
    """Remember documents of the caller's organisation as not yet indexed (in the caller's
    transaction, the one that writes their records)."""
    dialect(db).insert_rows(db, PENDING_TABLE, ("doc_id", "org_id"), [(i, scope.org_id) for i in doc_ids])


def add_records(
    db: sqlite_utils.Database,
    scope: Scope,
    records: Iterable[dict[str, Any]],
    *,
    chunk: int = 2000,
    persons: Iterable[Person | Representative] = (),
    index: RecordIndex | None = None,
    deferred: bool = False,
) -> list[int]:
    """Insert archive records of the caller's organisation and index them; returns their ids.

    A record has: kind, title, date (date), filename, size, sha256, template_sha256,
    snapshot_sha256, issued_by, issued_at, text, and optionally number, number_seq, people
    (list of full names), batch_id, journal_id. `persons` are the people the records may name
    (their dossier's): their names are indexed by lemma in every case form, hand-written forms
    included; names in `people` not among them are declined by a guessed gender. `index` is
    `index_records` of the same records, computed beforehand (otherwise computed here, before
    the transaction). `deferred`: no full-text rows now, the records are marked pending and
    indexed later (`archive_pending`; `persons` and `index` are then unused). Runs in (or joins)
    a write transaction; rows go in with executemany, `chunk` at a time.
    """
    records = list(records)
    engine = dialect(db)
    stored: list[tuple[Any, ...] | None] = [None] * len(records)
    if not deferred:
        if index is None:
            index = index_records(scope, records, persons=persons)
        if index.org_id != scope.org_id or len(index.columns) != len(records):
            raise ValueError("the index was computed for other records")
        stored = [engine.fts_columns(columns) for columns in index.columns]  # before the write lock
    ids: list[int] = []
    with write_transaction(db):
        (next_id,) = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM documents").fetchone()
        batch: list[tuple[Any, ...]] = []
        fts: list[tuple[Any, ...]] = []

        def flush() -> None:
            engine.insert_rows(db, "documents", RECORD_FIELDS, batch)
            if deferred:
                mark_pending(db, scope, [row[0] for row in batch])
            else:
                engine.insert_rows(db, "documents_fts", engine.FTS_COLUMNS, fts)
            batch.clear()
            fts.clear()

        for record, columns in zip(records, stored, strict=True):
            when: date = record["date"]
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
                "people": json.dumps(list(record.get("people") or ()), ensure_ascii=False),
                "filename": record["filename"],
                "size": record["size"],
                "sha256": record["sha256"],
                "template_sha256": record["template_sha256"],
                "snapshot_sha256": record["snapshot_sha256"],
                "issued_by": record["issued_by"],
                "issued_at": record["issued_at"],
                "text": record["text"],
            }
            batch.append(tuple(row[f] for f in RECORD_FIELDS))
            if columns is not None:
                fts.append((fts_rowid(when, next_id), *columns))
            ids.append(next_id)
            next_id += 1
            if len(batch) >= chunk:
                flush()
        if batch:
            flush()
        if index is not None and not deferred:
            save_forms(db, scope, index.lexicon)
    return ids


guard_module(globals())
