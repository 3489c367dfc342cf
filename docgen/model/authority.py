"""What an authority's own order says: title, preamble and operative points (seeds 001, 004).

A municipal office or a regional body issues its own order; its wording comes from the dossier,
with defaults for what the dossier leaves out (the order approving the municipal Положение)."""

from __future__ import annotations

from pydantic import Field, field_validator

from .fields import OptionalText, Text
from .people import StrictModel

# Kinds an authority's order may approve, in the order the dossier may list them as annexes.
ANNEX_KINDS: dict[str, str] = {
    "polozhenie-municipal": "муниципальное Положение",
    "roadmap": "дорожная карта",
    "kpi-table": "показатели эффективности",
}


class OrderPoint(StrictModel):
    """One operative point; its sub-points are numbered «3.1.», «3.2.» … under it."""

    text: Text = Field(
        title="текст пункта",
        description=(
            "Начинается с инфинитива или с адресата: «Внедрить целевую модель наставничества …», "
            "«Руководителям образовательных учреждений округа:»"
        ),
    )
    points: list[Text] = Field(
        default_factory=list,
        title="подпункты",
        description="Печатаются под пунктом с номерами «3.1.», «3.2.» …",
    )


class AuthorityOrder(StrictModel):
    """The wording of the authority's order; every field left empty takes its default."""

    title: OptionalText = Field(
        None,
        title="заголовок приказа",
        description=(
            "«Об организации работы по внедрению целевой модели наставничества …»; пусто — "
            "«Об утверждении Положения …» (если есть Положение) или «Об организации работы …»"
        ),
    )
    preamble: OptionalText = Field(
        None,
        title="преамбула",
        description="Текст перед словом «приказываю» целиком; пусто — цели и основания приказа",
    )
    points: list[OrderPoint] = Field(
        default_factory=list,
        title="пункты приказа",
        description=(
            "Распорядительные пункты до назначения ответственных; пусто — утвердить Положение, "
            "дорожную карту, показатели, поручения руководителям организаций"
        ),
    )
    annexes: list[str] = Field(
        default_factory=list,
        title="порядок приложений",
        description="Виды документов-приложений по порядку номеров: kpi-table, roadmap, polozhenie-municipal",
    )

    @field_validator("annexes")
    @classmethod
    def _annexes(cls, value: list[str]) -> list[str]:
        unknown = [v for v in value if v not in ANNEX_KINDS]
        if unknown:
            allowed = ", ".join(f"{k} ({v})" for k, v in ANNEX_KINDS.items())
            raise ValueError(f"неизвестное приложение «{unknown[0]}»; допустимые: {allowed}")
        return list(dict.fromkeys(value))
