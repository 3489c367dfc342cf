"""`docgen reindex`: rebuild the archive's search index (full text and people's name forms) —
after an upgrade that changes how names are indexed, or a restore. With DOCGEN_QUEUE_URL the
work is queued for `docgen worker` (one retry, then the failure is reported); else it runs here.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import Any

import click
import sqlite_utils

from .queue import QUEUE_ENV

log = logging.getLogger(__name__)

FAILED = "Переиндексация архива не удалась и после повторной попытки"


def reindex_work(db: sqlite_utils.Database, files: Any) -> None:
    """The job: the whole index in one write transaction (searches see the old one meanwhile)."""
    from docgen.store.db import write_transaction
    from docgen.store.reindex import reindex_archive

    with write_transaction(db):
        count = reindex_archive(db, files)
    log.info("archive re-indexed: %d records", count)


def reindex_failed(db: sqlite_utils.Database) -> None:
    log.error("%s", FAILED)


@click.command("reindex")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), envvar="DOCGEN_DATA_DIR",
              default="./data", show_default=True, help="Папка данных docgen (DOCGEN_DATA_DIR).")  # fmt: skip
@click.option(
    "--queue-url", envvar=QUEUE_ENV, default=None, help="Очередь Redis (по умолчанию DOCGEN_QUEUE_URL)."
)
@click.option("--wait", is_flag=True, help="С очередью: дождаться, пока обработчик закончит.")
def reindex_command(data_dir: Path, queue_url: str | None, wait: bool) -> None:
    """Перестроить поисковый индекс архива (текст документов и формы имён людей).

    С очередью (DOCGEN_QUEUE_URL) задание выполняет docgen worker; без неё — эта команда.
    """
    from docgen.store.blobstore import open_store, storage_url
    from docgen.store.db import connect, migrate
    from docgen.store.engine import database_target, is_postgres

    database, files_dir = database_target(data_dir), data_dir / "files"
    if not is_postgres(database) and not Path(database).is_file():
        click.echo(f"В папке {data_dir} нет базы данных docgen", err=True)
        sys.exit(1)
    if not queue_url:
        db = connect(database)
        try:
            migrate(db)
            reindex_work(db, open_store(files_dir))
            (count,) = db.execute("SELECT count(*) FROM documents").fetchone()
        finally:
            db.conn.close()
        click.echo(f"Поисковый индекс архива перестроен: записей {count}.")
        return
    from .queue import connection, enqueue, job_database

    job_id = enqueue(queue_url, "reindex", "archive", job_database(str(database)), str(files_dir),
                     storage_url() or "", reindex_work, reindex_failed)  # fmt: skip
    click.echo(f"Переиндексация архива поставлена в очередь (задание {job_id}); её выполнит docgen worker.")
    if wait:
        _wait(connection(queue_url), job_id)


def _wait(redis: Any, job_id: str, timeout: float = 3600) -> None:
    from rq.job import Job, JobStatus

    deadline = time.monotonic() + timeout
    job = Job.fetch(job_id, connection=redis)
    while True:
        status = job.get_status(refresh=True)
        if status == JobStatus.FINISHED:
            click.echo("Поисковый индекс архива перестроен.")
            return
        if status in (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED):
            click.echo(f"{FAILED}: подробности в журнале docgen worker.", err=True)
            sys.exit(1)
        if time.monotonic() > deadline:
            click.echo("Задание ещё не выполнено: проверьте, что docgen worker запущен.", err=True)
            sys.exit(1)
        time.sleep(0.5)
