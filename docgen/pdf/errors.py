"""Errors of the PDF layer; each str() is a Russian message fit for a user."""

from __future__ import annotations

from docgen.errors import DocgenError

NO_LIBREOFFICE = "LibreOffice не установлен: PDF недоступен, документ .docx сформирован"
NO_PDFTOPPM = "pdftoppm (пакет poppler-utils) не установлен: изображения страниц PDF недоступны"


class PdfUnavailable(DocgenError):
    """LibreOffice (soffice) is not installed: documents stay .docx only."""

    def __init__(self, message: str = NO_LIBREOFFICE):
        super().__init__(message)


class PdfConversionFailed(DocgenError):
    """One document could not be converted, even after the retry."""


class PreviewUnavailable(DocgenError):
    """pdftoppm (poppler-utils) is not installed."""

    def __init__(self, message: str = NO_PDFTOPPM):
        super().__init__(message)


class PreviewFailed(DocgenError):
    """pdftoppm could not draw the PDF (damaged file, timeout)."""
