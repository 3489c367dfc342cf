"""Declarative fields of the editor: label, widget and help per dossier field.

Labels and help come from the dossier model's own `title=` and `description=` (capitalised),
so the form and the model's Russian error paths name a field the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from docgen.model import Category, CuratorAppointment, OrderStyle, OrgKind, RewardType
from docgen.model.dossier import Dossier
from docgen.model.fields import MAX_NAME, MAX_TEXT, NAME_RULE
from docgen.model.organisation import AuthorisedSignatory, Organisation
from docgen.model.people import Person, Representative
from docgen.model.programme import (
    Approval,
    FinalEvent,
    Kpi,
    KpiTable,
    Municipal,
    Pair,
    Partner,
    PlanItem,
    Responsible,
    Reward,
    Roadmap,
    RoadmapEvent,
    RoadmapLayout,
    RoadmapRow,
    RoadmapSection,
    RoadmapStage,
    TrainingSession,
    WorkingGroupMember,
)
from docgen.model.year_end import CuratorReport, PairChange, PairChangeAction
from docgen.participants.kpi import METRICS

Choices = tuple[tuple[str, str], ...]
NAME_PARTS = ("surname", "name", "patronymic")

GENDER_CHOICES: Choices = (("", "— выберите —"), ("female", "женский"), ("male", "мужской"))
CATEGORY_CHOICES: Choices = (
    ("", "— не указана (педагог) —"),
    *((c.value, c.value) for c in Category),
)
ORG_KIND_CHOICES: Choices = tuple((k.value, k.label) for k in OrgKind)
ORDER_STYLE_CHOICES: Choices = tuple((s.value, s.value) for s in OrderStyle)
REWARD_CHOICES: Choices = (("", "— выберите —"), *((t.value, t.value) for t in RewardType))
PAIR_CHANGE_CHOICES: Choices = (
    ("", "— выберите —"),
    (PairChangeAction.REPLACE_MENTOR.value, "замена наставника"),
    (PairChangeAction.EXCLUDE.value, "исключение пары (группы)"),
)
CURATOR_APPOINTMENT_CHOICES: Choices = (
    (CuratorAppointment.CURATOR_ORDER.value, "отдельным приказом о назначении куратора"),
    (CuratorAppointment.IMPLEMENTATION_ORDER.value, "пунктом приказа о внедрении"),
)
# Measures docgen computes from the dossier (docgen.participants.kpi.METRICS), to choose one
# whatever the indicator's wording; hand-entered ones (satisfaction) are not offered.
MEASURE_CHOICES: Choices = (
    ("", "— узнать по наименованию —"),
    *((m.id, m.title) for m in METRICS if not m.manual),
)
LAYOUT_CHOICES: Choices = (
    (RoadmapLayout.FULL.value, "№ · этап · мероприятие · содержание · сроки · ответственные"),
    (RoadmapLayout.STAGES.value, "№ · этап · содержание · ответственные · сроки"),
    (RoadmapLayout.EVENTS.value, "мероприятие · сроки · ответственные"),
)


@dataclass(frozen=True)
class FormField:
    key: str
    label: str
    widget: str = "text"  # text, textarea, select, checkbox, date, money, number, email, url, tel
    choices: Choices = ()
    help: str = ""
    required: bool = False  # marked with * ; never enforced by the browser (drafts are saved)
    placeholder: str = ""
    datalist: str = ""  # id of a <datalist> with suggestions
    wide: bool = False
    maxlength: int = 0  # the model's limit, told to the browser (the model checks it too)

    @property
    def input_type(self) -> str:
        return {"email": "email", "url": "url", "tel": "tel"}.get(self.widget, "text")

    @property
    def inputmode(self) -> str:
        return {"date": "numeric", "money": "decimal", "number": "decimal"}.get(self.widget, "")


def spec(model: type[BaseModel], key: str, **overrides: Any) -> FormField:
    """The form field of `model.key`: label from its `title=`, help from its `description=`."""
    info = model.model_fields[key]
    title = info.title or key
    values: dict[str, Any] = {
        "key": key,
        "label": title[:1].upper() + title[1:],
        "help": info.description or "",
        "required": info.is_required(),
    }
    if overrides.get("widget") == "date":
        values["placeholder"] = "ДД.ММ.ГГГГ"
    if model in (Person, Representative) and key in NAME_PARTS:
        values["maxlength"] = MAX_NAME
        values["help"] = values["help"] or f"{NAME_RULE[:1].upper()}{NAME_RULE[1:]}; до {MAX_NAME} символов."
    elif overrides.get("widget", "text") in ("text", "textarea"):
        values["maxlength"] = MAX_TEXT
    values.update(overrides)
    return FormField(**values)


# One row of a list of texts (`basis-0`, `basis-1`…): no key of its own, its name is the list's
# name and the position; the label is the row's («Основание 2»). The list's own label and help
# come from a `spec` of the list field.
ITEM = FormField(key="", label="", widget="textarea", wide=True)


@dataclass(frozen=True)
class Fields:
    """Named lists of fields that templates render with one macro."""

    groups: dict[str, tuple[FormField, ...]] = field(default_factory=dict)

    def __getattr__(self, name: str) -> tuple[FormField, ...]:
        try:
            return self.groups[name]
        except KeyError:
            raise AttributeError(name) from None


P = Person
FIELDS = Fields(
    {
        "PERSON_MAIN": (
            spec(P, "surname"),
            spec(P, "name"),
            spec(P, "patronymic"),
            spec(P, "gender", widget="select", choices=GENDER_CHOICES),
            spec(P, "position", wide=True),
        ),
        "PERSON_EXTRA": (
            spec(P, "initials"),
            spec(P, "category", widget="select", choices=CATEGORY_CHOICES),
            spec(P, "minor", widget="checkbox"),
            spec(P, "birth_date", widget="date"),
            spec(P, "experience_years", widget="number"),
            spec(P, "workplace", wide=True),
            spec(P, "address", wide=True),
            spec(P, "phone", widget="tel"),
            spec(P, "email", widget="email"),
            spec(P, "identity_document", wide=True),
        ),
        "REPRESENTATIVE": (
            spec(Representative, "surname"),
            spec(Representative, "name"),
            spec(Representative, "patronymic"),
            spec(Representative, "gender", widget="select", choices=GENDER_CHOICES),
            spec(Representative, "relation", placeholder="законный представитель"),
            spec(Representative, "phone", widget="tel"),
            spec(Representative, "address", wide=True),
            spec(Representative, "identity_document", wide=True),
        ),
        "DOSSIER_YEAR": (
            spec(Dossier, "school_year", help="Например, «2023/2024»"),
            spec(Dossier, "site_section", widget="url"),
        ),
        "ORGANISATION": (
            spec(Organisation, "kind", widget="select", choices=ORG_KIND_CHOICES),
            spec(Organisation, "full_name", widget="textarea", wide=True),
            spec(Organisation, "short_name", wide=True),
            spec(Organisation, "short_name_genitive", wide=True),
            spec(Organisation, "founder", widget="textarea", wide=True),
            spec(Organisation, "city"),
            spec(Organisation, "address", wide=True),
            spec(Organisation, "site", widget="url"),
            spec(Organisation, "email", widget="email"),
            spec(Organisation, "phone", widget="tel"),
            spec(Organisation, "inn"),
            spec(Organisation, "ogrn"),
        ),
        "ORGANISATION_HOUSE": (
            spec(Organisation, "order_style", widget="select", choices=ORDER_STYLE_CHOICES),
            spec(Organisation, "number_format", placeholder="{n}"),
            spec(Organisation, "pedagogical_council", placeholder="педагогический совет"),
        ),
        "CURATOR": (
            spec(Dossier, "curator_payment", widget="money"),
            spec(Dossier, "curator_appointment", widget="select", choices=CURATOR_APPOINTMENT_CHOICES),
        ),
        "SIGNATORY": (spec(AuthorisedSignatory, "basis", widget="textarea", wide=True),),
        "WORKING_GROUP": (
            spec(WorkingGroupMember, "role", placeholder="член рабочей группы", required=False),
        ),
        "PAIRS_COMMON": (spec(Dossier, "programmes_deadline", placeholder="до 30.09.2023"),),
        "PAIR": (
            spec(Pair, "form", datalist="form-presets", wide=True),
            spec(Pair, "kind", datalist="kind-presets"),
            spec(Pair, "start", widget="date"),
            spec(Pair, "end", widget="date"),
            spec(Pair, "payment", widget="money"),
        ),
        "PAIR_PROGRAMME": (
            spec(Pair, "programme_title", wide=True),
            spec(Pair, "goal", widget="textarea", wide=True),
            spec(Pair, "difficulties", widget="textarea", wide=True),
            spec(Pair, "expected_results", widget="textarea", wide=True),
        ),
        "PLAN_ITEM": (
            spec(PlanItem, "activity", wide=True),
            spec(PlanItem, "form"),
            spec(PlanItem, "deadline"),
            spec(PlanItem, "expected_result", wide=True),
        ),
        "ROADMAP": (
            spec(Roadmap, "title", wide=True),
            spec(Roadmap, "layout", widget="select", choices=LAYOUT_CHOICES, wide=True),
        ),
        "ROADMAP_SECTION": (
            spec(RoadmapSection, "title", wide=True),
            spec(RoadmapSection, "text", widget="textarea", wide=True),
        ),
        "ROADMAP_STAGE": (
            spec(RoadmapStage, "title", wide=True),
            spec(RoadmapStage, "deadline"),
            spec(RoadmapStage, "responsible"),
        ),
        "ROADMAP_EVENT": (spec(RoadmapEvent, "title", wide=True), spec(RoadmapEvent, "done", widget="date")),
        "ROADMAP_ROW": (
            spec(RoadmapRow, "content", widget="textarea", wide=True),
            spec(RoadmapRow, "deadline"),
            spec(RoadmapRow, "responsible"),
        ),
        "REWARD": (
            spec(Reward, "type", widget="select", choices=REWARD_CHOICES),
            spec(Reward, "amount", widget="money"),
            spec(Reward, "merit", widget="textarea", wide=True),
            spec(Reward, "award", wide=True),
        ),
        "PARTNER": (
            spec(Partner, "organisation", widget="textarea", wide=True),
            spec(Partner, "organisation_dative", widget="textarea", wide=True),
            spec(Partner, "address", wide=True),
            spec(Partner, "contribution", widget="textarea", wide=True),
            spec(Partner, "merit", widget="textarea", wide=True),
        ),
        "ITEM": (ITEM,),
        # «Основания и согласование»: the Approval body's case depends on where it is used.
        "BASIS": (spec(Dossier, "basis"),),
        "PD_RECIPIENTS": (spec(Dossier, "pd_recipients"),),
        "ADOPTED_BY": (
            spec(
                Approval,
                "body",
                placeholder="педагогическим советом",
                help="В творительном падеже, после «ПРИНЯТО»: «педагогическим советом»",
                wide=True,
            ),
            spec(Approval, "protocol"),
            spec(Approval, "date", widget="date"),
        ),
        "CONSIDERED": (
            spec(
                Approval,
                "body",
                placeholder="совета обучающихся",
                help="В родительном падеже, после «с учётом мнения»: «совета обучающихся»",
                wide=True,
            ),
            spec(Approval, "protocol"),
            spec(Approval, "date", widget="date"),
        ),
        "FINAL_EVENT": (
            spec(FinalEvent, "title", widget="textarea", wide=True),
            spec(FinalEvent, "title_accusative", widget="textarea", wide=True),
            spec(FinalEvent, "date", widget="date"),
            spec(FinalEvent, "time", placeholder="14:00"),
            spec(FinalEvent, "place", wide=True),
        ),
        "FINAL_EVENT_PROGRAMME": (spec(FinalEvent, "programme"),),
        "TRAINING_SESSION": (
            spec(TrainingSession, "topic", widget="textarea", wide=True),
            spec(TrainingSession, "form", placeholder="семинар"),
            spec(TrainingSession, "date", placeholder="сентябрь 2023"),
            spec(TrainingSession, "responsible", placeholder="Жмурина О.А."),
        ),
        "MUNICIPAL": (
            spec(Municipal, "territory", widget="textarea", wide=True),
            spec(Municipal, "subordinate_name", placeholder="образовательные организации", wide=True),
            spec(Municipal, "schools_deadline", widget="date"),
            spec(Municipal, "repealed_order", widget="textarea", wide=True),
        ),
        "MUNICIPAL_BASIS": (spec(Municipal, "basis"),),
        "MUNICIPAL_REGISTRY": (spec(Municipal, "registry_keeper_org", widget="textarea", wide=True),),
        "CONTROLLER": (spec(Responsible, "duty", widget="textarea", wide=True),),
        "PAIR_CHANGE": (
            spec(PairChange, "pair", widget="number"),
            spec(PairChange, "action", widget="select", choices=PAIR_CHANGE_CHOICES),
            spec(PairChange, "date", widget="date"),
            spec(
                PairChange,
                "reason",
                widget="textarea",
                wide=True,
                placeholder="в связи с увольнением наставника",
            ),
            spec(PairChange, "payment", widget="money"),
        ),
        "REPORT": (
            spec(CuratorReport, "date", widget="date"),
            spec(CuratorReport, "pupils", widget="number"),
            spec(CuratorReport, "teachers", widget="number"),
            spec(CuratorReport, "mentee_satisfaction", widget="number"),
            spec(CuratorReport, "mentor_satisfaction", widget="number"),
        ),
        "REPORT_RESULTS": (spec(CuratorReport, "results"),),
        "REPORT_PROBLEMS": (spec(CuratorReport, "problems"),),
        "REPORT_PROPOSALS": (spec(CuratorReport, "proposals"),),
        "KPI_TABLE": (
            spec(KpiTable, "title", wide=True),
            spec(KpiTable, "baseline_year", widget="number"),
            spec(KpiTable, "target_year", widget="number"),
        ),
        "KPI": (
            spec(Kpi, "name", widget="textarea", wide=True),
            spec(Kpi, "unit", placeholder="%"),
            spec(Kpi, "baseline", widget="number"),
            spec(Kpi, "target", widget="number"),
            spec(Kpi, "actual", widget="number"),
            spec(Kpi, "measure", widget="select", choices=MEASURE_CHOICES),
        ),
    }
)
