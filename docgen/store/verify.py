"""`docgen verify`: the database's integrity and the file store against it.

The file store is the one DOCGEN_STORAGE_URL names (`blobstore`): the data folder's files/, or
an S3 bucket, whose objects are listed and read back to check each against its hash.

- A record's file missing or damaged is a problem (the command fails), named: which record,
  which organisation, which file hash (see `blobrefs`).
- A cache's file (PDF copy, thumbnail, page picture) missing or damaged is a warning: its
  database entry is dropped (a damaged file is deleted too, else the same picture drawn again
  would be taken for stored), and the next view draws it again.
- A file named by nothing is an orphan: reported with its size; `prune` deletes the orphans
  older than PRUNE_GRACE. A file is written before the row naming it commits, so a young
  unnamed file may belong to a request still running; the references are read again just
  before deleting.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import blobrefs
from .backup_pg import MISSING
from .blobstore import SHA256, BlobStore, StoredBlob, open_store
from .engine import connect as engine_connect
from .engine import database_target, is_postgres

DATABASE_FILE = "docgen.sqlite3"
FILES_DIR = "files"
CHUNK = 1024 * 1024
READERS = 8  # threads reading files back to check their hashes
# Seconds. A younger orphan may be a write still in progress, or a sheet checked for import
# that waits up to 24 h for its confirmation (registry_import.TICKET_SECONDS).
PRUNE_GRACE = 25 * 3600


@dataclass
class Orphan:
    sha: str
    where: str  # a path or an s3:// key, for messages
    size: int
    mtime: float


@dataclass
class Verification:
    """What `verify` found, in Russian: `problems` fail the check, the rest does not."""

    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    orphans: list[Orphan] = field(default_factory=list)
    pruned: int = 0
    pruned_size: int = 0
    kept_young: int = 0
    pruning: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def orphan_size(self) -> int:
        return sum(o.size for o in self.orphans)


def sha256_blob(store: BlobStore, sha: str) -> str:
    """The sha256 of what is stored under `sha`, read in chunks."""
    digest = hashlib.sha256()
    for chunk in store.chunks(sha):
        digest.update(chunk)
    return digest.hexdigest()


def human_size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} КБ".replace(".", ",")
    return f"{size / 1024 / 1024:.1f} МБ".replace(".", ",")


def connect(database: Path) -> sqlite3.Connection:
    return sqlite3.connect(database, timeout=30, isolation_level=None)


def verify(data_dir: Path | str, *, prune: bool = False, store: BlobStore | None = None) -> Verification:
    """Check a data folder (see the module docstring); with `prune`, delete old orphans.
    `store` defaults to the one DOCGEN_STORAGE_URL names (the data folder's files/ if unset)."""
    data_dir = Path(data_dir)
    database = data_dir / DATABASE_FILE
    store = store if store is not None else open_store(data_dir / FILES_DIR)
    result = Verification()
    target = database_target(data_dir)
    if is_postgres(target):  # the server checks its own pages; the references are checked below
        conn = engine_connect(target)
        if not conn.execute("SELECT to_regclass('organisations') IS NOT NULL").fetchone()[0]:
            conn.close()
            result.problems.append(MISSING)
            return result
    elif not database.is_file():
        result.problems.append(f"В папке {data_dir} нет базы данных docgen ({DATABASE_FILE})")
        return result
    else:
        conn = connect(database)
    try:
        if not is_postgres(target):
            (integrity,) = conn.execute("PRAGMA integrity_check").fetchone()
            if integrity != "ok":
                result.problems.append(f"База данных повреждена: {integrity}")
        # The references first, the files second: a file is on disk before a row names it.
        found = blobrefs.collect(conn)
        good, damaged, listed = _check_files(store, result)
        for sha in sorted(damaged & set(found.records)):
            result.problems.append(
                f"Файл {sha[:12]}… повреждён (содержимое не совпадает с хешем): "
                f"{blobrefs.describe(conn, sha, found.records[sha])}; sha256 {sha}"
            )
        for sha, where in sorted(found.records.items()):
            if sha not in good and sha not in damaged:
                result.problems.append(
                    f"Нет файла {sha[:12]}…: {blobrefs.describe(conn, sha, where)}; sha256 {sha}"
                )
        result.warnings.extend(blobrefs.settle_caches(conn, found, good, damaged=damaged))
        for sha in sorted((damaged & set(found.caches)) - set(found.records)):
            store.delete(sha)  # drawn again, it must not be there
            damaged.discard(sha)
        named = blobrefs.collect(conn).named()  # again: stale caches are gone, new rows are in
        result.orphans = [_orphan(listed[sha]) for sha in sorted((good | damaged) - named)]
        if prune:
            result.pruning = True
            _prune(conn, store, result)
    finally:
        conn.close()
    return result


def _check_files(store: BlobStore, result: Verification) -> tuple[set[str], set[str], dict[str, StoredBlob]]:
    """(sha256 of the sound files, of the damaged ones, the listing by name); stray and
    misplaced files noted. Files are read back from a few threads: an S3 bucket answers each
    object with a round trip, and a disk reads ahead while another file is hashed."""
    listed: dict[str, StoredBlob] = {}
    for blob in store.blobs():
        if not SHA256.match(blob.name):
            result.warnings.append(f"Посторонний файл в хранилище (не удаляется): {blob.where}")
        elif not blob.placed:
            result.problems.append(f"Файл {blob.name[:12]}… лежит не в своей папке: {blob.where}")
        else:
            listed[blob.name] = blob
    with ThreadPoolExecutor(max_workers=READERS) as pool:
        sound = dict(zip(listed, pool.map(lambda sha: sha256_blob(store, sha) == sha, listed), strict=True))
    return {s for s, ok in sound.items() if ok}, {s for s, ok in sound.items() if not ok}, listed


def _orphan(blob: StoredBlob) -> Orphan:
    return Orphan(blob.name, blob.where, blob.size, blob.mtime)


def _prune(conn: sqlite3.Connection, store: BlobStore, result: Verification) -> None:
    """Delete the orphans older than PRUNE_GRACE that the database still does not name."""
    named = blobrefs.collect(conn).named()
    limit = time.time() - PRUNE_GRACE
    old = [o for o in result.orphans if o.sha not in named and o.mtime <= limit]
    fresh = {blob.name: blob.mtime for blob in store.blobs()} if old else {}  # stored again meanwhile?
    kept = []
    for orphan in result.orphans:
        if orphan.sha in named:
            kept.append(orphan)
            continue
        if orphan.mtime > limit or fresh.get(orphan.sha, 0.0) > limit:
            result.kept_young += 1
            kept.append(orphan)
            continue
        store.delete(orphan.sha)
        result.pruned += 1
        result.pruned_size += orphan.size
    result.orphans = kept


def report_lines(result: Verification) -> list[str]:
    """What `docgen verify` prints on stdout besides the problems (warnings, orphans, pruning)."""
    lines = [f"Предупреждение: {w}" for w in result.warnings]
    if result.pruned:
        lines.append(
            f"Удалено файлов, на которые ничего не ссылается: {result.pruned}, "
            f"освобождено {human_size(result.pruned_size)}."
        )
    if result.kept_young:
        lines.append(
            f"Не удалено файлов без ссылок моложе {PRUNE_GRACE // 3600} ч: {result.kept_young} "
            "(их запись может ещё идти, а загруженная таблица — ждать подтверждения импорта); "
            "запустите --prune позже."
        )
    elif result.pruning and not result.pruned:
        lines.append("Файлов, на которые ничего не ссылается, нет: удалять нечего.")
    elif result.orphans and not result.pruning:
        lines.append(
            f"Файлов, на которые ничего не ссылается: {len(result.orphans)} "
            f"({human_size(result.orphan_size)}). Удалить их: docgen verify --prune"
        )
    for orphan in result.orphans[:20]:
        lines.append(f"  без ссылок: {orphan.sha[:12]}… ({human_size(orphan.size)})")
    if len(result.orphans) > 20:
        lines.append(f"  … и ещё {len(result.orphans) - 20}")
    return lines
