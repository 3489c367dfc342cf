"""Column widths that fit the words a render put into fixed-layout tables.

A template's builder sizes columns for the words it knows (the headers); names, positions and
plan activities arrive at render time. A fixed-layout column narrower than its longest word
makes Word and LibreOffice break that word mid-letter («консультаци/я»). This pass measures the
longest word of every column (real font metrics, `docgen.textwidth`) and, only when a column is
too narrow, moves width to it from columns with room to spare; the table's total width stays.

It works on the rendered XML string (no parse) and returns it unchanged, as the same object,
when no table needs it, so the renderer's fast path stays fast.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from docgen.textwidth import FIXED_NEED_TWIPS, column_need_twips, spread

_TABLE = re.compile(r"<w:tbl>.*?</w:tbl>", re.DOTALL)
FIXED_TABLE = '<w:tblLayout w:type="fixed"/>'
_GRID = re.compile(r"<w:tblGrid>(.*?)</w:tblGrid>", re.DOTALL)
_GRID_COL = re.compile(r'<w:gridCol w:w="(\d+)"/>')
_ROW = re.compile(r"<w:tr[ >].*?</w:tr>", re.DOTALL)
_CELL = re.compile(r"<w:tc>.*?</w:tc>", re.DOTALL)
_SPAN = re.compile(r'<w:gridSpan w:val="(\d+)"/>')
_PARA = re.compile(r"<w:p[ >].*?</w:p>", re.DOTALL)
_RUN = re.compile(r"<w:r>(.*?)</w:r>", re.DOTALL)
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_SIZE = re.compile(r'<w:sz w:val="(\d+)"/>')
_BOLD = re.compile(r'<w:b(?: w:val="(?:1|true|on)")?/>')
_TC_WIDTH = re.compile(r'<w:tcW w:type="dxa" w:w="\d+"/>|<w:tcW w:w="\d+" w:type="dxa"/>')
DEFAULT_HALF_POINTS = 24  # the house table font: 12 pt
MIN_HALF_POINTS = 18  # a table is never set smaller than 9 pt
GIANT_ROW_TWIPS = 9000  # ~159 mm: most of a landscape page's 170 mm of text height


def fit_columns(xml: str) -> str:
    """`xml` with every too-narrow fixed-layout column widened; the same string if none is."""
    if FIXED_TABLE not in xml:
        return xml
    changed = False
    pieces: list[str] = []
    last = 0
    for match in _TABLE.finditer(xml):
        table = match.group(0)
        if FIXED_TABLE not in table or table.count("<w:tbl>") > 1:
            continue  # autofit tables fit themselves; nested tables are left alone
        fitted = _keep_only_the_tail(_fit_table(table))
        if fitted is not table:
            pieces += [xml[last : match.start()], fitted]
            last = match.end()
            changed = True
    if not changed:
        return xml
    pieces.append(xml[last:])
    return "".join(pieces)


def _keep_only_the_tail(table: str) -> str:
    """A table whose every paragraph is kept with the next (tools/templates/_keep.py
    keep_with_next_block: «this table stays with what follows») keeps that only on its header
    and its last row: a long plan may then run over a page, and its last row still goes with
    the signatures below it."""
    if "<w:keepNext/>" not in table:
        return table
    rows = _ROW.findall(table)
    if len(rows) < 4 or not all("<w:keepNext/>" in row for row in rows):
        return table
    middle = iter(range(len(rows)))

    def loosen(match: re.Match[str]) -> str:
        index = next(middle)
        return match.group(0) if index in (0, len(rows) - 1) else match.group(0).replace("<w:keepNext/>", "")

    return _ROW.sub(loosen, table)


@dataclass
class _Cell:
    span: int
    paragraphs: list[tuple[str, int, bool]]  # (text, half-points, bold)


def _cells(row: str) -> list[_Cell]:
    cells = []
    for cell in _CELL.findall(row):
        span_match = _SPAN.search(cell)
        paragraphs = []
        for paragraph in _PARA.findall(cell):
            if "<w:t" not in paragraph:
                continue
            text: list[str] = []
            sizes: list[int] = []
            bold = True
            for run in _RUN.findall(paragraph):
                pieces = _TEXT.findall(run)
                if not pieces:
                    continue
                text.extend(pieces)
                size_match = _SIZE.search(run)
                sizes.append(int(size_match.group(1)) if size_match else DEFAULT_HALF_POINTS)
                bold = bold and bool(_BOLD.search(run))
            if text:
                paragraphs.append((html.unescape("".join(text)), max(sizes), bold))
        cells.append(_Cell(int(span_match.group(1)) if span_match else 1, paragraphs))
    return cells


@lru_cache(maxsize=20_000)
def _need(text: str, half_points: int, bold: bool) -> int:
    return column_need_twips(text, half_points / 2, bold)


def _fit_table(table: str) -> str:
    grid_match = _GRID.search(table)
    if grid_match is None:
        return table
    widths = [int(w) for w in _GRID_COL.findall(grid_match.group(1))]
    if not widths:
        return table
    needs = [0] * len(widths)
    giant_rows: list[int] = []
    rows = _ROW.findall(table)
    for index, row in enumerate(rows):
        cells = _cells(row)
        column = 0
        for cell in cells:
            if cell.span == 1 and column < len(needs):
                for text, half_points, bold in cell.paragraphs:
                    needs[column] = max(needs[column], _need(text, half_points, bold))
            column += cell.span
        if "<w:cantSplit/>" in row and _row_height_twips(cells, widths) > GIANT_ROW_TWIPS:
            giant_rows.append(index)
    scale = _scale_to_fit(widths, needs)
    if scale < 1:
        needs = [_scaled(n, scale) for n in needs]
    fitted = spread(widths, needs)
    if fitted == widths and scale == 1 and not giant_rows:
        return table
    if scale < 1:
        table = _SIZE.sub(
            lambda m: f'<w:sz w:val="{max(MIN_HALF_POINTS, int(int(m.group(1)) * scale))}"/>', table
        )
        grid_match = _GRID.search(table)
        assert grid_match is not None
    grid = iter(fitted)
    new_grid = _GRID_COL.sub(lambda _m: f'<w:gridCol w:w="{next(grid)}"/>', grid_match.group(1))
    out = table[: grid_match.start(1)] + new_grid + table[grid_match.end(1) :]
    counter = iter(range(len(rows)))

    def resize(match: re.Match[str]) -> str:
        row = _resize_row(match.group(0), fitted)
        # a row kept whole that is taller than a page cannot be placed (Word cuts it off at the
        # page foot): it may split after all
        return row.replace("<w:cantSplit/>", "", 1) if next(counter) in giant_rows else row

    return _ROW.sub(resize, out)


def _row_height_twips(cells: list[_Cell], widths: list[int]) -> int:
    """A generous estimate of the row's height: the tallest cell's text wrapped into its column
    at 0.55 em a letter (Cyrillic text in Times averages less), 1.15 line height."""
    tallest = column = 0
    for cell in cells:
        room = max(1, sum(widths[column : column + cell.span]) - FIXED_NEED_TWIPS)
        column += cell.span
        height = 0
        for text, half_points, _bold in cell.paragraphs:
            lines = max(1, -(-round(len(text) * 0.55 * half_points * 10) // room))
            height += round(lines * half_points * 10 * 1.15)
        tallest = max(tallest, height)
    return tallest


def _smaller(half_points: str, scale: float) -> int:
    return max(MIN_HALF_POINTS, int(int(half_points) * scale))


def _scaled(need: int, scale: float) -> int:
    return round((need - FIXED_NEED_TWIPS) * scale) + FIXED_NEED_TWIPS if need else 0


def _scale_to_fit(widths: list[int], needs: list[int]) -> float:
    """1, or the font scale (in half-point steps, down to 9 pt) at which the longest words of
    all columns fit the table's width together."""
    total = sum(widths)
    for half_points in range(DEFAULT_HALF_POINTS, MIN_HALF_POINTS - 1, -1):
        scale = half_points / DEFAULT_HALF_POINTS
        if sum(_scaled(n, scale) for n in needs) <= total:
            return scale
    return MIN_HALF_POINTS / DEFAULT_HALF_POINTS


def _resize_row(row: str, widths: list[int]) -> str:
    column = 0
    pieces: list[str] = []
    last = 0
    for match in _CELL.finditer(row):
        cell = match.group(0)
        span_match = _SPAN.search(cell)
        span = int(span_match.group(1)) if span_match else 1
        width = sum(widths[column : column + span])
        column += span
        new_cell = _TC_WIDTH.sub(f'<w:tcW w:type="dxa" w:w="{width}"/>', cell, count=1)
        pieces += [row[last : match.start()], new_cell]
        last = match.end()
    pieces.append(row[last:])
    return "".join(pieces)
