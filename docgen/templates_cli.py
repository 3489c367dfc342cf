"""`docgen templates export|import`: municipal template packages as ZIP files, offline.

The data directory is the web service's: `DOCGEN_DATA_DIR` (default ./data) holding
`docgen.sqlite3` and `files/`, or `files/` and DOCGEN_DATABASE_URL. With `--db PATH` the blobs are
looked up in `files/` beside it; `--db postgresql://…` takes them from DOCGEN_DATA_DIR.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from docgen.errors import DocgenError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}
DATABASE_FILE = "docgen.sqlite3"  # as docgen.web.config
FILES_DIR = "files"


def default_db() -> Path:
    return Path(os.environ.get("DOCGEN_DATA_DIR") or "./data") / DATABASE_FILE


def _open(db_path: str | None, org: str):
    from docgen.store import Scope, connect, find_organisation, migrate
    from docgen.store.blobstore import open_store
    from docgen.store.engine import is_postgres

    data_dir = Path(os.environ.get("DOCGEN_DATA_DIR") or "./data")
    target = db_path or os.environ.get("DOCGEN_DATABASE_URL", "").strip() or str(default_db())
    if is_postgres(target):  # a server: the blobs are in the data folder's files/
        files_dir = data_dir / FILES_DIR
    else:
        path = Path(target)
        if not path.exists():
            raise click.UsageError(f"нет базы данных {path}: укажите --db или DOCGEN_DATA_DIR")
        files_dir = path.parent / FILES_DIR
    db = connect(target)
    migrate(db)
    found = find_organisation(db, org)
    if found is None:
        db.close()
        raise click.UsageError(f"организация «{org}» не найдена (укажите краткое название)")
    return db, open_store(files_dir), Scope(int(found["id"]), user=os.environ.get("USER") or "docgen")


def _fail(exc: DocgenError) -> None:
    click.echo(str(exc), err=True)
    sys.exit(1)


@click.group("templates", context_settings=CONTEXT_SETTINGS)
def group() -> None:
    """Пакеты шаблонов управления образования: выгрузка и загрузка ZIP."""


_DB = click.option(
    "--db",
    "db_path",
    help="База данных: файл SQLite или адрес postgresql://… (по умолчанию DOCGEN_DATABASE_URL "
    "или $DOCGEN_DATA_DIR/docgen.sqlite3).",
)
_ORG = click.option("--org", required=True, help="Краткое название организации (управления).")


@group.command("export")
@click.argument("package_zip", type=click.Path(dir_okay=False, path_type=Path))
@_DB
@_ORG
@click.option("--package", "name", help="Название пакета (по умолчанию — последний собранный).")
def export_command(package_zip: Path, db_path: str | None, org: str, name: str | None) -> None:
    """Выгрузить последнюю версию пакета организации в PACKAGE_ZIP (manifest.json с sha256)."""
    from docgen.store import packages

    db, files, scope = _open(db_path, org)
    try:
        package = packages.find_package(db, scope, name)
        content = packages.export_package(db, files, scope, package["id"])
    except DocgenError as exc:
        _fail(exc)
        return
    finally:
        db.close()
    package_zip.write_bytes(content)
    click.echo(
        f"Пакет «{package['name']}», версия {package['version']}: шаблонов {len(package['files'])}, "
        f"материалов {len(package['materials'])} → {package_zip}"
    )


@group.command("import")
@click.argument("package_zip", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@_DB
@_ORG
@click.option("--no-publish", is_flag=True, help="Не публиковать пакет для подведомственных организаций.")
def import_command(package_zip: Path, db_path: str | None, org: str, no_publish: bool) -> None:
    """Загрузить пакет PACKAGE_ZIP в организацию (проверяются sha256 и каждый шаблон)."""
    from docgen.store import packages

    db, files, scope = _open(db_path, org)
    try:
        package_id = packages.import_package(
            db, files, scope, package_zip.read_bytes(), publish=not no_publish
        )
        package = packages.get_package(db, scope, package_id)
    except DocgenError as exc:
        _fail(exc)
        return
    finally:
        db.close()
    state = "опубликован" if package["published"] else "не опубликован"
    click.echo(
        f"Загружен пакет «{package['name']}», версия {package['version']}: "
        f"шаблонов {len(package['files'])}, {state}."
    )
