"""The KPI table (seed 004, Приложение 1) and a municipal office's order (seed 001)."""

from __future__ import annotations

from pathlib import Path

from .gost import DocBuilder


def kpi_table() -> Path:
    b = DocBuilder()
    b.stamp()
    b.tag("{%p if kpi.title %}")
    b.heading("{{ kpi.title }}", space_before=0)
    b.tag("{%p elif org.is_authority %}")
    b.heading(
        "Показатели эффективности внедрения целевой модели наставничества на территории", space_before=0
    )
    b.tag("{%p else %}")
    b.heading(
        "Показатели эффективности внедрения целевой модели наставничества в {{ org.name.pre }}",
        space_before=0,
    )
    b.tag("{%p endif %}")
    b.tag("{%p if kpi.has_actual %}")
    b.table(
        headers=["Наименование показателя", "{{ kpi.baseline_year }}", "{{ kpi.target_year }}", "Факт"],
        row=["{{ r.name }}", "{{ r.baseline }}", "{{ r.target }}", "{{ r.actual }}"],
        loop="for r in kpi.rows",
        widths=[110, 20, 20, 20],
        align=["left", "center", "center", "center"],
    )
    b.tag("{%p else %}")
    b.table(
        headers=["Наименование показателя", "{{ kpi.baseline_year }}", "{{ kpi.target_year }}"],
        row=["{{ r.name }}", "{{ r.baseline }}", "{{ r.target }}"],
        loop="for r in kpi.rows",
        widths=[130, 20, 20],
        align=["left", "center", "center"],
    )
    b.tag("{%p endif %}")
    b.blank()
    return b.save("kpi-table.docx")


def municipal_order() -> Path:
    """The authority's order: title, preamble and points come from the context (the dossier's
    wording or seed 001's defaults), so one template serves seeds 001, 003 and 004."""
    b = DocBuilder()
    b.org_header()
    b.title("{{ authority.title }}")
    b.text("{{ authority.preamble }}")
    b.order_word()
    b.tag("{%p for point in authority.points %}")
    b.text("{{ point.number }} {{ point.text }}")
    b.tag("{%p for sub in point.subs %}")
    b.text("{{ sub.number }} {{ sub.text }}")
    b.tag("{%p endfor %}")
    b.tag("{%p endfor %}")
    b.signature()
    b.tag("{%p if acquainted %}")
    b.familiarisation("acquainted", "{{ acquainted_heading }}")
    b.tag("{%p endif %}")
    return b.save("municipal-order.docx")


def build() -> list[Path]:
    return [kpi_table(), municipal_order()]
