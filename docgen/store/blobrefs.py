"""Which stored files the database names, and whether each is a record or a derived cache.

A record (an issued document, a dossier snapshot, a template version's file, a package's file
or material, a draft job's result) cannot be computed again: when its file is missing,
`docgen verify` fails and `docgen backup` refuses, naming the record, its organisation and the
file's hash. A cache (the PDF copy, the thumbnail and the page pictures in `previews`) is drawn
from a record: a missing one is dropped from the database and drawn again on the next view.

References are found by shape, so tables added later are covered: columns named `*sha256`,
and "sha256" keys of JSON text columns (package materials, draft job files). Caches are
declared by their store module (`previews.CACHE_COLUMNS`); everything else is a record.
Works on a plain sqlite3 connection to a whole installation (every organisation), or on a
PostgreSQL one (`engine.connect`): the maintenance commands, not a request, use it. A row is
named by SQLite's `rowid`, on PostgreSQL by its `ctid` packed into an integer.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from docgen.errors import DocgenError
from docgen.render.registry import get_kind

from . import previews
from .engine import dialect

_JSON_SHA = re.compile(r'"sha256"\s*:\s*"([0-9a-f]{64})"')
# Tables that only mirror other tables (the full-text index) hold no references.
_SKIP_TABLES = re.compile(r"^(sqlite_|_sqlite_|documents_fts)")

# table -> {column: how to drop it}: "row" deletes the row, "value" clears the column.
CACHES: dict[str, dict[str, str]] = {"previews": previews.CACHE_COLUMNS}
# Columns named *sha256 that are lookup keys, not files: `previews` before migration 0402
# (a backup taken before it is verified by `docgen restore` before any migration runs).
KEYS = {("previews", "source_sha256")}
SHOWN = 5  # records named per file; the rest are counted
# Whose file it is first (a template version, a package), then who uses it.
_ORDER = {
    t: n
    for n, t in enumerate(
        [
            "template_versions",
            "template_package_files",
            "template_packages",
            "batches",
            "documents",
            "document_templates",
            "draft_jobs",
        ]
    )
}


@dataclass(frozen=True)
class Reference:
    """One place in the database that names a stored file."""

    table: str
    column: str
    rowid: int

    @property
    def drop(self) -> str | None:
        """None for a record; "row" or "value" for a cache (see CACHES)."""
        return CACHES.get(self.table, {}).get(self.column)


@dataclass
class References:
    """sha256 -> the places naming it, split into records and caches."""

    records: dict[str, list[Reference]] = field(default_factory=dict)
    caches: dict[str, list[Reference]] = field(default_factory=dict)

    def add(self, sha: str, reference: Reference) -> None:
        target = self.records if reference.drop is None else self.caches
        target.setdefault(sha, []).append(reference)

    def named(self) -> set[str]:
        """Every sha256 named anywhere (a file named by nothing is an orphan)."""
        return set(self.records) | set(self.caches)


def _postgres(conn: Any) -> bool:
    return getattr(conn, "engine", "") == "postgresql"


def table_names(conn: Any) -> list[str]:
    if _postgres(conn):
        return conn.table_names()
    return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]


def _columns(conn: Any, table: str) -> list[tuple[str, str]]:
    """(name, declared type in upper case) of a table's columns."""
    if _postgres(conn):
        found = conn.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
            [table],
        )
        return [(name, kind.upper()) for name, kind in found.fetchall()]
    return [(row[1], (row[2] or "").upper()) for row in conn.execute(f'PRAGMA table_info("{table}")')]


# PostgreSQL has no rowid: a row's ctid (block, offset), packed into one integer, names it
# while the maintenance command runs.
_PG_ROWID = "((ctid::text::point)[0]::bigint * 65536 + (ctid::text::point)[1]::bigint)"


def _rowid(conn: Any) -> str:
    return _PG_ROWID if _postgres(conn) else "rowid"


def _at_row(conn: Any, rowid: int) -> tuple[str, Any]:
    """The condition (one parameter) that finds the row `rowid` names."""
    if _postgres(conn):
        return "ctid = ?::tid", f"({rowid // 65536},{rowid % 65536})"
    return "rowid = ?", rowid


def _text_columns(conn: sqlite3.Connection) -> Iterator[tuple[str, str, bool]]:
    """(table, column, named *sha256) for every column that may name a file."""
    for table in table_names(conn):
        if _SKIP_TABLES.match(table):
            continue
        for column, kind in _columns(conn, table):
            if (table, column) in KEYS:
                continue
            if column.endswith("sha256"):
                yield table, column, True
            elif kind in ("TEXT", ""):
                yield table, column, False


def collect(conn: sqlite3.Connection) -> References:
    """Every sha256 the database names, with where."""
    found = References()
    for table, column, direct in _text_columns(conn):
        if direct:
            query = f'SELECT {_rowid(conn)}, "{column}" FROM "{table}" WHERE "{column}" <> \'\''
            for rowid, value in conn.execute(query):
                found.add(str(value), Reference(table, column, int(rowid)))
        else:
            query = f'SELECT {_rowid(conn)}, "{column}" FROM "{table}" WHERE "{column}" LIKE \'%"sha256"%\''
            for rowid, value in conn.execute(query):
                for sha in dict.fromkeys(_JSON_SHA.findall(str(value))):
                    found.add(sha, Reference(table, column, int(rowid)))
    return found


# -- naming a reference, in Russian --------------------------------------------------------------


def _row(conn: sqlite3.Connection, reference: Reference) -> dict[str, Any]:
    where, key = _at_row(conn, reference.rowid)
    cursor = conn.execute(f'SELECT * FROM "{reference.table}" WHERE {where}', [key])
    values = cursor.fetchone()
    if values is None:
        return {}
    return dict(zip([d[0] for d in cursor.description], values, strict=True))


def _kind_title(kind_id: str) -> str:
    try:
        return get_kind(kind_id).title
    except DocgenError:
        return kind_id


def _record(table: str, row: dict[str, Any], rowid: int) -> str:
    if table == "documents":
        number = f", рег. № {row['number']}" if row.get("number") else ""
        return f"документ «{row.get('title')}» (запись архива № {row.get('id')}{number})"
    if table == "batches":
        return f"выпуск № {row.get('id')} ({row.get('school_year')} уч. год)"
    if table == "template_versions":
        return f"версия {row.get('seq')} шаблона «{_kind_title(str(row.get('kind')))}»"
    if table == "template_package_files":
        return f"шаблон «{_kind_title(str(row.get('kind')))}» в пакете шаблонов № {row.get('package_id')}"
    if table == "template_packages":
        return f"пакет шаблонов «{row.get('name')}», версия {row.get('version')}"
    if table == "document_templates":
        return f"шаблон документа (запись архива № {row.get('document_id')})"
    if table == "draft_jobs":
        return f"задание на черновики № {row.get('id')}"
    if table == "previews":
        return f"просмотр документа {str(row.get('source_key') or row.get('source_sha256'))[:12]}…"
    return f"таблица {table}, строка {rowid}"


def _json_item(value: Any, sha: str) -> dict[str, Any]:
    """The JSON object holding "sha256": sha (a package material, a draft job's file)."""
    try:
        data = json.loads(value) if isinstance(value, str) else value
    except json.JSONDecodeError:
        return {}
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("sha256") == sha:
                return item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return {}


_FILES = {
    "sha256": "файл",
    "template_sha256": "файл шаблона",
    "snapshot_sha256": "снимок досье",
    "pdf_sha256": "PDF-копия",
    "thumbnail_sha256": "миниатюра",
}


def _file(reference: Reference, row: dict[str, Any], sha: str) -> str:
    if reference.table == "documents" and reference.column == "sha256":
        return "файл документа"
    if reference.table in ("template_versions", "template_package_files") and reference.column == "sha256":
        return "файл шаблона"
    if reference.column in _FILES:
        return _FILES[reference.column]
    item = _json_item(row.get(reference.column), sha)
    if reference.table == "previews":
        return f"картинка страницы {item.get('page', '?')}"
    name = item.get("file") or item.get("name")
    if reference.table == "template_packages":
        return f"материал «{name}»" if name else "материал"
    if reference.table == "draft_jobs":
        return f"черновик «{name}»" if name else "черновик"
    return f"{reference.column} «{name}»" if name else reference.column


def _organisation(conn: sqlite3.Connection, org_id: Any) -> str:
    if org_id is None:
        return "организация не указана"
    found = conn.execute("SELECT short_name FROM organisations WHERE id = ?", [org_id]).fetchone()
    return f"организация № {org_id} «{found[0]}»" if found else f"организация № {org_id}"


def describe(conn: sqlite3.Connection, sha: str, references: Iterable[Reference]) -> str:
    """What names the file, grouped by organisation: «снимок досье: выпуск № 1 (2022/2023 уч.
    год), документ «…» (запись архива № 2, рег. № 1-од) — организация № 1 «…»»."""
    groups: dict[tuple[str, str], list[str]] = {}
    for reference in sorted(references, key=lambda r: (_ORDER.get(r.table, len(_ORDER)), r.rowid)):
        row = _row(conn, reference)
        key = (_file(reference, row, sha), _organisation(conn, row.get("org_id")))
        record = _record(reference.table, row, reference.rowid)
        if record not in groups.setdefault(key, []):
            groups[key].append(record)
    parts = []
    for (what, org), records in groups.items():
        more = f" и ещё {len(records) - SHOWN}" if len(records) > SHOWN else ""
        parts.append(f"{what}: {', '.join(records[:SHOWN])}{more} — {org}")
    return "; ".join(parts)


# -- dropping caches -----------------------------------------------------------------------------


def drop_caches(conn: sqlite3.Connection, references: Iterable[Reference]) -> None:
    """Forget cache references whose files are gone (the caller holds the write transaction):
    a row goes when its main blob does, a column is cleared otherwise."""
    for reference in references:
        where, key = _at_row(conn, reference.rowid)
        if reference.drop == "row":
            conn.execute(f'DELETE FROM "{reference.table}" WHERE {where}', [key])
        elif reference.drop == "value":
            conn.execute(f'UPDATE "{reference.table}" SET "{reference.column}" = NULL WHERE {where}', [key])


DROPPED_CACHE = "запись кэша удалена, он будет построен заново при следующем просмотре"


def cache_warnings(
    conn: Any,
    found: References,
    good: set[str],
    *,
    outcome: str,
    damaged: set[str] | frozenset[str] = frozenset(),
) -> tuple[list[str], dict[str, list[Reference]]]:
    """The warnings of `settle_caches` and the stale cache references, without dropping them."""
    stale = {sha: refs for sha, refs in found.caches.items() if sha not in good and sha not in found.records}
    warnings = [
        f"{'Повреждён файл' if sha in damaged else 'Нет файла'} кэша {sha[:12]}… "
        f"({describe(conn, sha, refs)}): {outcome}"
        for sha, refs in sorted(stale.items())
    ]
    return warnings, stale


def settle_caches(
    conn: sqlite3.Connection,
    found: References,
    good: set[str],
    *,
    outcome: str = DROPPED_CACHE,
    damaged: set[str] | frozenset[str] = frozenset(),
) -> list[str]:
    """Drop every cache reference to a file not in `good` (missing or damaged); one warning,
    in Russian, per file, ending with `outcome`. Records are left to the caller."""
    warnings, stale = cache_warnings(conn, found, good, outcome=outcome, damaged=damaged)
    if not stale:
        return []
    dialect(conn).begin_write(conn)
    try:
        drop_caches(conn, [ref for refs in stale.values() for ref in refs])
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return warnings
