"""Backup, restore and verification of a data folder (the database and the file store).

A backup is one ZIP: `docgen.sqlite3` (a consistent snapshot taken with SQLite's online backup
API while the service runs), every blob of the file store under `files/ab/cd/<sha256>`, and
`manifest.json` with the sha256 of each member. The database is copied first: blobs are
written before the rows that name them commit, so every blob the snapshot refers to is
already on disk when the files are copied. The audit log and the accounts are in the
database, so they are in the backup too; the `secret_key` is not (a restored installation
makes its own, which only ends the sessions). A backup holds personal data of minors and the
password hashes: it is written readable by its owner only (mode 0600); keep it so.
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
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from docgen.errors import DocgenError

DATABASE_FILE = "docgen.sqlite3"
FILES_DIR = "files"
MANIFEST = "manifest.json"
FORMAT = 1
CHUNK = 1024 * 1024

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_BLOB_MEMBER = re.compile(r"^files/([0-9a-f]{2})/([0-9a-f]{2})/([0-9a-f]{64})$")
_JSON_SHA = re.compile(r'"sha256"\s*:\s*"([0-9a-f]{64})"')
# Tables that only mirror other tables (the full-text index) hold no references.
_SKIP_TABLES = re.compile(r"^(sqlite_|_sqlite_|documents_fts)")


class BackupProblem(DocgenError):
    """A backup, restore or verification that cannot go on; the message says why, in Russian."""


@dataclass
class BackupResult:
    path: Path
    files: int
    size: int
    manifest: dict[str, Any] = field(default_factory=dict)


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _blobs(files_dir: Path) -> Iterator[tuple[str, Path]]:
    """(sha256 named by the path, path) of every blob in a file store, in a stable order."""
    if not files_dir.is_dir():
        return
    for first in sorted(files_dir.iterdir()):
        if not first.is_dir():
            continue
        for second in sorted(first.iterdir()):
            if not second.is_dir():
                continue
            for blob in sorted(second.iterdir()):
                if blob.is_file() and not blob.name.startswith("."):
                    yield blob.name, blob


def _blob_path(files_dir: Path, sha: str) -> Path:
    return files_dir / sha[:2] / sha[2:4] / sha


def referenced_blobs(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Every sha256 the database names, with where: columns named *sha256, and "sha256" keys
    of JSON text columns (package materials). Tables added later are covered the same way."""
    found: dict[str, list[str]] = {}
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        if _SKIP_TABLES.match(table):
            continue
        columns = [(r[1], (r[2] or "").upper()) for r in conn.execute(f'PRAGMA table_info("{table}")')]
        for column, kind in columns:
            if column.endswith("sha256"):
                query = f'SELECT rowid, "{column}" FROM "{table}" WHERE "{column}" <> \'\''
                for rowid, value in conn.execute(query):
                    found.setdefault(str(value), []).append(f"{table}.{column} (строка {rowid})")
            elif kind in ("TEXT", ""):
                query = f'SELECT rowid, "{column}" FROM "{table}" WHERE "{column}" LIKE \'%"sha256"%\''
                for rowid, value in conn.execute(query):
                    for sha in _JSON_SHA.findall(str(value)):
                        found.setdefault(sha, []).append(f"{table}.{column} (строка {rowid})")
    return found


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


def backup(data_dir: Path | str, out: Path | str) -> BackupResult:
    """Write the backup ZIP `out` of the data folder `data_dir` (atomically: a temp file, then
    rename). Refuses (BackupProblem) when a blob is damaged or one the database names is missing."""
    data_dir, out = Path(data_dir), Path(out)
    database = data_dir / DATABASE_FILE
    files_dir = data_dir / FILES_DIR
    if not database.is_file():
        raise BackupProblem(f"В папке {data_dir} нет базы данных docgen ({DATABASE_FILE})")
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".docgen-backup-", dir=out.parent) as tmp:
        snapshot = Path(tmp) / DATABASE_FILE
        _snapshot(database, snapshot)
        conn = sqlite3.connect(snapshot)
        try:
            references = referenced_blobs(conn)
            counts = {
                table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                for table in ("organisations", "users", "dossiers", "documents", "journal", "audit")
                if conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [table]).fetchone()
            }
        finally:
            conn.close()
        members: dict[str, str] = {DATABASE_FILE: _sha256_file(snapshot)}
        partial = Path(tmp) / "backup.zip"
        size = 0
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            archive.write(snapshot, DATABASE_FILE)
            for sha, path in _blobs(files_dir):
                if not _SHA256.match(sha):
                    continue  # not a blob of the store
                name = f"{FILES_DIR}/{sha[:2]}/{sha[2:4]}/{sha}"
                digest = hashlib.sha256()
                with path.open("rb") as source, archive.open(name, "w", force_zip64=True) as target:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        target.write(chunk)
                        size += len(chunk)
                if digest.hexdigest() != sha:
                    raise BackupProblem(
                        f"Файл {sha[:12]}… в хранилище повреждён (содержимое не совпадает с хешем): "
                        "резервная копия не создана. Проверьте хранилище: docgen verify"
                    )
                members[name] = sha
            missing = sorted(s for s in references if f"{FILES_DIR}/{s[:2]}/{s[2:4]}/{s}" not in members)
            if missing:
                where = "; ".join(f"{s[:12]}… ({references[s][0]})" for s in missing[:5])
                raise BackupProblem(
                    f"В хранилище нет файлов, на которые ссылается база ({len(missing)}): {where}. "
                    "Резервная копия не создана"
                )
            manifest = {
                "format": FORMAT,
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "database": DATABASE_FILE,
                "counts": counts,
                "members": members,
            }
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
        os.chmod(partial, 0o600)  # names of minors and password hashes: for the owner only
        os.replace(partial, out)
    return BackupResult(out, len(members) - 1, size, manifest)


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
    if not isinstance(members, dict) or DATABASE_FILE not in members:
        raise BackupProblem("В manifest.json нет списка файлов с базой данных")
    for name, sha in members.items():
        if not isinstance(sha, str) or not _SHA256.match(sha):
            raise BackupProblem(f"manifest.json: у «{name}» неверный sha256")
        blob = _BLOB_MEMBER.match(name)
        if name != DATABASE_FILE and not (
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
            if name != DATABASE_FILE:
                os.chmod(target, 0o444)
        for suffix in ("", "-wal", "-shm"):
            (data_dir / f"{DATABASE_FILE}{suffix}").unlink(missing_ok=True)
        if (data_dir / FILES_DIR).exists():
            shutil.rmtree(data_dir / FILES_DIR)
        (staging / FILES_DIR).mkdir(exist_ok=True)
        os.replace(staging / FILES_DIR, data_dir / FILES_DIR)
        os.replace(staging / DATABASE_FILE, data_dir / DATABASE_FILE)
    problems = verify(data_dir)
    if problems:
        raise BackupProblem("Восстановленные данные не прошли проверку: " + "; ".join(problems[:5]))
    return manifest


def verify(data_dir: Path | str) -> list[str]:
    """Problems of a data folder, in Russian (an empty list: all is well): the database's
    integrity, every blob against its hash, every file the database names present."""
    data_dir = Path(data_dir)
    database = data_dir / DATABASE_FILE
    files_dir = data_dir / FILES_DIR
    if not database.is_file():
        return [f"В папке {data_dir} нет базы данных docgen ({DATABASE_FILE})"]
    problems: list[str] = []
    conn = sqlite3.connect(database, timeout=30)
    try:
        (result,) = conn.execute("PRAGMA integrity_check").fetchone()
        if result != "ok":
            problems.append(f"База данных повреждена: {result}")
        references = referenced_blobs(conn)
    finally:
        conn.close()
    present: set[str] = set()
    for sha, path in _blobs(files_dir):
        if not _SHA256.match(sha):
            problems.append(f"Посторонний файл в хранилище: {path.relative_to(data_dir)}")
            continue
        if path != _blob_path(files_dir, sha):
            problems.append(f"Файл {sha[:12]}… лежит не в своей папке: {path.relative_to(data_dir)}")
        if _sha256_file(path) != sha:
            problems.append(f"Файл {sha[:12]}… повреждён: содержимое не совпадает с хешем")
        present.add(sha)
    for sha, where in sorted(references.items()):
        if sha not in present:
            problems.append(f"Нет файла {sha[:12]}…, на который ссылается {where[0]}")
    return problems
