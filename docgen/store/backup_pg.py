"""Backup and restore of an installation whose database is PostgreSQL (`DOCGEN_DATABASE_URL`).

The ZIP has the same shape as the SQLite one (`backup`): the database, the file store's blobs
and `manifest.json`; the database is `docgen.pgdump`, a `pg_dump` custom-format archive of the
schema docgen lives in. The dump and the list of files the database names come from one
snapshot: a read-only REPEATABLE READ transaction exports it and `pg_dump --snapshot` uses it,
so, as with SQLite, every blob a dumped row names was on disk before the files are copied.
A cache whose file is missing is left out and its row kept: `restore` runs `verify`, which
drops it, and the view draws it again.

`restore` replaces docgen's tables in the target database with `pg_restore --clean` in one
transaction; a database that already holds organisations is refused unless `force`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import blobrefs
from .engine import connect

PG_DUMP_FILE = "docgen.pgdump"
SKIPPED_CACHE = "в копию не вошёл; при восстановлении запись кэша будет удалена, и он будет построен заново"


def _tool(name: str) -> str:
    from .backup import BackupProblem

    found = shutil.which(name)
    if found is None:
        raise BackupProblem(f"Не найдена программа {name} (пакет postgresql-client): установите её")
    return found


def _run(command: list[str], what: str) -> None:
    from .backup import BackupProblem

    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise BackupProblem(f"{what}: {' '.join(detail) or f'код выхода {done.returncode}'}")


def backup(url: str, files_dir: Path, out: Path) -> Any:
    """The backup ZIP `out` of a PostgreSQL installation (see the module docstring)."""
    from . import backup as backups

    out.parent.mkdir(parents=True, exist_ok=True)
    db = connect(url)
    try:
        db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        (snapshot,) = db.execute("SELECT pg_export_snapshot()").fetchone()
        (schema,) = db.execute("SELECT current_schema()").fetchone()
        with tempfile.TemporaryDirectory(prefix=".docgen-backup-", dir=out.parent) as tmp:
            dump = Path(tmp) / PG_DUMP_FILE
            _run(
                [_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}", f"--schema={schema}",
                 "--no-owner", "--no-privileges", f"--file={dump}", f"--dbname={url}"],
                "pg_dump не создал копию базы данных",
            )  # fmt: skip
            partial = Path(tmp) / "backup.zip"
            found = blobrefs.collect(db)
            with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
                members, size, damaged = backups._copy_files(archive, files_dir, found, db)
                good = set(members.values())
                backups._refuse_missing(db, found, good)
                warnings, _ = blobrefs.cache_warnings(db, found, good, outcome=SKIPPED_CACHE, damaged=damaged)
                orphans = len(good - found.named())
                counts = backups._counts(db)
                archive.write(dump, PG_DUMP_FILE)
                members = {PG_DUMP_FILE: backups._sha256_file(dump), **members}
                manifest = {
                    "format": backups.FORMAT,
                    "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "database": PG_DUMP_FILE,
                    "engine": "postgresql",
                    "schema": schema,
                    "counts": counts,
                    "members": members,
                }
                archive.writestr(backups.MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
            os.chmod(partial, 0o600)  # names of minors and password hashes: for the owner only
            os.replace(partial, out)
        db.execute("COMMIT")
    finally:
        db.close()
    return backups.BackupResult(out, len(members) - 1, size, manifest, warnings, orphans)


def holds_data(url: str) -> bool:
    """Whether the database already has docgen's organisations."""
    db = connect(url)
    try:
        if not db.execute("SELECT to_regclass('organisations') IS NOT NULL").fetchone()[0]:
            return False
        return db.execute("SELECT count(*) FROM organisations").fetchone()[0] > 0
    finally:
        db.close()


def restore_database(url: str, dump: Path, schema: str) -> None:
    """Load `dump` into the database `url`, replacing docgen's tables, in one transaction."""
    listing = dump.with_suffix(".list")
    done = subprocess.run(
        [_tool("pg_restore"), "--list", str(dump)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        from .backup import BackupProblem

        raise BackupProblem(f"Копия базы данных не читается pg_restore: {done.stderr.strip()[-300:]}")
    # The schema itself stays (it may be `public`, owned by someone else): only what is in it.
    keep = [line for line in done.stdout.splitlines() if " SCHEMA - " not in line]
    listing.write_text("\n".join(keep) + "\n", encoding="utf-8")
    db = connect(url)
    try:
        db.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    finally:
        db.close()
    _run(
        [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
         "--single-transaction", "--exit-on-error", f"--use-list={listing}", f"--dbname={url}", str(dump)],
        "pg_restore не восстановил базу данных",
    )  # fmt: skip
