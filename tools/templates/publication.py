"""consent-pd-publication.docx – согласие на обработку персональных данных, разрешённых
субъектом персональных данных для распространения (152-ФЗ ст. 10.1), with the content the
Roskomnadzor order of 24.02.2021 № 18 requires: the subject and their contacts, the operator,
the operator's web resources, the purpose, the categories and list of data with the subject's
choice for each, conditions and bans, and the term. One template for an adult participant and
for the parent of a minor."""

from __future__ import annotations

from pathlib import Path

from .gost import DocBuilder
from .people_docs import ID_LINE, LINE, NBSP, _doc_title, _sign_and_date

_CHOICE = "☐ да   ☐ нет"
_ROWS = [
    ["персональные данные", "фамилия, имя, отчество", _CHOICE, ""],
    [
        "персональные данные",
        "должность (для обучающихся – класс, группа, курс), место работы (учёбы)",
        _CHOICE,
        "",
    ],
    [
        "персональные данные",
        "сведения об участии в программе наставничества (роль, форма наставничества, достижения, поощрения)",
        _CHOICE,
        "",
    ],
    [
        "биометрические персональные данные",
        "фотографическое изображение, видеозапись с мероприятий программы наставничества",
        _CHOICE,
        "",
    ],
]


def _subject() -> str:
    """«Я, …» for an adult; «Я, [parent], являясь законным представителем …» for a minor."""
    return (
        "{% set r = person.representative %}"
        "{% if person.minor %}"
        f"Я, {{% if r %}}{{{{ r.fio }}}}{{% else %}}{LINE}{{% endif %}}, документ, удостоверяющий "
        f"личность: {{% if r and r.identity_document %}}{{{{ r.identity_document }}}}{{% else %}}"
        f"{ID_LINE}{{% endif %}}, контактная информация (телефон, адрес электронной почты или "
        f"почтовый адрес): {{% if r and (r.phone or r.address) %}}{{{{ [r.phone, r.address]|select|"
        f"join(', ') }}}}{{% else %}}{LINE}{{% endif %}}, являясь законным представителем "
        "несовершеннолетн{{ 'ей' if person.is_female else 'его' }} {{ person.fio.gen }}"
        "{% if person.position %}, {{ person.position.gen }}{% endif %} (далее – ребёнок), "
        "{% else %}"
        "Я, {{ person.fio }}, контактная информация (телефон, адрес электронной почты или "
        "почтовый адрес): {% if person.phone or person.email or person.address %}"
        "{{ [person.phone, person.email, person.address]|select|join(', ') }}"
        f"{{% else %}}{LINE}{{% endif %}}, "
        "{% endif %}"
    )


def build() -> list[Path]:
    b = DocBuilder()
    _doc_title(
        b,
        "СОГЛАСИЕ",
        "на обработку персональных данных, разрешённых субъектом персональных данных для распространения",
        space_before=0,
    )
    b.text(
        _subject() + "руководствуясь {{ law.publication_basis.ins }}, даю согласие "
        "{{ org.full_name_declined.dat }} (далее – Оператор; адрес: "
        f"{{{{ org.address or '{LINE}' }}}}{{% if org.inn %}}; ИНН{NBSP}{{{{ org.inn }}}}{{% endif %}}"
        f"{{% if org.ogrn %}}; ОГРН{NBSP}{{{{ org.ogrn }}}}{{% endif %}}) "
        "на распространение (предоставление доступа неограниченному кругу лиц) "
        "{{ 'персональных данных ребёнка' if person.minor else 'моих персональных данных' }} "
        "в целях информирования о реализации программы наставничества (целевой модели "
        "наставничества) Оператора в {{ year.text }} учебном году и её результатах."
    )
    b.text(
        "Сведения об информационных ресурсах Оператора, посредством которых будет "
        "осуществляться предоставление доступа неограниченному кругу лиц к персональным данным: "
        "официальный сайт Оператора в информационно-телекоммуникационной сети «Интернет» "
        f"{{% if site_section %}}{{{{ site_section }}}}{{% elif org.site %}}{{{{ org.site }}}}"
        f"{{% else %}}{LINE}{{% endif %}} (раздел «Наставничество»)"
        "{% if resources %}, {{ resources|join(', ') }}{% endif %}."
    )
    b.text(
        "Категории и перечень персональных данных, на распространение которых даётся согласие "
        "(отметьте нужное; в графе «Условия и запреты» можно указать запреты на передачу "
        "(кроме предоставления доступа) неограниченному кругу лиц и условия обработки):"
    )
    b.table(
        headers=[
            "Категория",
            "Перечень персональных данных",
            "Разрешаю к распространению",
            "Условия и запреты",
        ],
        row=_ROWS[-1],
        loop=None,
        widths=[36, 58, 42, 34],
        extra_rows=_ROWS[:-1],
        align=["left", "left", "center", "left"],
    )
    b.text(
        "Специальные категории персональных данных (сведения о состоянии здоровья, "
        "национальной принадлежности и т.п.) не распространяются."
    )
    b.text(
        "Условия, при которых полученные персональные данные могут передаваться Оператором "
        "только по его внутренней сети, обеспечивающей доступ к информации лишь для строго "
        "определённых сотрудников, либо с использованием информационно-телекоммуникационных "
        f"сетей, либо без передачи полученных персональных данных: {LINE} (если не указаны – "
        "не установлены)."
    )
    b.text(
        "Настоящее согласие действует со дня его подписания до дня его отзыва. Требование "
        "о прекращении распространения персональных данных направляется Оператору в письменной "
        "форме; распространение прекращается в течение трёх рабочих дней с момента получения "
        "требования."
    )
    signer = (
        "{% if person.minor %}{% if r %}{{ r.signature }}{% else %}_______________{% endif %}"
        "{% else %}{{ person.signature }}{% endif %}"
    )
    _sign_and_date(b, signer)
    return [b.save("consent-pd-publication.docx")]
