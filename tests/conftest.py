"""Shared fixtures: samples, rendered packages, the path to the shared seeds."""

from __future__ import annotations

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
