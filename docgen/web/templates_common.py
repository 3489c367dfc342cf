"""The «Шаблоны» blueprint and what its pages share: the kind from the URL, permissions, upload limits."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, abort, current_app, g

from docgen.errors import UnknownKind
from docgen.render.checks import MAX_TEMPLATE_BYTES
from docgen.render.registry import DocumentKind, get_kind
from docgen.store import templates

from .context import can

HTML = Path(__file__).resolve().parent / "html" / "templates"
bp = Blueprint(
    "templates",
    __name__,
    url_prefix="/templates",
    static_folder=str(HTML / "static"),
    static_url_path="/static",
)

ZIP = "application/zip"
_SPLIT_NOTE = re.compile(r"исправлено тегов, разбитых Word на части: (\d+)")


# -- helpers -----------------------------------------------------------------------------------


def _kind(kind_id: str) -> DocumentKind:
    try:
        return get_kind(kind_id)
    except UnknownKind:
        abort(404, description=f"Неизвестный вид документа «{kind_id}»")


def _permissions() -> dict[str, bool]:
    """What the page may offer: the forms of what the user's role may not do are hidden."""
    return {"may_edit": can("templates"), "may_package": can("packages")}


def _is_authority() -> bool:
    org = g.get("organisation")
    return bool(org) and org["kind"] in templates.AUTHORITY_KINDS


def upload_limit() -> int:
    """Bytes a template may have: the app's upload limit, at most the checker's own limit."""
    configured = current_app.config.get("MAX_CONTENT_LENGTH") or MAX_TEMPLATE_BYTES
    return min(int(configured), MAX_TEMPLATE_BYTES)


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return (f"{value:.0f}" if value >= 1 and value == int(value) else f"{value:.1f}").replace(".", ",")


def repair_text(message: str) -> str:
    """«исправлено автоматически: …» for a note of the checker."""
    match = _SPLIT_NOTE.search(message)
    if match:
        return f"исправлено автоматически: склеены теги, разбитые Word на части ({match.group(1)})"
    return f"исправлено автоматически: {message}"
