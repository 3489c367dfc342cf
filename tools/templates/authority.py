"""The KPI table (seed 004, Приложение 1) and a municipal office's order (seed 001)."""

from __future__ import annotations

from pathlib import Path

from .gost import DocBuilder
from .orders import Points


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


POLOZHENIE_TITLE = (
    "Положения о наставничестве для педагогических работников образовательных организаций "
    "{{ municipal.territory }}, осуществляющих образовательную деятельность по реализации "
    "основных и дополнительных общеобразовательных программ"
)


def municipal_order() -> Path:
    b = DocBuilder()
    b.org_header()
    b.title("Об утверждении " + POLOZHENIE_TITLE)
    b.text(
        "В целях создания условий, способствующих самореализации, успешной адаптации, "
        "повышению уровня профессионализма и социализации, личностному и профессиональному "
        "развитию педагогических работников, а также устранению или минимизации факторов, "
        "препятствующих этому развитию"
        "{% if municipal.basis %}, на основании {{ municipal.basis|join(', ') }}{% endif %}"
    )
    b.order_word()
    p = Points(b)
    p.add("Утвердить " + POLOZHENIE_TITLE + " (приложение {{ annexes.polozhenie_municipal }}).")
    p.add(
        "Утвердить примерную дорожную карту (план мероприятий) по реализации Положения "
        "о системе наставничества педагогических работников в образовательной организации "
        "(приложение {{ annexes.roadmap }}).",
        when="annexes.roadmap",
    )
    p.add(
        "Утвердить показатели эффективности внедрения целевой модели наставничества "
        "(приложение {{ annexes.kpi_table }}).",
        when="annexes.kpi_table",
    )
    p.add(
        "{{ municipal.registry_keeper.position.dat|capfirst }} "
        "{{ municipal.registry_keeper.short.dat }} создать реестр наставников и наставляемых "
        "образовательных организаций {{ municipal.territory }}.",
        when="municipal.registry_keeper",
    )
    b.tag("{%p set n.i = n.i + 1 %}")
    b.text(
        "{{ n.i }}. Руководителям образовательных организаций"
        "{% if municipal.deadline %} в срок до {{ municipal.deadline }}{% endif %}:"
    )
    b.text("– разработать и утвердить Положение о наставничестве в образовательной организации;")
    b.text("– утвердить локальным актом список наставников и наставляемых;")
    b.text(
        "– представить сведения о наставниках и наставляемых для включения в реестр"
        "{% if municipal.registry_keeper_org %} ({{ municipal.registry_keeper_org }}){% endif %}."
    )
    p.loop(
        "Назначить ответственными за обеспечение контроля по внедрению и реализации модели "
        "наставничества в образовательных организациях:",
        "for c in municipal.controllers",
        "{{ c.short.acc }}, {{ c.position.acc }}{{ ';' if not loop.last else '.' }}",
        when="municipal.controllers",
    )
    p.add("Признать утратившим силу приказ {{ municipal.repealed_order }}.", when="municipal.repealed_order")
    p.add(
        "Контроль за исполнением настоящего приказа возложить на "
        "{{ municipal.control.position.acc }} {{ municipal.control.short.acc }}.",
        when="municipal.control",
    )
    p.add(
        "Контроль за исполнением настоящего приказа оставляю за собой.",
        when="not municipal.control",
    )
    b.signature()
    b.familiarisation("acquainted", "Ознакомлены:")
    return b.save("municipal-order.docx")


def build() -> list[Path]:
    return [kpi_table(), municipal_order()]
