"""`GET /metrics`: Prometheus text format, for the IT person's monitoring.

Per-process counters (requests by route and status, latency, PDF conversions) use
prometheus_client; under gunicorn `docgen/gunicorn_conf.py` sets `PROMETHEUS_MULTIPROC_DIR`
before anything imports it, so the workers' values are added up (multiprocess mode). Totals
that the database knows (documents issued by kind, the draft job queue, the archive's size) are
counted at scrape time, so they are right whichever worker answers and survive restarts.

Protection: `DOCGEN_METRICS_TOKEN` (the scraper sends `Authorization: Bearer <token>`) and/or
`DOCGEN_METRICS_ALLOW` (client addresses or networks, comma-separated); each one set must
match. With neither set, /metrics is refused: it is off until the administrator turns it on.
No organisation is named in any metric.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import time
from collections.abc import Iterator

from flask import Blueprint, Flask, Response, current_app, g, jsonify, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from docgen.store.db import connect

from .config import InvalidSetting

bp = Blueprint("metrics", __name__)

REQUESTS = Counter(
    "docgen_http_requests_total", "HTTP requests answered, by route and status", ["method", "route", "status"]
)
LATENCY = Histogram(
    "docgen_http_request_duration_seconds",
    "Time to answer an HTTP request, by route",
    ["route"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120),
)
PDF = Counter("docgen_pdf_conversions_total", "Conversions of .docx to PDF, by outcome", ["outcome"])

UNMATCHED = "<unmatched>"  # 404s are one route: a scanner must not create a series per URL


def note_pdf(outcome: str) -> None:
    """One conversion: «ok», «failed» or «unavailable» (no LibreOffice)."""
    PDF.labels(outcome=outcome).inc()


# -- per request ---------------------------------------------------------------------------------


def _start() -> None:
    g.metrics_started = time.perf_counter()


def _finish(response: Response) -> Response:
    started = g.get("metrics_started")
    if started is not None:
        route = request.url_rule.rule if request.url_rule is not None else UNMATCHED
        REQUESTS.labels(request.method, route, str(response.status_code)).inc()
        LATENCY.labels(route).observe(time.perf_counter() - started)
    return response


def init_app(app: Flask) -> None:
    try:
        _allowed_networks(app.config.get("METRICS_ALLOW"))
    except ValueError as exc:
        raise InvalidSetting(
            f"DOCGEN_METRICS_ALLOW: «{app.config.get('METRICS_ALLOW')}» — не адрес и не сеть ({exc}). "
            "Укажите адреса или сети через запятую, например «127.0.0.1, 10.0.0.0/24»."
        ) from None
    app.before_request(_start)
    app.after_request(_finish)


# -- what the database knows ---------------------------------------------------------------------


class DatabaseCollector:
    """Totals read from the database at each scrape (all organisations together)."""

    def __init__(self, database: str) -> None:
        self.database = database

    def collect(self) -> Iterator[Metric]:
        db = connect(self.database)
        try:
            issued = CounterMetricFamily(
                "docgen_documents_issued", "Documents issued into the archive, by kind", labels=["kind"]
            )
            for kind, count in db.execute("SELECT kind, count(*) FROM documents GROUP BY kind ORDER BY kind"):
                issued.add_metric([kind], count)
            yield issued
            queue = GaugeMetricFamily(
                "docgen_job_queue_depth", "Draft jobs waiting or running, by status", labels=["status"]
            )
            waiting = "SELECT status, count(*) FROM draft_jobs WHERE status IN ('queued', 'running') "
            counts = dict(db.execute(waiting + "GROUP BY status").fetchall())
            for status in ("queued", "running"):
                queue.add_metric([status], counts.get(status, 0))
            yield queue
            totals = db.execute("SELECT count(*), coalesce(sum(size), 0) FROM documents").fetchone()
            yield GaugeMetricFamily("docgen_archive_documents", "Documents in the archive", value=totals[0])
            yield GaugeMetricFamily(
                "docgen_archive_bytes", "Size of the archive's documents (bytes)", value=totals[1]
            )
        finally:
            db.conn.close()


def _process_registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


# -- protection ----------------------------------------------------------------------------------


def _allowed_networks(setting: object) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    items = setting if isinstance(setting, list | tuple) else str(setting or "").split(",")
    return [ipaddress.ip_network(str(item).strip(), strict=False) for item in items if str(item).strip()]


def refusal() -> tuple[int, str] | None:
    """None when this request may read the metrics, else (status, Russian reason)."""
    token = str(current_app.config.get("METRICS_TOKEN") or "")
    allow = _allowed_networks(current_app.config.get("METRICS_ALLOW"))
    if not token and not allow:
        return 404, "Метрики выключены: задайте DOCGEN_METRICS_TOKEN или DOCGEN_METRICS_ALLOW."
    if allow:
        try:
            address = ipaddress.ip_address(request.remote_addr or "")
        except ValueError:
            return 403, "Метрики недоступны с этого адреса."
        if not any(address in network for network in allow):
            return 403, "Метрики недоступны с этого адреса."
    if token:
        sent = request.headers.get("Authorization", "")
        scheme, _, value = sent.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
            return 401, "Для метрик нужен заголовок Authorization: Bearer <DOCGEN_METRICS_TOKEN>."
    return None


@bp.get("/metrics")
def metrics():
    refused = refusal()
    if refused is not None:
        status, message = refused
        return jsonify(error=message, status=status), status
    database = CollectorRegistry()
    database.register(DatabaseCollector(current_app.config["DATABASE"]))
    body = generate_latest(_process_registry()) + generate_latest(database)
    return Response(body, content_type=CONTENT_TYPE_LATEST)
