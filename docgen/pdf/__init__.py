"""PDF copies of rendered documents: LibreOffice conversion, PDF/A, font checks, previews.

from docgen.pdf import PdfConverter
with PdfConverter(pdfa=True) as converter:          # 2 workers on 2 cores
    pdf = converter.convert(docx_bytes, "01-prikaz.docx")
    results = converter.convert_many([(name, data), ...], progress=print)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docgen.lazy import lazy_getattr

# Names are imported from their modules when first used: commands that never convert (`docgen
# render`) do not load the LibreOffice helpers.
_WHERE = {
    "PDF_EXPORT": "converter",
    "PDFA_EXPORT": "converter",
    "PdfConverter": "converter",
    "PdfResult": "converter",
    "find_soffice": "converter",
    "libreoffice_available": "converter",
    "libreoffice_version": "converter",
    "looks_like_pdf": "converter",
    "page_count": "converter",
    "pdfa_part": "converter",
    "PdfConversionFailed": "errors",
    "PdfUnavailable": "errors",
    "PreviewFailed": "errors",
    "PreviewUnavailable": "errors",
    "FontCheck": "fonts",
    "check_fonts": "fonts",
    "font_report": "fonts",
    "resolve_font": "fonts",
    "template_fonts": "fonts",
    "first_page_png": "preview",
    "pages_png": "preview",
    "png_size": "preview",
}

if TYPE_CHECKING:
    from .converter import (
        PDF_EXPORT,
        PDFA_EXPORT,
        PdfConverter,
        PdfResult,
        find_soffice,
        libreoffice_available,
        libreoffice_version,
        looks_like_pdf,
        page_count,
        pdfa_part,
    )
    from .errors import PdfConversionFailed, PdfUnavailable, PreviewFailed, PreviewUnavailable
    from .fonts import FontCheck, check_fonts, font_report, resolve_font, template_fonts
    from .preview import first_page_png, pages_png, png_size


__getattr__ = lazy_getattr(globals(), _WHERE)


__all__ = [
    "PDFA_EXPORT",
    "PDF_EXPORT",
    "FontCheck",
    "PdfConversionFailed",
    "PdfConverter",
    "PdfResult",
    "PdfUnavailable",
    "PreviewFailed",
    "PreviewUnavailable",
    "check_fonts",
    "find_soffice",
    "first_page_png",
    "font_report",
    "libreoffice_available",
    "libreoffice_version",
    "looks_like_pdf",
    "page_count",
    "pages_png",
    "pdfa_part",
    "png_size",
    "resolve_font",
    "template_fonts",
]
