"""The curator's consent and supplementary agreement (curator-consent.docx, curator-agreement.docx).

Curating the programme is not mentoring a named employee (ТК РФ ст. 351.8): it is additional
work with a surcharge (ст. 60.2 и 151), agreed in writing like a mentor's."""

from __future__ import annotations

from pathlib import Path

from .gost import DocBuilder
from .people_docs import (
    LINE,
    MONEY_LINE,
    SIGN,
    _cell_lines,
    _director_of,
    _doc_title,
    _right_block,
    _sign_and_date,
    agreement_head,
)

_WORK = (
    "дополнительной работы {{ role.gen }} внедрения целевой модели наставничества "
    "в {{ role.where or org.name.pre }} в {{ year.text }} учебном году (увеличение объёма работы)"
)


def _consent() -> Path:
    b = DocBuilder()
    _right_block(
        b,
        [
            "{%p if employer.delegated %}",
            "{{ employer.signer.position.dat|capfirst }} {{ org.name.gen }}",
            "{{ employer.signer.short.dat }}",
            "{%p else %}",
            _director_of("dat"),
            "{{ org.director.short.dat }}",
            "{%p endif %}",
            "{%p if person.position %}",
            "от {{ person.position.gen }}",
            "{{ person.fio.gen }}",
            "{%p else %}",
            "от {{ person.fio.gen }}",
            "{%p endif %}",
        ],
    )
    _doc_title(b, "СОГЛАСИЕ", "на выполнение дополнительной работы {{ role.gen }}", space_before=18)
    b.text(
        "В соответствии со {{ law.extra_work.ins }} даю согласие на выполнение в течение "
        "установленной продолжительности рабочего дня наряду с работой, определённой трудовым "
        f"договором, {_WORK} за дополнительную оплату."
    )
    b.text(
        "Содержание и срок выполнения дополнительной работы, а также размер доплаты "
        "устанавливаются дополнительным соглашением к трудовому договору."
    )
    b.text(
        "{{ 'Ознакомлена' if person.is_female else 'Ознакомлен' }} {% if org.is_authority %}"
        "с функциями координатора{% else %}с Положением о наставничестве {{ org.name.gen }}, "
        "правами и обязанностями куратора{% endif %}. Мне разъяснено право досрочно "
        "отказаться от выполнения дополнительной работы, предупредив об этом работодателя "
        "в письменной форме не менее чем за три рабочих дня."
    )
    _sign_and_date(b, "{{ person.signature }}", space_before=24)
    return b.save("curator-consent.docx")


def _agreement() -> Path:
    b = DocBuilder()
    agreement_head(b, "о выполнении дополнительной работы {{ role.gen }}")
    b.text(
        "1. В соответствии со {{ law.extra_work.ins }} Работник на основании письменного "
        "согласия по поручению Работодателя в течение установленной продолжительности рабочего "
        f"дня наряду с работой, определённой трудовым договором, выполняет {_WORK[:-1]}).".replace(
            "дополнительной работы", "дополнительную работу", 1
        )
    )
    b.text(
        "2. {% if org.is_authority %}Функции координатора определяются приказом о назначении "
        "координатора.{% else %}Обязанности куратора определяются Положением о наставничестве "
        "{{ org.name.gen }} и приказом {{ 'о внедрении целевой модели наставничества' if "
        "curator_in_order else 'о назначении куратора' }}.{% endif %}"
    )
    b.text(
        "3. За выполнение дополнительной работы Работнику устанавливается ежемесячная доплата "
        f"в размере {{{{ curator_payment or '{MONEY_LINE}' }}}} за счёт средств фонда оплаты "
        "труда {{ org.name.gen }}. Доплата выплачивается в сроки, установленные для выплаты "
        "заработной платы."
    )
    b.text(
        "4. Работник вправе досрочно отказаться от выполнения дополнительной работы, "
        "а Работодатель – досрочно отменить поручение о её выполнении, предупредив об этом "
        "другую Сторону в письменной форме не менее чем за три рабочих дня."
    )
    b.text(
        "5. Настоящее дополнительное соглашение вступает в силу со дня его подписания Сторонами "
        "и действует до окончания учебного года, указанного в пункте 1."
    )
    b.text("6. В остальном условия трудового договора остаются неизменными.")
    b.text(
        "7. Настоящее дополнительное соглашение составлено в двух экземплярах, имеющих "
        "одинаковую юридическую силу, по одному для каждой из Сторон."
    )
    b.heading("Подписи Сторон", space_before=12, space_after=6)
    table = b.table(
        headers=["Работодатель", "Работник"], row=["", ""], loop=None, widths=[85, 85], borders=False
    )
    _cell_lines(
        table,
        1,
        0,
        [
            "{{ org.full_name }}",
            f"Адрес: {{{{ org.address or '{LINE}' }}}}",
            "",
            "{{ employer.signer.position|capfirst }}",
            "",
            f"{SIGN} {{{{ employer.signer.signature }}}}",
            "М.П.",
        ],
    )
    _cell_lines(
        table,
        1,
        1,
        [
            "{{ person.fio }}",
            "{{ person.position|capfirst }}",
            "",
            f"{SIGN} {{{{ person.signature }}}}",
        ],
    )
    return b.save("curator-agreement.docx")


def build() -> list[Path]:
    return [_consent(), _agreement()]
