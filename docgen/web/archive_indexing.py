"""Indexing an issue's documents after the response (`docgen.store.archive_pending`).

An issue route calls `index_after_response(org_id)`; when the request ends (its response made),
a background job (`jobs.submit`: a thread, or the Redis queue with DOCGEN_QUEUE_URL) indexes the
organisation's waiting documents. The job only saves the next search that work: a search indexes
whatever is still waiting before it looks.
"""

from __future__ import annotations

import functools

from flask import Flask, current_app, g

from docgen.store import archive_pending

from . import jobs

KIND = "archive-index"
THREADS = 1  # one indexing thread at a time per process: a second would only wait for the lock


def index_after_response(org_id: int) -> None:
    """Index the organisation's waiting documents once this request is over."""
    g.setdefault("index_orgs", set()).add(org_id)


def _start(_exc: BaseException | None = None) -> None:
    for org_id in sorted(g.pop("index_orgs", ())):
        jobs.submit(
            KIND,
            str(org_id),
            current_app.config,
            functools.partial(archive_pending.index_job, org_id),
            functools.partial(archive_pending.index_job_failed, org_id),
            limit=THREADS,
        )


def init_app(app: Flask) -> None:
    app.teardown_request(_start)
