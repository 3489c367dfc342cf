"""KPIs of the mentoring programme computed from the dossier, a report .docx and its charts.

What the data can tell (counts of people by role and category, pairs by form) is computed;
shares need the organisation's totals (`KpiInputs`: pupils, teachers, young teachers, employers
of the territory); survey results (satisfaction) are entered by hand. The dossier's KPI table
(seed 004: «Наименование показателя · 2022 · 2024», shares in %) gives the names, baselines and
targets; each indicator is matched to a computed metric by keywords of its name (`METRICS`).
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from docgen.grammar.names import signature_name
from docgen.model import Category, Dossier, Person

from .errors import ParticipantsError
from .text import fold

# -- inputs -------------------------------------------------------------------------------------


@dataclass
class KpiInputs:
    """What the dossier does not hold: the organisation's totals and hand-entered values."""

    pupils: int | None = None  # обучающихся в организации (или на территории)
    teachers: int | None = None  # педагогических работников
    young_teachers: int | None = None  # молодых специалистов (стаж 0–3 года)
    employers: int | None = None  # предприятий (организаций) на территории
    mentee_satisfaction: float | None = None  # %, по анкетам наставляемых
    mentor_satisfaction: float | None = None  # %, по анкетам наставников
    values: dict[str, float] = field(default_factory=dict)  # фактические значения вручную:
    # ключ — идентификатор метрики («learner_mentees») или наименование показателя

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> KpiInputs:
        """From JSON-like data; English field names or their Russian aliases; Russian errors."""
        if not isinstance(data, Mapping):
            raise ParticipantsError('Исходные данные показателей: ожидается объект JSON вида {"pupils": 640}')
        known = {f.name for f in fields(cls)}
        result: dict[str, Any] = {}
        for raw_key, value in data.items():
            key = _INPUT_ALIASES.get(fold(str(raw_key)), str(raw_key))
            if key not in known:
                allowed = ", ".join(sorted(known))
                raise ParticipantsError(
                    f"Неизвестный параметр показателей «{raw_key}»; допустимые: {allowed}"
                )
            if key == "values":
                if not isinstance(value, Mapping):
                    raise ParticipantsError("«values»: ожидается объект {показатель: значение}")
                result[key] = {str(k): _number(v, f"values[{k}]") for k, v in value.items()}
            elif value is not None:
                number = _number(value, str(raw_key))
                if key in _COUNT_INPUTS:
                    if number != int(number) or number < 0:
                        raise ParticipantsError(
                            f"«{raw_key}»: ожидается целое неотрицательное число, а не {value}"
                        )
                    number = int(number)
                result[key] = number
        return cls(**result)


_COUNT_INPUTS = ("pupils", "teachers", "young_teachers", "employers")
_INPUT_ALIASES = {
    "обучающихся": "pupils", "обучающиеся": "pupils",
    "педагогов": "teachers", "педагоги": "teachers", "учителей": "teachers",
    "молодых специалистов": "young_teachers", "молодых педагогов": "young_teachers",
    "предприятий": "employers", "организаций": "employers",
    "удовлетворенность наставляемых": "mentee_satisfaction",
    "удовлетворенность наставников": "mentor_satisfaction",
    "значения": "values",
}  # fmt: skip


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool):
        raise ParticipantsError(f"«{name}»: ожидается число, а не {value}")
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).replace(",", ".").replace(" ", "").replace("\u00a0", ""))
    except ValueError:
        raise ParticipantsError(f"«{name}»: ожидается число, а не «{value}»") from None


# -- metrics ------------------------------------------------------------------------------------


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


# -- counting -----------------------------------------------------------------------------------


def _is_learner(person: Person) -> bool:
    """A pupil or student of the organisation itself (one with a workplace comes from outside)."""
    return person.category in (Category.PUPIL, Category.STUDENT) and not person.workplace


# «Молодой специалист»: a teacher with 0 to 3 years of teaching experience (seed 004's indicator).
YOUNG_YEARS = 3


def _is_own_teacher(person: Person) -> bool:
    return person.category is Category.TEACHER and not person.workplace


@dataclass
class Counts:
    pairs: int = 0
    groups: int = 0
    mentors: int = 0
    mentees: int = 0
    learner_mentees: int = 0
    learner_mentors: int = 0
    learners_involved: int = 0
    teacher_mentees: int = 0
    young_teacher_mentees: int = 0  # of them with a teaching experience of 0–3 years
    teacher_mentees_unknown_experience: int = 0
    teacher_mentors: int = 0
    employer_mentors: int = 0
    employers: int = 0  # distinct organisations of employers' and partners' mentors

    def rows(self) -> list[tuple[str, int]]:
        return [
            ("Наставнических пар и групп", self.pairs),
            ("из них групп", self.groups),
            ("Наставников", self.mentors),
            ("Наставляемых", self.mentees),
            ("Обучающихся в роли наставляемого", self.learner_mentees),
            ("Обучающихся в роли наставника", self.learner_mentors),
            ("Обучающихся, вовлечённых в наставничество", self.learners_involved),
            ("Педагогов в роли наставляемого", self.teacher_mentees),
            ("из них молодых специалистов (стаж 0–3 года)", self.young_teacher_mentees),
            ("Педагогов в роли наставника", self.teacher_mentors),
            ("Наставников от работодателей и партнёров", self.employer_mentors),
            ("Организаций, предоставивших наставников", self.employers),
        ]


def count_participants(dossier: Dossier) -> Counts:
    mentors = {p.mentor.key: p.mentor for p in dossier.pairs}
    mentees = {m.key: m for p in dossier.pairs for m in p.mentees}
    employer_mentors = [m for m in mentors.values() if m.category in (Category.EMPLOYER, Category.PARTNER)]
    learners = {k for k, m in mentors.items() if _is_learner(m)} | {
        k for k, m in mentees.items() if _is_learner(m)
    }
    teacher_mentees = [m for m in mentees.values() if _is_own_teacher(m)]
    return Counts(
        pairs=len(dossier.pairs),
        groups=sum(1 for p in dossier.pairs if p.is_group),
        mentors=len(mentors),
        mentees=len(mentees),
        learner_mentees=sum(1 for m in mentees.values() if _is_learner(m)),
        learner_mentors=sum(1 for m in mentors.values() if _is_learner(m)),
        learners_involved=len(learners),
        teacher_mentees=len(teacher_mentees),
        young_teacher_mentees=sum(
            1 for m in teacher_mentees if m.experience_years is not None and m.experience_years <= YOUNG_YEARS
        ),
        teacher_mentees_unknown_experience=sum(1 for m in teacher_mentees if m.experience_years is None),
        teacher_mentors=sum(1 for m in mentors.values() if _is_own_teacher(m)),
        employer_mentors=len(employer_mentors),
        employers=len({fold(m.workplace or m.key) for m in employer_mentors}),
    )


@dataclass(frozen=True)
class FormCount:
    form: str
    pairs: int
    groups: int
    mentees: int


def pairs_by_form(dossier: Dossier) -> list[FormCount]:
    """Pairs and groups per form of mentoring, in the order forms first appear."""
    found: dict[str, list] = {}
    for pair in dossier.pairs:
        entry = found.setdefault(pair.form, [0, 0, set()])
        entry[0] += 1
        entry[1] += pair.is_group
        entry[2].update(m.key for m in pair.mentees)
    return [FormCount(form, n, g, len(people)) for form, (n, g, people) in found.items()]


# -- results ------------------------------------------------------------------------------------

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
    name: str, unit: str, baseline, target, recorded, inputs: KpiInputs, counts: Counts
) -> KpiResult:
    metric = match_metric(name)
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
            _evaluate(k.name, k.unit, k.baseline, k.target, k.actual, inputs, counts)
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


# -- charts -------------------------------------------------------------------------------------

_PLAN = "#9DB4D3"
_FACT_OK = "#4C9A5B"
_FACT_LOW = "#D9822B"
_STYLE = {"font.family": "DejaVu Sans", "font.size": 10, "axes.spines.top": False, "axes.spines.right": False}


def _figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=150)
    FigureCanvasAgg(figure)
    return figure


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150, bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()


def _label(n: int, name: str, width: int = 42) -> str:
    text = name.removesuffix(", %").removesuffix(",%")
    lines = textwrap.wrap(f"{n}. {text}", width=width)
    if len(lines) > 3:
        lines = [*lines[:2], textwrap.shorten(" ".join(lines[2:]), width=width, placeholder="…")]
    return "\n".join(lines)


def plan_fact_png(report: KpiReport) -> bytes:
    """Horizontal bars «план» and «факт» per indicator; the fact is green when the plan is met."""
    import matplotlib

    rows = [
        (n, r)
        for n, r in enumerate(report.indicators, start=1)
        if r.target is not None or r.actual is not None
    ]
    with matplotlib.rc_context(_STYLE):
        figure = _figure(8.5, max(2.5, 0.8 * len(rows) + 1.2))
        axes = figure.add_subplot()
        if not rows:
            axes.text(0.5, 0.5, "Нет показателей с планом или фактом", ha="center", va="center")
            axes.set_axis_off()
            return _png(figure)
        positions = list(range(len(rows)))[::-1]
        height = 0.38
        plan = [r.target or 0 for _, r in rows]
        fact = [r.actual or 0 for _, r in rows]
        colours = [_FACT_OK if r.reached else _FACT_LOW for _, r in rows]
        plan_label = f"план ({report.target_year})" if report.target_year else "план"
        bars_plan = axes.barh(
            [p + height / 2 for p in positions], plan, height, color=_PLAN, label=plan_label
        )
        bars_fact = axes.barh([p - height / 2 for p in positions], fact, height, color=colours, label="факт")
        for bars, values in (
            (bars_plan, [r.target for _, r in rows]),
            (bars_fact, [r.actual for _, r in rows]),
        ):
            for bar, value in zip(bars, values, strict=True):
                text = format_value(value) if value is not None else "нет данных"
                axes.text(
                    bar.get_width() + 1, bar.get_y() + bar.get_height() / 2, text, va="center", fontsize=9
                )
        axes.set_yticks(positions, [_label(n, r.name) for n, r in rows], fontsize=8.5)
        units = {r.unit for _, r in rows}
        axes.set_xlabel("%" if units == {"%"} else "значение")
        axes.set_xlim(0, max([*plan, *fact, 100]) * 1.12)
        axes.set_title("Показатели эффективности: план и факт", fontsize=12, loc="left")
        from matplotlib.patches import Patch

        axes.legend(
            handles=[Patch(color=_PLAN, label=plan_label), Patch(color=_FACT_OK, label="факт: план выполнен"),
                     Patch(color=_FACT_LOW, label="факт: ниже плана")],
            loc="upper center", bbox_to_anchor=(0.5, -0.08 - 0.5 / len(rows)), ncol=3, fontsize=8,
            frameon=False,
        )  # fmt: skip
        axes.grid(axis="x", alpha=0.3)
        return _png(figure)


def forms_png(report: KpiReport) -> bytes:
    """Horizontal bars: pairs and groups per form of mentoring, with the number of mentees."""
    import matplotlib

    with matplotlib.rc_context(_STYLE):
        forms = report.forms
        figure = _figure(8, max(2.2, 0.55 * len(forms) + 1.2))
        axes = figure.add_subplot()
        if not forms:
            axes.text(0.5, 0.5, "Пар и групп пока нет", ha="center", va="center")
            axes.set_axis_off()
            return _png(figure)
        positions = list(range(len(forms)))[::-1]
        singles = [f.pairs - f.groups for f in forms]
        groups = [f.groups for f in forms]
        axes.barh(positions, singles, 0.6, color="#5B84B1", label="пары")
        axes.barh(positions, groups, 0.6, left=singles, color="#F2A65A", label="группы")
        for position, item in zip(positions, forms, strict=True):
            axes.text(item.pairs + 0.1, position, f"{item.pairs} (наставляемых: {item.mentees})", va="center",
                      fontsize=9)  # fmt: skip
        axes.set_yticks(positions, [textwrap.fill(f.form, 34) for f in forms])
        axes.set_xlim(0, max(f.pairs for f in forms) * 1.45 + 1)
        axes.xaxis.get_major_locator().set_params(integer=True)
        axes.set_xlabel("пар и групп")
        axes.set_title("Наставнические пары и группы по формам", fontsize=12, loc="left")
        axes.legend(loc="lower right", fontsize=8, frameon=False)
        axes.grid(axis="x", alpha=0.3)
        return _png(figure)


def charts(dossier: Dossier, inputs: KpiInputs | None = None) -> dict[str, bytes]:
    """PNG charts for a page or a report: {"plan_fact": …, "forms": …}."""
    report = compute_kpis(dossier, inputs)
    return {"plan_fact": plan_fact_png(report), "forms": forms_png(report)}


# -- the report ---------------------------------------------------------------------------------


def kpi_report_docx(dossier: Dossier, inputs: KpiInputs | None = None, *, today: date | None = None) -> bytes:
    """«Отчёт о показателях эффективности»: counts, the KPI table, charts, pairs by form."""
    from docx.shared import Mm

    from docgen import gost  # python-docx: imported only when a report is built

    report = compute_kpis(dossier, inputs)
    images = {"plan_fact": plan_fact_png(report), "forms": forms_png(report)}
    today = today or date.today()
    doc = gost.new_document()
    org = dossier.organisation
    gost.para(doc, org.full_name, align="center", indent=False, bold=True, space_after=12)
    gost.heading(doc, "Отчёт о показателях эффективности внедрения целевой модели наставничества",
                    space_before=6, space_after=0)  # fmt: skip
    gost.para(doc, f"{dossier.school_year} учебный год, по состоянию на {today:%d.%m.%Y}",
                 align="center", indent=False, space_after=12)  # fmt: skip

    gost.heading(doc, "1. Участники программы наставничества")
    gost.table(doc, ["Показатель", "Количество"], report.counts.rows(), [130, 40], align=["left", "center"])

    gost.heading(doc, "2. Показатели эффективности")
    base = f"Базовое ({report.baseline_year})" if report.baseline_year else "Базовое"
    plan = f"План ({report.target_year})" if report.target_year else "План"
    rows = [
        [str(n), r.name, format_value(r.baseline), format_value(r.target), format_value(r.actual),
         _source_text(r)]
        for n, r in enumerate(report.indicators, start=1)
    ]  # fmt: skip
    if rows:
        headers = ["№", "Наименование показателя", base, plan, "Факт", "Источник"]
        aligns = ["center", "left", "center", "center", "center", "left"]
        gost.table(doc, headers, rows, [9, 71, 20, 20, 17, 33], align=aligns)
    else:
        gost.para(doc, "Показатели не заданы: укажите таблицу показателей в досье или исходные данные.")
    _picture(doc, images["plan_fact"], "Рисунок 1 — Показатели эффективности: план и факт", Mm(165))

    gost.heading(doc, "3. Наставнические пары и группы по формам наставничества")
    form_rows = [[f.form, str(f.pairs), str(f.groups), str(f.mentees)] for f in report.forms]
    total = ["Всего", str(report.counts.pairs), str(report.counts.groups), str(report.counts.mentees)]
    headers = ["Форма наставничества", "Пар и групп", "из них групп", "Наставляемых"]
    aligns = ["left", "center", "center", "center"]
    gost.table(doc, headers, [*form_rows, total], [74, 30, 30, 36], align=aligns)
    _picture(doc, images["forms"], "Рисунок 2 — Наставнические пары и группы по формам", Mm(150))

    curator = dossier.curator
    position = (curator.position or "куратор").strip()
    gost.signature(doc, position[:1].upper() + position[1:], signature_name(curator.full_name))
    return gost.to_bytes(doc)


def _source_text(result: KpiResult) -> str:
    parts = [result.source] if result.source else []
    if result.note:
        parts.append(result.note)
    return ": ".join(parts) if parts else "нет данных"


def _picture(doc, png: bytes, caption: str, width) -> None:
    from docgen import gost

    paragraph = gost.para(doc, align="center", indent=False, space_before=12, keep_with_next=True)
    paragraph.add_run().add_picture(io.BytesIO(png), width=width)
    gost.para(doc, caption, align="center", indent=False, size=12, space_after=6)
