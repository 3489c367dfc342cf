"""Administration commands: accounts, backup, restore, verification.

Registered in `docgen.cli` with `main.add_command(...)`: the `users` group and the `backup`,
`restore` and `verify` commands. The data folder is `--data-dir`, else `DOCGEN_DATA_DIR`, else
`./data` — the same folder the web service uses.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from docgen.errors import DocgenError
from docgen.store.disk import disk_full_message
from docgen.store.engine import DatabaseError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}

data_dir_option = click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="DOCGEN_DATA_DIR",
    default="./data",
    show_default=True,
    help="Папка данных docgen (по умолчанию DOCGEN_DATA_DIR или ./data).",
)


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


def _disk_full_refused(command: Callable[..., None]) -> Callable[..., None]:
    """A full disk (ENOSPC, SQLITE_FULL) ends the command with a Russian message, no traceback."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            command(*args, **kwargs)
        except (OSError, *DatabaseError) as exc:
            message = disk_full_message(exc)
            if message is None:
                raise
            _fail(message)

    return run


def _open(data_dir: Path):
    from docgen.store import private
    from docgen.store.db import connect, migrate
    from docgen.store.engine import database_target

    private.make_dir(data_dir / "files")
    private.tighten(data_dir)
    db = connect(database_target(data_dir))
    migrate(db)
    return db


@click.group(context_settings=CONTEXT_SETTINGS)
def users() -> None:
    """Пользователи: создание и список."""


@users.command("create")
@click.option("--login", required=True, help="Логин: латинские буквы, цифры, . - _ @")
@click.option("--org", "org", required=True, metavar="ORG",
              help="Организация: номер или краткое название.")  # fmt: skip
@click.option("--role", type=click.Choice(["office", "curator", "archivist", "viewer", "admin"]),
              help="Роль (не нужна с --admin).")  # fmt: skip
@click.option("--admin", "is_admin", is_flag=True, help="Администратор системы.")
@click.option("--name", default="", help="ФИО.")
@click.option("--create-org", is_flag=True,
              help="Создать организацию ORG (управление образования), если её нет.")  # fmt: skip
@click.option("--password-stdin", is_flag=True, help="Прочитать пароль из первой строки stdin.")
@data_dir_option
@_disk_full_refused
def create_user(login: str, org: str, role: str | None, is_admin: bool, name: str,
                create_org: bool, password_stdin: bool, data_dir: Path) -> None:  # fmt: skip
    """Создать пользователя; пароль спрашивается дважды (не виден при вводе)."""
    from docgen.store import audit, orgs
    from docgen.store import users as accounts

    if is_admin and role not in (None, "admin"):
        _fail("--admin и --role вместе: администратору роль не нужна")
    if not is_admin and role is None:
        _fail("Укажите --role или --admin")
    role = "admin" if is_admin else role
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Пароль", hide_input=True, confirmation_prompt="Пароль ещё раз")
    db = _open(data_dir)
    try:
        found = orgs.get_organisation(db, int(org)) if org.isdigit() else orgs.find_organisation(db, org)
    except DocgenError:
        found = None
    try:
        if found is None:
            if not create_org:
                _fail(f"Организации «{org}» нет. Создайте её (--create-org) или укажите другую")
            org_id = orgs.create_organisation(db, name=org, short_name=org, kind="municipal_office")
        else:
            org_id = int(found["id"])
        user_id = accounts.create_user(
            db, org_id=org_id, login=login, role=str(role), password=password, name=name,
            created_by="командная строка",
        )  # fmt: skip
        audit.record_event(db, org_id=org_id, user="командная строка", action="user_create",
                           object_type="user", object_id=user_id,
                           details={"login": accounts.normalise_login(login), "role": role})  # fmt: skip
        from docgen.web.setup_code import discard

        discard(db, data_dir)  # an account exists now: first-run setup is over
    except DocgenError as exc:
        _fail(str(exc))
        return
    finally:
        db.conn.close()
    click.echo(f"Пользователь «{accounts.normalise_login(login)}» ({role}) создан, № {user_id}.")


@users.command("list")
@data_dir_option
def list_users(data_dir: Path) -> None:
    """Список пользователей: логин, роль, организация, активен ли."""
    from docgen.store import orgs
    from docgen.store import users as accounts
    from docgen.store.scope import Scope

    db = _open(data_dir)
    try:
        every = [int(o["id"]) for o in orgs.list_organisations(db)]
        if not every:
            click.echo("Организаций и пользователей пока нет.")
            return
        scope = Scope(every[0], "командная строка", readable_org_ids=frozenset(every))
        for user in accounts.list_users(db, scope, with_admins=True):
            state = "" if user["active"] else "  (отключён)"
            click.echo(f"{user['login']:24} {user['role']:10} {user['org_short_name']}{state}")
    finally:
        db.conn.close()


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--with-files", is_flag=True,
              help="С хранилищем S3: скопировать в архив и сами файлы (например, для переезда).")  # fmt: skip
@data_dir_option
@_disk_full_refused
def backup(out: Path, with_files: bool, data_dir: Path) -> None:
    """Резервная копия в ZIP OUT: снимок базы (во время работы сервиса), все файлы, manifest.json.

    Если файлы хранятся в S3 (DOCGEN_STORAGE_URL=s3://…), в копию входит снимок базы и список
    файлов, а сами объекты остаются в бакете: его резервирует хранилище.
    """
    from docgen.store import backup as backups

    try:
        result = backups.backup(data_dir, out, files=True if with_files else None)
    except DocgenError as exc:
        _fail(str(exc))
        return
    for warning in result.warnings:
        click.echo(f"Пропущено: {warning}")
    if not result.files_included:
        click.echo(
            f"Резервная копия {result.path}: снимок базы. Файлы (объектов: "
            f"{result.manifest['storage']['objects']}) остаются в хранилище {result.storage} и в копию "
            "не входят: резервируйте бакет средствами хранилища (версионирование, репликация). "
            "Файлы всех записей в бакете на месте."
        )
        return
    click.echo(f"Резервная копия {result.path}: база и файлов {result.files}.")
    if result.orphans:
        click.echo(
            f"Из них без ссылок из базы: {result.orphans} (скопированы; удалить их из хранилища: "
            "docgen verify --prune)."
        )


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("backup_zip", metavar="BACKUP.zip",
                type=click.Path(dir_okay=False, exists=True, path_type=Path))  # fmt: skip
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Новая (пустая) папка данных.")  # fmt: skip
@click.option("--force", is_flag=True, help="Заменить базу и файлы в непустой папке.")
def restore(backup_zip: Path, data_dir: Path, force: bool) -> None:
    """Восстановить установку из резервной копии (каждый файл сверяется с manifest.json)."""
    from docgen.store import backup as backups

    try:
        manifest = backups.restore(backup_zip, data_dir, force=force)
    except DocgenError as exc:
        _fail(str(exc))
        return
    files = len(manifest["members"]) - 1
    click.echo(f"Восстановлено в {data_dir}: база и файлов {files}; проверка пройдена.")


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option("--prune", is_flag=True,
              help="Удалить файлы хранилища, на которые ничего не ссылается (старше 25 ч).")  # fmt: skip
@data_dir_option
@_disk_full_refused
def verify(prune: bool, data_dir: Path) -> None:
    """Проверить базу и хранилище: хеш каждого файла, файлы записей на месте, кэши и файлы без ссылок.

    Нет файла записи (документа, снимка досье, шаблона, пакета) — ошибка с названием записи.
    Нет файла кэша (PDF, миниатюры, картинки страницы) — предупреждение: кэш удаляется из базы и
    строится заново при просмотре.
    """
    from docgen.store import verify as checks

    result = checks.verify(data_dir, prune=prune)
    for line in checks.report_lines(result):
        click.echo(line)
    if result.problems:
        for problem in result.problems:
            click.echo(problem, err=True)
        _fail(f"Найдено проблем: {len(result.problems)}")
    click.echo("Проверка пройдена: база цела, файлы всех записей на месте и совпадают с хешами.")


COMMANDS = (users, backup, restore, verify)
