"""PDF benchmarks: LibreOffice conversion per document — single, a batch in one worker, a pool of 2.

Run all benchmarks with `python benchmarks/run_all.py`; this file alone: `python benchmarks/pdf.py`.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.render import SAMPLE, Table, Target  # noqa: E402
from docgen.model import load_dossier  # noqa: E402
from docgen.pdf import PdfConverter, libreoffice_available, page_count, pdfa_part  # noqa: E402
from docgen.render.package import render_dossier  # noqa: E402


def sample_documents(count: int) -> list[tuple[str, bytes]]:
    """`count` documents of the gymnasium package, spread over its kinds (orders, Положения, consents…)."""
    documents = render_dossier(load_dossier(SAMPLE))
    step = max(1, len(documents) // count)
    chosen = documents[::step][:count]
    while len(chosen) < count:
        chosen += documents[: count - len(chosen)]
    return [(d.filename, d.content) for d in chosen]


def _convert(converter: PdfConverter, items: list[tuple[str, bytes]]) -> tuple[float, int]:
    start = time.perf_counter()
    results = converter.convert_many(items)
    elapsed = time.perf_counter() - start
    failed = [r.error for r in results if not r.ok]
    if failed:
        raise RuntimeError("; ".join(str(f) for f in failed))
    return elapsed, sum(page_count(r.pdf or b"") for r in results)


def run(quick: bool = False) -> tuple[list[Table], list[Target]]:
    if not libreoffice_available():
        table = Table("PDF (LibreOffice)", ["what"], rows=[["LibreOffice не установлен: пропущено"]])
        return [table], [Target("PDF per document, batch on 2 cores", "≤ 0.25 s", "not run", False)]
    twenty = sample_documents(20)
    forty = sample_documents(40)
    table = Table(
        "PDF через LibreOffice (batch mode), секунд на документ",
        ["how", "documents", "pages", "total, s", "s per document"],
        notes=[
            "Each soffice invocation starts LibreOffice (~0.7 s with a warm profile) and converts its "
            "whole batch; profiles are warmed before timing. Documents: the gymnasium package spread over "
            "its kinds (orders, Положения, roadmap, consents, programmes)."
        ],
    )
    targets: list[Target] = []
    with PdfConverter(workers=1) as one:
        _convert(one, twenty[:1])  # profile created
        reps = 1 if quick else 3
        singles = [_convert(one, [twenty[i]]) for i in range(reps)]
        single = statistics.median(t for t, _ in singles)
        table.rows.append(
            ["single document, one soffice", "1", str(singles[0][1]), f"{single:.2f}", f"{single:.2f}"]
        )
        elapsed, pages = _convert(one, twenty)
        table.rows.append(
            ["batch of 20, one worker", "20", str(pages), f"{elapsed:.2f}", f"{elapsed / 20:.3f}"]
        )
    with PdfConverter(workers=2) as pool:
        _convert(pool, twenty[:2])  # both profiles created
        elapsed20, pages20 = _convert(pool, twenty)
        table.rows.append(
            ["20, pool of 2 (2 × 10)", "20", str(pages20), f"{elapsed20:.2f}", f"{elapsed20 / 20:.3f}"]
        )
        elapsed40, pages40 = _convert(pool, forty)
        table.rows.append(
            ["40, pool of 2 (2 × 20)", "40", str(pages40), f"{elapsed40:.2f}", f"{elapsed40 / 40:.3f}"]
        )
    with PdfConverter(workers=2, pdfa=True) as archive:
        _convert(archive, twenty[:2])
        start = time.perf_counter()
        results = archive.convert_many(twenty)
        elapsed_a = time.perf_counter() - start
        marked = sum(1 for r in results if r.pdf and pdfa_part(r.pdf) == 2)
        table.rows.append([f"20 as PDF/A-2b, pool of 2 ({marked}/20 declare pdfaid:part 2)", "20",
                           str(sum(page_count(r.pdf or b"") for r in results)), f"{elapsed_a:.2f}",
                           f"{elapsed_a / 20:.3f}"])  # fmt: skip
    best = min(elapsed20 / 20, elapsed40 / 40)
    targets.append(
        Target("PDF per document, batch on 2 cores", "≤ 0.25 s",
               f"{elapsed20 / 20:.3f} s (20 docs), {elapsed40 / 40:.3f} s (40 docs)", best <= 0.25)
    )  # fmt: skip
    return [table], targets


if __name__ == "__main__":
    found_tables, found_targets = run(quick="--quick" in sys.argv)
    for found in found_tables:
        print(found.markdown(), end="\n\n")
    for target in found_targets:
        print(f"{'OK ' if target.met else 'MISS'} {target.name}: {target.measured} (goal {target.goal})")
