"""Backup and restore of an installation whose database is PostgreSQL (`DOCGEN_DATABASE_URL`).

The ZIP has the same shape as the SQLite one (`backup`): the database, the file store's blobs
and `manifest.json`; the database is `docgen.pgdump`, a `pg_dump` custom-format archive of the
schema docgen lives in. The dump and the list of files the database names come from one
snapshot: a read-only REPEATABLE READ transaction exports it and `pg_dump --snapshot` uses it,
so, as with SQLite, every blob a dumped row names was on disk before the files are copied.
A cache whose file is missing is left out and its row kept: `restore` runs `verify`, which
drops it, and the view draws it again.

`restore` replaces docgen's tables in the schema DOCGEN_DATABASE_URL works in (its `search_path`,
`public` by default; the dump's schema names are rewritten when they differ) with the script
`pg_restore --clean` writes, run by `psql` in one transaction; a database that already holds
organisations is refused unless `force`.
"""

from __future__ import annotations

import json
import os
import re
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
MISSING = (
    "В базе данных PostgreSQL (DOCGEN_DATABASE_URL) нет базы данных docgen: "
    "её таблицы создаёт служба при первом запуске"
)
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


def backup(url: str, store: Any, files: bool, out: Path) -> Any:
    """The backup ZIP `out` of a PostgreSQL installation (see the module docstring)."""
    from . import backup as backups

    out.parent.mkdir(parents=True, exist_ok=True)
    db = connect(url)
    try:
        db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        if not db.execute("SELECT to_regclass('organisations') IS NOT NULL").fetchone()[0]:
            raise backups.BackupProblem(MISSING)
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
                if files:
                    members, size, damaged = backups._copy_files(archive, store, found, db)
                    good = set(members.values())
                else:  # an S3 bucket is backed up by the storage itself
                    members, size, damaged = {}, 0, set()
                    good = {blob.name for blob in store.blobs() if blob.placed}
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
                    "storage": {"location": store.location, "files_included": files, "objects": len(good)},
                }
                archive.writestr(backups.MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
            os.chmod(partial, 0o600)  # names of minors and password hashes: for the owner only
            os.replace(partial, out)
        db.execute("COMMIT")
    finally:
        db.close()
    return backups.BackupResult(
        out, len(members) - 1, size, manifest, warnings, orphans, files, store.location
    )


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
    """Load `dump` (taken from `schema`) into the schema the URL works in (its `search_path`),
    replacing docgen's tables, in one transaction."""
    from .backup import BackupProblem

    listed = subprocess.run(
        [_tool("pg_restore"), "--list", str(dump)], capture_output=True, text=True, check=False
    )
    if listed.returncode != 0:
        raise BackupProblem(f"Копия базы данных не читается pg_restore: {listed.stderr.strip()[-300:]}")
    # The schema itself stays (it may be `public`, owned by someone else): only what is in it.
    listing = dump.with_suffix(".list")
    keep = [line for line in listed.stdout.splitlines() if " SCHEMA - " not in line]
    listing.write_text("\n".join(keep) + "\n", encoding="utf-8")
    db = connect(url)
    try:
        (target,) = db.execute("SELECT current_schema()").fetchone()
    finally:
        db.close()
    if target is None:
        raise BackupProblem("В базе данных PostgreSQL нет схемы из search_path адреса DOCGEN_DATABASE_URL")
    script = dump.with_suffix(".sql")
    _run(
        [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
         f"--use-list={listing}", f"--file={script}", str(dump)],
        "pg_restore не прочитал копию базы данных",
    )  # fmt: skip
    if target != schema:
        _move_to_schema(script, schema, target)
    _run(
        [_tool("psql"), "--quiet", "--no-psqlrc", "--single-transaction", "--set=ON_ERROR_STOP=1",
         f"--file={script}", f"--dbname={url}"],
        "База данных не восстановлена",
    )  # fmt: skip


def _move_to_schema(script: Path, source: str, target: str) -> None:
    """Rewrite the restore script's `source.` qualified names to `target.` (not the rows: the
    lines between COPY … FROM stdin; and \\. are data)."""
    name = re.compile(rf'(?<![\w"$])(?:{re.escape(source)}|"{re.escape(source)}")\.')
    quoted = target if re.fullmatch(r"[a-z_][a-z0-9_]*", target) else '"' + target.replace('"', '""') + '"'
    out: list[str] = []
    in_data = False
    with script.open(encoding="utf-8") as lines:
        for line in lines:
            if in_data:
                in_data = line.rstrip("\n") != "\\."
                out.append(line)
                continue
            out.append(name.sub(lambda _m: f"{quoted}.", line))
            in_data = line.startswith("COPY ") and line.rstrip().endswith("FROM stdin;")
    script.write_text("".join(out), encoding="utf-8")
