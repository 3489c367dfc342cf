"""PNG pictures of PDF pages through pdftoppm (poppler-utils)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import PreviewFailed, PreviewUnavailable

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _pdftoppm() -> str:
    path = shutil.which("pdftoppm")
    if path is None:
        raise PreviewUnavailable()
    return path


def _run(arguments: list[str], timeout: float) -> None:
    try:
        done = subprocess.run(arguments, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise PreviewFailed(f"pdftoppm не справился с PDF за {timeout:g} с") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        reason = f": {detail[-1]}" if detail else ""
        raise PreviewFailed(f"Не удалось построить изображение страницы PDF (PDF повреждён?){reason}")


def first_page_png(pdf: bytes, width: int = 300, timeout: float = 60.0) -> bytes:
    """The first page as a PNG `width` pixels wide (height keeps the page's proportions)."""
    binary = _pdftoppm()
    with tempfile.TemporaryDirectory(prefix="docgen-preview-") as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(pdf)
        root = Path(tmp) / "page"
        _run(
            [binary, "-png", "-f", "1", "-l", "1", "-singlefile",
             "-scale-to-x", str(width), "-scale-to-y", "-1", str(source), str(root)],
            timeout,
        )  # fmt: skip
        out = root.with_suffix(".png")
        if not out.exists():
            raise PreviewFailed("pdftoppm не создал изображение первой страницы")
        return out.read_bytes()


def pages_png(pdf: bytes, dpi: int = 60, timeout: float = 120.0) -> list[bytes]:
    """Every page as a PNG at `dpi`, in page order."""
    binary = _pdftoppm()
    with tempfile.TemporaryDirectory(prefix="docgen-preview-") as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(pdf)
        _run([binary, "-png", "-r", str(dpi), str(source), str(Path(tmp) / "page")], timeout)
        # page-1.png … or page-01.png …: pdftoppm pads the number to the page count's width
        pages = sorted(Path(tmp).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        if not pages:  # an empty list would be cached as a document without pages
            raise PreviewFailed("pdftoppm не создал ни одного изображения страницы")
        return [p.read_bytes() for p in pages]


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk."""
    if not png.startswith(PNG_MAGIC):
        raise ValueError("not a PNG")
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
