"""Backup, restore and verification of a data folder (the database and the file store).

A backup is one ZIP: `docgen.sqlite3` (a consistent snapshot taken with SQLite's online backup
API while the service runs), every blob of the file store under `files/ab/cd/<sha256>`, and
`manifest.json` with the sha256 of each member. The database is copied first: blobs are
written before the rows that name them commit, so every blob the snapshot refers to is
already on disk when the files are copied. The audit log and the accounts are in the
database, so they are in the backup too; the `secret_key` is not (a restored installation
makes its own, which only ends the sessions). A backup holds personal data of minors and the
password hashes: it is written readable by its owner only (mode 0600); keep it so.

Records and caches (see `blobrefs`): a record's file missing or damaged refuses the backup,
naming the record; a cache's file missing or damaged is left out and its entry dropped from
the snapshot (the restored installation draws it again), and the backup says so. Files named
by nothing are copied too (nothing is lost by a backup) and counted.

With the files in an S3 bucket (DOCGEN_STORAGE_URL=s3://…) the ZIP holds the database snapshot
and the manifest only, not the objects: a region's bucket is backed up where it lives
(versioning, replication, the provider's snapshots), as ops engineers expect of object storage,
and copying it whole every night would not scale. The backup still lists the bucket and refuses
when a record's object is missing; the manifest's `storage` says where the files are and that
they are not included. `files=True` copies the objects into the ZIP all the same (a move to
another provider, a small installation); `restore` then puts them into the configured store.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from docgen.errors import DocgenError

from . import backup_pg, blobrefs
from .blobstore import CHUNK, BlobStore, is_s3, open_store
from .engine import database_target, is_postgres
from .verify import DATABASE_FILE, FILES_DIR, Verification, verify

MANIFEST = "manifest.json"
SKIPPED_CACHE = "в копию не вошёл и убран из её базы; восстановленная установка построит его заново"
FORMAT = 1

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_BLOB_MEMBER = re.compile(r"^files/([0-9a-f]{2})/([0-9a-f]{2})/([0-9a-f]{64})$")

__all__ = ["BackupProblem", "BackupResult", "Verification", "backup", "restore", "verify"]


class BackupProblem(DocgenError):
    """A backup, restore or verification that cannot go on; the message says why, in Russian."""


@dataclass
class BackupResult:
    path: Path
    files: int
    size: int
    manifest: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # caches left out, in Russian
    orphans: int = 0  # files named by nothing (copied all the same)
    files_included: bool = True  # False: the objects stay in the S3 bucket (see the docstring)
    storage: str = ""  # where the files are: a folder or s3://bucket/prefix


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _snapshot(database: Path, target: Path) -> None:
    """A consistent copy of a live database (WAL readers and writers go on meanwhile)."""
    source = sqlite3.connect(database, timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        (result,) = copy.execute("PRAGMA integrity_check").fetchone()
        if result != "ok":
            raise BackupProblem(f"База данных повреждена ({result}): резервная копия не создана")
    finally:
        copy.close()
        source.close()


def backup(
    data_dir: Path | str, out: Path | str, *, files: bool | None = None, store: BlobStore | None = None
) -> BackupResult:
    """Write the backup ZIP `out` of the data folder `data_dir` (atomically: a temp file, then
    rename). Refuses (BackupProblem) when a record's file is missing or damaged. `files`: copy
    the stored files into the ZIP (default: yes for a local folder, no for an S3 bucket)."""
    data_dir, out = Path(data_dir), Path(out)
    database = data_dir / DATABASE_FILE
    if store is None:
        store = open_store(data_dir / FILES_DIR)
    if files is None:
        files = not is_s3(store.location)
    target = database_target(data_dir)
    if is_postgres(target):
        return backup_pg.backup(target, store, bool(files), out)
    if not database.is_file():
        raise BackupProblem(f"В папке {data_dir} нет базы данных docgen ({DATABASE_FILE})")
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".docgen-backup-", dir=out.parent) as tmp:
        snapshot = Path(tmp) / DATABASE_FILE
        _snapshot(database, snapshot)
        partial = Path(tmp) / "backup.zip"
        conn = sqlite3.connect(snapshot, isolation_level=None)
        try:
            found = blobrefs.collect(conn)
            with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
                if files:
                    members, size, damaged = _copy_files(archive, store, found, conn)
                    good = set(members.values())
                else:
                    members, size, damaged = {}, 0, set()
                    good = {blob.name for blob in store.blobs() if blob.placed}
                _refuse_missing(conn, found, good)
                warnings = blobrefs.settle_caches(conn, found, good, outcome=SKIPPED_CACHE, damaged=damaged)
                orphans = len(good - found.named())
                counts = _counts(conn)
                conn.close()  # the snapshot is final: into the archive
                archive.write(snapshot, DATABASE_FILE)
                members = {DATABASE_FILE: _sha256_file(snapshot), **members}
                manifest = {
                    "format": FORMAT,
                    "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "database": DATABASE_FILE,
                    "counts": counts,
                    "members": members,
                    "storage": {
                        "location": store.location,
                        "files_included": bool(files),
                        "objects": len(good),
                    },
                }
                archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
        finally:
            conn.close()
        os.chmod(partial, 0o600)  # names of minors and password hashes: for the owner only
        os.replace(partial, out)
    return BackupResult(out, len(members) - 1, size, manifest, warnings, orphans, bool(files), store.location)


def _refuse_missing(conn: sqlite3.Connection, found: blobrefs.References, good: set[str]) -> None:
    missing = sorted(sha for sha in found.records if sha not in good)
    if missing:
        where = "; ".join(
            f"{sha[:12]}… ({blobrefs.describe(conn, sha, found.records[sha])}; sha256 {sha})"
            for sha in missing[:5]
        )
        raise BackupProblem(
            f"В хранилище нет файлов записей, на которые ссылается база ({len(missing)}): {where}. "
            "Резервная копия не создана. Проверьте хранилище: docgen verify"
        )


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    existing = set(blobrefs.table_names(conn))
    return {
        table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        for table in ("organisations", "users", "dossiers", "documents", "journal", "audit")
        if table in existing
    }


def _copy_files(
    archive: zipfile.ZipFile, store: BlobStore, found: blobrefs.References, conn: sqlite3.Connection
) -> tuple[dict[str, str], int, set[str]]:
    """Copy every sound blob into `archive`: ({member name: sha256}, bytes copied, sha256 of the
    damaged files left out). A record's damaged file refuses the backup."""
    members: dict[str, str] = {}
    damaged: set[str] = set()
    size = 0
    for blob in store.blobs():
        sha = blob.name
        if not blob.placed:
            continue  # not a blob of the store
        name = f"{FILES_DIR}/{sha[:2]}/{sha[2:4]}/{sha}"
        if sha not in found.records:  # a cache or an orphan: checked before it goes in
            data = b"".join(store.chunks(sha))
            if hashlib.sha256(data).hexdigest() == sha:
                archive.writestr(name, data)
                members[name] = sha
                size += len(data)
            else:
                damaged.add(sha)
            continue
        digest = hashlib.sha256()
        with archive.open(name, "w", force_zip64=True) as target:
            for chunk in store.chunks(sha):
                digest.update(chunk)
                target.write(chunk)
                size += len(chunk)
        if digest.hexdigest() != sha:
            raise BackupProblem(
                f"Файл {sha[:12]}… в хранилище повреждён (содержимое не совпадает с хешем) — "
                f"{blobrefs.describe(conn, sha, found.records[sha])}; sha256 {sha}. "
                "Резервная копия не создана. Проверьте хранилище: docgen verify"
            )
        members[name] = sha
    return members, size, damaged


def _read_manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read(MANIFEST).decode("utf-8"))
    except KeyError:
        raise BackupProblem("Это не резервная копия docgen: в архиве нет manifest.json") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BackupProblem("manifest.json резервной копии повреждён") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupProblem("Неизвестный формат резервной копии")
    members = manifest.get("members")
    database = manifest.get("database", DATABASE_FILE)
    if (
        database not in (DATABASE_FILE, backup_pg.PG_DUMP_FILE)
        or not isinstance(members, dict)
        or database not in members
    ):
        raise BackupProblem("В manifest.json нет списка файлов с базой данных")
    for name, sha in members.items():
        if not isinstance(sha, str) or not _SHA256.match(sha):
            raise BackupProblem(f"manifest.json: у «{name}» неверный sha256")
        blob = _BLOB_MEMBER.match(name)
        if name != database and not (
            blob and blob.group(3) == sha and blob.group(3).startswith(blob.group(1) + blob.group(2))
        ):
            raise BackupProblem(f"manifest.json: недопустимое имя файла «{name}»")
    extra = set(archive.namelist()) - set(members) - {MANIFEST}
    if extra:
        raise BackupProblem(f"В архиве есть файлы, которых нет в manifest.json: {sorted(extra)[:3]}")
    return manifest


def _is_empty(folder: Path) -> bool:
    return not folder.exists() or not any(folder.iterdir())


def restore(backup_zip: Path | str, data_dir: Path | str, *, force: bool = False) -> dict[str, Any]:
    """Rebuild a data folder from a backup; returns its manifest.

    Every member is checked against the manifest's sha256 before anything is moved into place.
    A non-empty `data_dir` is refused unless `force` (its database and files are then replaced;
    other files, such as `secret_key`, stay).
    """
    backup_zip, data_dir = Path(backup_zip), Path(data_dir)
    if not backup_zip.is_file():
        raise BackupProblem(f"Нет файла резервной копии {backup_zip}")
    if not _is_empty(data_dir) and not force:
        raise BackupProblem(
            f"Папка {data_dir} не пуста: восстановление заменило бы данные. Укажите пустую папку или --force"
        )
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        archive = zipfile.ZipFile(backup_zip)
    except zipfile.BadZipFile:
        raise BackupProblem(f"{backup_zip} — не ZIP-архив") from None
    with archive, tempfile.TemporaryDirectory(prefix=".docgen-restore-", dir=data_dir) as tmp:
        staging = Path(tmp)
        manifest = _read_manifest(archive)
        for name, expected in manifest["members"].items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            try:
                with archive.open(name) as source, target.open("wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
            except KeyError:
                raise BackupProblem(f"В архиве нет файла «{name}», указанного в manifest.json") from None
            except zipfile.BadZipFile as exc:
                raise BackupProblem(f"Файл «{name}» в архиве повреждён: {exc}") from None
            if digest.hexdigest() != expected:
                raise BackupProblem(f"Файл «{name}» повреждён: sha256 не совпадает с manifest.json")
            if name != manifest["database"]:
                os.chmod(target, 0o444)
        store = open_store(data_dir / FILES_DIR)
        beside = Path(store.location) == data_dir / FILES_DIR  # else a bucket or a file:// folder
        if not beside:  # the files are put into that store (a backup without them: already there)
            for name in manifest["members"]:
                if name != manifest["database"]:
                    store.put((staging / name).read_bytes())
        _restore_database(manifest, staging, data_dir, force)
        if beside:
            if (data_dir / FILES_DIR).exists():
                shutil.rmtree(data_dir / FILES_DIR)
            (staging / FILES_DIR).mkdir(exist_ok=True)
            os.replace(staging / FILES_DIR, data_dir / FILES_DIR)
    checked = verify(data_dir, store=store)
    if checked.problems:
        raise BackupProblem("Восстановленные данные не прошли проверку: " + "; ".join(checked.problems[:5]))
    return manifest


def _restore_database(manifest: dict[str, Any], staging: Path, data_dir: Path, force: bool) -> None:
    """Put the backup's database in place: the SQLite file into the folder, or the dump into
    the PostgreSQL database DOCGEN_DATABASE_URL names (a copy of one engine needs that engine)."""
    target = database_target(data_dir)
    from_postgres = manifest["database"] == backup_pg.PG_DUMP_FILE
    if from_postgres and not is_postgres(target):
        raise BackupProblem(
            "Копия сделана из базы PostgreSQL: укажите сервер в DOCGEN_DATABASE_URL (postgresql://…)"
        )
    if is_postgres(target) and not from_postgres:
        raise BackupProblem(
            "Копия сделана из встроенной базы SQLite, а DOCGEN_DATABASE_URL указывает на PostgreSQL: "
            "восстановите копию без DOCGEN_DATABASE_URL"
        )
    if from_postgres:
        if backup_pg.holds_data(target) and not force:
            raise BackupProblem(
                "В базе данных PostgreSQL уже есть данные: восстановление заменило бы их. "
                "Укажите пустую базу или --force"
            )
        backup_pg.restore_database(
            target, staging / backup_pg.PG_DUMP_FILE, str(manifest.get("schema") or "public")
        )
        return
    for suffix in ("", "-wal", "-shm"):
        (data_dir / f"{DATABASE_FILE}{suffix}").unlink(missing_ok=True)
    os.replace(staging / DATABASE_FILE, data_dir / DATABASE_FILE)
