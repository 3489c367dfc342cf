"""The issuing organisation and its house settings."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from .fields import OptionalText, Text
from .people import Person, StrictModel


class OrgKind(StrEnum):
    SCHOOL = "school"
    COLLEGE = "college"
    MUNICIPAL_OFFICE = "municipal_office"
    REGIONAL_BODY = "regional_body"

    @property
    def label(self) -> str:
        return {
            "school": "общеобразовательная организация",
            "college": "профессиональная образовательная организация",
            "municipal_office": "муниципальный орган управления образованием",
            "regional_body": "региональный орган управления образованием",
        }[self.value]

    @property
    def is_authority(self) -> bool:
        return self in (OrgKind.MUNICIPAL_OFFICE, OrgKind.REGIONAL_BODY)


class OrderStyle(StrEnum):
    """How the operative word of an order is set: a house setting (brief §4.7)."""

    PLAIN = "ПРИКАЗЫВАЮ:"
    SPACED = "п р и к а з ы в а ю:"


class AuthorisedSignatory(StrictModel):
    """Who signs for the employer when the director cannot sign with themselves (brief §7)."""

    person: Person = Field(title="уполномоченное лицо", description="Обычно заместитель директора")
    basis: Text = Field(
        title="основание полномочий",
        description=(
            "В родительном падеже, после «действующего на основании»: "
            "«приказа от 01.09.2022 № 45 «О распределении обязанностей»»"
        ),
    )


class Organisation(StrictModel):
    kind: OrgKind = Field(OrgKind.SCHOOL, title="вид организации")
    full_name: Text = Field(title="полное наименование")
    short_name: Text = Field(title="краткое наименование")
    short_name_genitive: OptionalText = Field(
        None,
        title="краткое наименование в родительном падеже",
        description="«приказом МБОУ гимназии № 20»; если пусто, склоняется автоматически",
    )
    founder: OptionalText = Field(
        None, title="учредитель или вышестоящий орган", description="Строка над наименованием"
    )
    city: Text = Field(title="населённый пункт", description="«г. Завитинск»")
    address: OptionalText = Field(None, title="адрес")
    site: OptionalText = Field(None, title="сайт")
    email: OptionalText = Field(None, title="электронная почта")
    phone: OptionalText = Field(None, title="телефон")
    inn: OptionalText = Field(None, title="ИНН")
    ogrn: OptionalText = Field(
        None, title="ОГРН", description="Для согласия на распространение персональных данных"
    )
    director: Person = Field(title="руководитель")
    chief_accountant: Person | None = Field(None, title="главный бухгалтер")
    order_style: OrderStyle = Field(OrderStyle.PLAIN, title="оформление слова «приказываю»")
    number_format: Text = Field(
        "{n}", title="формат номера приказа", description="«{n}», «{n}-од», «04-01-03-{n}»"
    )
    pedagogical_council: Text = Field("педагогический совет", title="коллегиальный орган")
    authorised_signatory: AuthorisedSignatory | None = Field(
        None,
        title="подписант вместо руководителя",
        description=(
            "Подписывает согласие и дополнительное соглашение со стороны работодателя, когда "
            "наставник или куратор с доплатой — сам руководитель"
        ),
    )
