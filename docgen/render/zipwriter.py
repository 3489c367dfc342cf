"""A minimal zip writer that copies pre-compressed members as they are.

A .docx is a zip of some twenty parts; rendering changes two or three of them. zipfile can only
write a member by compressing it again, which costs most of a render. Here every unchanged
member is compressed once, when the template is loaded, and its bytes are reused. `ZipLayout`
goes one step further: the unchanged members come first, so their local records and their
entries in the central directory are fixed bytes, joined once; a render writes only the
records of the members it produced.
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


def _local_header(member: Member) -> bytes:
    name = member.name.encode("utf-8")
    flags = _UTF8_FLAG if not member.name.isascii() else 0
    header = struct.pack(
        "<IHHHHHIIIHH",
        0x04034B50, 20, flags, 8, _DOS_TIME, _DOS_DATE,
        member.crc, len(member.data), member.size, len(name), 0,
    )  # fmt: skip
    return header + name


def _central_record(member: Member, offset: int) -> bytes:
    name = member.name.encode("utf-8")
    flags = _UTF8_FLAG if not member.name.isascii() else 0
    return (
        struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50, 20, 20, flags, 8, _DOS_TIME, _DOS_DATE,
            member.crc, len(member.data), member.size, len(name),
            0, 0, 0, 0, member.external_attr, offset,
        )
        + name
    )  # fmt: skip


def _end_record(count: int, directory_size: int, directory_offset: int) -> bytes:
    return struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, directory_size, directory_offset, 0)


class ZipLayout:
    """Fixed members first, their records joined once; the members of a render appended after."""

    def __init__(self, fixed: list[Member]):
        local: list[bytes] = []
        central: list[bytes] = []
        offset = 0
        for member in fixed:
            header = _local_header(member)
            central.append(_central_record(member, offset))
            local += [header, member.data]
            offset += len(header) + len(member.data)
        self._local = b"".join(local)
        self._central = b"".join(central)
        self._count = len(fixed)

    def state(self) -> tuple[bytes, bytes, int]:
        return self._local, self._central, self._count

    @classmethod
    def from_state(cls, state: tuple[bytes, bytes, int]) -> ZipLayout:
        layout = cls([])
        layout._local, layout._central, layout._count = state
        return layout

    def build(self, rendered: list[Member]) -> bytes:
        chunks = [self._local]
        central = [self._central]
        offset = len(self._local)
        for member in rendered:
            header = _local_header(member)
            central.append(_central_record(member, offset))
            chunks += [header, member.data]
            offset += len(header) + len(member.data)
        directory = b"".join(central)
        chunks += [directory, _end_record(self._count + len(rendered), len(directory), offset)]
        return b"".join(chunks)
