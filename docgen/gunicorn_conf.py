"""gunicorn's configuration for docgen: `gunicorn -c python:docgen.gunicorn_conf`.

Shipped in the package, so it works from any folder once docgen is installed. Every setting
can be overridden on the command line (`--bind 0.0.0.0:8000 --workers 4`) or in
GUNICORN_CMD_ARGS. It gives:
- the app (`docgen:create_app()`), 2 workers on 127.0.0.1:8000;
- docgen's logging for gunicorn's own lines and an access log on stdout whose lines carry the
  request id (`rid=`, the same as the response's `X-Request-ID` and the audit entry);
- Prometheus multiprocess mode: PROMETHEUS_MULTIPROC_DIR under the data folder, emptied at
  start, each dead worker's gauges marked dead.
Timeouts: an issue may wait up to 120 s for another issue of the same organisation
(docgen/store/issue_gate.py) and LibreOffice up to 60 s per document, so a worker gets 180 s.
"""

from __future__ import annotations

import os
from pathlib import Path

from docgen.logging_setup import dict_config

wsgi_app = "docgen:create_app()"
bind = ["127.0.0.1:8000"]
workers = 2
timeout = 180
graceful_timeout = 30

accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms rid=%({x-request-id}o)s "%(a)s"'
logconfig_dict = dict_config()

DATA_DIR = Path(os.environ.get("DOCGEN_DATA_DIR") or "./data").expanduser().resolve()
METRICS_DIR = Path(os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(DATA_DIR / "prometheus")))
METRICS_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)


def on_starting(server) -> None:
    """The master starts: counters of a previous run are dropped (prometheus_client's rule)."""
    for stale in METRICS_DIR.glob("*.db"):
        stale.unlink(missing_ok=True)


def child_exit(server, worker) -> None:
    """A worker ended: its live gauges stop counting (its counters are kept)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid, str(METRICS_DIR))
