"""`docgen worker`: runs the queued jobs (RQ) in this process, one at a time.

Not RQ's forking worker: a PDF job converts with the process's resident LibreOffice pool
(`docgen.pdf.pool`), which a fork per job would start anew and leave behind. Jobs run in the
worker process itself (RQ's SimpleWorker) while a thread keeps the job's heartbeat: its entry
in RQ's StartedJobRegistry lives `2 × heartbeat + 5` seconds past the last beat. A worker that
is killed (SIGKILL, a lost host) stops beating; the next registry maintenance of any worker
(every `maintenance` seconds, and at each worker's start) finds the job abandoned and queues
it again (one retry), or, when it was already retried, records its failure for the user.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from rq import SimpleWorker
from rq.worker import WorkerStatus

from .queue import connection, get_queue

log = logging.getLogger(__name__)

HEARTBEAT = 10  # seconds between a running job's heartbeats
MAINTENANCE = 30  # seconds between looks for abandoned jobs


class DocgenWorker(SimpleWorker):
    def get_heartbeat_ttl(self, job: Any, working_time: float = 0.0) -> int:
        return int(self.job_monitoring_interval) * 2 + 5

    def execute_job(self, job: Any, queue: Any) -> None:
        execution = self.prepare_execution(job)
        stop = threading.Event()

        def beat() -> None:
            while not stop.wait(self.job_monitoring_interval):
                try:
                    self.maintain_heartbeats(job, execution)
                except Exception:  # a missed beat is retried at the next one
                    log.exception("job %s: heartbeat failed", job.id)

        beating = threading.Thread(target=beat, name=f"docgen-heartbeat-{job.id}", daemon=True)
        beating.start()
        try:
            self.perform_job(job, queue, execution)
        finally:
            stop.set()
            beating.join()
        self.set_state(WorkerStatus.IDLE)


def make_worker(url: str, *, heartbeat: int = HEARTBEAT, maintenance: int = MAINTENANCE) -> DocgenWorker:
    return DocgenWorker(
        [get_queue(url)],
        connection=connection(url),
        job_monitoring_interval=heartbeat,
        maintenance_interval=maintenance,
        worker_ttl=max(maintenance + 15, heartbeat * 2 + 20),
    )


def run(url: str, *, burst: bool = False, heartbeat: int = HEARTBEAT, maintenance: int = MAINTENANCE) -> bool:
    """Work until stopped (SIGTERM/SIGINT finish the current job first); `burst`: until the
    queue is empty."""
    worker = make_worker(url, heartbeat=heartbeat, maintenance=maintenance)
    return bool(worker.work(burst=burst, logging_level=logging.getLevelName(logging.getLogger().level)))
