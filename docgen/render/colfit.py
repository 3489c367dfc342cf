"""Column widths that fit the words a render put into fixed-layout tables.

A template's builder sizes columns for the words it knows (the headers); names, positions and
plan activities arrive at render time. A fixed-layout column narrower than its longest word
makes Word and LibreOffice break that word mid-letter («консультаци/я»). This pass measures the
longest word of every column (real font metrics, `docgen.textwidth`) and, only when a column is
too narrow, moves width to it from columns with room to spare; the table's total width stays.

It works on the rendered XML string (no parse) and returns it unchanged, as the same object,
when no table needs it, so the renderer's fast path stays fast. Rows and cells are read by
`colfit_rows.py`, once per distinct row and cell: about 1.5 ms for a 100-pair order whose rows
were seen before, ~10 ms for one whose every name is new (it was ~30 ms with a regex pass).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from docgen.textwidth import FIXED_NEED_TWIPS, spread

from . import colfit_rows
from .colfit_rows import DEFAULT_HALF_POINTS, GIANT_ROW_TWIPS, KEEP_NEXT, SIZE, Row

FIXED_TABLE = '<w:tblLayout w:type="fixed"/>'
_GRID = re.compile(r"<w:tblGrid>(.*?)</w:tblGrid>", re.DOTALL)
_GRID_COL = re.compile(r'<w:gridCol w:w="(\d+)"/>')
MIN_HALF_POINTS = 18  # a table is never set smaller than 9 pt


def fit_columns(xml: str) -> str:
    """`xml` with every too-narrow fixed-layout column widened; the same string if none is."""
    if FIXED_TABLE not in xml:
        return xml
    pieces: list[str] = []
    last = 0
    for start, end in _tables(xml):
        table = xml[start:end]
        if FIXED_TABLE not in table:
            continue  # autofit tables fit themselves
        fitted = _fit_table(table)
        if fitted is not None:
            pieces.append(xml[last:start])
            pieces += fitted
            last = end
    if not pieces:
        return xml
    pieces.append(xml[last:])
    return "".join(pieces)  # the document is copied once, whatever the number of tables


def _tables(xml: str) -> Iterator[tuple[int, int]]:
    """Where each `<w:tbl>` … first `</w:tbl>` after it is, except those with a table inside
    (nested tables are left alone). The search for the next table's start doubles as the
    check for a nested one."""
    start = xml.find("<w:tbl>")
    while start >= 0:
        end = xml.find("</w:tbl>", start)
        if end < 0:
            return
        end += len("</w:tbl>")
        following = xml.find("<w:tbl>", start + 1)
        if following < 0 or following >= end:
            yield start, end
        else:
            following = xml.find("<w:tbl>", end)
        start = following


def _read(table: str, widths: list[int]) -> tuple[list[Row], str, list[int], set[int]]:
    """The table's rows, what follows the last row, the need of every column and the rows kept
    whole that are too tall for a page."""
    *pieces, tail = table.split("</w:tr>")
    rows = [colfit_rows.row(piece) for piece in pieces]
    count = len(widths)
    needs = [0] * count
    giant: set[int] = set()
    narrowest = max(1, min(widths) - FIXED_NEED_TWIPS)
    for index, row in enumerate(rows):
        if len(row.needs) == count:
            needs = list(map(max, needs, row.needs))
        else:
            for column, need in enumerate(row.needs[:count]):
                needs[column] = max(needs[column], need)
        if (
            row.cant_split
            and (row.tall_room > narrowest or len(row.needs) > count)
            and colfit_rows.row_height_twips(row.cells, widths) > GIANT_ROW_TWIPS
        ):
            giant.add(index)
    return rows, tail, needs, giant


def _loosened(rows: list[Row]) -> set[int]:
    """A table whose every paragraph is kept with the next (tools/templates/_keep.py
    keep_with_next_block: «this table stays with what follows») keeps that only on its header
    and its last row: a long plan may then run over a page, and its last row still goes with
    the signatures below it. The rows to loosen."""
    real = [index for index, row in enumerate(rows) if row.start >= 0]
    if len(real) < 4 or not all(rows[index].keep_next for index in real):
        return set()
    return set(real[1:-1])


def _fit_table(table: str) -> list[str] | None:
    """The fitted table in pieces to join, or None when it stays as it is."""
    grid_match = _GRID.search(table)
    if grid_match is None:
        return None
    widths = [int(w) for w in _GRID_COL.findall(grid_match.group(1))]
    if not widths:
        return None
    rows, tail, needs, giant = _read(table, widths)
    scale = _scale_to_fit(widths, needs)
    if scale < 1:
        needs = [_scaled(n, scale) for n in needs]
    fitted = spread(widths, needs)
    loosen = _loosened(rows)
    resize = fitted != widths or scale < 1 or bool(giant)
    if not resize and not loosen:
        return None
    if scale < 1:  # rare: read the table again with its smaller fonts
        table = SIZE.sub(
            lambda m: f'<w:sz w:val="{max(MIN_HALF_POINTS, int(int(m.group(1)) * scale))}"/>', table
        )
        grid_match = _GRID.search(table)
        assert grid_match is not None
        rows, tail, _needs, _giant = _read(table, widths)
    key = tuple(fitted)
    out: list[str] = []
    for index, row in enumerate(rows):
        text = colfit_rows.resized(row, key, index in giant) if resize else row.text
        if index in loosen:
            text = text[: row.start] + text[row.start :].replace(KEEP_NEXT, "")
        out += [text, "</w:tr>"]
    out.append(tail)
    if resize:
        grid = iter(fitted)
        new_grid = _GRID_COL.sub(lambda _m: f'<w:gridCol w:w="{next(grid)}"/>', grid_match.group(1))
        # the grid is in the first piece, before its row, which the resize leaves as it was
        first = out[0]
        if grid_match.end() > len(first):
            first = "".join(out)
            out = []
        out[:1] = [first[: grid_match.start(1)], new_grid, first[grid_match.end(1) :]]
    return out


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
