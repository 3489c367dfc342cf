"""PDF copies: LibreOffice conversion, supervision of hung or crashed workers, PDF/A, fonts, previews."""

from __future__ import annotations

import os
import shutil
import stat
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.errors import DocgenError
from docgen.pdf import (
    PdfConversionFailed,
    PdfConverter,
    PdfUnavailable,
    PreviewUnavailable,
    check_fonts,
    first_page_png,
    font_report,
    page_count,
    pages_png,
    pdfa_part,
    png_size,
)
from docgen.pdf import fonts as fonts_module
from docgen.pdf.cli import pdf_command
from docgen.render.templates import DEFAULT_TEMPLATE_DIR
from tests.conftest import documents_of

HAS_SOFFICE = shutil.which("soffice") is not None
HAS_PDFTOPPM = shutil.which("pdftoppm") is not None

needs_pdftoppm = pytest.mark.skipif(not HAS_PDFTOPPM, reason="pdftoppm (poppler-utils) не установлен")
TEMPLATES = sorted(DEFAULT_TEMPLATE_DIR.glob("*.docx"))
BROKEN = b"PK\x03\x04" + bytes(range(256)) * 8  # a zip signature and then nonsense


def order_docx() -> bytes:
    return documents_of("gymnasium-20", "implementation-order")[0].content


def consent_docx() -> bytes:
    return documents_of("gymnasium-20", "consent-pd-adult")[0].content


@pytest.fixture(scope="module")
def converter():
    if not HAS_SOFFICE:
        pytest.skip("LibreOffice (soffice) не установлен")
    with PdfConverter(workers=2, timeout=60) as conv:
        yield conv


@pytest.fixture(scope="module")
def order_pdf(converter) -> bytes:
    return converter.convert(order_docx(), "01-prikaz-o-vnedrenii.docx")


# -- conversion ------------------------------------------------------------------------------


@pytest.mark.libreoffice
def test_rendered_sample_converts_to_a_pdf_with_pages(order_pdf):
    assert order_pdf.startswith(b"%PDF-")
    assert page_count(order_pdf) >= 1
    assert pdfa_part(order_pdf) is None  # plain PDF unless asked


@pytest.mark.libreoffice
@needs_pdftoppm
def test_pdftoppm_sees_the_same_pages(order_pdf):
    assert len(pages_png(order_pdf, dpi=20)) == page_count(order_pdf)


@pytest.mark.libreoffice
def test_pdfa_mode_declares_pdfa_2b():
    if not HAS_SOFFICE:
        pytest.skip("LibreOffice (soffice) не установлен")
    with PdfConverter(workers=1, pdfa=True) as conv:
        pdf = conv.convert(consent_docx(), "согласие.docx")
    assert pdf.startswith(b"%PDF-")
    assert pdfa_part(pdf) == 2
    assert b"pdfaid:conformance>B<" in pdf or b'pdfaid:conformance="B"' in pdf


@pytest.mark.libreoffice
def test_batch_keeps_order_and_reports_a_broken_file_after_one_retry(monkeypatch):
    if not HAS_SOFFICE:
        pytest.skip("LibreOffice (soffice) не установлен")
    conv = PdfConverter(workers=1, timeout=20, startup_timeout=20)
    calls: list[list[str]] = []
    original = conv._invoke

    def counting(slot, batch, tracker):
        calls.append([item.name for item in batch])
        return original(slot, batch, tracker)

    monkeypatch.setattr(conv, "_invoke", counting)
    seen: list[tuple[int, int]] = []
    items = [("a.docx", consent_docx()), ("сломанный.docx", BROKEN), ("b.docx", order_docx())]
    with conv:
        results = conv.convert_many(items, progress=lambda done, total: seen.append((done, total)))
    assert [r.name for r in results] == ["a.docx", "сломанный.docx", "b.docx"]
    assert results[0].ok and results[2].ok
    assert results[0].pdf.startswith(b"%PDF-") and results[2].pdf.startswith(b"%PDF-")
    broken = results[1]
    assert broken.pdf is None
    assert "«сломанный.docx»" in broken.error and "после повторной попытки" in broken.error
    assert calls == [["a.docx", "сломанный.docx", "b.docx"], ["сломанный.docx"]]  # exactly one retry
    assert seen[-1] == (3, 3) and len(seen) == 3


@pytest.mark.libreoffice
def test_convert_raises_on_a_broken_file(converter):
    with pytest.raises(PdfConversionFailed, match=r"«плохой\.docx»"):
        converter.convert(BROKEN, "плохой.docx")


# -- supervision, with a stand-in soffice (no LibreOffice needed) ------------------------------


def fake_soffice(tmp_path: Path, body: str) -> str:
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").exists(), reason="needs /proc")
def test_hung_soffice_is_killed_with_its_children_and_the_file_reported(tmp_path):
    pids = tmp_path / "pids"
    script = fake_soffice(tmp_path, f'echo $$ >> "{pids}"\nsleep 300 &\necho $! >> "{pids}"\nwait')
    conv = PdfConverter(workers=1, timeout=0.5, startup_timeout=0.5, soffice=script)
    started = time.monotonic()
    with conv:
        results = conv.convert_many([("зависший.docx", b"x"), ("второй.docx", b"y")])
    assert time.monotonic() - started < 20
    assert [r.name for r in results] == ["зависший.docx", "второй.docx"]
    for result in results:
        assert result.pdf is None
        assert "не ответил за 0.5 с" in result.error
    started_pids = [int(p) for p in pids.read_text().split()]
    assert len(started_pids) == 6  # the batch and one retry per file, each a shell and its child
    time.sleep(0.2)
    assert not [pid for pid in started_pids if alive(pid)]


def test_crashed_soffice_is_retried_file_by_file_and_reported(tmp_path):
    script = fake_soffice(tmp_path, "kill -SEGV $$")
    with PdfConverter(workers=2, timeout=5, soffice=script) as conv:
        results = conv.convert_many([(f"{n}.docx", b"x") for n in range(3)])
    assert [r.name for r in results] == ["0.docx", "1.docx", "2.docx"]
    assert all(r.pdf is None and "аварийно завершился (сигнал 11)" in r.error for r in results)


def test_soffice_missing_raises_pdf_unavailable_in_russian(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PdfUnavailable) as caught:
        PdfConverter()
    assert isinstance(caught.value, DocgenError)
    assert str(caught.value) == "LibreOffice не установлен: PDF недоступен, документ .docx сформирован"


# -- previews ------------------------------------------------------------------------------------


@pytest.mark.libreoffice
@needs_pdftoppm
def test_first_page_png_is_a_portrait_a4_picture(order_pdf):
    png = first_page_png(order_pdf, width=300)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = png_size(png)
    assert width == 300
    assert 400 <= height <= 450  # A4 is 210 × 297 mm
    assert 5_000 < len(png) < 500_000


def test_preview_without_pdftoppm_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PreviewUnavailable, match="poppler-utils"):
        first_page_png(b"%PDF-1.7")
    with pytest.raises(PreviewUnavailable):
        pages_png(b"%PDF-1.7")


# -- fonts ---------------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig (fc-match) не установлен")
def test_times_new_roman_resolves_to_liberation_serif_here():
    report = {check.name: check for check in font_report(TEMPLATES)}
    assert "Times New Roman" in report
    assert report["Times New Roman"].resolved == "Liberation Serif"
    assert report["Times New Roman"].ok
    assert check_fonts(TEMPLATES) == []


def test_a_non_compatible_substitute_is_a_russian_warning(monkeypatch):
    monkeypatch.setattr(fonts_module, "resolve_font", lambda name: "DejaVu Sans")
    warnings = check_fonts(TEMPLATES[:1])
    tnr = [w for w in warnings if "«Times New Roman»" in w]
    assert tnr and "«DejaVu Sans»" in tnr[0] and "fonts-liberation" in tnr[0]


# -- command line --------------------------------------------------------------------------------


@pytest.mark.libreoffice
def test_cli_converts_a_folder_and_reports_the_broken_file(tmp_path):
    if not HAS_SOFFICE:
        pytest.skip("LibreOffice (soffice) не установлен")
    source = tmp_path / "docs"
    source.mkdir()
    (source / "01-prikaz.docx").write_bytes(order_docx())
    (source / "02-soglasie.docx").write_bytes(consent_docx())
    (source / "03-slomannyj.docx").write_bytes(BROKEN)
    out = tmp_path / "pdf"
    result = CliRunner().invoke(pdf_command, [str(source), "-o", str(out), "--pdfa", "--timeout", "30"])
    assert result.exit_code == 1, result.output
    assert sorted(p.name for p in out.iterdir()) == ["01-prikaz.pdf", "02-soglasie.pdf"]
    assert pdfa_part((out / "01-prikaz.pdf").read_bytes()) == 2
    assert "«03-slomannyj.docx»" in result.output
    assert "PDF: 3 из 3" in result.output
    assert "Готово: PDF 2 из 3" in result.output
    assert not any(name.startswith(".") for name in os.listdir(out))
