"""Documents of the people in the programme (brief §3 rows 7, 8, 10, 12).

* consent-pd-adult.docx, consent-pd-minor.docx – согласие на обработку персональных данных
  (152-ФЗ ст. 9 ч. 4) with a separately signed consent to publication on the site (ст. 10.1);
* mentoring-consent.docx, supplementary-agreement.docx – письменное согласие работника
  и дополнительное соглашение к трудовому договору (ТК РФ ст. 351.8);
* personal-programme.docx – персонализированная программа / индивидуальный план развития;
* thank-you-letter.docx – благодарственное письмо партнёру.
"""

from __future__ import annotations

from pathlib import Path

from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from ._keep import keep_with_next_block
from .gost import STAMP_INDENT_MM, TABLE_PT, DocBuilder

NBSP = "\u00a0"
LINE = "______________________________"
LONG_LINE = "_" * 60
SIGN = "_______________"
DATE_LINE = f"«___» ____________ 20___{NBSP}г."
ID_LINE = f"паспорт серия ________ №{NBSP}______________, выдан {LINE} «___» ____________ ______{NBSP}г."
MONEY_LINE = f"__________ (______________________________) рублей 00{NBSP}копеек"
LAW_152 = f"Федерального закона от 27.07.2006 №{NBSP}152-ФЗ «О персональных данных»"


def _director_of(case: str) -> str:
    """«Директору МБОУ …» – the director's position in `case` followed by the organisation's
    name in the genitive; «начальник управления» + «Управления образования» loses the repeated
    word («Начальнику Управления образования»)."""
    fallback = {"nom": "руководитель", "dat": "руководителю"}[case]
    # «начальнику отдела образования» + «отдела образования», «министру образования Республики
    # Мордовия» + «Министерства образования …»: an authority head's position names the body.
    return (
        f"{{% set dpos = org.director.position.{case} or '{fallback}' %}}"
        "{% set dwords = dpos.split() %}{% set gen = org.name.gen %}"
        "{% if dpos|lower|trim != gen|lower|trim and (dpos|lower).endswith(' ' ~ gen|lower) %}"
        "{{ dpos[:dpos|length - gen|length]|capfirst }}{{ gen }}"
        "{% elif org.is_authority and 'образования' in dpos %}{{ dpos|capfirst }}"
        "{% elif dwords|length > 1 and dwords[-1] == (gen.split() or [''])[0]|lower %}"
        "{{ dwords[:-1]|join(' ')|capfirst }} {{ gen }}{% else %}{{ dpos|capfirst }} {{ gen }}{% endif %}"
    )


# -- small layout helpers ----------------------------------------------------------------------


def _right_block(b: DocBuilder, lines: list[str], *, space_after: int = 18) -> None:
    """Lines at the top right, left-aligned from the stamp indent (as DocBuilder.stamp)."""
    for i, line in enumerate(lines):
        if line.startswith("{%p"):
            b.tag(line)
            continue
        last = i == len(lines) - 1
        b.para(
            line, align="left", indent=False, left_mm=STAMP_INDENT_MM, space_after=space_after if last else 0
        )


def _doc_title(b: DocBuilder, word: str, subject: str, *, space_before: int = 12) -> None:
    """«СОГЛАСИЕ» / «на обработку персональных данных» centred, bold."""
    b.heading(word, space_before=space_before, space_after=0)
    b.heading(subject, space_before=0, space_after=12)


def _sign_and_date(b: DocBuilder, who: str, *, caption: str = "", space_before: int = 18) -> None:
    """Signature line «_________ / И.О. Фамилия» at the right, the date line at the left."""
    b.para(f"{SIGN} / {who}", align="right", indent=False, space_before=space_before)
    if caption:
        b.para(caption, align="right", indent=False, size=10)
    b.para(DATE_LINE, align="left", indent=False, space_before=6)


def agreement_head(b: DocBuilder, subject: str) -> None:
    """Title, place and date, and the parties of a supplementary agreement to a labour contract."""
    b.heading(f"ДОПОЛНИТЕЛЬНОЕ СОГЛАШЕНИЕ №{NBSP}___", space_before=0, space_after=0)
    b.heading(f"к трудовому договору от {DATE_LINE} №{NBSP}_____", space_before=0, space_after=6)
    b.heading(subject, space_before=0, space_after=12)
    b.tabbed("{{ org.city }}", DATE_LINE, space_before=0)
    b.blank()
    b.text(
        "{{ org.full_name }} в лице {{ employer.signer.position.gen }} "
        "{{ employer.signer.fio.gen }}, {{ employer.acting }} на основании {{ employer.basis }}, "
        "именуемое в дальнейшем «Работодатель», с одной стороны, и {{ person.fio }}, "
        "именуем{{ 'ая' if person.is_female else 'ый' }} в дальнейшем «Работник», с другой "
        "стороны, совместно именуемые «Стороны», заключили "
        f"настоящее дополнительное соглашение к трудовому договору от {DATE_LINE} "
        f"№{NBSP}_____ (далее – трудовой договор) о нижеследующем:"
    )


def _cell_lines(table: Table, row: int, col: int, lines: list[str], *, bold_first: bool = False) -> None:
    """Put several paragraphs in a cell: the first fills the existing one, the rest follow."""
    cell = table.cell(row, col)
    first = cell.paragraphs[0]
    for run in list(first.runs):
        run._r.getparent().remove(run._r)
    for i, text in enumerate(lines):
        p = first if i == 0 else cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
        p.paragraph_format.first_line_indent = Cm(0)
        if text:
            run = p.add_run(text)
            run.font.size = Pt(TABLE_PT)
            run.bold = bold_first and i == 0


def _row_height(table: Table, rows: range, height_mm: float) -> None:
    for index in rows:
        row = table.rows[index]
        row.height = Mm(height_mm)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST


_PPR_AFTER_BORDER = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _bottom_rule(p: Paragraph) -> None:
    """A thin line under the letterhead (paragraph bottom border)."""
    ppr = p._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "4"), ("w:color", "auto")):
        bottom.set(qn(key), value)
    border.append(bottom)
    ppr.insert_element_before(border, *_PPR_AFTER_BORDER)


# -- personal data --------------------------------------------------------------------------------

_PURPOSE = (
    "1. Цель обработки персональных данных: обеспечение {whose} в реализации программы "
    "наставничества (целевой модели наставничества) {{{{ org.name.gen }}}} в {{{{ year.text }}}} "
    "учебном году, формирование базы наставников и наставляемых, подготовка отчётности "
    "о реализации программы наставничества."
)
_DATA = (
    "2. Перечень персональных данных, на обработку которых даётся согласие: фамилия, имя, "
    "отчество; дата рождения; должность (для обучающихся – класс, группа, курс); место работы "
    "(учёбы); контактные данные (номер телефона, адрес электронной почты); сведения об участии "
    "в программе наставничества (роль, форма и период наставничества, результаты участия)."
)
_ACTIONS = (
    "3. Перечень действий с персональными данными: сбор, запись, систематизация, накопление, "
    "хранение, уточнение (обновление, изменение), использование, передача (предоставление) "
    "{% if recipients %}{{ recipients|join(', ') }}{% else %}органу, осуществляющему функции "
    "и полномочия учредителя Оператора, и органу управления образованием{% endif %} "
    "в целях, указанных в пункте 1, обезличивание, блокирование, удаление, уничтожение. "
    "Распространение персональных данных (размещение на сайте) допускается только "
    "по отдельному согласию."
)
_MEANS = (
    "4. Способ обработки персональных данных: с использованием средств автоматизации и без "
    "использования таких средств (смешанная обработка)."
)
_TERM = (
    "5. Согласие действует со дня его подписания на период {whose} в программе "
    "наставничества и в течение срока хранения документов, содержащих персональные данные, "
    "установленного законодательством Российской Федерации об архивном деле."
)
_WITHDRAW = (
    "6. Согласие может быть отозвано мною в любое время путём направления Оператору письменного "
    "заявления. В случае отзыва согласия Оператор вправе продолжить обработку персональных данных "
    "без согласия при наличии оснований, предусмотренных Федеральным законом от 27.07.2006 "
    f"№{NBSP}152-ФЗ «О персональных данных»."
)
_RIGHTS = (
    "7. С правами субъекта персональных данных, предусмотренными главой 3 " + LAW_152 + ", "
    "{{{{ '{acq_f}' if {female} else '{acq_m}' }}}}."
)


def _operator() -> str:
    return (
        f"в соответствии со статьёй 9 {LAW_152} свободно, своей волей и в своём интересе даю "
        "согласие {{ org.full_name_declined.dat }} (далее – Оператор; адрес: "
        f"{{{{ org.address or '{LINE}' }}}}"
        f"{{% if org.inn %}}; ИНН{NBSP}{{{{ org.inn }}}}{{% endif %}}) "
    )


def _consent_adult() -> Path:
    b = DocBuilder()
    _doc_title(b, "СОГЛАСИЕ", "на обработку персональных данных", space_before=0)
    b.text(
        "Я, {{ person.fio }}, {% if person.birth_date %}{{ person.birth_date|date }} года "
        "рождения, {% endif %}проживающ{{ 'ая' if person.is_female else 'ий' }} по адресу: "
        f"{{{{ person.address or '{LINE}' }}}}, документ, удостоверяющий личность: "
        f"{{{{ person.identity_document or '{ID_LINE}' }}}}, "
        + _operator()
        + "на обработку моих персональных данных на следующих условиях."
    )
    b.text(_PURPOSE.format(whose="моего участия"))
    b.text(_DATA)
    b.text(_ACTIONS)
    b.text(_MEANS)
    b.text(_TERM.format(whose="моего участия"))
    b.text(_WITHDRAW)
    b.text(_RIGHTS.format(acq_f="ознакомлена", acq_m="ознакомлен", female="person.is_female"))
    _sign_and_date(b, "{{ person.signature }}")
    return b.save("consent-pd-adult.docx")


_RELATION_INS = (
    "{'мать': 'матерью', 'отец': 'отцом', 'опекун': 'опекуном', 'попечитель': 'попечителем', "
    "'приёмная мать': 'приёмной матерью', 'приемная мать': 'приемной матерью', "
    "'приёмный отец': 'приёмным отцом', 'приемный отец': 'приемным отцом'}"
)


def _consent_minor() -> Path:
    b = DocBuilder()
    _doc_title(
        b,
        "СОГЛАСИЕ",
        "родителя (законного представителя) на обработку персональных данных несовершеннолетнего",
        space_before=0,
    )
    rep_line = "__________________________________________________"
    b.text(
        "{% set r = person.representative %}"
        f"{{% set ins = {_RELATION_INS} %}}"
        f"Я, {{% if r %}}{{{{ r.fio }}}}{{% else %}}{rep_line}{{% endif %}}, "
        "проживающ{% if not r %}ий(-ая){% elif r.gender == 'female' %}ая{% else %}ий{% endif %} "
        f"по адресу: {{% if r and r.address %}}{{{{ r.address }}}}{{% else %}}{LINE}{{% endif %}}, "
        "документ, удостоверяющий личность: {% if r and r.identity_document %}"
        f"{{{{ r.identity_document }}}}{{% else %}}{ID_LINE}{{% endif %}}, являясь "
        "{% if r and r.relation|lower in ins %}{{ ins[r.relation|lower] }} (законным "
        "представителем){% elif r and r.relation|lower != 'законный представитель' %}законным "
        "представителем ({{ r.relation }}){% elif r %}законным представителем{% else %}законным "
        "представителем (мать, отец, опекун, попечитель – нужное подчеркнуть){% endif %} "
        "несовершеннолетн{{ 'ей' if person.is_female else 'его' }} {{ person.fio.gen }}, "
        "{% if person.birth_date %}{{ person.birth_date|date }} года рождения"
        f"{{% else %}}дата рождения: «___» ____________ ______{NBSP}г.{{% endif %}}"
        "{% if person.position %}, {{ person.position.gen }}{% endif %}"
        "{% if person.workplace %} ({{ person.workplace }}){% endif %}, проживающ"
        "{{ 'ей' if person.is_female else 'его' }} по адресу: "
        f"{{{{ person.address or '{LINE}' }}}}, документ, удостоверяющий личность "
        "несовершеннолетн{{ 'ей' if person.is_female else 'его' }} (свидетельство о рождении "
        f"или паспорт): {{{{ person.identity_document or '{LINE}' }}}}, "
        + _operator()
        + "на обработку персональных данных несовершеннолетн"
        "{{ 'ей' if person.is_female else 'его' }} (далее – ребёнок) на следующих условиях."
    )
    b.text(_PURPOSE.format(whose="участия ребёнка"))
    b.text(_DATA)
    b.text(_ACTIONS)
    b.text(_MEANS)
    b.text(_TERM.format(whose="участия ребёнка"))
    b.text(_WITHDRAW)
    b.text(
        "{% if r %}"
        + _RIGHTS.format(acq_f="ознакомлена", acq_m="ознакомлен", female="r.gender == 'female'")
        + "{% else %}7. Права субъекта персональных данных, предусмотренные главой 3 "
        + LAW_152
        + ", мне разъяснены.{% endif %}"
    )
    signer = f"{{% if r %}}{{{{ r.signature }}}}{{% else %}}{SIGN}{{% endif %}}"
    caption = "(подпись родителя (законного представителя))"
    _sign_and_date(b, signer, caption=caption)
    _participation(b, signer, caption)
    return b.save("consent-pd-minor.docx")


def _participation(b: DocBuilder, signer: str, caption: str) -> None:
    """The parent's consent to the child's participation, which the Положение requires; on its
    own sheet with its own signature (a processing consent is kept apart from other matter)."""
    b.page_break()
    _doc_title(
        b,
        "СОГЛАСИЕ",
        "родителя (законного представителя) на участие несовершеннолетнего в программе наставничества",
        space_before=0,
    )
    b.text(
        f"Я, {{% if r %}}{{{{ r.fio }}}}{{% else %}}{LINE}{{% endif %}}, даю согласие на участие "
        "несовершеннолетн{{ 'ей' if person.is_female else 'его' }} {{ person.fio.gen }}"
        "{% if person.position %}, {{ person.position.gen }}{% endif %}, в программе "
        "наставничества (целевой модели наставничества) {{ org.name.gen }} в {{ year.text }} "
        "учебном году в качестве {{ role_gen }}{% if role_forms %} (форма наставничества: "
        "«{{ role_forms|join('», «') }}»){% endif %}."
    )
    b.text(
        "Положение о наставничестве обучающихся {{ org.name.gen }}, права и обязанности "
        "участников программы наставничества мне разъяснены. Согласие может быть отозвано "
        "мною в любое время путём направления письменного заявления в образовательную "
        "организацию."
    )
    _sign_and_date(b, signer, caption=caption)


# -- ТК РФ ст. 351.8 ------------------------------------------------------------------------------

_MENTEES_GEN = (
    "{% for m in p.mentees %}{{ m.with_position.gen }}{% if not loop.last %}, {% endif %}{% endfor %}"
)
_PAIR_TERMS = (
    "(форма наставничества «{{ p.form }}»{% if p.kind %}, вид наставничества – {{ p.kind }}"
    "{% endif %}, период наставничества {{ p.period }})"
)


def _mentoring_consent() -> Path:
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
    _doc_title(b, "СОГЛАСИЕ", "на осуществление наставничества", space_before=18)
    b.text(
        "В соответствии со {{ law.mentoring.ins }} даю согласие на "
        "{% if law.mentoring_code %}осуществление наставничества{% else %}выполнение в течение "
        "установленной продолжительности рабочего дня наряду с работой, определённой трудовым "
        "договором, дополнительной работы по наставничеству (расширение зоны обслуживания, "
        "увеличение объёма работы) за дополнительную оплату{% endif %} в отношении:"
    )
    b.tag("{%p for p in mentor_pairs %}")
    b.text(
        "{% set last_pair = loop.last %}{% if mentor_pairs|length > 1 %}{{ loop.index }}) "
        "{% endif %}" + _MENTEES_GEN + " " + _PAIR_TERMS + "{{ '.' if last_pair else ';' }}"
    )
    b.tag("{%p endfor %}")
    b.text(
        "Содержание, сроки и форма выполнения работы по наставничеству, а также размер доплаты "
        "устанавливаются дополнительным соглашением к трудовому договору."
    )
    b.text(
        "{{ 'Ознакомлена' if person.is_female else 'Ознакомлен' }} с Положением о наставничестве "
        "{{ org.name.gen }}, правами и обязанностями наставника. Мне разъяснено право досрочно "
        "отказаться от {{ 'осуществления наставничества' if law.mentoring_code else "
        "'выполнения дополнительной работы' }}, предупредив об этом работодателя "
        "в письменной форме не менее чем за три рабочих дня."
    )
    _sign_and_date(b, "{{ person.signature }}", space_before=24)
    return b.save("mentoring-consent.docx")


def _supplementary_agreement() -> Path:
    b = DocBuilder()
    agreement_head(b, "о выполнении работы по наставничеству")
    b.text(
        "1. В соответствии со {{ law.mentoring.ins }} Работник на основании письменного согласия "
        "по поручению Работодателя наряду с работой, определённой трудовым договором, выполняет "
        "{% if law.mentoring_code %}работу по наставничеству{% else %}в течение установленной "
        "продолжительности рабочего дня дополнительную работу по наставничеству (расширение зоны "
        "обслуживания, увеличение объёма работы){% endif %} в отношении:"
    )
    b.tag("{%p for p in mentor_pairs %}")
    b.text(
        "{% set last_pair = loop.last %}1.{{ loop.index }}. "
        + _MENTEES_GEN
        + " "
        + _PAIR_TERMS
        + "{{ '.' if last_pair else ';' }}"
    )
    b.tag("{%p endfor %}")
    b.text(
        "2. Работа по наставничеству выполняется Работником в течение установленной ему "
        "продолжительности рабочего времени в соответствии с Положением о наставничестве "
        "{{ org.name.gen }} и персонализированной программой наставничества (индивидуальным "
        "планом развития наставляемого)."
    )
    b.tag("{%p if mentor_pairs|length == 1 %}")
    b.text(
        "3. За выполнение работы по наставничеству Работнику устанавливается ежемесячная доплата "
        f"в размере {{{{ mentor_pairs[0].payment or '{MONEY_LINE}' }}}} за счёт средств фонда "
        "оплаты труда {{ org.name.gen }}."
    )
    b.tag("{%p else %}")
    b.text(
        "3. За выполнение работы по наставничеству Работнику устанавливается ежемесячная доплата "
        "за счёт средств фонда оплаты труда {{ org.name.gen }} в размере:"
    )
    b.tag("{%p for p in mentor_pairs %}")
    b.text(
        "3.{{ loop.index }}. за наставничество по пункту 1.{{ loop.index }} – "
        f"{{{{ p.payment or '{MONEY_LINE}' }}}}{{{{ '.' if loop.last else ';' }}}}"
    )
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")
    b.text(
        "Доплата выплачивается за период выполнения работы по наставничеству в сроки, "
        "установленные для выплаты заработной платы."
    )
    b.text(
        "4. Работник вправе досрочно отказаться от {{ 'осуществления наставничества' if "
        "law.mentoring_code else 'выполнения дополнительной работы' }}, "
        "а Работодатель – досрочно отменить поручение о {{ 'его осуществлении' if "
        "law.mentoring_code else 'её выполнении' }}, предупредив об этом другую "
        "Сторону в письменной форме не менее чем за три рабочих дня."
    )
    b.text(
        "5. Настоящее дополнительное соглашение вступает в силу со дня его подписания Сторонами "
        "и действует на период наставничества, указанный в пункте 1."
    )
    b.text("6. В остальном условия трудового договора остаются неизменными.")
    b.text(
        "7. Настоящее дополнительное соглашение является неотъемлемой частью трудового договора, "
        "составлено в двух экземплярах, имеющих одинаковую юридическую силу, по одному "
        "для каждой из Сторон."
    )
    b.heading("Подписи Сторон", space_before=12, space_after=6)
    table = b.table(
        headers=["Работодатель", "Работник"],
        row=["", ""],
        loop=None,
        widths=[85, 85],
        borders=False,
    )
    _cell_lines(
        table,
        1,
        0,
        [
            "{{ org.full_name }}",
            f"Адрес: {{{{ org.address or '{LINE}' }}}}",
            "{%p if org.inn %}",
            f"ИНН{NBSP}{{{{ org.inn }}}}",
            "{%p endif %}",
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
            f"Адрес: {{{{ person.address or '{LINE}' }}}}",
            f"Документ, удостоверяющий личность: {{{{ person.identity_document or '{LINE}' }}}}",
            "",
            "{{ person.position|capfirst }}",
            "",
            f"{SIGN} {{{{ person.signature }}}}",
        ],
    )
    b.para(
        "Второй экземпляр дополнительного соглашения {{ 'получила' if person.is_female else 'получил' }}:",
        align="left",
        indent=False,
        space_before=18,
        keep_with_next=True,
    )
    b.tabbed(f"{SIGN} / {{{{ person.signature }}}}", DATE_LINE, space_before=6)
    return b.save("supplementary-agreement.docx")


# -- personalised programme -----------------------------------------------------------------------

_PLAN_HEADERS = [
    "№ п/п",
    "Мероприятие",
    "Форма",
    "Срок",
    "Ожидаемый результат",
    "Отметка о выполнении",
]
_PLAN_WIDTHS = [10, 44, 28, 23, 36, 29]


def _section(b: DocBuilder, title: str, value: str) -> None:
    b.para(title, align="left", indent=False, bold=True, space_before=12, space_after=6, keep_with_next=True)
    b.text(f"{{{{ {value} or '{LONG_LINE}' }}}}")


def _personal_programme() -> Path:
    b = DocBuilder()
    _right_block(
        b,
        [
            "УТВЕРЖДАЮ",
            "{%p if approver %}",
            "{{ approver.position|capfirst }} {{ org.name.gen }}",
            f"{SIGN} {{{{ approver.signature }}}}",
            "{%p else %}",
            _director_of("nom"),
            f"{SIGN} {{{{ org.director.signature }}}}",
            "{%p endif %}",
            DATE_LINE,
        ],
    )
    b.tag("{%p if is_teachers %}")
    b.heading("Персонализированная программа наставничества", space_before=6, space_after=0)
    b.tag("{%p else %}")
    b.heading(
        "Индивидуальный план развития {{ 'наставляемых' if pair.is_group else 'наставляемого' }}",
        space_before=6,
        space_after=0,
    )
    b.tag("{%p endif %}")
    b.tag("{%p if pair.programme_title %}")
    b.heading("«{{ pair.programme_title }}»", space_before=0, space_after=0)
    b.tag("{%p endif %}")
    b.blank()
    mentees_label = (
        "{{ 'Наставляемые' if pair.is_group else ('Наставляемая' if pair.mentees[0].is_female "
        "else 'Наставляемый') }}"
    )
    table = b.table(
        headers=None,
        row=["Срок реализации", "{{ pair.period }}"],
        loop=None,
        widths=[50, 120],
        extra_rows=[
            [
                "Наставник",
                "{{ pair.mentor.fio }}{% if pair.mentor.position %}, "
                "{{ pair.mentor.position }}{% endif %}{% if pair.mentor.workplace %}, "
                "{{ pair.mentor.workplace }}{% endif %}",
            ],
            [mentees_label, ""],
            ["Форма наставничества", "{{ pair.form }}"],
            ["{%tr if pair.kind %}", ""],
            ["Вид наставничества", "{{ pair.kind }}"],
            ["{%tr endif %}", ""],
        ],
    )
    _cell_lines(
        table,
        1,
        1,
        [
            "{%p for m in pair.mentees %}",
            "{% if pair.is_group %}{{ loop.index }}. {% endif %}{{ m.fio }}"
            "{% if m.position %}, {{ m.position }}{% endif %}",
            "{%p endfor %}",
        ],
    )
    _section(b, "1. Цель", "pair.goal")
    _section(b, "2. Выявленные затруднения", "pair.difficulties")
    _section(b, "3. Ожидаемые результаты", "pair.expected_results")
    b.para(
        "4. План мероприятий",
        align="left",
        indent=False,
        bold=True,
        space_before=12,
        space_after=6,
        keep_with_next=True,
    )
    b.tag("{%p if pair.plan %}")
    plan = b.table(
        headers=_PLAN_HEADERS,
        row=[
            "{{ i.n }}",
            "{{ i.activity }}",
            "{{ i.form }}",
            "{{ i.deadline }}",
            "{{ i.expected_result }}",
            "",
        ],
        loop="for i in pair.plan",
        widths=_PLAN_WIDTHS,
        align=["center", "left", "left", "left", "left", "left"],
    )
    b.tag("{%p else %}")
    empty = b.table(
        headers=_PLAN_HEADERS,
        row=["3", "", "", "", "", ""],
        loop=None,
        widths=_PLAN_WIDTHS,
        align=["center", "left", "left", "left", "left", "left"],
        extra_rows=[["1", "", "", "", "", ""], ["2", "", "", "", "", ""]],
    )
    _row_height(empty, range(1, 4), 12)
    keep_with_next_block(plan)  # the plan and the signatures below it stay on one page
    keep_with_next_block(empty)
    b.tag("{%p endif %}")
    b.para("", align="left", indent=False, keep_with_next=True)  # the plan keeps its signatures
    b.tabbed("Наставник", f"{SIGN} {{{{ pair.mentor.signature }}}}", space_before=12, keep_with_next=True)
    b.tag("{%p for m in pair.mentees %}")
    b.tabbed(
        "{{ 'Наставляемая' if m.is_female else 'Наставляемый' }}",
        f"{SIGN} {{{{ m.signature }}}}",
        space_before=12,
        keep_with_next=True,
    )
    b.tag("{%p endfor %}")
    b.tabbed("Куратор", f"{SIGN} {{{{ curator.signature }}}}", space_before=12)
    return b.save("personal-programme.docx")


# -- thank-you letter ------------------------------------------------------------------------------


def _thank_you_letter() -> Path:
    b = DocBuilder()
    b.para("{{ org.full_name }}", align="center", indent=False, bold=True, size=12)
    contacts = b.para(
        "{{ [org.address, ('тел. ' ~ org.phone) if org.phone else '', "
        "('e-mail: ' ~ org.email) if org.email else '', org.site]|select|join(', ') }}",
        align="center",
        indent=False,
        size=10,
        space_after=18,
    )
    _bottom_rule(contacts)
    # the outgoing number and date (ГОСТ Р 7.0.97, requisites 13–14), filled in by the secretary
    b.para(f"от{NBSP}____________ №{NBSP}________", align="left", indent=False, space_after=12)
    _right_block(
        b,
        [
            "{{ partner.organisation }}",
            "{%p if partner.head %}",
            "{{ (partner.head.position.dat or 'руководителю')|capfirst }}",
            "{{ partner.addressee }}",
            "{%p endif %}",
            "{%p if partner.address %}",
            "{{ partner.address }}",
            "{%p endif %}",
        ],
        space_after=0,
    )
    b.heading("БЛАГОДАРСТВЕННОЕ ПИСЬМО", space_before=24, space_after=12)
    b.tag("{%p if partner.head and partner.head.name %}")
    b.para(
        "Уважаем{{ 'ая' if partner.head.is_female else 'ый' }} "
        "{{ [partner.head.name, partner.head.patronymic]|select|join(' ') }}!",
        align="center",
        indent=False,
        space_after=12,
    )
    b.tag("{%p else %}")
    b.para("Уважаемые коллеги!", align="center", indent=False, space_after=12)
    b.tag("{%p endif %}")
    b.text(
        "Коллектив {{ org.name.gen }} выражает искреннюю благодарность "
        "{% if partner.head %}Вам и в Вашем лице {% endif %}{{ partner.organisation_dat }} "
        "{{ partner.merit }}{{ '' if partner.merit[-1:] in ['.', '!', '?'] else '.' }}"
    )
    b.text(
        "В {{ year.text }} учебном году Вы приняли активное участие в реализации программы "
        "наставничества {{ org.name.gen }}{% if partner.contribution %} "
        "({{ partner.contribution }}){% endif %}. Ваши профессионализм, открытость и готовность "
        "делиться опытом помогают нашим обучающимся и педагогам расти, ставить новые цели "
        "и достигать их."
    )
    b.text("Надеемся на дальнейшее плодотворное сотрудничество!")
    b.signature(space_before=36)
    b.para(DATE_LINE, align="left", indent=False, space_before=12)
    return b.save("thank-you-letter.docx")


def build() -> list[Path]:
    return [
        _consent_adult(),
        _consent_minor(),
        _mentoring_consent(),
        _supplementary_agreement(),
        _personal_programme(),
        _thank_you_letter(),
    ]
