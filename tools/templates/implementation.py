"""Приказ «О внедрении целевой модели наставничества» (brief §3 row 1)."""

from __future__ import annotations

from pathlib import Path

from .gost import DocBuilder


def build() -> list[Path]:
    b = DocBuilder()
    b.org_header()
    b.title("О внедрении целевой модели наставничества")
    b.text(
        "На основании {{ basis|join(', ') }}, в целях создания условий для раскрытия "
        "потенциала личности каждого обучающегося и педагогического работника, "
        "их успешной адаптации и профессионального развития"
    )
    b.order_word()
    b.text(
        "1. Внедрить целевую модель наставничества в {{ org.name.pre }} "
        "в {{ year.start }}/{{ year.end }} учебном году."
    )
    b.text("2. Утвердить:")
    b.tag("{%p set n = namespace(i=0) %}")
    b.tag("{%p if annexes.polozhenie_students %}")
    b.tag("{%p set n.i = n.i + 1 %}")
    b.text(
        "2.{{ n.i }}. Положение о наставничестве обучающихся {{ org.name.gen }} "
        "(приложение {{ annexes.polozhenie_students }})."
    )
    b.tag("{%p endif %}")
    b.tag("{%p if annexes.polozhenie_teachers %}")
    b.tag("{%p set n.i = n.i + 1 %}")
    b.text(
        "2.{{ n.i }}. Положение о системе наставничества педагогических работников "
        "{{ org.name.gen }} (приложение {{ annexes.polozhenie_teachers }})."
    )
    b.tag("{%p endif %}")
    b.tag("{%p set n.i = n.i + 1 %}")
    b.text(
        "2.{{ n.i }}. Дорожную карту внедрения целевой модели наставничества "
        "на {{ year.label }} (приложение {{ annexes.roadmap }})."
    )
    b.tag("{%p if annexes.kpi_table %}")
    b.tag("{%p set n.i = n.i + 1 %}")
    b.text(
        "2.{{ n.i }}. Показатели эффективности внедрения целевой модели наставничества "
        "(приложение {{ annexes.kpi_table }})."
    )
    b.tag("{%p endif %}")
    b.tag("{%p if forms %}")
    b.tag("{%p set n.i = n.i + 1 %}")
    b.text("2.{{ n.i }}. Формы наставничества: «{{ forms|join('», «') }}».")
    b.tag("{%p endif %}")
    # The curator is appointed once: here, or by the separate curator order (a dossier setting).
    b.tag("{%p if curator_in_order %}")
    b.text(
        "3. Назначить куратором внедрения целевой модели наставничества "
        "{{ curator.position.acc }} {{ curator.fio.acc }}."
    )
    b.tag("{%p else %}")
    b.text("3. Куратора внедрения целевой модели наставничества назначить отдельным приказом.")
    b.tag("{%p endif %}")
    b.tag("{%p set p = namespace(i=3) %}")
    b.tag("{%p if curator_in_order and curator_payment %}")
    b.tag("{%p set p.i = p.i + 1 %}")
    b.text(
        "{{ p.i }}. Установить {{ curator.position.dat }} {{ curator.short.dat }} с "
        "{{ 'её' if curator.is_female else 'его' }} письменного согласия ежемесячную доплату "
        "за выполнение обязанностей куратора в размере {{ curator_payment }} на {{ year.label }} "
        "в соответствии с дополнительным соглашением к трудовому договору."
    )
    b.tag("{%p endif %}")
    b.tag("{%p if working_group %}")
    b.tag("{%p set p.i = p.i + 1 %}")
    b.text(
        "{{ p.i }}. Создать рабочую группу по внедрению целевой модели наставничества "
        "под руководством {{ working_group_leader.position.gen }} {{ working_group_leader.short.gen }}; "
        "состав рабочей группы утвердить отдельным приказом."
    )
    b.tag("{%p endif %}")
    b.tag("{%p set p.i = p.i + 1 %}")
    b.text("{{ p.i }}. {{ curator.position.dat|capfirst }} {{ curator.short.dat }}:")
    b.text("{{ p.i }}.1. организовать реализацию мероприятий дорожной карты в установленные сроки;")
    b.text(
        "{{ p.i }}.2. создать на официальном сайте {{ org.name.gen }} раздел «Наставничество»"
        "{% if site_section %} ({{ site_section }}){% endif %} и обеспечить размещение в нём "
        "информации о реализации целевой модели наставничества;"
    )
    b.text(
        "{{ p.i }}.3. обеспечить сбор согласий участников на обработку персональных данных, "
        "отдельных согласий на их распространение и письменных согласий работников "
        "на осуществление наставничества."
    )
    b.tag("{%p set p.i = p.i + 1 %}")
    b.text("{{ p.i }}. Контроль за исполнением настоящего приказа оставляю за собой.")
    b.signature()
    b.familiarisation("acquainted")
    return [b.save("implementation-order.docx")]
