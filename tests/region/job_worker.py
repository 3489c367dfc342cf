"""`docgen worker` for the queue tests, with the office's draft job replaced by one that marks
that it started and then hangs (to be killed mid-job) or fails (to be retried, then reported).
Run as `python -m tests.region.job_worker hang|fail <mark file> [worker options]`."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from docgen.store import draft_jobs


def main() -> None:
    mode, mark = sys.argv[1], Path(sys.argv[2])

    def run_job(db, files, scope, job_id) -> None:
        draft_jobs._update(db, scope, job_id, status="running", stage="подготовка")  # as the real one
        with mark.open("a") as out:
            out.write(f"{mode} {job_id}\n")
        if mode == "fail":
            raise RuntimeError("a job that always fails")
        time.sleep(600)

    draft_jobs.run_job = run_job  # the queued job names draft_jobs.run_job: it finds this one

    from docgen.cli import main as docgen

    docgen(["worker", *sys.argv[3:]])


if __name__ == "__main__":
    main()
