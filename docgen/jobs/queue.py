"""Putting a job on the Redis queue (RQ).

A job is `tasks.run(kind, name, database, files_dir, storage_url, work, failed)`: `work(db,
files)` and `failed(db)` are picklable callables (module-level functions, or functools.partial
of them) so that a worker on another host can run them. Each job is retried once (`RETRIES`);
when the retry fails too, or a worker dies running it twice, `tasks.report_failure` calls
`failed(db)`, which records the Russian message the user then sees.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

QUEUE_ENV = "DOCGEN_QUEUE_URL"
QUEUE_NAME = "docgen"
RETRIES = 1
JOB_TIMEOUT = 30 * 60  # seconds: a municipal batch of many schools' drafts is the longest job
RESULT_TTL = 3600

_connections: dict[str, Any] = {}
_guard = threading.Lock()


def check_url(url: str) -> str | None:
    """None when `url` can be used as the queue; else why not, in Russian (checked at start-up)."""
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return f"{QUEUE_ENV}: «{url}» — ожидается адрес Redis, например redis://127.0.0.1:6379/0"
    try:
        import redis  # noqa: F401
        import rq  # noqa: F401
    except ImportError:
        return f'{QUEUE_ENV}: для очереди нужны пакеты rq и redis: pip install "docgen[region]"'
    return None


def job_database(database: str, database_url: str | None = None) -> str:
    """What a worker connects to: the shared database's URL (DOCGEN_DATABASE_URL, when it is not
    SQLite: a worker may run on another host), else the SQLite file's path (same host)."""
    url = database_url if database_url is not None else os.environ.get("DOCGEN_DATABASE_URL")
    if url and not str(url).startswith("sqlite"):
        return str(url)
    return database


def queue_url() -> str | None:
    return os.environ.get(QUEUE_ENV) or None


def connection(url: str) -> Any:
    """One Redis client per URL and process (redis-py clients are thread-safe pools)."""
    import redis

    with _guard:
        if url not in _connections:
            _connections[url] = redis.Redis.from_url(url)
        return _connections[url]


def get_queue(url: str) -> Any:
    from rq import Queue

    return Queue(QUEUE_NAME, connection=connection(url), default_timeout=JOB_TIMEOUT)


def enqueue(
    url: str,
    kind: str,
    name: str,
    database: str,
    files_dir: str,
    storage_url: str,
    work: Callable[..., None],
    failed: Callable[..., None],
) -> str:
    """Queue the job; returns its RQ id."""
    from rq import Callback, Retry

    from . import tasks

    job = get_queue(url).enqueue(
        tasks.run,
        args=(kind, name, database, files_dir, storage_url, work, failed),
        job_id=f"{kind}-{name}-{os.urandom(4).hex()}",
        retry=Retry(max=RETRIES),
        on_failure=Callback(tasks.report_failure),
        result_ttl=RESULT_TTL,
        failure_ttl=7 * 24 * 3600,
        description=f"docgen {kind} {name}",
    )
    return str(job.id)
