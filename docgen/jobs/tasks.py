"""What a `docgen worker` runs for a queued job, and how a job that failed for good is reported."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)


def _connect(database: str) -> Any:
    from docgen.store.db import connect

    return connect(database)


def run(
    kind: str,
    name: str,
    database: str,
    files_dir: str,
    storage_url: str,
    work: Callable[..., None],
    failed: Callable[..., None],
) -> None:
    """Run `work(db, files)` with a connection and file store of its own; an exception goes
    back to RQ, which retries the job once and then calls `report_failure`."""
    from docgen.store.blobstore import open_store

    log.info("%s job %s started", kind, name)
    db = _connect(database)
    try:
        work(db, open_store(files_dir, storage_url))
    finally:
        db.conn.close()
    log.info("%s job %s done", kind, name)


def report_failure(job: Any, connection: Any, exc_type: Any = None, *_exc: Any) -> None:
    """RQ's failure callback (also for a job whose worker died: AbandonedJobError). Before the
    last try nothing is recorded: the job runs again. After it, `failed(db)` records the failure."""
    kind, name, database, _files_dir, _storage_url, _work, failed = job.args
    if job.should_retry:
        log.warning("%s job %s failed (%s): it will be tried again", kind, name, exc_type)
        return
    log.error("%s job %s failed for good (%s): reporting it", kind, name, exc_type)
    db = _connect(database)
    try:
        failed(db)
    finally:
        db.conn.close()
