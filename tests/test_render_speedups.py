"""What the speed work changed in output: packages store .docx as they are, renders pause the
collector and restore it, rendered parts compress about as well as zlib level 1."""

from __future__ import annotations

import gc
import io
import json
import zipfile

import pytest

from docgen.errors import TemplateProblem
from docgen.render import deflate
from docgen.render.compiled import CompiledTemplate
from docgen.render.package import package_zip, render_dossier
from docgen.render.templates import DEFAULT_TEMPLATE_DIR
from tests.conftest import sample


def test_package_zip_stores_documents_and_deflates_the_manifest() -> None:
    dossier = sample("gymnasium-20")
    documents = render_dossier(dossier, only=["pairs-order", "roadmap", "consent-pd-adult"])
    with zipfile.ZipFile(io.BytesIO(package_zip(documents, dossier))) as archive:
        infos = {info.filename: info for info in archive.infolist()}
        for document in documents:
            assert infos[document.filename].compress_type == zipfile.ZIP_STORED
            assert archive.read(document.filename) == document.content
        assert infos["manifest.json"].compress_type == zipfile.ZIP_DEFLATED
        manifest = json.loads(archive.read("manifest.json"))
    assert [d["file"] for d in manifest["documents"]] == [d.filename for d in documents]


def test_a_render_pauses_the_collector_and_gives_it_back(gymnasium) -> None:
    (document,) = render_dossier(gymnasium, only=["pairs-order"])
    assert gc.isenabled()
    template = CompiledTemplate((DEFAULT_TEMPLATE_DIR / document.kind.template).read_bytes())
    with pytest.raises(TemplateProblem):
        template.render({})  # a failing render gives the collector back too
    assert gc.isenabled()
    gc.disable()
    try:
        render_dossier(gymnasium, only=["roadmap"])
        assert not gc.isenabled()  # a caller's own pause is left alone
    finally:
        gc.enable()


def test_rendered_parts_are_no_larger_than_zlib_level_1(gymnasium) -> None:
    """In all, smaller than zlib level 1 makes them; a small part may come out up to ~2.5 %
    larger (ISA-L level 2 spends less effort on short inputs)."""
    ours_total = zlib_total = 0
    for document in render_dossier(gymnasium, keep_parts=True):
        for name, xml in document.parts.items():
            ours, theirs = len(deflate.compress(xml)), len(zlib_raw(xml, 1))
            assert ours <= theirs * 1.03, (document.filename, name)
            ours_total += ours
            zlib_total += theirs
    assert ours_total <= zlib_total


def zlib_raw(data: bytes, level: int) -> bytes:
    import zlib

    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()
