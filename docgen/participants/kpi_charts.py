"""PNG charts of a KPI report: plan and fact per indicator, pairs and groups per form (matplotlib)."""

from __future__ import annotations

import io
import textwrap

from docgen.model import Dossier

from .kpi import KpiReport, compute_kpis, format_value
from .kpi_inputs import KpiInputs

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
