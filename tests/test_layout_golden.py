"""Golden pictures: the first page of each kind as LibreOffice prints it (60 dpi, grayscale,
tests/golden/<kind>.png): the gymnasium sample's, and for the kinds it does not issue, the first
other sample's that does. A new rendering is compared pixel by pixel; when it diverges, the new
picture and a difference image go to tests/golden/_diff/ and the test fails naming them, so a
layout change is seen, not guessed.

After an intended change of the layout, refresh the pictures and commit them:
    DOCGEN_REFRESH_GOLDEN=1 python -m pytest tests/test_layout_golden.py
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import SAMPLE_FILES, rendered_sample

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) не установлен"),
]
GOLDEN = Path(__file__).parent / "golden"
DIFF_DIR = GOLDEN / "_diff"
DPI = 60
INK_STEP = 64  # a pixel differs when its gray level moves by more than this
TOLERANCE = 0.002  # share of differing pixels allowed (anti-aliasing of a glyph or two)
REFRESH = os.environ.get("DOCGEN_REFRESH_GOLDEN") == "1"

FIRSTS = {}
for _name in ["gymnasium-20", *(p.stem for p in SAMPLE_FILES if p.stem != "gymnasium-20")]:
    for _doc in rendered_sample(_name):  # kinds the gymnasium does not issue: another sample's
        FIRSTS.setdefault(_doc.kind.id, _doc)


def first_page_gray_png(pdf: bytes, dpi: int = DPI) -> bytes:
    import pymupdf
    from PIL import Image

    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        gray = doc[0].get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY).tobytes("png")
    # 16 gray levels keep the picture readable and the file small (a golden file is in git)
    image = Image.open(io.BytesIO(gray)).point(lambda v: v // 17 * 17)
    out = io.BytesIO()
    image.convert("P", palette=Image.Palette.ADAPTIVE, colors=16).save(out, format="PNG", optimize=True)
    return out.getvalue()


@pytest.fixture(scope="module")
def pictures() -> dict[str, bytes]:
    from docgen.pdf import PdfConverter

    kinds = sorted(FIRSTS)
    with PdfConverter(workers=2, timeout=120) as converter:
        results = converter.convert_many([(FIRSTS[k].filename, FIRSTS[k].content) for k in kinds])
    return {k: first_page_gray_png(r.pdf) for k, r in zip(kinds, results, strict=True) if r.ok}


def differing_share(old_png: bytes, new_png: bytes) -> tuple[float, bytes]:
    """Share of pixels whose gray level moved by more than INK_STEP, and the difference image."""
    from PIL import Image, ImageChops, ImageOps

    old = Image.open(io.BytesIO(old_png)).convert("L")
    new = Image.open(io.BytesIO(new_png)).convert("L")
    if old.size != new.size:
        return 1.0, new_png
    diff = ImageChops.difference(old, new)
    changed = sum(diff.point(lambda v: 255 if v > INK_STEP else 0).histogram()[255:])
    out = io.BytesIO()
    ImageOps.invert(diff).save(out, format="PNG")
    return changed / (old.size[0] * old.size[1]), out.getvalue()


@pytest.mark.parametrize("kind", sorted(FIRSTS))
def test_first_page_looks_as_it_did(kind, pictures):
    new = pictures[kind]
    golden = GOLDEN / f"{kind}.png"
    if REFRESH:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_bytes(new)
        return
    assert golden.exists(), f"нет эталона {golden}: DOCGEN_REFRESH_GOLDEN=1 python -m pytest {__file__}"
    share, diff = differing_share(golden.read_bytes(), new)
    if share > TOLERANCE:
        DIFF_DIR.mkdir(exist_ok=True)
        (DIFF_DIR / f"{kind}.new.png").write_bytes(new)
        (DIFF_DIR / f"{kind}.diff.png").write_bytes(diff)
        pytest.fail(
            f"первая страница «{kind}» изменилась ({share:.2%} точек): см. {DIFF_DIR / kind}.new.png "
            f"и {DIFF_DIR / kind}.diff.png; если изменение задумано — DOCGEN_REFRESH_GOLDEN=1"
        )
