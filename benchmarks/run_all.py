"""Run every docgen benchmark and print Markdown tables with the machine's description.

    python benchmarks/run_all.py            # full run (~3 minutes on 2 cores)
    python benchmarks/run_all.py --quick    # fewer repetitions, a smoke test
    python benchmarks/run_all.py --readme   # also rewrite the results section of benchmarks/README.md
    python benchmarks/run_all.py --archive  # also run archive_search.py (its own section, long)

Numbers depend on what else the machine is doing: the load average before and after is printed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import issue as issue_bench  # noqa: E402
from benchmarks import pdf as pdf_bench  # noqa: E402
from benchmarks import pdf_on_demand  # noqa: E402
from benchmarks import render as render_bench  # noqa: E402
from benchmarks.render import Table, Target, machine  # noqa: E402

README = Path(__file__).resolve().parent / "README.md"
BEGIN = "<!-- render-pdf-results:begin (written by python benchmarks/run_all.py --readme) -->"
END = "<!-- render-pdf-results:end -->"
BENCHMARKS = [render_bench.run, issue_bench.run, pdf_bench.run, pdf_on_demand.run]


def _load() -> str:
    try:
        return " / ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "?"


def run(quick: bool) -> str:
    load_before = _load()
    started = time.perf_counter()
    tables: list[Table] = []
    targets: list[Target] = []
    for bench in BENCHMARKS:
        found_tables, found_targets = bench(quick)
        tables += found_tables
        targets += found_targets
    archive = ""
    if "--archive" in sys.argv and (ROOT / "benchmarks" / "archive_search.py").exists():
        done = subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "archive_search.py")],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        archive = f"\n### Archive search (archive_search.py)\n\n```\n{done.stdout.strip()}\n```\n"
    elapsed = time.perf_counter() - started
    description = Table("Машина", ["", ""], rows=[[k, v] for k, v in machine().items()])
    description.rows.append(["load average (1/5/15 min) before → after", f"{load_before} → {_load()}"])
    description.rows.append(
        ["run", f"{elapsed:.0f} s{' (--quick)' if quick else ''}, {time.strftime('%Y-%m-%d')}"]
    )
    summary = Table(
        "Цели",
        ["target", "goal", "measured", "met"],
        rows=[[t.name, t.goal, t.measured, "yes" if t.met else "**no**"] for t in targets],
    )
    return "\n\n".join(t.markdown() for t in [description, summary, *tables]) + "\n" + archive


def write_readme(text: str) -> None:
    section = f"{BEGIN}\n{text}{END}"
    current = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    if BEGIN in current and END in current:
        head, rest = current.split(BEGIN, 1)
        current = head + section + rest.split(END, 1)[1]
    else:
        current = current.rstrip("\n") + "\n\n" + section + "\n"
    README.write_text(current, encoding="utf-8")


if __name__ == "__main__":
    output = run(quick="--quick" in sys.argv)
    print(output)
    if "--readme" in sys.argv:
        write_readme(output)
        print(f"written to {README}")
