"""Running the suite with a job queue: `DOCGEN_TEST_QUEUE_URL=redis://…` sends every test's
background jobs (PDFs, page pictures, office drafts) through RQ on that Redis, as
DOCGEN_QUEUE_URL, and issuing progress is kept there too. The jobs are run by two docgen
workers in threads of the test process, so that a test's stand-ins (a slow converter, say) are
the ones its jobs call; `tests/region` also runs real `docgen worker` processes. Unset: jobs run
in threads of the web process, as always."""

from __future__ import annotations

import os
import threading
from typing import Any

TEST_URL = os.environ.get("DOCGEN_TEST_QUEUE_URL", "").strip()
WORKERS = 2  # as many jobs at once as the web process runs in threads (previews.MAX_JOBS)


def on_queue() -> bool:
    return bool(TEST_URL)


def start_workers(url: str) -> list[Any]:
    """Empty the queue's database and start WORKERS workers in daemon threads."""
    import redis
    from rq.timeouts import TimerDeathPenalty

    from docgen.jobs.worker import DocgenWorker, make_worker

    class ThreadWorker(DocgenWorker):
        death_penalty_class = TimerDeathPenalty  # SIGALRM, too, is the main thread's

        def _install_signal_handlers(self) -> None:  # signals belong to the main thread
            pass

    redis.Redis.from_url(url).flushdb()
    workers = []
    for n in range(WORKERS):
        worker = make_worker(url, heartbeat=2, maintenance=10)
        worker.__class__ = ThreadWorker
        thread = threading.Thread(target=worker.work, name=f"test-rq-worker-{n}", daemon=True)
        thread.start()
        workers.append(worker)
    return workers


def stop_workers(workers: list[Any]) -> None:
    for worker in workers:
        worker._stop_requested = True  # what RQ's own SIGTERM handler sets


def jobs_waiting(prefix: str) -> bool:
    """Whether a job whose id starts with `prefix` (its kind, see docgen.jobs.queue.enqueue) is
    queued or running."""
    import redis
    from rq import Queue
    from rq.registry import StartedJobRegistry

    from docgen.jobs.queue import QUEUE_NAME

    queue = Queue(QUEUE_NAME, connection=redis.Redis.from_url(TEST_URL))
    ids = [*queue.get_job_ids(), *StartedJobRegistry(queue=queue).get_job_ids()]
    return any(job_id.startswith(prefix) for job_id in ids)
