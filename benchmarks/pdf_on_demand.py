"""PDF on demand (issue 16): one document converted as the web's background job does it — by the
process's resident LibreOffice (`docgen.pdf.pool`) — against one page in a running LibreOffice
(the target's unit) and against a cold one-shot soffice (how every first request paid before).

Run all benchmarks with `python benchmarks/run_all.py`; this file alone:
`python benchmarks/pdf_on_demand.py`.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.pdf import sample_documents  # noqa: E402
from benchmarks.render import Table, Target  # noqa: E402
from docgen.pdf import PdfConverter, libreoffice_available, page_count  # noqa: E402
from docgen.pdf.pool import OfficePool, PoolUnavailable  # noqa: E402

NAME = "Single PDF on demand"
GOAL = "≤ 3× one page in a running LibreOffice"


def _median(convert, docx: bytes, name: str, reps: int) -> float:
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        convert(docx, name)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _pick(
    documents: list[tuple[str, bytes]], pool: OfficePool
) -> tuple[tuple[str, bytes], tuple[str, bytes], dict]:
    """A one-page document (the unit) and an order of a few pages (what a user downloads)."""
    pages = {name: page_count(pool.convert(data, name)) for name, data in documents}
    one_page = min((d for d in documents if pages[d[0]] == 1), key=lambda d: len(d[1]), default=documents[0])
    orders = [d for d in documents if "prikaz" in d[0] or "order" in d[0]] or documents
    order = max(orders, key=lambda d: pages[d[0]])
    return one_page, order, pages


def run(quick: bool = False) -> tuple[list[Table], list[Target]]:
    if not libreoffice_available():
        table = Table("PDF по запросу", ["what"], rows=[["LibreOffice не установлен: пропущено"]])
        return [table], [Target(NAME, GOAL, "not run", False)]
    reps = 3 if quick else 7
    documents = sample_documents(12)
    table = Table(
        "PDF по запросу (один документ), секунд",
        ["how", "document", "pages", "median, s", "× one page"],
        notes=[
            "Resident: `OfficePool(1, pdfa=True)` — LibreOffice kept running (started and warmed before "
            "timing); includes writing the .docx, the request to the UNO worker and reading the PDF back. "
            "Cold: `PdfConverter(workers=1, pdfa=True)` — one `soffice --convert-to` per document with a "
            "warm profile copy, as every first request paid before. Medians of "
            f"{reps} conversions."
        ],
    )
    try:
        pool = OfficePool(1, pdfa=True).start()
    except PoolUnavailable as exc:
        table.rows.append([f"пул не запустился: {exc}", "", "", "", ""])
        return [table], [Target(NAME, GOAL, "pool unavailable", False)]
    with pool:
        start = time.perf_counter()
        OfficePool(1, pdfa=True).start().close()
        startup = time.perf_counter() - start
        (one_name, one_docx), (order_name, order_docx), pages = _pick(documents, pool)
        unit = _median(pool.convert, one_docx, one_name, reps)
        resident = _median(pool.convert, order_docx, order_name, reps)
    with PdfConverter(workers=1, pdfa=True) as cold:
        cold.convert(one_docx, one_name)  # the profile seed, as a running web process has it
        cold_one = _median(cold.convert, one_docx, one_name, max(2, reps // 2))
        cold_order = _median(cold.convert, order_docx, order_name, max(2, reps // 2))
    table.rows += [
        ["one page, resident LibreOffice (the unit)", one_name, str(pages[one_name]), f"{unit:.3f}", "1.0"],
        ["on demand, resident LibreOffice", order_name, str(pages[order_name]), f"{resident:.3f}",
         f"{resident / unit:.1f}"],
        ["one page, cold soffice (before)", one_name, str(pages[one_name]), f"{cold_one:.3f}",
         f"{cold_one / unit:.1f}"],
        ["on demand, cold soffice (before)", order_name, str(pages[order_name]), f"{cold_order:.3f}",
         f"{cold_order / unit:.1f}"],
        ["starting a resident LibreOffice (once per web worker)", "", "", f"{startup:.2f}", ""],
    ]  # fmt: skip
    target = Target(
        NAME, GOAL,
        f"{resident:.3f} s = {resident / unit:.1f}× one page ({unit:.3f} s); cold soffice {cold_order:.2f} s",
        resident <= 3 * unit,
    )  # fmt: skip
    return [table], [target]


if __name__ == "__main__":
    found_tables, found_targets = run(quick="--quick" in sys.argv)
    for found in found_tables:
        print(found.markdown(), end="\n\n")
    for found_target in found_targets:
        mark = "OK " if found_target.met else "MISS"
        print(f"{mark} {found_target.name}: {found_target.measured} (goal {found_target.goal})")
