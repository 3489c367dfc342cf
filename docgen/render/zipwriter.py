"""A minimal zip writer that copies pre-compressed members as they are.

A .docx is a zip of some twenty parts; rendering changes two or three of them. zipfile can only
write a member by compressing it again, which costs most of a render. Here every unchanged
member is compressed once, when the template is loaded, and its bytes are reused.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

_DOS_TIME = 0  # 00:00:00
_DOS_DATE = (2000 - 1980) << 9 | 1 << 5 | 1  # 2000-01-01: fixed, so renders are byte-stable
_UTF8_FLAG = 0x0800


@dataclass(frozen=True)
class Member:
    name: str
    crc: int
    size: int
    data: bytes  # raw deflate stream
    external_attr: int = 0

    @classmethod
    def compress(cls, name: str, content: bytes, external_attr: int = 0, level: int = 6) -> Member:
        compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
        data = compressor.compress(content) + compressor.flush()
        return cls(name, zlib.crc32(content), len(content), data, external_attr)


def build_zip(members: list[Member]) -> bytes:
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for member in members:
        name = member.name.encode("utf-8")
        flags = _UTF8_FLAG if not member.name.isascii() else 0
        header = struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            20,
            flags,
            8,
            _DOS_TIME,
            _DOS_DATE,
            member.crc,
            len(member.data),
            member.size,
            len(name),
            0,
        )
        chunks += [header, name, member.data]
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                flags,
                8,
                _DOS_TIME,
                _DOS_DATE,
                member.crc,
                len(member.data),
                member.size,
                len(name),
                0,
                0,
                0,
                0,
                member.external_attr,
                offset,
            )
            + name
        )
        offset += len(header) + len(name) + len(member.data)
    directory = b"".join(central)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), offset, 0)
    return b"".join(chunks) + directory + end
