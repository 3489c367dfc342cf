"""The deflate used for the bytes a render produces.

A school's package at 100 pairs renders ~6 MB of XML; the standard library's zlib took ~30 ms
for it even at level 1, as much as all the Jinja rendering. Intel's ISA-L (the `isal` package)
at level 2 compresses it in the time its level 0 takes (~2-5 ms) and no larger than zlib's
level 1 (level 0 was 14-17 % larger; level 1 costs ~3× more on small parts, level 3 ~10×), and
computes CRC-32 ~7× faster. The unchanged members, most of a .docx, are compressed once at
level 9. Where `isal` has no wheel, the standard library's zlib is used: the same stream format.
"""

from __future__ import annotations

import zlib

try:
    from isal import isal_zlib as _backend

    BACKEND = "isal"
    LEVEL = 2
except ImportError:  # pragma: no cover - platforms without an isal wheel
    _backend = zlib  # type: ignore[assignment]
    BACKEND = "zlib"
    LEVEL = 1

crc32 = _backend.crc32


def compress(*chunks: bytes) -> bytes:
    """The chunks, in order, as one raw deflate stream (no zlib header), as zip members hold it."""
    compressor = _backend.compressobj(LEVEL, _backend.DEFLATED, -15)
    return b"".join([*map(compressor.compress, chunks), compressor.flush()])
