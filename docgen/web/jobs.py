"""Background jobs of the web process: each runs in a thread of its own with its own database
connection (never the request's), at most `limit` of one kind at once (the rest wait their
turn). Used by the office's draft jobs ('draft', `drafts.py`) and by the PDF copies and page
pictures ('pdf', 'thumbnail', 'pages', `preview_jobs.py`). A job whose thread's process dies is
noticed by its row going stale.

With DOCGEN_QUEUE_URL set, `submit` puts the job on the Redis queue instead (`docgen.jobs`):
`docgen worker` processes run it, retry it once and report its failure; `work` and `failed`
must then be picklable (module-level functions or functools.partial of them).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from typing import Any

import sqlite_utils

from docgen.store.blobstore import BlobStore, open_store
from docgen.store.db import connect

log = logging.getLogger(__name__)

Work = Callable[[sqlite_utils.Database, BlobStore], None]
Failed = Callable[[sqlite_utils.Database], None]

_limits: dict[str, threading.BoundedSemaphore] = {}
_guard = threading.Lock()


def _slots(kind: str, limit: int) -> threading.BoundedSemaphore:
    with _guard:
        if kind not in _limits:
            _limits[kind] = threading.BoundedSemaphore(limit)
        return _limits[kind]


def thread_name(kind: str, name: str) -> str:
    """The name of a job's thread (what a debugger or a test looks for)."""
    return f"docgen-{kind}-{name}"


def run_in_thread(
    kind: str,
    name: str,
    database: str,
    files_dir: str,
    work: Work,
    failed: Failed,
    *,
    limit: int = 2,
    storage_url: str | None = None,
) -> threading.Thread:
    """Start `work(db, files)` in a daemon thread; if it raises, `failed(db)` records the failure
    (both logged, nothing escapes the thread). The connection is closed at the end."""

    def run() -> None:
        with _slots(kind, limit):
            db = None
            try:
                db = connect(database)
                work(db, open_store(files_dir, storage_url))
            except Exception:
                log.exception("%s job %s failed", kind, name)
                try:
                    if db is not None:
                        failed(db)
                except Exception:
                    log.exception("%s job %s: the failure could not be recorded", kind, name)
            finally:
                if db is not None:
                    db.conn.close()

    thread = threading.Thread(target=run, name=thread_name(kind, name), daemon=True)
    thread.start()
    return thread


def submit(
    kind: str, name: str, config: Mapping[str, Any], work: Work, failed: Failed, *, limit: int = 2
) -> None:
    """Run the job on the queue when the app has one (QUEUE_URL), else in a thread of this process."""
    url = config.get("QUEUE_URL")
    if url:
        from docgen.jobs.queue import enqueue, job_database

        database = job_database(config["DATABASE"], config.get("DATABASE_URL") or "")
        try:
            job = enqueue(str(url), kind, name, database, config["FILES_DIR"],
                          config.get("STORAGE_URL") or "", work, failed)  # fmt: skip
        except Exception:  # Redis down: the job is reported failed, the page says so (not a 500)
            log.exception("%s job %s could not be queued", kind, name)
            db = connect(config["DATABASE"])
            try:
                failed(db)
            finally:
                db.conn.close()
            return
        log.info("%s job %s queued as %s", kind, name, job)
        return
    run_in_thread(kind, name, config["DATABASE"], config["FILES_DIR"], work, failed, limit=limit,
                  storage_url=config.get("STORAGE_URL") or "")  # fmt: skip
