"""The rows and cells of a rendered table as the column fit (`colfit.py`) reads them.

A table is cut with `str.split` at `</w:tr>` and `</w:tc>` (one linear pass; a lazy `.*?`
regex walks the XML a character at a time), and each distinct row and cell is read once:
rows repeat across a package (the same plan in every personal programme, a header in every
order), cells repeat inside a table (positions, forms, periods). What is remembered is keyed by
the row's or cell's own XML, so a cached answer is always the answer for that text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from docgen.textwidth import FIXED_NEED_TWIPS, column_need_twips

_ROW_START = re.compile(r"<w:tr[ >]")
_PARA_START = re.compile(r"<w:p[ >]")
_SPAN = re.compile(r'<w:gridSpan w:val="(\d+)"/>')
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
SIZE = re.compile(r'<w:sz w:val="(\d+)"/>')
_BOLD = re.compile(r'<w:b(?: w:val="(?:1|true|on)")?/>')
_TC_WIDTH = re.compile(r'<w:tcW w:type="dxa" w:w="\d+"/>|<w:tcW w:w="\d+" w:type="dxa"/>')
DEFAULT_HALF_POINTS = 24  # the house table font: 12 pt
GIANT_ROW_TWIPS = 9000  # ~159 mm: most of a landscape page's 170 mm of text height
KEEP_NEXT = "<w:keepNext/>"
T = TypeVar("T")
CANT_SPLIT = "<w:cantSplit/>"


@dataclass(slots=True)
class Cell:
    """What the fit needs of one cell."""

    span: int
    need: int  # twips its longest word needs (0: no text)
    lines: tuple[tuple[int, int], ...]  # (letters, half-points) of each paragraph with text
    width_at: tuple[int, int] | None  # where its `<w:tcW>` is, in the piece it was read from
    tall_room: float  # twips of room below which it may be taller than a page (0: never)


@dataclass(slots=True)
class Row:
    """A piece of a table between two `</w:tr>`: what precedes the row (the table's head before
    the first row), then the row, whose pieces cut at `</w:tc>` are its cells (the last piece:
    after the last cell), and what the fit needs of it."""

    text: str  # the whole piece
    start: int  # where the row begins in it (-1: no row in it, kept as it is)
    cells: list[Cell | None]  # per piece of the row cut at `</w:tc>`; None: no cell in it
    cant_split: bool
    keep_next: bool
    needs: list[int]  # per grid column its cells cover: the longest word of a one-column cell
    tall_room: float  # the largest of its cells'
    resized: tuple[tuple[int, ...], bool, str] | None = None  # the last resize: widths, giant, text


class _Kept(Generic[T]):
    """What was read of pieces of XML seen at least twice (a row met once, with a name or a
    number of its own, costs only its hash), up to `limit` characters of them: then all is
    forgotten and kept anew."""

    def __init__(self, limit: int, weight: int = 1) -> None:
        self.items: dict[str, T] = {}
        self.seen: set[int] = set()
        self.chars = 0
        self.limit = limit
        self.weight = weight  # characters counted per character of a piece

    def offer(self, piece: str, value: T) -> None:
        key = hash(piece)
        if key not in self.seen:
            if len(self.seen) >= 65_536:
                self.seen.clear()
            self.seen.add(key)
            return
        size = len(piece) * self.weight
        if self.chars + size > self.limit:
            self.clear()
        self.items[piece] = value
        self.chars += size

    def clear(self) -> None:
        self.items.clear()
        self.seen.clear()
        self.chars = 0


# Rows are counted twice: the last resized copy is kept with each (`resized`). 6 M characters
# hold the tables of a 500-pair order (~12 MB at most, Cyrillic text taking 2 bytes a letter).
_ROWS: _Kept[Row] = _Kept(6_000_000, weight=2)
_CELLS: _Kept[Cell] = _Kept(2_000_000)


def forget() -> None:
    """Empty the caches (benchmarks measure a first render with them empty)."""
    _CELLS.clear()
    _ROWS.clear()
    _need.cache_clear()


def row(piece: str) -> Row:
    """The row of `piece` (text between two `</w:tr>`), read once per distinct piece."""
    found = _ROWS.items.get(piece)
    if found is not None:
        return found
    start = _ROW_START.search(piece)
    if start is None:
        found = Row(piece, -1, [], False, False, [], 0)
    else:
        text = piece[start.start() :]
        pieces = text.split("</w:tc>")
        cells: list[Cell | None] = []
        needs: list[int] = []
        for cell_piece in pieces[:-1]:
            at = cell_piece.find("<w:tc>")
            found_cell = _cell(cell_piece, at) if at >= 0 else None
            cells.append(found_cell)
            if found_cell is not None:
                needs += [found_cell.need if found_cell.span == 1 else 0] + [0] * (found_cell.span - 1)
        cells.append(None)
        tall_room = max((cell.tall_room for cell in cells if cell is not None), default=0)
        found = Row(piece, start.start(), cells, CANT_SPLIT in text, KEEP_NEXT in text, needs, tall_room)
    _ROWS.offer(piece, found)
    return found


def _cell(piece: str, start: int) -> Cell:
    """The cell beginning at `start` of `piece` (which ends where the cell does)."""
    found = _CELLS.items.get(piece)
    if found is not None:
        return found
    text = piece[start:]
    span_match = _SPAN.search(text)
    paragraphs = _paragraphs(text)
    width = _TC_WIDTH.search(piece, start)
    found = Cell(
        int(span_match.group(1)) if span_match else 1,
        max((_need(words, half_points, bold) for words, half_points, bold in paragraphs), default=0),
        tuple((len(words), half_points) for words, half_points, _bold in paragraphs),
        width.span() if width else None,
        _tall_room(paragraphs),
    )
    _CELLS.offer(piece, found)
    return found


def _paragraphs(cell: str) -> list[tuple[str, int, bool]]:
    """(text, largest half-points, every run bold) of each paragraph of the cell with text:
    `<w:p>` … first `</w:p>`, runs `<w:r>` … first `</w:r>` (split, no lazy regex)."""
    paragraphs = []
    for chunk in cell.split("</w:p>")[:-1]:
        start = _PARA_START.search(chunk)
        if start is None or "<w:t" not in chunk[start.start() :]:
            continue
        text: list[str] = []
        sizes: list[int] = []
        bold = True
        for run_chunk in chunk[start.start() :].split("</w:r>")[:-1]:
            at = run_chunk.find("<w:r>")
            if at < 0:
                continue
            run = run_chunk[at + 5 :]
            pieces = _TEXT.findall(run)
            if not pieces:
                continue
            text.extend(pieces)
            size_match = SIZE.search(run)
            sizes.append(int(size_match.group(1)) if size_match else DEFAULT_HALF_POINTS)
            bold = bold and bool(_BOLD.search(run))
        if text:
            joined = "".join(text)
            paragraphs.append((html.unescape(joined) if "&" in joined else joined, max(sizes), bold))
    return paragraphs


@lru_cache(maxsize=20_000)
def _need(text: str, half_points: int, bold: bool) -> int:
    return column_need_twips(text, half_points / 2, bold)


def _tall_room(paragraphs: list[tuple[str, int, bool]]) -> float:
    """The room (twips) below which `row_height_twips` could find the cell taller than
    `GIANT_ROW_TWIPS`: its estimate is at most Σ (1 + letters' width / room) · line height, so
    a row whose every cell has more room than this is not estimated at all."""
    fixed = sum(half_points * 10 * 1.15 + 1 for _text, half_points, _bold in paragraphs)
    wrapped = sum(
        round(len(text) * 0.55 * half_points * 10) * half_points * 10 * 1.15
        for text, half_points, _bold in paragraphs
    )
    if fixed >= GIANT_ROW_TWIPS:
        return float("inf")
    return wrapped / (GIANT_ROW_TWIPS - fixed)


def row_height_twips(cells: list[Cell | None], widths: list[int]) -> int:
    """A generous estimate of the row's height: the tallest cell's text wrapped into its column
    at 0.55 em a letter (Cyrillic text in Times averages less), 1.15 line height."""
    tallest = column = 0
    for cell in cells:
        if cell is None:
            continue
        room = max(1, sum(widths[column : column + cell.span]) - FIXED_NEED_TWIPS)
        column += cell.span
        height = 0
        for letters, half_points in cell.lines:
            lines = max(1, -(-round(letters * 0.55 * half_points * 10) // room))
            height += round(lines * half_points * 10 * 1.15)
        tallest = max(tallest, height)
    return tallest


def resized(row: Row, widths: tuple[int, ...], giant: bool) -> str:
    """The piece with every cell's `<w:tcW>` set to its columns' new width; a row kept whole
    that is taller than a page cannot be placed (Word cuts it off at the page foot): with
    `giant` it may split after all. The last answer is kept: a table fitted again to the same
    widths costs a comparison per row."""
    if row.start < 0:
        return row.text
    if row.resized is not None and row.resized[0] == widths and row.resized[1] == giant:
        return row.resized[2]
    column = 0
    pieces = row.text[row.start :].split("</w:tc>")
    for index, cell in enumerate(row.cells):
        if cell is None:
            continue
        if cell.width_at is not None:
            start, end = cell.width_at
            width = sum(widths[column : column + cell.span])
            piece = pieces[index]
            pieces[index] = f'{piece[:start]}<w:tcW w:type="dxa" w:w="{width}"/>{piece[end:]}'
        column += cell.span
    text = "</w:tc>".join(pieces)
    if giant:
        text = text.replace(CANT_SPLIT, "", 1)
    row.resized = (widths, giant, row.text[: row.start] + text)
    return row.resized[2]
