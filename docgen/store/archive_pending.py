"""The archive's text and full-text rows, written after the issue: documents waiting to be indexed.

A document's text (read from its stored .docx) and its stems and people by lemma cost more than
the rest of an issue, so an issue writes its records with an empty text and one
`archive_index_pending` row per document (`archive_index.add_records`, `deferred`); the text
(written once: the only change the `documents` triggers allow) and the rows come afterwards: at
once, or by a background job started after the response (`index_job`), and in any case by the
next search of the organisation (`drain`), so a search never misses an issued document. A
process that dies before its job runs loses nothing.

The text and index rows are computed outside the write transaction from what the database and
the file store hold (the people of each document's dossier from its snapshot, as `reindex`
does); the transaction then deletes the pending rows still there and indexes only those
documents, so two indexers racing (a job and a search) never index a document twice.
"""

from __future__ import annotations

import json
import logging
import zipfile
from datetime import date
from itertools import groupby
from typing import Any

import sqlite_utils
from lxml import etree

from docgen.errors import DocgenError
from docgen.render.gcpause import gc_paused

from .archive_index import PENDING_TABLE as TABLE
from .archive_index import fts_rowid
from .blobstore import BlobStore
from .db import rows, write_transaction
from .docx_text import docx_text
from .engine import dialect
from .person_index import PersonLexicon, save_forms
from .person_terms import terms_of_people
from .reindex import snapshot_people
from .scope import Scope, guard_module
from .stemming import meta_tokens

log = logging.getLogger(__name__)

CHUNK = 500  # documents indexed per write transaction

_COLUMNS = (
    "d.id, d.sha256, d.snapshot_sha256, d.batch_id, d.kind, d.title, d.people, d.text, d.date, d.year, "
    "d.number_key, d.number_seq"
)


def pending_organisations(db: sqlite_utils.Database, scope: Scope) -> list[int]:
    """The readable organisations with documents waiting to be indexed (a look-up in the index
    on org_id; the table is empty but for the moments after an issue)."""
    where, params = scope.sql_readable("org_id")
    return [r[0] for r in db.execute(f"SELECT DISTINCT org_id FROM {TABLE} WHERE {where}", params)]


def is_pending(db: sqlite_utils.Database, org_id: int, doc_id: int) -> bool:
    """Whether a document still waits for its text and full-text rows."""
    found = db.execute(f"SELECT 1 FROM {TABLE} WHERE doc_id = ? AND org_id = ?", [doc_id, org_id]).fetchone()
    return found is not None


def drain(db: sqlite_utils.Database, files: BlobStore, scope: Scope) -> int:
    """Index every waiting document of the organisations the caller reads (before a search of
    them); returns how many this call indexed."""
    count = 0
    for org_id in pending_organisations(db, scope):
        count += index_pending(db, files, Scope(org_id, scope.user))
    return count


def index_everything_pending(db: sqlite_utils.Database, files: BlobStore) -> int:
    """Index every waiting document of the installation (`reindex`, the command line)."""
    organisations = [r[0] for r in db.execute(f"SELECT DISTINCT org_id FROM {TABLE} ORDER BY org_id")]
    return sum(index_pending(db, files, Scope(org_id, "indexer")) for org_id in organisations)


def index_pending(db: sqlite_utils.Database, files: BlobStore, scope: Scope) -> int:
    """Index the caller's organisation's waiting documents, `CHUNK` at a time; returns how many
    this call indexed (documents another indexer took meanwhile are left to it)."""
    count = 0
    after = 0
    while True:
        records = rows(
            db,
            f"SELECT {_COLUMNS} FROM {TABLE} p JOIN documents d ON d.id = p.doc_id AND d.org_id = p.org_id "
            "WHERE p.org_id = ? AND p.doc_id > ? ORDER BY p.doc_id LIMIT ?",
            [scope.org_id, after, CHUNK],
        )
        if not records:
            return count
        after = records[-1]["id"]
        with gc_paused():  # allocation-heavy (text, stems): see render.gcpause
            prepared = _index_rows(db, files, scope, records)
        count += _write(db, scope, *prepared)


def _index_rows(
    db: sqlite_utils.Database, files: BlobStore, scope: Scope, records: list[dict[str, Any]]
) -> tuple[dict[int, tuple[Any, ...]], dict[int, PersonLexicon], dict[int, str]]:
    """The full-text row of each document, the lexicon of its dossier's people and the text read
    from its file (documents issued without one), by document id (no write)."""
    engine = dialect(db)
    fts: dict[int, tuple[Any, ...]] = {}
    lexicons: dict[int, PersonLexicon] = {}
    texts: dict[int, str] = {}
    records.sort(key=lambda r: (r["snapshot_sha256"], r["id"]))
    for snapshot_sha, group in groupby(records, key=lambda r: r["snapshot_sha256"]):
        batch = list(group)
        persons = snapshot_people(db, files, snapshot_sha, batch[0]["batch_id"])
        lexicon = PersonLexicon(terms_of_people(persons))
        for r in batch:
            if not r["text"]:
                r["text"] = texts[r["id"]] = _file_text(files, r)
            columns = lexicon.index_record(r["title"], json.loads(r["people"]), r["text"])
            meta = meta_tokens(scope.org_id, r["kind"], r["year"], r["number_key"], r["number_seq"])
            rowid = fts_rowid(date.fromisoformat(r["date"]), r["id"])
            fts[r["id"]] = (rowid, *engine.fts_columns((*columns, meta)))
            lexicons[r["id"]] = lexicon
    return fts, lexicons, texts


def _file_text(files: BlobStore, record: dict[str, Any]) -> str:
    """The text of a document's stored .docx; '' (logged) for a file that cannot be read, so
    that one damaged file never stops the indexing of the others (`docgen verify` names it)."""
    try:
        return docx_text(files.get(record["sha256"]))
    except (DocgenError, OSError, ValueError, KeyError, zipfile.BadZipFile, etree.LxmlError) as error:
        log.error("archive index: no text for document %d (%s): %s", record["id"], record["sha256"], error)
        return ""


def _write(
    db: sqlite_utils.Database,
    scope: Scope,
    fts: dict[int, tuple[Any, ...]],
    lexicons: dict[int, PersonLexicon],
    texts: dict[int, str],
) -> int:
    """Take the documents still waiting (deleting their pending rows) and write their text and
    rows."""
    engine = dialect(db)
    ids = sorted(fts)
    marks = ", ".join("?" * len(ids))
    with write_transaction(db):
        # Whoever deletes a pending row indexes its document: a racing indexer's DELETE finds
        # nothing (SQLite: one writer at a time; PostgreSQL: it waits for the row lock, then
        # sees the row gone). On PostgreSQL the rows are locked in id order first, so that two
        # indexers with overlapping sets wait for each other instead of deadlocking.
        if engine.name == "postgresql":
            db.execute(
                f"SELECT doc_id FROM {TABLE} WHERE org_id = ? AND doc_id IN ({marks}) "
                "ORDER BY doc_id FOR UPDATE",
                [scope.org_id, *ids],
            ).fetchall()
        taken = sorted(
            r[0]
            for r in db.execute(
                f"DELETE FROM {TABLE} WHERE org_id = ? AND doc_id IN ({marks}) RETURNING doc_id",
                [scope.org_id, *ids],
            ).fetchall()
        )
        written = [(texts[i], i, scope.org_id) for i in taken if texts.get(i)]
        if written:
            update = "UPDATE documents SET text = ? WHERE id = ? AND org_id = ? AND text = ''"
            db.conn.executemany(update, written)
        engine.insert_rows(db, "documents_fts", engine.FTS_COLUMNS, [fts[i] for i in taken])
        saved: set[int] = set()
        for doc_id in taken:
            lexicon = lexicons[doc_id]
            if id(lexicon) not in saved:
                saved.add(id(lexicon))
                save_forms(db, scope, lexicon)
    return len(taken)


def index_job(org_id: int, db: sqlite_utils.Database, files: BlobStore) -> None:
    """The background job after an issue (`docgen.web.jobs.submit`; picklable as
    `functools.partial(index_job, org_id)`)."""
    count = index_pending(db, files, Scope(org_id, "indexer"))
    log.info("archive index: %d documents of organisation %d indexed", count, org_id)


def index_job_failed(org_id: int, db: sqlite_utils.Database) -> None:
    """Nothing is lost: the documents stay pending until the next search or issue indexes them."""
    log.warning("archive index: organisation %d left pending (the next search indexes it)", org_id)


guard_module(globals())
