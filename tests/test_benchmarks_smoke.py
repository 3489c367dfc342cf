"""`benchmarks/run_all.py` stays runnable with one command (speed itself is not asserted here).

The quick run exercises every benchmark — renderer against plain docxtpl and the floor, the
package, 50 schools in two processes, memory, PDF — and prints the tables the README keeps.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.libreoffice
def test_quick_benchmark_run_prints_every_table_and_target():
    result = subprocess.run(
        [sys.executable, "benchmarks/run_all.py", "--quick"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    for title in ("### Машина", "### Цели", "### Приказ о закреплении пар", "### Пакет школы на 100 пар",
                  "### 50 школ", "### Память", "### PDF через LibreOffice",
                  "### PDF по запросу"):  # fmt: skip
        assert title in out
    targets = out.split("### Цели", 1)[1].split("###", 1)[0]
    expected = [
        "render vs plain docxtpl, 100 pairs",
        "render vs floor, 100 pairs",
        "whole package, 100 pairs",
        "50 schools as .docx",
        "memory over",
        "PDF per document",
        "Single PDF on demand",
    ]
    for target in expected:
        assert target in targets
    pairs_order = out.split("### Приказ о закреплении пар", 1)[1].split("###", 1)[0]
    rows = [line for line in pairs_order.splitlines() if line.startswith(("| 10 |", "| 100 |", "| 1000 |"))]
    assert len(rows) == 3  # pairs-order at 10, 100 and 1000 pairs, each against docxtpl and both floors
    for title in ("### Большие приказы", "### Выпуск пакета через API", "### Выпуск пакетов: gunicorn"):
        assert title in out
    for target in ("pairs-order per pair", "rendered parts vs zlib level 1", "documents via API",
                   "issue, 2 workers, 4 clients", "issue p95, 8 clients"):  # fmt: skip
        assert target in targets  # «issue N documents via API»: N is the sample's package
