"""The curator order of a municipal office or a regional body: it names the municipal (regional)
coordinator and gives only what an authority may give — coordination of its schools, methodical
support, monitoring and reports (brief §7). Choosing pairs, collecting consents and approving
programmes stay with each school's own curator. A coordinator employed elsewhere (a methodical
centre) is named «(по согласованию)» and paid, if at all, by that employer."""

from __future__ import annotations

from .gost import DocBuilder
from .orders import CONTROL, Points

COORDINATOR_TITLE = (
    "О назначении {{ coordinator.level_gen }} координатора внедрения целевой модели наставничества"
)

COORDINATOR_FUNCTIONS = [
    "координация деятельности образовательных организаций {{ coordinator.territory }} "
    "по внедрению целевой модели наставничества;",
    "организационное и методическое сопровождение кураторов и наставников образовательных "
    "организаций, выявление и распространение лучших практик наставничества;",
    "мониторинг реализации программ наставничества и показателей эффективности внедрения "
    "целевой модели наставничества;",
    "сбор и анализ отчётов образовательных организаций, подготовка аналитической информации "
    "об итогах внедрения целевой модели наставничества;",
    "подготовка информации о внедрении целевой модели наставничества для размещения "
    "на официальном сайте {{ org.name.gen }}.",
]


def coordinator_body(b: DocBuilder) -> None:
    """Title, preamble and points of an authority's order (the signature follows in the caller)."""
    b.title(COORDINATOR_TITLE)
    b.text(
        "В целях координации внедрения целевой модели наставничества в образовательных "
        "организациях {{ coordinator.territory }}{% if orders.municipal_order.registered %} "
        "и во исполнение приказа {{ orders.municipal_order.ref }}{% endif %}"
    )
    b.order_word()
    p = Points(b)
    p.add(
        "Назначить {{ coordinator.level_ins }} координатором внедрения целевой модели "
        "наставничества в образовательных организациях {{ coordinator.territory }} на "
        "{{ year.label }} {{ curator.position.acc }} {% if coordinator.agreed %}"
        "{{ curator.fio.acc }} (по согласованию).{% else %}{{ curator.fio.acc }}.{% endif %}"
    )
    p.add(
        "Определить функции {{ coordinator.level_gen }} координатора:",
        subpoints=COORDINATOR_FUNCTIONS,
    )
    p.add(
        "Установить {{ curator.position.dat }} {{ curator.short.dat }} с "
        "{{ 'её' if curator.is_female else 'его' }} письменного согласия ежемесячную доплату "
        "за выполнение функций координатора в размере {{ curator_payment }} на {{ year.label }} "
        "в соответствии с дополнительным соглашением к трудовому договору.",
        when="curator_payment",
    )
    p.add(
        "{{ org.chief_accountant.position.dat|capfirst }} {{ org.chief_accountant.short.dat }} "
        "обеспечить начисление доплаты, установленной пунктом {{ n.i - 1 }} настоящего приказа.",
        when="curator_payment and org.chief_accountant",
    )
    p.add(CONTROL)


def build() -> list:
    return []  # the authority's variant is a branch of curator-order.docx (tools/templates/orders.py)
