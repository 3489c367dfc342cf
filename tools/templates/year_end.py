"""Documents of the year's course and end: the order amending the pairs order, and the
curator's analytical report (аналитическая справка) with the KPIs."""

from __future__ import annotations

from pathlib import Path

from .gost import DocBuilder
from .orders import CONTROL, Points

_MENTEES_ACC = (
    "{% for m in c.pair.mentees %}{{ m.position.acc }} {{ m.fio.acc }}"
    "{% if not loop.last %}, {% endif %}{% endfor %}"
)
_MENTEES_NOM = "{% for m in c.pair.mentees %}{{ m.fio }}{% if not loop.last %}, {% endif %}{% endfor %}"
_REPLACE = (
    "с {{ c.date }} закрепить " + _MENTEES_ACC + " за {{ c.new_mentor.position.ins }} "
    "{{ c.new_mentor.fio.ins }} вместо {{ c.pair.mentor.position.gen }} {{ c.pair.mentor.fio.gen }} "
    "{{ c.reason }}"
)
_EXCLUDE = (
    "с {{ c.date }} исключить наставническую {{ 'группу' if c.pair.is_group else 'пару' }} "
    "№ {{ c.pair.n }} (наставник – {{ c.pair.mentor.fio }}, "
    "{% if c.pair.is_group %}наставляемые{% elif c.pair.mentees[0].is_female %}наставляемая"
    "{% else %}наставляемый{% endif %} – " + _MENTEES_NOM + ") {{ c.reason }}"
)
_PAIRS_ORDER = "{{ orders.pairs_order.ref }} «Об утверждении наставнических пар (групп)»"


def pairs_amendment_order() -> Path:
    b = DocBuilder()
    b.org_header()
    b.title("О внесении изменений в приказ " + _PAIRS_ORDER)
    b.text(
        "В соответствии с Положением о наставничестве"
        "{% if orders.implementation_order.registered %}, утверждённым приказом "
        "{{ orders.implementation_order.ref }}{% endif %}, в связи с изменением состава "
        "наставнических пар (групп){% if has_replacements %}, на основании письменных согласий "
        "наставников{% endif %}"
    )
    b.order_word()
    p = Points(b)
    p.loop(
        "Внести в приказ " + _PAIRS_ORDER + " и приложение к нему следующие изменения:",
        "for c in changes",
        "{% if c.replace %}" + _REPLACE + "{% else %}" + _EXCLUDE + "{% endif %}"
        "{{ '.' if loop.last else ';' }}",
    )
    p.loop(
        "Прекратить выплату ежемесячной доплаты за осуществление наставничества:",
        "for c in stopped_payments",
        "{{ c.pair.mentor.position.dat }} {{ c.pair.mentor.short.dat }} – по наставнической "
        "{{ 'группе' if c.pair.is_group else 'паре' }} № {{ c.pair.n }} с {{ c.date }}"
        "{{ '.' if loop.last else ';' }}",
        when="stopped_payments",
    )
    p.loop(
        "Установить ежемесячную доплату за осуществление наставничества в соответствии "
        "с {{ 'дополнительным соглашением к трудовому договору' if paid_changes|length == 1 else "
        "'дополнительными соглашениями к трудовым договорам' }}:",
        "for c in paid_changes",
        "{{ c.new_mentor.position.dat }} {{ c.new_mentor.short.dat }} – {{ c.payment }} в месяц "
        "с {{ c.date }}{{ '.' if loop.last else ';' }}",
        when="paid_changes",
    )
    p.add(
        "{{ org.chief_accountant.position.dat|capfirst }} {{ org.chief_accountant.short.dat }} "
        "обеспечить {{ 'прекращение и ' if stopped_payments else '' }}начисление доплат "
        "в соответствии с настоящим приказом.",
        when="has_money and org.chief_accountant",
    )
    p.add(
        "{% if replacements|length == 1 %}{% set c = replacements[0] %}"
        "{{ c.new_mentor.position.dat|capfirst }} {{ c.new_mentor.short.dat }} в течение десяти "
        "рабочих дней скорректировать совместно с {% if c.pair.is_group %}наставляемыми"
        "{% elif c.pair.mentees[0].is_female %}наставляемой{% else %}наставляемым{% endif %} "
        "персонализированную программу наставничества и представить её куратору."
        "{% else %}Наставникам, закреплённым настоящим приказом, в течение десяти рабочих дней "
        "скорректировать совместно с наставляемыми персонализированные программы наставничества "
        "и представить их куратору.{% endif %}",
        when="has_replacements",
    )
    p.add(
        "{{ curator.position.dat|capfirst }} {{ curator.short.dat }} внести изменения в базу "
        "наставников и базу наставляемых."
    )
    p.add(CONTROL)
    b.signature()
    b.familiarisation("acquainted")
    return b.save("pairs-amendment-order.docx")


def _list_section(b: DocBuilder, heading: str, items: str) -> None:
    """A numbered section of paragraphs, left out (with its number) when the list is empty."""
    b.tag(f"{{%p if {items} %}}")
    b.tag("{%p set sec.i = sec.i + 1 %}")
    b.heading(f"{{{{ sec.i }}}}. {heading}")
    b.tag(f"{{%p for item in {items} %}}")
    b.text("{{ item }}")
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")


def curator_report() -> Path:
    b = DocBuilder()
    b.tag("{%p for line in org.founder_lines %}")
    b.para("{{ line }}", align="center", indent=False, size=12)
    b.tag("{%p endfor %}")
    b.para("{{ org.full_name|upper }}", align="center", indent=False, bold=True, space_before=6)
    b.para("АНАЛИТИЧЕСКАЯ СПРАВКА", align="center", indent=False, bold=True, space_before=18, space_after=12)
    b.tabbed("{{ report.date }}", "{{ org.city }}")
    b.title(
        "Об итогах реализации целевой модели наставничества в {{ year.start }}/{{ year.end }} учебном году"
    )
    b.heading("1. Участники программы наставничества", space_before=6)
    b.text(
        "В {{ year.start }}/{{ year.end }} учебном году в {{ org.name.pre }} реализовывались "
        "программы наставничества: {{ report.summary }}, {{ report.mentors }}, {{ report.mentees }}."
    )
    b.tag("{%p if report.changes %}")
    b.text("{{ report.changes }}")
    b.tag("{%p endif %}")
    b.table(
        headers=["Показатель", "Количество"],
        row=["{{ r.name }}", "{{ r.value }}"],
        loop="for r in report.counts",
        widths=[130, 40],
        align=["left", "center"],
    )
    b.heading("2. Наставнические пары и группы по формам наставничества")
    b.table(
        headers=["Форма наставничества", "Пар и групп", "из них групп", "Наставляемых"],
        row=["{{ f.form }}", "{{ f.pairs }}", "{{ f.groups }}", "{{ f.mentees }}"],
        loop="for f in report.forms",
        widths=[74, 30, 30, 36],
        align=["left", "center", "center", "center"],
    )
    b.heading("3. Показатели эффективности")
    b.tag("{%p if report.kpis %}")
    b.table(
        headers=["№ п/п", "Наименование показателя", "Ед.", "Базовое", "План", "Факт", "Оценка"],
        row=[
            "{{ k.n }}", "{{ k.name }}", "{{ k.unit }}", "{{ k.baseline }}", "{{ k.target }}",
            "{{ k.actual }}", "{{ k.reached }}",
        ],
        loop="for k in report.kpis",
        widths=[11, 63, 12, 19, 18, 18, 29],
        align=["center", "left", "center", "center", "center", "center", "left"],
    )  # fmt: skip
    b.tag("{%p else %}")
    b.text("Показатели эффективности в досье не заданы.")
    b.tag("{%p endif %}")
    b.tag("{%p set sec = namespace(i=3) %}")
    _list_section(b, "Результаты", "report.results")
    _list_section(b, "Трудности", "report.problems")
    _list_section(b, "Предложения на следующий учебный год", "report.proposals")
    b.signature("curator")
    return b.save("curator-report.docx")


def build() -> list[Path]:
    return [pairs_amendment_order(), curator_report()]
