"""The seed samples of authorities reproduce their seeds, checked like seed 000's roadmap.

Seed 003 (the regional roadmap of Mordovia) and seed 004 (order № 246 of the Zavitinsk office
with its two annexes) are cut into units — every line outside tables and every table cell —
and each unit, normalised, must be found in the package's text: at least 95% of them. The
roadmap tables are also compared row by row with the seed's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import rendered_sample
from tests.docxread import body_text, norm, open_docx, table_rows

SEED_003 = "003_8f8451b068b63fe1.txt"
SEED_004 = "004_643accbd8858f711.txt"
_DASHES = re.compile(r"[‐‑‒–—−]")


def normalise(text: str) -> str:
    """Whitespace, dashes, «ё», bold markers and a leading list dash do not count."""
    text = text.replace("**", "").replace("ё", "е").replace("Ё", "Е")
    text = _DASHES.sub("-", norm(text))
    return re.sub(r"^- ", "", text).strip()


def seed_units(path: Path) -> list[str]:
    units = []
    for line in path.read_text(encoding="utf-8").splitlines():
        for piece in line.split("\t") if "\t" in line else [line]:
            unit = normalise(piece)
            if unit:
                units.append(unit)
    return units


def seed_table(path: Path, header: str, continued_by_comma: bool) -> list[list[str]]:
    """Rows after `header`; a row split by a page break is joined back: trailing cells only
    (seed 003), or a first cell ending with a comma (seed 004)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header + "\t"))
    rows: list[list[str]] = []
    for line in lines[start + 1 :]:
        if not line.strip():
            continue
        if "\t" not in line:
            break
        cells = [normalise(c) for c in line.split("\t")]
        if rows and not any(cells[:-1]):
            rows[-1][-1] = f"{rows[-1][-1]} {cells[-1]}".strip()
        elif rows and continued_by_comma and rows[-1][0].endswith(",") and not any(cells[1:]):
            rows[-1][0] = f"{rows[-1][0]} {cells[0]}"
        else:
            rows.append(cells)
    return rows


def package_text(name: str) -> str:
    texts = [body_text(open_docx(doc.content)) for doc in rendered_sample(name)]
    return normalise(" ".join(texts))


def roadmap_rows(name: str) -> list[list[str]]:
    doc = next(d for d in rendered_sample(name) if d.kind.id == "roadmap")
    return [[normalise(c) for c in row] for row in table_rows(open_docx(doc.content).tables[0])]


def coverage(units: list[str], text: str) -> tuple[float, list[str]]:
    missing = [u for u in units if u not in text]
    return 1 - len(missing) / len(units), missing


@pytest.fixture
def seeds(shared_dir: Path) -> Path:
    return shared_dir / "seeds"


@pytest.mark.parametrize(("name", "seed"), [("region-mordovia", SEED_003), ("municipal-zavitinsk", SEED_004)])
def test_sample_reproduces_95_percent_of_its_seed(seeds, name, seed):
    units = seed_units(seeds / seed)
    assert len(units) > 100
    share, missing = coverage(units, package_text(name))
    assert share >= 0.95, missing


def test_regional_roadmap_is_seed_003_row_by_row(seeds):
    seed = seed_table(seeds / SEED_003, "Мероприятие", continued_by_comma=False)
    produced = roadmap_rows("region-mordovia")
    assert produced[0] == ["Мероприятие", "Сроки", "Ответственные"]
    assert len(seed) == 41
    assert produced[1:] == seed


def test_sample_roadmap_form_is_seed_004_row_by_row(seeds):
    seed = seed_table(seeds / SEED_004, "Мероприятие", continued_by_comma=True)
    produced = roadmap_rows("municipal-zavitinsk")
    assert produced[0] == ["Мероприятие", "Сроки", "Ответственные"]
    assert len(seed) == 34
    assert produced[1:] == seed  # the form's deadline and responsible cells stay empty


def test_zavitinsk_kpi_table_is_seed_004_annex_1(seeds):
    lines = (seeds / SEED_004).read_text(encoding="utf-8").splitlines()
    start = lines.index("Наименование показателя\t2022\t2024")
    seed = [[normalise(c) for c in line.split("\t")] for line in lines[start : start + 9]]
    doc = next(d for d in rendered_sample("municipal-zavitinsk") if d.kind.id == "kpi-table")
    produced = [[normalise(c) for c in row] for row in table_rows(open_docx(doc.content).tables[0])]
    assert produced == seed


def test_zavitinsk_order_misses_only_what_docgen_writes_correctly(seeds):
    """The seed's «Ознакомлен(а):» is the one line the order does not copy: docgen agrees the
    heading with the people who sign it."""
    order_units = seed_units(seeds / SEED_004)[: seed_units(seeds / SEED_004).index("Показатели")]
    _, missing = coverage(order_units, package_text("municipal-zavitinsk"))
    assert missing == ["Ознакомлен(а):"]
