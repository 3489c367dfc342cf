"""What the programme consists of: pairs and groups, the roadmap, rewards, partners, KPIs."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from .authority import AuthorityOrder
from .fields import Cell, Money, OptionalText, RuDate, Text
from .people import Person, StrictModel

FORM_PRESETS: tuple[str, ...] = (
    "учитель – ученик",
    "ученик – ученик",
    "учитель – учитель",
    "работодатель – ученик",
    "студент – ученик",
    "студент – студент",
    "преподаватель – студент",
    "преподаватель – преподаватель",
    "работодатель – студент",
    "преподаватель/мастер производственного обучения – школьник",
    "директор образовательной организации – педагог",
    "педагог – педагог",
    "руководитель образовательной организации – педагог",
    "социальный партнёр – педагог",
)

KIND_PRESETS: tuple[str, ...] = (
    "виртуальное",
    "групповое",
    "краткосрочное",
    "реверсивное",
    "ситуационное",
    "скоростное",
    "традиционное",
)


class Direction(StrEnum):
    """Whose mentoring the programme covers; selects the Положение variant."""

    STUDENTS = "students"
    TEACHERS = "teachers"


class CuratorAppointment(StrEnum):
    """Where the curator is appointed: once, in one of the two orders."""

    IMPLEMENTATION_ORDER = "implementation_order"
    CURATOR_ORDER = "curator_order"


class PlanItem(StrictModel):
    """One line of a personalised programme's plan."""

    activity: Text = Field(title="мероприятие")
    form: OptionalText = Field(None, title="форма")
    deadline: Text = Field(title="срок")
    expected_result: OptionalText = Field(None, title="ожидаемый результат")


class Pair(StrictModel):
    """A mentoring pair, or a group when there are several mentees."""

    mentor: Person = Field(title="наставник")
    mentees: list[Person] = Field(title="наставляемые", min_length=1)
    form: Text = Field(title="форма наставничества")
    kind: OptionalText = Field(None, title="вид наставничества")
    start: RuDate = Field(title="начало")
    end: RuDate = Field(title="окончание")
    programme_title: OptionalText = Field(None, title="название программы")
    goal: OptionalText = Field(None, title="цель")
    difficulties: OptionalText = Field(None, title="затруднения наставляемого")
    expected_results: OptionalText = Field(None, title="ожидаемые результаты")
    payment: Money | None = Field(None, title="ежемесячная доплата наставнику, руб.")
    plan: list[PlanItem] = Field(default_factory=list, title="план мероприятий")

    @model_validator(mode="after")
    def _period(self) -> Pair:
        if self.end <= self.start:
            raise ValueError("окончание должно быть позже начала")
        return self

    @property
    def is_group(self) -> bool:
        return len(self.mentees) > 1


class RoadmapRow(StrictModel):
    content: Cell = Field("", title="содержание деятельности")
    deadline: Cell = Field("", title="сроки")
    responsible: Cell = Field("", title="ответственные")


class RoadmapEvent(StrictModel):
    title: Cell = Field("", title="мероприятие")
    rows: list[RoadmapRow] = Field(title="строки", min_length=1)
    # Optional (no format change): the timeline and the calendar show the event as done.
    done: RuDate | None = Field(
        None, title="выполнено", description="Дата проведения; пусто — ещё не выполнено"
    )


class RoadmapStage(StrictModel):
    title: Text = Field(title="наименование этапа")
    events: list[RoadmapEvent] = Field(title="мероприятия", min_length=1)
    deadline: OptionalText = Field(None, title="сроки этапа")
    responsible: OptionalText = Field(None, title="ответственные за этап")


class RoadmapLayout(StrEnum):
    """Column sets met in the seeds."""

    FULL = "full"  # seed 000: № · этап · мероприятие · содержание · сроки · ответственные
    STAGES = "stages"  # seed 001: № · этап · содержание · ответственные · сроки (+ numbers row)
    EVENTS = "events"  # seeds 003/004: мероприятие · сроки · ответственные


class RoadmapSection(StrictModel):
    """A text section before the table (seed 002: обоснование, цель, формы)."""

    title: Text = Field(title="заголовок")
    text: Text = Field(title="текст")


class Roadmap(StrictModel):
    title: OptionalText = Field(None, title="заголовок")
    layout: RoadmapLayout = Field(RoadmapLayout.FULL, title="набор столбцов")
    sections: list[RoadmapSection] = Field(default_factory=list, title="разделы перед таблицей")
    stages: list[RoadmapStage] = Field(title="этапы", min_length=1)


class RewardType(StrEnum):
    GRATITUDE = "благодарность"
    LETTER = "благодарственное письмо"
    CERTIFICATE = "почётная грамота"
    BONUS = "премия"
    GIFT = "ценный подарок"
    PETITION = "ходатайство о награждении"


class Reward(StrictModel):
    person: Person = Field(title="кто поощряется")
    type: RewardType = Field(title="вид поощрения")
    amount: Money | None = Field(None, title="сумма, руб.")
    merit: Text = Field(title="за что")
    award: OptionalText = Field(
        None,
        title="награда для ходатайства",
        description="«Почётная грамота Министерства просвещения Российской Федерации»",
    )

    @model_validator(mode="after")
    def _amount_for_bonus(self) -> Reward:
        if self.type is RewardType.BONUS and self.amount is None:
            raise ValueError("для премии укажите сумму")
        return self


class Partner(StrictModel):
    organisation: Text = Field(title="организация")
    organisation_dative: OptionalText = Field(None, title="организация в дательном падеже")
    head: Person | None = Field(None, title="руководитель")
    address: OptionalText = Field(None, title="адрес")
    contribution: OptionalText = Field(None, title="участие в программе")
    merit: Text = Field(title="за что благодарим")


class Kpi(StrictModel):
    name: Text = Field(title="наименование показателя")
    unit: Text = Field("%", title="единица измерения")
    baseline: float | None = Field(None, title="базовое значение")
    target: float | None = Field(None, title="целевое значение")
    actual: float | None = Field(None, title="фактическое значение")
    # Optional (no format change): which measure docgen computes, whatever the wording.
    measure: OptionalText = Field(
        None,
        title="что считать",
        description="Показатель, который docgen рассчитывает по данным досье; пусто — узнать по наименованию",
    )


class KpiTable(StrictModel):
    title: OptionalText = Field(None, title="заголовок")
    baseline_year: int = Field(title="базовый год", ge=2000, le=2100)
    target_year: int = Field(title="целевой год", ge=2000, le=2100)
    indicators: list[Kpi] = Field(title="показатели", min_length=1)

    @model_validator(mode="after")
    def _years(self) -> KpiTable:
        if self.target_year < self.baseline_year:
            raise ValueError("целевой год не может быть раньше базового")
        return self


class FinalEvent(StrictModel):
    title: Text = Field(title="название", description="«конкурс «Наставник года»»")
    title_accusative: OptionalText = Field(
        None,
        title="название в винительном падеже",
        description="Только если автоматическое склонение ошиблось: «Провести [районную конференцию …]»",
    )
    date: RuDate = Field(title="дата")
    time: OptionalText = Field(None, title="время")
    place: Text = Field(title="место проведения")
    responsible: Person = Field(title="ответственный")
    co_responsible: list[Person] = Field(
        default_factory=list,
        title="другие ответственные",
        description="Если за подготовку и проведение отвечают несколько человек",
    )
    jury: list[Person] = Field(default_factory=list, title="жюри")
    programme: list[Text] = Field(default_factory=list, title="программа")


class TrainingSession(StrictModel):
    topic: Text = Field(title="тема")
    form: OptionalText = Field(None, title="форма")
    date: Text = Field(title="срок")
    responsible: OptionalText = Field(None, title="ответственный")


class MentorSchool(StrictModel):
    lead: Person = Field(title="руководитель «Школы наставников»")
    sessions: list[TrainingSession] = Field(title="план занятий", min_length=1)


class WorkingGroupMember(StrictModel):
    person: Person = Field(title="участник")
    role: Text = Field("член рабочей группы", title="роль")


class Approval(StrictModel):
    """«ПРИНЯТО педагогическим советом (протокол № 8 от 07.06.2022)»."""

    body: Text = Field(
        title="орган",
        description=(
            "Для «ПРИНЯТО» — в творительном падеже («педагогическим советом»); "
            "для «с учётом мнения» — в родительном («совета обучающихся»)"
        ),
    )
    protocol: OptionalText = Field(None, title="номер протокола")
    date: RuDate | None = Field(None, title="дата")


class OrderMeta(StrictModel):
    number: OptionalText = Field(None, title="номер")
    date: RuDate | None = Field(None, title="дата")


class Responsible(StrictModel):
    """A named official with a duty, as in seed 004 §4."""

    person: Person = Field(title="сотрудник")
    duty: OptionalText = Field(None, title="обязанность")


class Municipal(StrictModel):
    """What a municipal office's own orders need beyond a school's dossier."""

    subordinate_name: Text = Field(
        "образовательные организации", title="как названы подведомственные организации"
    )
    territory: Text = Field(
        title="территория",
        description="В родительном падеже: «муниципального образования «Город Березники» Пермского края»",
    )
    basis: list[Text] = Field(default_factory=list, title="основания приказа")
    registry_keeper: Person | None = Field(None, title="ведёт реестр наставников")
    registry_keeper_org: OptionalText = Field(None, title="организация, ведущая реестр")
    schools_deadline: RuDate | None = Field(None, title="срок для руководителей организаций")
    controllers: list[Responsible] = Field(default_factory=list, title="ответственные за контроль")
    control_subject: Text = Field(
        "за обеспечение контроля по внедрению и реализации модели наставничества "
        "в образовательных организациях",
        title="за что отвечают ответственные",
        description="Продолжение слов «Назначить ответственными …» и «Ответственным …»",
    )
    controllers_duties: list[Text] = Field(
        default_factory=list,
        title="обязанности ответственных за контроль",
        description="Общие для всех ответственных: «Осуществлять методическое сопровождение …»",
    )
    control_person: Person | None = Field(None, title="контроль возложить на")
    repealed_order: OptionalText = Field(
        None, title="признать утратившим силу приказ", description="Без слова «приказ»: «от 21.09.2022 № 174»"
    )
    repealed_orders: list[Text] = Field(
        default_factory=list,
        title="признать утратившими силу",
        description="Акты целиком: «приказ отдела образования от 21.09.2022 № 174»",
    )
    polozhenie: bool = Field(
        True,
        title="утвердить муниципальное Положение",
        description="Нет — приказ без Положения (образец 004: организация работы, показатели)",
    )
    order: AuthorityOrder | None = Field(
        None,
        title="приказ органа управления образованием",
        description="Заголовок, преамбула, пункты и порядок приложений; пусто — по умолчанию",
    )
