"""An indicator with the data is computed however it is worded, by choosing its measure
(issue 15, §5)."""

from __future__ import annotations

from test_participants_kpi import TOTALS, _with_experience

from docgen.model import dossier_from_data
from docgen.participants import compute_kpis
from docgen.participants.kpi import COMPUTED


def _renamed(measure: str | None):
    data = _with_experience(2, 4).model_dump(mode="json", exclude_none=True)
    data["kpis"]["indicators"][3]["name"] = "Новые кадры в школе, %"
    if measure:
        data["kpis"]["indicators"][3]["measure"] = measure
    return dossier_from_data(data)


def test_an_unrecognised_wording_is_not_computed_without_a_measure():
    young = compute_kpis(_renamed(None), TOTALS).indicators[3]
    assert young.metric is None and young.source != COMPUTED


def test_the_chosen_measure_computes_it_whatever_the_wording():
    young = compute_kpis(_renamed("young_teacher_mentees"), TOTALS).indicators[3]
    assert (young.metric, young.source, young.actual, young.note) == (
        "young_teacher_mentees",
        COMPUTED,
        33.3,
        "1 из 3",
    )
