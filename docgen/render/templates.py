"""Where templates come from, and the per-process cache of compiled templates."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from . import template_cache
from .compiled import CompiledTemplate

DEFAULT_TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"

# A resolver returns the template bytes for a kind id: the default, or a school's own version.
TemplateResolver = Callable[[str, str], bytes]

_cache: dict[str, CompiledTemplate] = {}
_lock = threading.Lock()


def default_template_bytes(kind_id: str, file_name: str) -> bytes:
    return (DEFAULT_TEMPLATE_DIR / file_name).read_bytes()


@lru_cache(maxsize=1)
def _builtin_sha256s() -> frozenset[str]:
    return frozenset(hashlib.sha256(p.read_bytes()).hexdigest() for p in DEFAULT_TEMPLATE_DIR.glob("*.docx"))


def is_builtin(sha256: str) -> bool:
    """A template shipped with docgen (trusted: rendered in-process), not an uploaded one."""
    return sha256 in _builtin_sha256s()


def compiled(source: bytes, name: str) -> CompiledTemplate:
    """Compile a template once per process; the same bytes always reuse the same object."""
    key = hashlib.sha256(source).hexdigest()
    template = _cache.get(key)
    if template is None:
        with _lock:
            template = _cache.get(key)
            if template is None:
                template = template_cache.load(source, key, name)
                if template is None:
                    template = CompiledTemplate(source, name)
                    template_cache.save(template)
                _cache[key] = template
    return template
