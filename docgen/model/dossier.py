"""The dossier: everything docgen needs to issue one organisation's package for a school year."""

from __future__ import annotations

import re
from decimal import Decimal

from pydantic import Field, ValidationInfo, field_validator

from .fields import Money, OptionalText, Text
from .organisation import Organisation
from .people import Person, StrictModel
from .programme import (
    Approval,
    CuratorAppointment,
    Direction,
    FinalEvent,
    KpiTable,
    MentorSchool,
    Municipal,
    OrderMeta,
    Pair,
    Partner,
    Reward,
    Roadmap,
    WorkingGroupMember,
)
from .signing import check_curator, check_pairs
from .year_end import CuratorReport, PairChange

_SCHOOL_YEAR = re.compile(r"^\s*(\d{4})\s*[/\-–]\s*(\d{2}|\d{4})\s*$")


class Dossier(StrictModel):
    format_version: int = Field(1, title="версия формата")
    organisation: Organisation = Field(title="организация")
    school_year: Text = Field(title="учебный год", description="«2022/2023»")
    directions: list[Direction] = Field(
        default_factory=lambda: [Direction.STUDENTS], title="направления наставничества"
    )
    basis: list[Text] = Field(
        default_factory=list,
        title="основания",
        description=(
            "Документы для преамбулы приказа о внедрении, в родительном падеже "
            "(после «На основании»): «распоряжения Министерства просвещения … № Р-145»; "
            "пусто — по направлениям наставничества"
        ),
    )
    curator: Person = Field(title="куратор")
    curator_payment: Money | None = Field(None, title="доплата куратору, руб. в месяц")
    curator_appointment: CuratorAppointment = Field(
        CuratorAppointment.CURATOR_ORDER,
        title="где назначается куратор",
        description=(
            "«curator_order» — отдельным приказом о назначении куратора (по умолчанию); "
            "«implementation_order» — пунктом приказа о внедрении, без отдельного приказа"
        ),
    )
    working_group: list[WorkingGroupMember] = Field(default_factory=list, title="рабочая группа")
    forms: list[Text] = Field(default_factory=list, title="формы наставничества")
    kinds: list[Text] = Field(default_factory=list, title="виды наставничества")
    pairs: list[Pair] = Field(default_factory=list, title="пары")
    mentees_per_mentor_max: int | None = Field(
        None,
        ge=1,
        le=50,
        title="не более наставляемых у одного наставника",
        description="Предел из Положения; пусто — Положение число не ограничивает",
    )
    pair_changes: list[PairChange] = Field(
        default_factory=list,
        title="изменения состава пар",
        description="Замена наставника или исключение пары: приказ о внесении изменений",
    )
    roadmap: Roadmap | None = Field(None, title="дорожная карта")
    orders: dict[str, OrderMeta] = Field(default_factory=dict, title="приказы")
    adopted_by: Approval | None = Field(None, title="Положение принято")
    considered: list[Approval] | None = Field(
        None,
        title="с учётом мнения (Положение обучающихся)",
        description=(
            "Не задано — совета обучающихся и совета родителей (273-ФЗ, ст. 30 ч. 3); "
            "пустой список — без отметки"
        ),
    )
    considered_teachers: list[Approval] | None = Field(
        None,
        title="с учётом мнения (Положение педагогов)",
        description=(
            "Не задано — выборного органа первичной профсоюзной организации; пустой список — без отметки"
        ),
    )
    pd_recipients: list[Text] = Field(
        default_factory=list,
        title="кому передаются персональные данные",
        description=(
            "Называются в согласии на обработку: «Управлению образования администрации города "
            "Березники» (в дательном падеже); пусто — учредителю, если он указан"
        ),
    )
    rewards: list[Reward] = Field(default_factory=list, title="поощрения")
    partners: list[Partner] = Field(default_factory=list, title="партнёры")
    kpis: KpiTable | None = Field(None, title="показатели")
    final_event: FinalEvent | None = Field(None, title="итоговое мероприятие")
    mentor_school: MentorSchool | None = Field(None, title="школа наставников")
    programmes_deadline: OptionalText = Field(
        None, title="срок разработки программ", description="«до 30.09.2022»"
    )
    site_section: OptionalText = Field(
        None, title="раздел сайта «Наставничество»", description="адрес страницы"
    )
    # Validated even when absent: an authority must fill it in (the error names this field).
    municipal: Municipal | None = Field(None, title="муниципальный уровень", validate_default=True)
    report: CuratorReport | None = Field(None, title="аналитическая справка куратора")

    @field_validator("school_year")
    @classmethod
    def _school_year(cls, value: str) -> str:
        match = _SCHOOL_YEAR.match(value)
        if not match:
            raise ValueError("ожидается учебный год вида «2022/2023»")
        start = int(match.group(1))
        end_text = match.group(2)
        end = int(end_text) if len(end_text) == 4 else start // 100 * 100 + int(end_text)
        if end != start + 1:
            raise ValueError("второй год должен следовать за первым: «2022/2023»")
        return f"{start}/{end}"

    @field_validator("directions")
    @classmethod
    def _directions(cls, value: list[Direction]) -> list[Direction]:
        if not value:
            raise ValueError("выберите хотя бы одно направление")
        return list(dict.fromkeys(value))

    @field_validator("municipal")
    @classmethod
    def _municipal_block(cls, value: Municipal | None, info: ValidationInfo) -> Municipal | None:
        organisation = info.data.get("organisation")  # absent when it is invalid itself
        if value is None and organisation is not None and organisation.kind.is_authority:
            raise ValueError("для органа управления образованием заполните раздел «муниципальный уровень»")
        return value

    @field_validator("curator_payment")
    @classmethod
    def _curator_signs_with_self(cls, value: Decimal | None, info: ValidationInfo) -> Decimal | None:
        check_curator(info.data.get("organisation"), info.data.get("curator"), value)
        return value

    @field_validator("pairs")
    @classmethod
    def _director_signs_with_self(cls, value: list[Pair], info: ValidationInfo) -> list[Pair]:
        check_pairs(info.data.get("organisation"), [pair.mentor for pair in value])
        return value

    @property
    def start_year(self) -> int:
        return int(self.school_year[:4])

    def people(self) -> list[Person]:
        """Everyone named in the dossier, once each, in order of first appearance."""
        found: dict[str, Person] = {}

        def add(person: Person | None) -> None:
            if person is not None:
                found.setdefault(person.key, person)

        add(self.organisation.director)
        add(self.curator)
        for member in self.working_group:
            add(member.person)
        for pair in self.pairs:
            add(pair.mentor)
            for mentee in pair.mentees:
                add(mentee)
        for reward in self.rewards:
            add(reward.person)
        return list(found.values())
