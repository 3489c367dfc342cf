"""People of a dossier: staff, pupils, students, employers and their representatives."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from docgen.grammar.cases import Gender

from .fields import Name, OptionalName, OptionalText, RuDate, Text


def _gender(value: object) -> object:
    if isinstance(value, str):
        return Gender.parse(value)
    return value


GenderField = Annotated[Gender, BeforeValidator(_gender)]


class Category(StrEnum):
    TEACHER = "педагог"
    PUPIL = "обучающийся"
    STUDENT = "студент"
    EMPLOYER = "работодатель"
    PARTNER = "социальный партнёр"
    STAFF = "работник"


class StrictModel(BaseModel):
    """Base of every dossier model: unknown keys are errors, not silently dropped."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, str_strip_whitespace=True)


class CaseForms(StrictModel):
    """Hand-written forms that override the automatic declension, one per case."""

    nominative: OptionalText = Field(None, title="именительный")
    genitive: OptionalText = Field(None, title="родительный")
    dative: OptionalText = Field(None, title="дательный")
    accusative: OptionalText = Field(None, title="винительный")
    instrumental: OptionalText = Field(None, title="творительный")
    prepositional: OptionalText = Field(None, title="предложный")

    def get(self, case: str) -> str | None:
        return getattr(self, case, None)


class Representative(StrictModel):
    """Parent or legal representative of a minor (signs the consent)."""

    surname: Name = Field(title="фамилия")
    name: Name = Field(title="имя")
    patronymic: OptionalName = Field(None, title="отчество")
    gender: GenderField = Field(title="пол")
    relation: Text = Field("законный представитель", title="кем приходится")
    address: OptionalText = Field(None, title="адрес")
    phone: OptionalText = Field(None, title="телефон")
    identity_document: OptionalText = Field(None, title="документ, удостоверяющий личность")


class Person(StrictModel):
    """A participant. Either name (+ patronymic) or initials must be given."""

    # The rule in the JSON Schema too (`docgen schema`, the API): name or initials is required.
    model_config = ConfigDict(
        **StrictModel.model_config,
        json_schema_extra={"anyOf": [{"required": ["name"]}, {"required": ["initials"]}]},
    )

    surname: Name = Field(title="фамилия")
    name: OptionalName = Field(None, title="имя")
    patronymic: OptionalName = Field(None, title="отчество")
    initials: OptionalText = Field(
        None, title="инициалы", description="Только если имя и отчество неизвестны: «О.А.»"
    )
    gender: GenderField = Field(title="пол")
    position: OptionalText = Field(
        None,
        title="должность или класс",
        description="«учитель математики», «обучающийся 7 «Б» класса», «студент 3 курса»",
    )
    category: Category = Field(Category.TEACHER, title="категория")
    minor: bool = Field(False, title="несовершеннолетний")
    birth_date: RuDate | None = Field(None, title="дата рождения")
    experience_years: int | None = Field(
        None,
        ge=0,
        le=70,
        title="педагогический стаж, лет",
        description="Для педагогов: молодой специалист — стаж от 0 до 3 лет (показатели эффективности)",
    )
    workplace: OptionalText = Field(
        None, title="место работы или учёбы", description="Для наставников из внешней среды"
    )
    address: OptionalText = Field(None, title="адрес")
    phone: OptionalText = Field(None, title="телефон")
    email: OptionalText = Field(None, title="электронная почта")
    identity_document: OptionalText = Field(None, title="документ, удостоверяющий личность")
    representative: Representative | None = Field(None, title="законный представитель")
    name_forms: CaseForms | None = Field(None, title="формы ФИО")
    position_forms: CaseForms | None = Field(None, title="формы должности")

    @model_validator(mode="after")
    def _name_or_initials(self) -> Person:
        if not self.name and not self.initials:
            raise ValueError("укажите имя (и отчество) или инициалы")
        return self

    @property
    def full_name(self) -> str:
        if self.name:
            return " ".join(p for p in (self.surname, self.name, self.patronymic) if p)
        return f"{self.surname} {self.initials}"

    @property
    def key(self) -> str:
        """Identity used to recognise the same person in several pairs or lists."""
        return f"{self.full_name}|{self.birth_date or ''}".lower().replace("ё", "е")
