"""The deflate used for the bytes a render produces.

Rendering a school's package compresses ~3 MB of fresh XML; with the standard library's zlib
(level 1) that alone took ~30 ms of a ~60 ms package. Intel's ISA-L (the `isal` package,
level 0) compresses the same text ~8× faster, ~40 % larger (a few hundred bytes per document;
the .docx is dominated by members compressed once at level 9), and computes CRC-32 ~7× faster.
Where `isal` has no wheel, the standard library's zlib is used: same stream format, same API.
"""

from __future__ import annotations

import zlib
from typing import Any

try:
    from isal import isal_zlib as _backend

    BACKEND = "isal"
    LEVEL = 0
except ImportError:  # pragma: no cover - platforms without an isal wheel
    _backend = zlib  # type: ignore[assignment]
    BACKEND = "zlib"
    LEVEL = 1

crc32 = _backend.crc32
FULL_FLUSH = _backend.Z_FULL_FLUSH


def raw_compressor() -> Any:
    """A compressor of raw deflate blocks (no zlib header), as zip members hold them."""
    return _backend.compressobj(LEVEL, _backend.DEFLATED, -15)


def compress(data: bytes) -> bytes:
    compressor = raw_compressor()
    return compressor.compress(data) + compressor.flush()
