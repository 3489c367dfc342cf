"""Shared fixtures: samples, rendered packages, the path to the shared seeds."""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from pathlib import Path

import pg_schema
import pytest
import queue_worker

from docgen.model import Dossier, load_dossier
from docgen.render.package import RenderedDocument, render_dossier

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
SAMPLE_FILES = sorted(p for p in SAMPLES.iterdir() if p.suffix in {".yaml", ".yml", ".json"})

_rendered: dict[str, list[RenderedDocument]] = {}
INDEX_JOBS_WAIT = 30.0  # seconds a test's end waits for its archive-index jobs
S3_TEST_CREDENTIALS = (("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing"),
                       ("AWS_DEFAULT_REGION", "us-east-1"))  # fmt: skip


def sample(name: str) -> Dossier:
    path = next(p for p in SAMPLE_FILES if p.stem == name)
    return load_dossier(path)


def rendered_sample(name: str) -> list[RenderedDocument]:
    """Render a sample once per test session; tests only read the result."""
    if name not in _rendered:
        _rendered[name] = render_dossier(sample(name))
    return _rendered[name]


def documents_of(name: str, kind: str) -> list[RenderedDocument]:
    return [d for d in rendered_sample(name) if d.kind.id == kind]


@pytest.fixture
def gymnasium() -> Dossier:
    return sample("gymnasium-20")


@pytest.fixture
def college() -> Dossier:
    return sample("college-blagoveshchensk")


@pytest.fixture
def municipal() -> Dossier:
    return sample("municipal-berezniki")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.exists():
        pytest.skip("../shared/ (seeds and the declension set) is not beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def shared_s3_endpoint():
    """With DOCGEN_TEST_STORAGE=s3: one moto S3 server for the whole run (the region pass)."""
    if os.environ.get("DOCGEN_TEST_STORAGE") != "s3":
        yield None
        return
    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    for name, value in S3_TEST_CREDENTIALS:  # also for apps set up before any test's fixtures
        os.environ.setdefault(name, value)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def storage_engine(request, monkeypatch, shared_s3_endpoint):
    """With DOCGEN_TEST_STORAGE=s3: every test's files in a bucket of its own (DOCGEN_STORAGE_URL).
    Tests of the local folder itself are marked `local_files_only` and skipped there."""
    if shared_s3_endpoint is None:
        monkeypatch.delenv("DOCGEN_STORAGE_URL", raising=False)
        return
    if request.node.get_closest_marker("local_files_only"):
        pytest.skip("checks the local file store itself")
    for name, value in S3_TEST_CREDENTIALS:
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("DOCGEN_STORAGE_URL", _new_bucket(shared_s3_endpoint))


def _new_bucket(endpoint: str) -> str:
    """A new empty bucket on the test S3 server: its DOCGEN_STORAGE_URL."""
    import boto3

    bucket = f"t-{uuid.uuid4().hex[:16]}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(Bucket=bucket)
    return f"s3://{bucket}/docgen?endpoint={endpoint}"


@pytest.fixture(autouse=True)
def database_engine(request, monkeypatch):
    """On PostgreSQL (tests/pg_schema.py): a fresh schema per test, as DOCGEN_DATABASE_URL.
    Tests marked `sqlite_only` check SQLite itself (its file, PRAGMAs) and are skipped there."""
    if not pg_schema.on_postgres():
        monkeypatch.delenv("DOCGEN_DATABASE_URL", raising=False)
        yield None
        return
    if request.node.get_closest_marker("sqlite_only"):
        pytest.skip("checks SQLite itself")
    name, url = pg_schema.create_schema()
    monkeypatch.setenv("DOCGEN_DATABASE_URL", url)
    # A shared database needs one session key for every node (the start is refused without it).
    monkeypatch.setenv("DOCGEN_SECRET_KEY", "test-only-" + name)
    yield url
    pg_schema.drop_schema(name)


@pytest.fixture(scope="session")
def shared_queue():
    """With DOCGEN_TEST_QUEUE_URL: one Redis queue for the run, worked by threads (queue_worker)."""
    if not queue_worker.on_queue():
        yield None
        return
    workers = queue_worker.start_workers(queue_worker.TEST_URL)
    try:
        yield queue_worker.TEST_URL
    finally:
        queue_worker.stop_workers(workers)


@pytest.fixture(autouse=True)
def queue_engine(request, monkeypatch, shared_queue):
    """With DOCGEN_TEST_QUEUE_URL: the test's jobs go through the queue (DOCGEN_QUEUE_URL).
    Tests of the in-process job threads themselves are marked `thread_jobs_only`."""
    if shared_queue is None:
        monkeypatch.delenv("DOCGEN_QUEUE_URL", raising=False)
        return
    if request.node.get_closest_marker("thread_jobs_only"):
        pytest.skip("checks the job threads of the web process")
    monkeypatch.setenv("DOCGEN_QUEUE_URL", shared_queue)


@pytest.fixture(autouse=True)
def archive_index_jobs_finish(database_engine, queue_engine):
    """Every issue through the web starts an archive-index job after its response (a thread, or
    the queue). A test ends once those jobs are done, so that none writes into a PostgreSQL schema
    being dropped (a deadlock with DROP SCHEMA) or a folder being removed. Torn down before the
    engine fixtures it depends on."""
    yield
    from docgen.web.archive_indexing import KIND
    from docgen.web.jobs import thread_name

    deadline = time.monotonic() + INDEX_JOBS_WAIT
    while time.monotonic() < deadline:
        threads = any(t.name.startswith(thread_name(KIND, "")) for t in threading.enumerate())
        if not threads and not (queue_worker.on_queue() and queue_worker.jobs_waiting(f"{KIND}-")):
            return
        time.sleep(0.02)


@pytest.fixture(scope="module")
def module_engines(shared_s3_endpoint, shared_queue):
    """App settings for an app that serves a whole module (it starts before each test's engine
    fixtures above): a PostgreSQL schema, an S3 bucket and the queue of its own, in the engines
    the run selects; {} on the embedded defaults."""
    config: dict[str, str] = {}
    schema = None
    if pg_schema.on_postgres():
        schema, url = pg_schema.create_schema()
        config.update(DATABASE_URL=url, SECRET_KEY="test-only-" + schema)
    if shared_s3_endpoint is not None:
        config["STORAGE_URL"] = _new_bucket(shared_s3_endpoint)
    if shared_queue is not None:
        config["QUEUE_URL"] = shared_queue
    yield config
    if schema is not None:
        pg_schema.drop_schema(schema)
