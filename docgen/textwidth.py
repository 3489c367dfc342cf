"""How wide a word prints in Times New Roman, measured with Liberation Serif's real metrics.

Liberation Serif is metric-compatible with Times New Roman (the same advance widths), and it is
what LibreOffice substitutes on servers without Microsoft fonts, so a column sized by these
figures fits in Word and in LibreOffice alike. Without the font file, a conservative estimate
(0.6 em a letter) stands in: columns come out a little wider, never too narrow.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/liberation"),
    Path("/usr/local/share/fonts"),
)
_FILES = {False: "LiberationSerif-Regular.ttf", True: "LiberationSerif-Bold.ttf"}
_UNITS = 1000  # the font is loaded at 1000 px: widths come out in thousandths of an em
PT_TWIPS = 20
CELL_MARGINS_TWIPS = 2 * 108  # Word's default left and right cell margins (0.19 cm each)
_SAFETY_TWIPS = 40  # rounding, kerning and LibreOffice's own cell padding
FIXED_NEED_TWIPS = CELL_MARGINS_TWIPS + _SAFETY_TWIPS  # what a column needs besides the word
# Where a line may break inside a «word»: after a hyphen («учебно-воспитательной»); «п/п» is
# kept whole, a break after its slash reads badly.
_BREAKS = re.compile(r"(?<=[-‐–])")


@cache
def _font(bold: bool):
    try:
        from PIL import ImageFont
    except ImportError:  # pragma: no cover - Pillow is a dependency
        return None
    for folder in _FONT_DIRS:
        path = folder / _FILES[bold]
        if path.exists():
            return ImageFont.truetype(str(path), _UNITS)
    return None


@cache
def em_width(text: str, bold: bool = False) -> float:
    """Width of `text` in ems (1.0 = the font size)."""
    font = _font(bold)
    if font is None:
        return 0.6 * len(text)
    return font.getlength(text) / _UNITS


def unbreakable_parts(text: str) -> list[str]:
    """The pieces a line can never break inside: words, split after hyphens and slashes.
    A non-breaking space joins its neighbours into one piece."""
    parts: list[str] = []
    for word in re.split(r"[ \t\n\r]+", text):
        parts.extend(p for p in _BREAKS.split(word) if p)
    return parts


def longest_part_twips(text: str, size_pt: float, bold: bool = False) -> int:
    """Twips the longest unbreakable piece of `text` needs at `size_pt`."""
    widest = max((em_width(p, bold) for p in unbreakable_parts(text)), default=0.0)
    return round(widest * size_pt * PT_TWIPS)


def column_need_twips(text: str, size_pt: float, bold: bool = False) -> int:
    """The narrowest column (cell margins included) that prints `text` without a broken word."""
    return longest_part_twips(text, size_pt, bold) + FIXED_NEED_TWIPS


def spread(widths: list[int], needs: list[int]) -> list[int]:
    """Widths (same total) in which every column gets at least its need where the total allows:
    the missing width is taken from the columns with room to spare, in proportion to their
    room, so the width stays where the text is. When the needs exceed the total, every column
    gets its need scaled down by the same factor."""
    total = sum(widths)
    if all(w >= n for w, n in zip(widths, needs, strict=True)):
        return list(widths)
    if sum(needs) >= total:
        scaled = [n * total // sum(needs) for n in needs]
        scaled[-1] += total - sum(scaled)
        return scaled
    short = sum(max(0, n - w) for w, n in zip(widths, needs, strict=True))
    room = [max(0, w - n) for w, n in zip(widths, needs, strict=True)]
    spare = sum(room)
    result = []
    for w, n, r in zip(widths, needs, room, strict=True):
        result.append(n if w < n else w - (short * r) // spare)
    result[max(range(len(result)), key=lambda i: room[i])] += total - sum(result)
    return result
