"""Orders of a school's programme: curator, working group, «Школа наставников», pairs,
rewards, final event. Points are numbered by a template counter so that optional points
(a payment, a chief accountant) never leave gaps in the numbering."""

from __future__ import annotations

from pathlib import Path

from .gost import DocBuilder


class Points:
    """Numbered points «1.», «2.» whose numbers are computed at render time."""

    def __init__(self, b: DocBuilder, var: str = "n"):
        self.b = b
        self.var = var
        b.tag(f"{{%p set {var} = namespace(i=0) %}}")

    def add(self, text: str, when: str | None = None, subpoints: list[str] | None = None) -> None:
        b, v = self.b, self.var
        if when:
            b.tag(f"{{%p if {when} %}}")
        b.tag(f"{{%p set {v}.i = {v}.i + 1 %}}")
        b.text(f"{{{{ {v}.i }}}}. {text}")
        for index, sub in enumerate(subpoints or [], 1):
            b.text(f"{{{{ {v}.i }}}}.{index}. {sub}")
        if when:
            b.tag("{%p endif %}")

    def loop(self, header: str, loop: str, item: str, when: str | None = None) -> None:
        """A point whose subpoints come from a list: «N. header» then «N.k. item»."""
        b, v = self.b, self.var
        if when:
            b.tag(f"{{%p if {when} %}}")
        b.tag(f"{{%p set {v}.i = {v}.i + 1 %}}")
        b.text(f"{{{{ {v}.i }}}}. {header}")
        b.tag(f"{{%p {loop} %}}")
        b.text(f"{{{{ {v}.i }}}}.{{{{ loop.index }}}}. {item}")
        b.tag("{%p endfor %}")
        if when:
            b.tag("{%p endif %}")


IMPLEMENTATION_REF = (
    "{% if orders.implementation_order.registered %} и во исполнение приказа "
    "{{ orders.implementation_order.ref }} «О внедрении целевой модели наставничества»{% endif %}"
)
CONTROL = "Контроль за исполнением настоящего приказа оставляю за собой."


def curator_order() -> Path:
    from .coordinator import coordinator_body  # it builds on Points, defined here

    b = DocBuilder()
    b.org_header()
    b.tag("{%p if org.is_authority %}")
    coordinator_body(b)
    b.tag("{%p else %}")
    b.title("О назначении куратора внедрения целевой модели наставничества")
    b.text(
        "В целях организации работы по внедрению целевой модели наставничества "
        "в {{ org.name.pre }}" + IMPLEMENTATION_REF
    )
    b.order_word()
    p = Points(b)
    p.add(
        "Назначить куратором внедрения целевой модели наставничества в {{ org.name.pre }} "
        "на {{ year.label }} {{ curator.position.acc }} {{ curator.fio.acc }}."
    )
    p.add(
        "Возложить на {{ curator.position.acc }} {{ curator.short.acc }} следующие обязанности:",
        subpoints=[
            "разработка и реализация дорожной карты внедрения целевой модели наставничества;",
            "формирование и актуализация базы наставников и базы наставляемых;",
            "организация подбора наставнических пар и групп, подготовка проектов приказов об их закреплении;",
            "курирование разработки и реализации персонализированных программ наставничества;",
            "организация обучения наставников, в том числе в «Школе наставников»;",
            "сбор согласий участников на обработку персональных данных и письменных согласий "
            "работников на осуществление наставничества;",
            "мониторинг реализации и оценка эффективности программ наставничества, подготовка "
            "итогового аналитического отчёта;",
            "размещение информации о реализации целевой модели наставничества на официальном "
            "сайте {{ org.name.gen }}.",
        ],
    )
    p.add(
        "Установить {{ curator.position.dat }} {{ curator.short.dat }} с "
        "{{ 'её' if curator.is_female else 'его' }} письменного согласия ежемесячную доплату "
        "за выполнение обязанностей куратора в размере {{ curator_payment }} на {{ year.label }} "
        "в соответствии с дополнительным соглашением к трудовому договору.",
        when="curator_payment",
    )
    p.add(
        "{{ org.chief_accountant.position.dat|capfirst }} {{ org.chief_accountant.short.dat }} "
        "обеспечить начисление доплаты, установленной пунктом {{ n.i - 1 }} настоящего приказа.",
        when="curator_payment and org.chief_accountant",
    )
    p.add(CONTROL)
    b.tag("{%p endif %}")
    b.signature()
    b.familiarisation("acquainted")
    return b.save("curator-order.docx")


def working_group_order() -> Path:
    b = DocBuilder()
    b.org_header()
    b.title("О создании рабочей группы по внедрению целевой модели наставничества")
    b.text(
        "В целях организационного и методического сопровождения внедрения целевой модели "
        "наставничества в {{ org.name.pre }}" + IMPLEMENTATION_REF
    )
    b.order_word()
    p = Points(b)
    p.add(
        "Создать рабочую группу по внедрению целевой модели наставничества в {{ org.name.pre }} "
        "на {{ year.label }} в составе согласно приложению к настоящему приказу."
    )
    p.add(
        "Рабочей группе:",
        subpoints=[
            "разработать проекты локальных актов, регламентирующих наставничество;",
            "провести анкетирование потенциальных наставников и наставляемых, сформировать "
            "базы наставников и наставляемых;",
            "подготовить предложения по формированию наставнических пар и групп;",
            "обеспечить реализацию мероприятий дорожной карты в установленные сроки;",
            "ежеквартально представлять куратору информацию о ходе реализации программ наставничества.",
        ],
    )
    p.add(
        "Руководство рабочей группой возложить на {{ working_group_leader.position.acc }} "
        "{{ working_group_leader.short.acc }}."
    )
    p.add(CONTROL)
    b.signature()
    b.familiarisation("acquainted")
    b.page_break()
    b.annex_mark()
    b.heading("Состав рабочей группы по внедрению целевой модели наставничества", space_before=0)
    b.table(
        headers=["№ п/п", "Фамилия, имя, отчество", "Должность", "Роль в рабочей группе"],
        row=["{{ loop.index }}", "{{ m.fio }}", "{{ m.position|capfirst }}", "{{ m.role|capfirst }}"],
        loop="for m in working_group",
        widths=[12, 55, 60, 43],
        align=["center", "left", "left", "left"],
    )
    b.blank()
    return b.save("working-group-order.docx")


def mentor_school_order() -> Path:
    b = DocBuilder()
    b.org_header()
    b.title("Об организации «Школы наставников»")
    b.text(
        "В целях методической подготовки наставников к работе с наставляемыми в рамках "
        "реализации целевой модели наставничества в {{ org.name.pre }}" + IMPLEMENTATION_REF
    )
    b.order_word()
    p = Points(b)
    p.add(
        "Организовать в {{ org.name.pre }} «Школу наставников» в {{ year.start }}/{{ year.end }} "
        "учебном году."
    )
    p.add("Утвердить план работы и график обучения «Школы наставников» (приложение).")
    p.add(
        "Назначить руководителем «Школы наставников» {{ school.lead.position.acc }} "
        "{{ school.lead.fio.acc }}."
    )
    p.add(
        "Наставникам пройти обучение в «Школе наставников» в соответствии с графиком.",
        when="mentors",
    )
    p.add(
        "Контроль за исполнением настоящего приказа возложить на {{ curator.position.acc }} "
        "{{ curator.short.acc }}."
    )
    b.signature()
    b.familiarisation("acquainted")
    b.page_break()
    b.annex_mark()
    b.heading("План работы и график обучения «Школы наставников» на {{ year.label }}", space_before=0)
    b.table(
        headers=["№ п/п", "Тема занятия", "Форма проведения", "Сроки", "Ответственный"],
        row=["{{ s.n }}", "{{ s.topic }}", "{{ s.form }}", "{{ s.date }}", "{{ s.responsible }}"],
        loop="for s in school.sessions",
        widths=[12, 66, 32, 25, 35],
        align=["center", "left", "left", "left", "left"],
    )
    b.blank()
    return b.save("mentor-school-order.docx")


def pairs_order() -> Path:
    b = DocBuilder()
    b.org_header()
    b.title("Об утверждении наставнических пар (групп)")
    b.text(
        "В соответствии с Положением о наставничестве"
        "{% if orders.implementation_order.registered %}, утверждённым приказом "
        "{{ orders.implementation_order.ref }}{% endif %}, на основании письменных согласий "
        "участников, в целях реализации целевой модели наставничества в {{ org.name.pre }}"
    )
    b.order_word()
    p = Points(b)
    p.loop(
        "Утвердить наставнические пары (группы) на период с {{ period.start }} "
        "по {{ period.end }} согласно приложению к настоящему приказу и закрепить:",
        "for pair in pairs",
        # a person from a partner organisation: «ведущим программистом ООО «…» Оганесяном …»
        "{% for m in pair.mentees %}{{ m.position.acc }}{% if m.workplace %} {{ m.workplace }}"
        "{% endif %} {{ m.fio.acc }}{% if not loop.last %}, {% endif %}{% endfor %} "
        "за {{ pair.mentor.position.ins }}{% if pair.mentor.workplace %} {{ pair.mentor.workplace }}"
        "{% endif %} {{ pair.mentor.fio.ins }} (форма наставничества «{{ pair.form }}», "
        "{{ pair.period }}){{ '.' if loop.last else ';' }}",
    )
    p.add(
        "{% set deadline = ' в срок до ' ~ programmes_deadline if programmes_deadline else '' %}"
        "{% if only_pair_with %}Наставнику разработать совместно с {{ only_pair_with }} "
        "персонализированную программу наставничества{{ deadline }} и представить её на утверждение "
        "куратору.{% else %}{{ 'Наставнику' if one_mentor else 'Наставникам' }} разработать "
        "совместно с наставляемыми персонализированные программы наставничества{{ deadline }} "
        "и представить их на утверждение куратору.{% endif %}"
    )
    p.loop(
        "Установить {% if paid_pairs|length == 1 %}наставнику ежемесячную доплату за осуществление "
        "наставничества в соответствии с дополнительным соглашением к трудовому договору"
        "{% else %}наставникам ежемесячную доплату за осуществление наставничества в соответствии "
        "с дополнительными соглашениями к трудовым договорам{% endif %}:",
        "for pair in paid_pairs",
        "{{ pair.mentor.position.dat }} {{ pair.mentor.short.dat }} – {{ pair.payment }} в месяц"
        "{{ '.' if loop.last else ';' }}",
        when="paid_pairs",
    )
    p.add(
        "{{ org.chief_accountant.position.dat|capfirst }} {{ org.chief_accountant.short.dat }} "
        "обеспечить начисление {{ 'доплаты, установленной' if paid_pairs|length == 1 else "
        "'доплат, установленных' }} пунктом {{ n.i - 1 }} настоящего приказа.",
        when="paid_pairs and org.chief_accountant",
    )
    p.add(
        "{{ curator.position.dat|capfirst }} {{ curator.short.dat }} обеспечить методическое "
        "сопровождение наставнических пар и групп и мониторинг реализации программ "
        "наставничества."
    )
    p.add(CONTROL)
    b.signature()
    b.familiarisation("acquainted")
    b.new_section(landscape=True)
    b.annex_mark()
    b.heading("Наставнические пары (группы) на {{ year.label }}", space_before=0)
    b.table(
        headers=[
            "№ п/п",
            "ФИО наставника",
            "Должность (класс), место работы наставника",
            "ФИО наставляемого",
            "Должность (класс), место работы (учёбы) наставляемого",
            "Форма наставничества",
            "Период",
            "Программа",
        ],
        row=[
            "{{ r.n }}",
            "{{ r.mentor.fio }}",
            "{{ r.mentor.position|capfirst }}{% if r.mentor.workplace %}, "
            "{{ r.mentor.workplace }}{% endif %}",
            "{{ r.mentee.fio }}",
            "{{ r.mentee.position|capfirst }}{% if r.mentee.workplace %}, "
            "{{ r.mentee.workplace }}{% endif %}",
            "{{ r.form }}",
            "{{ r.period }}",
            "{{ r.programme }}",
        ],
        loop="for r in rows",
        widths=[11, 38, 36, 38, 34, 33, 29, 38],
        align=["center"] + ["left"] * 7,
    )
    b.blank()
    return b.save("pairs-order.docx")


def reward_order() -> Path:
    b = DocBuilder()
    b.org_header()
    b.title("О поощрении участников наставнической деятельности")
    b.text(
        "По итогам реализации целевой модели наставничества в {{ year.start }}/{{ year.end }} "
        "учебном году, в соответствии с Положением о наставничестве, в целях морального "
        "и материального стимулирования наставнической деятельности"
    )
    b.order_word()
    p = Points(b)
    item_end = "{{ ';' if not loop.last else '.' }}"
    p.loop(
        "Объявить благодарность:",
        "for r in rewards.gratitude",
        "{{ r.person.position.dat }} {{ r.person.fio.dat }} {{ r.merit }}" + item_end,
        when="rewards.gratitude",
    )
    p.loop(
        "Вручить благодарственное письмо:",
        "for r in rewards.letter",
        "{{ r.person.position.dat }} {{ r.person.fio.dat }} {{ r.merit }}" + item_end,
        when="rewards.letter",
    )
    p.loop(
        "Наградить Почётной грамотой:",
        "for r in rewards.certificate",
        "{{ r.person.position.acc }} {{ r.person.fio.acc }} {{ r.merit }}" + item_end,
        when="rewards.certificate",
    )
    p.loop(
        "Премировать:",
        "for r in rewards.bonus",
        "{{ r.person.position.acc }} {{ r.person.fio.acc }} {{ r.merit }} в размере "
        "{{ r.amount }}" + item_end,
        when="rewards.bonus",
    )
    p.loop(
        "Наградить ценным подарком:",
        "for r in rewards.gift",
        "{{ r.person.position.acc }} {{ r.person.fio.acc }} {{ r.merit }}" + item_end,
        when="rewards.gift",
    )
    p.loop(
        "Ходатайствовать о награждении:",
        "for r in rewards.petition",
        "{{ r.person.position.gen }} {{ r.person.fio.gen }} {{ r.award }} {{ r.merit }}" + item_end,
        when="rewards.petition",
    )
    p.add(
        "{{ org.chief_accountant.position.dat|capfirst }} {{ org.chief_accountant.short.dat }} "
        "обеспечить выплату премий за счёт стимулирующей части фонда оплаты труда.",
        when="has_money and org.chief_accountant",
    )
    p.add(
        "Бухгалтерии обеспечить выплату премий за счёт стимулирующей части фонда оплаты труда.",
        when="has_money and not org.chief_accountant",
    )
    p.add(CONTROL)
    b.signature()
    b.familiarisation("acquainted")
    return b.save("reward-order.docx")


def final_event_order() -> Path:
    b = DocBuilder()
    b.org_header()
    b.title("О проведении итогового мероприятия в рамках реализации целевой модели наставничества")
    b.text(
        "В целях подведения итогов реализации целевой модели наставничества в "
        "{{ year.start }}/{{ year.end }} учебном году, выявления и распространения лучших "
        "практик наставничества"
    )
    b.order_word()
    p = Points(b)
    p.add("Провести {{ event.title.acc }} {{ event.when }}. Место проведения: {{ event.place }}.")
    p.loop(
        "Утвердить программу мероприятия:",
        "for item in event.programme",
        "{{ item }}{{ ';' if not loop.last else '.' }}",
        when="event.programme",
    )
    p.loop(
        "Утвердить состав жюри:",
        "for j in event.jury",
        "{{ j.fio }}, {{ j.position }}{{ ';' if not loop.last else '.' }}",
        when="event.jury",
    )
    p.add(
        "Назначить {{ event.responsible_all|agree('ответственным', 'ответственной', 'ответственными') }} "
        "за подготовку и проведение мероприятия {{ event.responsible_list.acc }}."
    )
    p.add(
        "{{ curator.position.dat|capfirst }} {{ curator.short.dat }} разместить информацию "
        "об итогах мероприятия на официальном сайте {{ org.name.gen }} в разделе "
        "«Наставничество»."
    )
    p.add(CONTROL)
    b.signature()
    b.familiarisation("acquainted")
    return b.save("final-event-order.docx")


def build() -> list[Path]:
    return [
        curator_order(),
        working_group_order(),
        mentor_school_order(),
        pairs_order(),
        reward_order(),
        final_event_order(),
    ]
