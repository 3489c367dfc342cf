"""Resource limits of rendering an uploaded template: time, output, memory, sizes of values.

Read from the environment (`DOCGEN_RENDER_SECONDS`, `DOCGEN_RENDER_OUTPUT_MB`,
`DOCGEN_RENDER_MEMORY_MB`), so the CLI and the web service share them; the web app may set them
from its config with `set_render_limits`. See docgen/web/CONFIG.md.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

MB = 1024 * 1024


@dataclass(frozen=True)
class RenderLimits:
    seconds: float = 10.0  # one document's render, in the child process, before it is killed
    output_mb: float = 50.0  # characters of XML one document may produce
    memory_mb: float = 1024.0  # address space the child may add to what it inherits (RLIMIT_AS)
    max_range: int = 10_000  # items of one range()
    max_lipsum: int = 20  # paragraphs of lipsum()
    max_int_bits: int = 4096  # an integer result of ** or * (about 1,200 digits)

    @property
    def output_chars(self) -> int:
        return int(self.output_mb * MB)

    @property
    def memory_bytes(self) -> int:
        return int(self.memory_mb * MB)


def _from_env() -> RenderLimits:
    limits = RenderLimits()
    for key, field in (("SECONDS", "seconds"), ("OUTPUT_MB", "output_mb"), ("MEMORY_MB", "memory_mb")):
        value = os.environ.get(f"DOCGEN_RENDER_{key}")
        if value:
            limits = replace(limits, **{field: float(value)})
    return limits


_limits = _from_env()


def render_limits() -> RenderLimits:
    return _limits


def set_render_limits(**changes: float) -> RenderLimits:
    """Change the process-wide limits (the web app from its config, tests); returns the old ones."""
    global _limits
    old = _limits
    _limits = replace(_limits, **{k: v for k, v in changes.items() if v is not None})
    return old


def restore_render_limits(limits: RenderLimits) -> None:
    global _limits
    _limits = limits
