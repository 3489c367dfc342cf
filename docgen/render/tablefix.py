"""When docxtpl's table-grid repair has anything to do.

`fix_tables` parses the whole rendered body with lxml to repair tables whose rows gained or lost
cells in a loop. Most documents need nothing of it, so this string-level check (no parse)
decides whether to call it; when unsure (nested tables, content controls) it says yes.
"""

from __future__ import annotations

import re

_SPAN = re.compile(r'<w:gridSpan w:val="(\d+)"')


def tables_need_fixing(xml: str) -> bool:
    """True when a table has a row wider than its grid, or every row is narrower than it."""
    starts = xml.count("<w:tbl>") + xml.count("<w:tbl ")
    if not starts:
        return False
    segments = xml.split("</w:tbl>")[:-1]
    if len(segments) != starts:
        return True
    for segment in segments:
        at = max(segment.rfind("<w:tbl>"), segment.rfind("<w:tbl "))
        if at < 0 or segment.count("<w:tbl>") + segment.count("<w:tbl ") != 1:
            return True  # a nested table: leave it to fix_tables
        table = segment[at:]
        if "<w:sdt" in table or "<w:customXml" in table:
            return True  # cells inside content controls: fix_tables counts only direct children
        grid = table.count("<w:gridCol ") + table.count("<w:gridCol>") + table.count("<w:gridCol/>")
        widest = spanned = 0
        for row in table.split("</w:tr>")[:-1]:
            cells = row.count("<w:tc>") + row.count("<w:tc ")
            width = cells
            if "<w:gridSpan " in row:
                width += sum(int(v) - 1 for v in _SPAN.findall(row))
            widest, spanned = max(widest, cells), max(spanned, width)
        if widest > grid or spanned < grid:
            return True
    return False
