"""Shared fixtures: samples, rendered packages, the path to the shared seeds."""

from __future__ import annotations

import os
import socket
import uuid
from pathlib import Path

import pg_schema
import pytest

from docgen.model import Dossier, load_dossier
from docgen.render.package import RenderedDocument, render_dossier

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
SAMPLE_FILES = sorted(p for p in SAMPLES.iterdir() if p.suffix in {".yaml", ".yml", ".json"})

_rendered: dict[str, list[RenderedDocument]] = {}


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
    import boto3

    for name, value in (("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing"),
                        ("AWS_DEFAULT_REGION", "us-east-1")):  # fmt: skip
        monkeypatch.setenv(name, value)
    bucket = f"t-{uuid.uuid4().hex[:16]}"
    boto3.client("s3", endpoint_url=shared_s3_endpoint, region_name="us-east-1").create_bucket(Bucket=bucket)
    monkeypatch.setenv("DOCGEN_STORAGE_URL", f"s3://{bucket}/docgen?endpoint={shared_s3_endpoint}")


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
