"""Compiled templates kept on disk between processes, for the command line.

Loading a template (docxtpl's clean-up, the polish, the Jinja compile, compressing the fixed
members at level 9) takes most of a cold `docgen render`: ~0.8 s for the 17 default templates.
A command that renders turns this cache on (`enable`); each template is then loaded from a file
named after the sha256 of its bytes and of the code that compiles it (docgen's version, the
render package's own sources, Jinja's, docxtpl's and Python's versions), so that any change of
either makes a new entry. The web service keeps compiled templates in memory only.

The folder is $DOCGEN_TEMPLATE_CACHE, else $XDG_CACHE_HOME/docgen/templates (~/.cache/…);
DOCGEN_TEMPLATE_CACHE=off turns the cache off. A folder that cannot be written, or an entry
that cannot be read, only means compiling as without a cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from functools import cache
from importlib import metadata
from pathlib import Path

from .compiled import CompiledTemplate

ENV = "DOCGEN_TEMPLATE_CACHE"
FORMAT = 1
_enabled = False


def enable(on: bool = True) -> None:
    """Use the on-disk cache in this process (the CLI's rendering commands call this)."""
    global _enabled
    _enabled = on


def cache_dir() -> Path | None:
    value = os.environ.get(ENV)
    if value is not None:
        if value.strip().lower() in {"", "0", "off", "no", "false", "нет"}:
            return None
        return Path(value).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "docgen" / "templates"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


@cache
def code_fingerprint() -> str:
    """What else decides the compiled form: versions, and the render package's own code."""
    digest = hashlib.sha256(f"{FORMAT}|{sys.version}".encode())
    for package in ("docgen", "jinja2", "docxtpl"):
        digest.update(f"|{package}={_version(package)}".encode())
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _entry(source_sha: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    key = hashlib.sha256(f"{source_sha}|{code_fingerprint()}".encode()).hexdigest()
    return folder / f"{key}.pickle"


def load(source: bytes, sha: str, name: str) -> CompiledTemplate | None:
    """The template from the cache, or None (off, missing, or unreadable)."""
    if not _enabled:
        return None
    entry = _entry(sha)
    if entry is None:
        return None
    try:
        state = pickle.loads(entry.read_bytes())
        if state.get("sha256") != sha:
            return None
        return CompiledTemplate.from_state(source, name, state)
    except Exception:  # a missing, truncated or stale entry: compile as usual
        return None


def save(template: CompiledTemplate) -> None:
    """Write the template's entry (atomically); silently nothing where that is impossible."""
    if not _enabled:
        return
    entry = _entry(template.sha256)
    if entry is None:
        return
    with contextlib.suppress(OSError, pickle.PicklingError, ValueError, TypeError):
        entry.parent.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps({**template.state(), "sha256": template.sha256}, protocol=pickle.HIGHEST_PROTOCOL)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=entry.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, entry)
        finally:
            Path(tmp).unlink(missing_ok=True)
