"""«Шаблоны»: which template each kind uses (default, the office's package, own version), upload
with checks, the placeholder reference and its cheat-sheet, preview, versions, packages."""

from __future__ import annotations

from typing import Any

from docgen.store import templates

from .context import current_scope
from .db import get_db
from .templates_common import HTML, ZIP, bp, repair_text, upload_limit
from .templates_docx import Block, docx_blocks, word_diff
from .templates_reference import ReferenceRow, cheat_sheet, reference_groups, reference_rows

# The pages register on `bp` when imported, in this order (kinds, versions, packages).
# isort: off
from . import templates_kinds, templates_versions, templates_packages  # noqa: F401
# isort: on

__all__ = [
    "HTML",
    "ZIP",
    "Block",
    "ReferenceRow",
    "bp",
    "cheat_sheet",
    "docx_blocks",
    "reference_groups",
    "reference_rows",
    "repair_text",
    "template_version_of",
    "upload_limit",
    "word_diff",
]


# -- the archive record's template version -----------------------------------------------------


@bp.app_template_global()
def template_version_of(doc: dict[str, Any]) -> dict[str, Any] | None:
    """For archive/record.html: the template version a document was rendered with."""
    try:
        return templates.document_template(get_db(), current_scope(), int(doc["id"]))
    except (KeyError, TypeError, ValueError):
        return None
