"""The pre-filled roadmap a new school starts from reads as a clean document: the seed's page
breaks and typos are not carried over."""

from __future__ import annotations

from docgen.forms.defaults import default_roadmap
from tests.test_order_wording import _contents


def test_default_roadmap_has_no_broken_rows_nor_blank_deadlines():
    roadmap = default_roadmap(2025, ["учитель – учитель"])
    rows = [row for stage in roadmap["stages"] for event in stage["events"] for row in event["rows"]]
    assert all(row.get("deadline") for row in rows), [
        r["content"][:60] for r in rows if not r.get("deadline")
    ]
    joined = "\n".join(_contents(roadmap))
    assert "из личных дел, анализа методической работы, рекомендаций аттестаций" in joined
    assert "«Об утверждении методологии (целевой модели) наставничества обучающихся" in joined
    assert "Издание приказа «Об утверждении наставнических пар (групп)»" in joined
    assert "на Сайте" not in joined
