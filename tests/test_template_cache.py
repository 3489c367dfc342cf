"""Compiled templates kept on disk between processes (`docgen render` in a cold process)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.render import template_cache, templates
from docgen.render.compiled import CompiledTemplate
from docgen.render.package import render_dossier
from tests.conftest import SAMPLES, sample


@pytest.fixture
def disk_cache(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(template_cache.ENV, str(folder))
    monkeypatch.setattr(templates, "_cache", {})  # a fresh process: nothing compiled in memory
    template_cache.enable()
    yield folder
    template_cache.enable(False)


def _contents(documents) -> dict[str, bytes]:
    return {d.filename: d.content for d in documents}


def test_a_second_process_renders_the_same_bytes_without_compiling(disk_cache, monkeypatch) -> None:
    dossier = sample("gymnasium-20")
    first = _contents(render_dossier(dossier))
    entries = list(disk_cache.glob("*.pickle"))
    assert len(entries) == len({d.kind.template for d in render_dossier(dossier)})

    monkeypatch.setattr(templates, "_cache", {})

    def no_compiling(*args, **kwargs):
        raise AssertionError("compiled again although the disk cache has it")

    monkeypatch.setattr(CompiledTemplate, "__init__", no_compiling)
    again = _contents(render_dossier(dossier))
    assert again == first  # every document byte for byte, tables repaired where needed


def test_a_broken_or_unwritable_cache_only_means_compiling(disk_cache, monkeypatch, tmp_path) -> None:
    dossier = sample("gymnasium-20")
    expected = _contents(render_dossier(dossier, only=["pairs-order"]))
    for entry in disk_cache.glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    monkeypatch.setattr(templates, "_cache", {})
    assert _contents(render_dossier(dossier, only=["pairs-order"])) == expected

    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv(template_cache.ENV, str(blocker / "cache"))  # cannot be created
    monkeypatch.setattr(templates, "_cache", {})
    assert _contents(render_dossier(dossier, only=["pairs-order"])) == expected


def test_off_writes_nothing(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(template_cache.ENV, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(templates, "_cache", {})
    template_cache.enable()
    try:
        render_dossier(sample("gymnasium-20"), only=["roadmap"])
    finally:
        template_cache.enable(False)
    assert template_cache.cache_dir() is None
    assert not list(tmp_path.rglob("*.pickle"))


def test_another_version_of_the_code_is_another_entry(disk_cache, monkeypatch) -> None:
    render_dossier(sample("gymnasium-20"), only=["roadmap"])
    monkeypatch.setattr(templates, "_cache", {})
    monkeypatch.setattr(template_cache, "code_fingerprint", lambda: "другая версия")
    render_dossier(sample("gymnasium-20"), only=["roadmap"])
    assert len(list(disk_cache.glob("*.pickle"))) == 2


def test_cli_render_fills_the_cache_and_gives_the_same_documents(tmp_path, monkeypatch) -> None:
    folder = tmp_path / "cache"
    monkeypatch.setenv(template_cache.ENV, str(folder))
    monkeypatch.setattr(templates, "_cache", {})
    runner = CliRunner()
    try:
        first = runner.invoke(main, ["render", str(SAMPLES / "gymnasium-20.yaml"), "-o", str(tmp_path / "a")])
        monkeypatch.setattr(templates, "_cache", {})
        second = runner.invoke(
            main, ["render", str(SAMPLES / "gymnasium-20.yaml"), "-o", str(tmp_path / "b")]
        )
    finally:
        template_cache.enable(False)
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    made = len(list((tmp_path / "a").glob("*.docx")))
    assert made > 50 and f"Готово: {made} документов" in second.output
    assert list(folder.glob("*.pickle"))
    for made in sorted((tmp_path / "a").glob("*.docx")):
        assert (tmp_path / "b" / made.name).read_bytes() == made.read_bytes(), made.name
