"""KPIs of the mentoring programme computed from the dossier, a report .docx and its charts.

What the data can tell (counts of people by role and category, pairs by form) is computed;
shares need the organisation's totals (`KpiInputs`: pupils, teachers, young teachers, employers
of the territory); survey results (satisfaction) are entered by hand. The dossier's KPI table
(seed 004: «Наименование показателя · 2022 · 2024», shares in %) gives the names, baselines and
targets; each indicator is matched to a computed metric by keywords of its name (`METRICS`).

This module evaluates the indicators (`compute_kpis`); the inputs, metrics and counts it uses
live in kpi_inputs, kpi_metrics and kpi_counts (their public names are importable from here too),
the charts in kpi_charts, the report .docx in kpi_report.
"""

from __future__ import annotations

from dataclasses import dataclass

from docgen.model import Dossier

from .kpi_counts import Counts, FormCount, count_participants, pairs_by_form
from .kpi_inputs import KpiInputs
from .kpi_metrics import METRICS, Metric, match_metric, share
from .text import fold

COMPUTED = "расчёт"
MANUAL = "введено вручную"
FROM_DOSSIER = "из досье"


@dataclass
class KpiResult:
    name: str
    unit: str
    baseline: float | None
    target: float | None
    actual: float | None
    metric: str | None  # id of the matched metric
    source: str  # COMPUTED, MANUAL, FROM_DOSSIER or ""
    numerator: int | None = None
    denominator: int | None = None
    note: str = ""  # «12 из 240»; what is missing to compute it

    @property
    def reached(self) -> bool | None:
        if self.actual is None or self.target is None:
            return None
        return self.actual >= self.target


@dataclass
class KpiReport:
    organisation: str
    school_year: str
    baseline_year: int | None
    target_year: int | None
    counts: Counts
    forms: list[FormCount]
    indicators: list[KpiResult]


def _experience_unknown(counts: Counts) -> bool:
    """No teacher mentee has a recorded experience: young specialists cannot be told apart."""
    return counts.teacher_mentees > 0 and counts.teacher_mentees_unknown_experience == counts.teacher_mentees


def _numerator(metric: Metric, counts: Counts) -> int | None:
    if metric.id == "young_teacher_mentees" and _experience_unknown(counts):
        return None
    return {
        "employers": counts.employers,
        "young_teacher_mentees": counts.young_teacher_mentees,
        "teacher_mentors": counts.teacher_mentors,
        "learner_mentors": counts.learner_mentors,
        "learner_mentees": counts.learner_mentees,
        "learners_involved": counts.learners_involved,
    }.get(metric.id)


def _missing_data(metric: Metric, counts: Counts) -> str:
    """What the dossier lacks for a computed value to be complete."""
    unknown = counts.teacher_mentees_unknown_experience
    if metric.id == "young_teacher_mentees" and unknown:
        total = counts.teacher_mentees
        return f"; у {unknown} из {total} педагогов-наставляемых не указан стаж — они не посчитаны"
    return ""


def _manual_value(inputs: KpiInputs, name: str, metric: Metric | None) -> float | None:
    by_name = {fold(k): v for k, v in inputs.values.items()}
    if fold(name) in by_name:
        return by_name[fold(name)]
    if metric is not None:
        if metric.id in inputs.values:
            return inputs.values[metric.id]
        if metric.manual:
            return getattr(inputs, metric.manual)
    return None


def _evaluate(
    name: str,
    unit: str,
    baseline,
    target,
    recorded,
    inputs: KpiInputs,
    counts: Counts,
    measure: str | None = None,
) -> KpiResult:
    chosen = next((m for m in METRICS if m.id == measure), None) if measure else None
    metric = chosen or match_metric(name)
    result = KpiResult(name, unit, baseline, target, None, metric.id if metric else None, "")
    manual = _manual_value(inputs, name, metric)
    if manual is not None:
        result.actual, result.source = manual, MANUAL
        return result
    numerator = _numerator(metric, counts) if metric else None
    total = getattr(inputs, metric.total) if metric and metric.total else None
    if numerator is not None and total:
        result.actual, result.source = share(numerator, total), COMPUTED
        result.numerator, result.denominator = numerator, total
        result.note = f"{numerator} из {total}"
        if numerator > total:
            result.note += f": больше, чем всего {metric.total_title}, — проверьте исходные данные"
        result.note += _missing_data(metric, counts)
        return result
    if recorded is not None:
        result.actual, result.source = recorded, FROM_DOSSIER
        if metric is None or metric.manual:
            return result
    if metric is None:
        result.note = "не рассчитывается по данным досье"
    elif metric.id == "young_teacher_mentees" and _experience_unknown(counts):
        result.note = (
            "у педагогов-наставляемых не указан педагогический стаж: укажите его в досье "
            "(молодой специалист — от 0 до 3 лет) или введите значение вручную"
        )
    elif numerator is not None:
        result.note = f"{numerator}; для доли укажите, сколько всего {metric.total_title}"
        result.note += _missing_data(metric, counts)
    else:
        result.note = "вводится по итогам анкетирования"
    return result


def compute_kpis(dossier: Dossier, inputs: KpiInputs | None = None) -> KpiReport:
    """Each indicator of the dossier's KPI table with its actual value and where it comes from.

    The value is, first found: a hand-entered one (`inputs.values` by name or metric id, or the
    satisfaction fields), a share computed from the pairs and a total of `inputs`, the dossier's
    own `actual`. Without a KPI table, every metric that has a value is listed.
    """
    inputs = inputs or KpiInputs()
    counts = count_participants(dossier)
    table = dossier.kpis
    if table is not None:
        indicators = [
            _evaluate(k.name, k.unit, k.baseline, k.target, k.actual, inputs, counts, k.measure)
            for k in table.indicators
        ]
    else:
        indicators = [
            r for r in (_evaluate(m.title, "%", None, None, None, inputs, counts) for m in METRICS)
            if r.actual is not None
        ]  # fmt: skip
    return KpiReport(
        organisation=dossier.organisation.short_name,
        school_year=dossier.school_year,
        baseline_year=table.baseline_year if table else None,
        target_year=table.target_year if table else None,
        counts=counts,
        forms=pairs_by_form(dossier),
        indicators=indicators,
    )


def format_value(value: float | None) -> str:
    """50 → «50», 42.9 → «42,9», None → «–» (as the KPI table template writes them)."""
    if value is None:
        return "–"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")
