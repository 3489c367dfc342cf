"""Re-indexing the archive: people by lemma (migration 0500_person_lemmas).

Archives indexed before people were stored by lemma hold Snowball stems of their names
(«Гарипов» → «гарип», «Гарипову» → «гарипов»), so a search found a person in one case and
missed them in another. The migration rebuilds the whole full-text index from the records:
the people of each record's dossier come from its snapshot (the file store beside the
database), else from the dossier draft, else from the record's own list of names.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import Any

import sqlite_utils

from docgen.errors import DocgenError
from docgen.model import Person, Representative, dossier_from_data

from .blobstore import BlobStore, is_s3, open_store, storage_url
from .engine import database_file, dialect
from .person_index import PersonLexicon, save_forms
from .person_terms import people_in, terms_of_people
from .scope import Scope
from .stemming import meta_tokens

FILES_DIR = "files"  # the file store's folder beside the database (see docgen.web.config)
_CHUNK = 1000


def files_beside(db: sqlite_utils.Database) -> BlobStore | None:
    """The file store of a database (DOCGEN_STORAGE_URL, else the folder beside the database
    file; None for an in-memory database or a server's with no storage URL)."""
    if is_s3(storage_url()):
        return open_store("")
    path = database_file(db)
    return open_store(Path(path).parent / FILES_DIR) if path else None


def _dossier_people(data: Any) -> list[Person | Representative] | None:
    try:
        return people_in(dossier_from_data(data))
    except (DocgenError, ValueError, TypeError):
        return None


def snapshot_people(
    db: sqlite_utils.Database, files: BlobStore | None, snapshot_sha: str, batch_id: int | None
) -> list[Person | Representative]:
    if files is not None and snapshot_sha:
        try:
            snapshot = json.loads(files.get(snapshot_sha).decode("utf-8"))
        except (DocgenError, OSError, ValueError):
            snapshot = None
        if isinstance(snapshot, dict) and snapshot.get("dossier") is not None:
            found = _dossier_people(snapshot["dossier"])
            if found is not None:
                return found
    if batch_id is not None:
        row = db.execute(
            "SELECT d.data FROM batches b JOIN dossiers d ON d.id = b.dossier_id AND d.org_id = b.org_id "
            "WHERE b.id = ?",
            [batch_id],
        ).fetchone()
        if row is not None:
            found = _dossier_people(json.loads(row[0]))
            if found is not None:
                return found
    return []


def reindex_archive(db: sqlite_utils.Database, files: BlobStore | None) -> int:
    """Rebuild the full-text index and the people's forms of every archive record (in the
    caller's transaction); returns the number of records indexed."""
    from .archive import PENDING_TABLE, fts_rowid  # archive imports db, which imports this module
    from .archive_pending import index_everything_pending  # it imports this module

    if PENDING_TABLE in db.table_names() and files is not None:  # not yet in migration 0500
        index_everything_pending(db, files)  # their text (from the files) first; rebuilt below
    db.execute("DELETE FROM archive_person_forms")
    db.execute(dialect(db).fts_delete_all())
    cursor = db.conn.execute(
        "SELECT id, org_id, snapshot_sha256, batch_id, kind, title, people, text, date, year, "
        "number_key, number_seq FROM documents ORDER BY org_id, snapshot_sha256, id"
    )
    count = 0
    rows: list[tuple[Any, ...]] = []
    for (org_id, snapshot_sha), group in groupby(_rows(cursor), key=_group):
        records = list(group)
        persons = snapshot_people(db, files, snapshot_sha, records[0]["batch_id"])
        lexicon = PersonLexicon(terms_of_people(persons))
        for r in records:
            rows.append(
                (
                    fts_rowid(date.fromisoformat(r["date"]), r["id"]),
                    *lexicon.index_record(r["title"], json.loads(r["people"]), r["text"]),
                    meta_tokens(org_id, r["kind"], r["year"], r["number_key"], r["number_seq"]),
                )
            )
            count += 1
        save_forms(db, Scope(org_id), lexicon)
        if len(rows) >= _CHUNK:
            _insert(db, rows)
    _insert(db, rows)
    return count


def _group(record: dict[str, Any]) -> tuple[int, str]:
    return record["org_id"], record["snapshot_sha256"]


def _rows(cursor: sqlite3.Cursor) -> Any:
    keys = [d[0] for d in cursor.description]
    while batch := cursor.fetchmany(_CHUNK):
        for row in batch:
            yield dict(zip(keys, row, strict=True))


def _insert(db: sqlite_utils.Database, rows: list[tuple[Any, ...]]) -> None:
    engine = dialect(db)
    engine.insert_rows(
        db, "documents_fts", engine.FTS_COLUMNS, [(row[0], *engine.fts_columns(row[1:])) for row in rows]
    )
    rows.clear()
