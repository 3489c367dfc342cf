"""Accuracy on the development table from shared/domain (names ≥ 97 %, positions 100 %)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docgen.grammar import decline

DEV_SET = Path(__file__).resolve().parents[2].parent / "shared" / "domain" / "declension_dev.json"


def _cases() -> list[dict[str, str]]:
    if not DEV_SET.exists():
        pytest.skip(f"no development set at {DEV_SET}")
    return json.loads(DEV_SET.read_text(encoding="utf-8"))


def _score(cases: list[dict[str, str]]) -> tuple[float, list[str]]:
    misses = []
    for case in cases:
        got = decline(case["kind"], case["input"], case["gender"], case["case"])
        if got != case["expected"]:
            misses.append(f"{case['input']} [{case['case']}]: {case['expected']!r} != {got!r}")
    return 1 - len(misses) / len(cases), misses


def test_overall_accuracy() -> None:
    cases = _cases()
    accuracy, misses = _score(cases)
    print(f"dev set: {accuracy:.1%} of {len(cases)}", *misses, sep="\n")
    assert accuracy >= 0.97, misses


def test_names_accuracy() -> None:
    cases = [c for c in _cases() if c["kind"] == "name"]
    assert cases
    accuracy, misses = _score(cases)
    assert accuracy >= 0.97, misses


def test_positions_all_right() -> None:
    cases = [c for c in _cases() if c["kind"] == "position"]
    assert cases
    _, misses = _score(cases)
    assert misses == []
