"""The metrics docgen can compute, matched to a KPI table's indicators by keywords of their names."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .text import fold


@dataclass(frozen=True)
class Metric:
    id: str
    title: str  # Russian, used when the dossier has no KPI table
    total: str | None  # the KpiInputs field holding the denominator
    manual: str | None  # the KpiInputs field holding a hand-entered value
    keywords: tuple[tuple[str, ...], ...]  # every group must match the name; any stem in a group
    total_title: str = ""  # what the denominator counts, for notes

    def matches(self, name: str) -> bool:
        key = fold(name)
        return all(any(stem in key for stem in group) for group in self.keywords)


_LEARNERS = ("обучающ", "дет", "подрост", "студент", "школьник")
# Order matters: the first metric whose keywords all match an indicator's name is used.
METRICS: tuple[Metric, ...] = (
    Metric("mentee_satisfaction",
           "Уровень удовлетворённости наставляемых участием в программах наставничества, %",
           None, "mentee_satisfaction", (("удовлетвор",), ("наставляем",))),
    Metric("mentor_satisfaction",
           "Уровень удовлетворённости наставников участием в программах наставничества, %",
           None, "mentor_satisfaction", (("удовлетвор",), ("наставник",))),
    Metric("employers", "Доля предприятий (организаций), предоставивших своих наставников, %",
           "employers", None, (("предприят", "работодател"),), "предприятий (организаций)"),
    Metric("young_teacher_mentees", "Доля молодых специалистов в роли наставляемого, %",
           "young_teachers", None, (("молод",), ("учител", "педагог", "специалист"), ("наставляем",)),
           "молодых специалистов"),
    Metric("teacher_mentors", "Доля педагогов в роли наставника, %",
           "teachers", None, (("учител", "педагог", "преподавател"), ("роли наставника",)), "педагогов"),
    Metric("learner_mentors", "Доля обучающихся в роли наставника, %",
           "pupils", None, (_LEARNERS, ("роли наставника",)), "обучающихся"),
    Metric("learner_mentees", "Доля обучающихся в роли наставляемого, %",
           "pupils", None, (_LEARNERS, ("роли наставляемого",)), "обучающихся"),
    Metric("learners_involved", "Доля обучающихся, вовлечённых в различные формы наставничества, %",
           "pupils", None, (_LEARNERS, ("вовлеч",)), "обучающихся"),
)  # fmt: skip
METRIC_BY_ID = {m.id: m for m in METRICS}


def match_metric(name: str) -> Metric | None:
    """The metric an indicator's name asks for, by keywords; None when nothing matches."""
    return next((m for m in METRICS if m.matches(name)), None)


def share(part: int, total: int | None) -> float | None:
    """Percentage rounded half up to 0.1: share(1, 16) = 6.3; None without a total."""
    if not total:
        return None
    value = (Decimal(part) * 100 / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return float(value)
