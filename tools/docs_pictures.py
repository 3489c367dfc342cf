"""Page pictures for the README (docs/*.png): python -m tools.docs_pictures

The gymnasium sample rendered, printed by LibreOffice and drawn at 70 dpi in 16 grays, so the
files stay small. Rerun after a layout change and commit the pictures.
"""

from __future__ import annotations

import io
from pathlib import Path

from docgen.model import load_dossier
from docgen.pdf import PdfConverter
from docgen.render.package import render_dossier

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
# picture name -> (document kind, page numbers counted from 1; -1 is the last page)
PICTURES = {
    "pairs-order": ("pairs-order", [1, -1]),
    "personal-programme": ("personal-programme", [1]),
    "roadmap": ("roadmap", [1]),
}


def page_png(pdf: bytes, page: int, dpi: int = 70) -> bytes:
    import pymupdf
    from PIL import Image

    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        index = page - 1 if page > 0 else len(doc) + page
        gray = doc[index].get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY).tobytes("png")
    image = Image.open(io.BytesIO(gray)).point(lambda v: v // 17 * 17)
    out = io.BytesIO()
    image.convert("P", palette=Image.Palette.ADAPTIVE, colors=16).save(out, format="PNG", optimize=True)
    return out.getvalue()


def main() -> None:
    documents = render_dossier(load_dossier(ROOT / "samples" / "gymnasium-20.yaml"))
    chosen = {name: next(d for d in documents if d.kind.id == kind) for name, (kind, _p) in PICTURES.items()}
    with PdfConverter(workers=2) as converter:
        pdfs = converter.convert_many([(d.filename, d.content) for d in chosen.values()])
    DOCS.mkdir(exist_ok=True)
    for (name, (_kind, pages)), result in zip(PICTURES.items(), pdfs, strict=True):
        assert result.pdf is not None, result.error
        for i, page in enumerate(pages, 1):
            path = DOCS / (f"{name}.png" if len(pages) == 1 else f"{name}-{i}.png")
            path.write_bytes(page_png(result.pdf, page))
            print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
