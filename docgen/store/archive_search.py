"""Searching the archive: full-text and filter queries, newest first, one page at a time."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from docgen.errors import UnknownKind
from docgen.render.registry import get_kind

from .archive_index import ID_SPAN, number_key
from .archive_pending import drain
from .blobstore import BlobStore
from .db import rows
from .engine import dialect
from .person_index import person_forms, person_lemmas
from .scope import Scope, guard_module
from .stemming import (
    kind_token,
    match_expression,
    meta_any,
    number_token,
    org_token,
    query_words,
    seq_token,
    snippet_html,
    snippet_parts,
    year_token,
)

META_COLUMNS = (
    "d.id, d.org_id, d.batch_id, d.journal_id, d.kind, d.title, d.number, d.date, d.year, "
    "d.people, d.filename, d.size, d.sha256, d.template_sha256, d.snapshot_sha256, "
    "d.issued_by, d.issued_at, j.status AS journal_status, j.void_reason"
)
FROM = "FROM documents d LEFT JOIN journal j ON j.id = d.journal_id"


# Hits are counted up to this many (or to the end of the page asked for, if further): counting
# every hit of a common word among a million documents cost more than finding the page.
COUNT_CAP = 1000


@dataclass
class SearchPage:
    """A page of results. `total` is exact when `total_exact`; otherwise there are more than
    `total` hits (shown as «более 1 000»)."""

    total: int
    items: list[dict[str, Any]] = field(default_factory=list)
    limit: int = 20
    offset: int = 0
    total_exact: bool = True


# A scope reading more organisations than this (a municipal office) is not spelt out as org tokens
# in the full-text query: an OR of 1 000 tokens made every search of an office slow (~300 ms at
# 100 000 documents). The index is walked newest first and each hit's organisation checked in
# `documents` by primary key instead, which stops after the page and the capped count.
ORG_TOKENS_UP_TO = 20


def count_bound(limit: int, offset: int) -> int:
    """How far hits are counted: the cap, or the end of the page asked for."""
    return max(COUNT_CAP, offset + limit)


def kind_title(kind_id: str) -> str:
    try:
        return get_kind(kind_id).title
    except UnknownKind:
        return kind_id


def meta_row(found: dict[str, Any]) -> dict[str, Any]:
    found["people"] = json.loads(found["people"])
    found["kind_title"] = kind_title(found["kind"])
    found["voided"] = found.pop("journal_status") == "void"
    return found


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
    files: BlobStore | None = None,
) -> SearchPage:
    """Readable documents matching every given filter, newest (by document date, then id) first.

    `q` searches titles, people and text by stems (any case form, «ё» = «е»), and people by
    lemma (any case of a name the organisation's documents use, «Гарипову И.Р.» included);
    `person` only the names of the people a document concerns; `number` is a registered number
    («61-од», or just 61 for the sequence number); `prefix` also matches longer words («Иван» → «Иванова»).
    Items carry metadata (no text) and, with `q`, `snippet` (HTML: escaped text, matches in
    <mark>) and `snippet_parts` ((piece, is_match) pairs for templates that build their own).
    Hits are counted only up to `count_bound` (`total_exact` False past it), never all of them.
    With `files` (the store their .docx and dossier snapshots are read from), documents issued
    with `index_later` and not yet indexed are indexed first (`archive_pending.drain`).
    """
    if files is not None:
        drain(db, files, scope)
    limit = max(0, min(int(limit), 500))
    offset = max(0, int(offset))
    key = number_key(str(number)) if number is not None else None
    words = query_words(q, person)
    lemmas = person_lemmas(db, scope, words, prefix=prefix) if words else {}
    expression = match_expression(q, person, prefix=prefix, lemmas=lemmas)
    if expression is None and ((q and q.strip()) or (person and person.strip())):
        return SearchPage(0, [], limit, offset)  # only punctuation: nothing can match
    many = len(scope.readable_org_ids) > ORG_TOKENS_UP_TO
    if expression is None and (kind or year is not None or key) and not many:
        total, exact, ids = _search_by_columns(db, scope, kind, year, key, limit, offset)
    else:
        total, exact, ids = _search_by_index(db, scope, expression, kind, year, key, limit, offset)
    if not ids:
        return SearchPage(total, [], limit, offset, exact)
    where, params = scope.sql_readable("d.org_id")
    marks = ", ".join("?" * len(ids))
    text_column = ", d.text" if q else ""
    found = {
        r["id"]: r
        for r in rows(
            db,
            f"SELECT {META_COLUMNS}{text_column} {FROM} WHERE d.id IN ({marks}) AND {where}",
            [*ids, *params],
        )
    }
    forms = person_forms(db, scope, {t for w in query_words(q) for t in lemmas.get(w, ())}) if q else {}
    items = []
    for doc_id in ids:
        if doc_id not in found:  # cannot happen: the index holds the scope too; never leak
            continue
        item = meta_row(found[doc_id])
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
    return SearchPage(total, items, limit, offset, exact)


def _search_by_columns(
    db: sqlite_utils.Database,
    scope: Scope,
    kind: str | None,
    year: int | None,
    key: str | None,
    limit: int,
    offset: int,
) -> tuple[int, bool, list[int]]:
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
    bound = count_bound(limit, offset)
    (found,) = db.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM documents d WHERE {condition} LIMIT ?) AS hits",
        [*params, bound + 1],
    ).fetchone()
    total, exact = min(found, bound), found <= bound
    if total <= offset or limit == 0:
        return total, exact, []
    ids = [
        r[0]
        for r in db.execute(
            f"SELECT d.id FROM documents d WHERE {condition} "
            "ORDER BY d.date DESC, d.id DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
    ]
    return total, exact, ids


def _search_by_index(
    db: sqlite_utils.Database,
    scope: Scope,
    expression: str | None,
    kind: str | None,
    year: int | None,
    key: str | None,
    limit: int,
    offset: int,
) -> tuple[int, bool, list[int]]:
    """Words, or no filter at all: the FTS5 index alone, scope and filters as `meta` tokens
    (a scope of many organisations: the index, each hit's organisation checked in `documents`)."""
    many = len(scope.readable_org_ids) > ORG_TOKENS_UP_TO
    parts = [] if many else [meta_any(org_token(o) for o in sorted(scope.readable_org_ids))]
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
    if not parts:  # browsing everything: any year the archive holds
        years = _archive_years(db)
        if not years:
            return 0, True, []
        parts.append(meta_any(year_token(y) for y in years))
    match = " AND ".join(parts)
    engine = dialect(db)
    hits, params = (
        f"SELECT f.rowid FROM documents_fts f WHERE {engine.fts_match('f')}",
        [engine.fts_query(match)],
    )
    if many:
        where, orgs = scope.sql_readable("d.org_id")
        hits = (
            "SELECT f.rowid FROM documents_fts f JOIN documents d ON d.id = f.rowid % "
            f"{ID_SPAN} WHERE {engine.fts_match('f')} AND {where}"
        )
        params += orgs
    bound = count_bound(limit, offset)
    (found,) = db.execute(f"SELECT count(*) FROM ({hits} LIMIT ?) AS hits", [*params, bound + 1]).fetchone()
    total, exact = min(found, bound), found <= bound
    if total <= offset or limit == 0:
        return total, exact, []
    ids = [
        rowid % ID_SPAN
        for (rowid,) in db.execute(f"{hits} ORDER BY f.rowid DESC LIMIT ? OFFSET ?", [*params, limit, offset])
    ]
    return total, exact, ids


def _archive_years(db: sqlite_utils.Database) -> range:
    """The years from the oldest to the newest document (read from the index's rowids, which
    start with the date: two lookups)."""
    oldest = db.execute("SELECT rowid FROM documents_fts ORDER BY rowid LIMIT 1").fetchone()
    newest = db.execute("SELECT rowid FROM documents_fts ORDER BY rowid DESC LIMIT 1").fetchone()
    if oldest is None or newest is None:
        return range(0)
    span = ID_SPAN * 10_000
    return range(oldest[0] // span, newest[0] // span + 1)


guard_module(globals())
