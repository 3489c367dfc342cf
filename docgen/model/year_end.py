"""What happens to the programme during and at the end of the year: changes to the pairs
after their order, and the curator's report (аналитическая справка)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from .fields import Money, RuDate, Text
from .people import Person, StrictModel


class PairChangeAction(StrEnum):
    REPLACE_MENTOR = "replace_mentor"  # «закрепить за … вместо …»
    EXCLUDE = "exclude"  # «исключить пару (группу)»


class PairChange(StrictModel):
    """One change to the pairs order: a new mentor for a pair, or a pair excluded."""

    pair: int = Field(
        title="номер пары (группы)",
        ge=1,
        description="Номер пары в разделе «пары», с 1 (в том же порядке, что в приказе о закреплении)",
    )
    action: PairChangeAction = Field(
        title="изменение", description="replace_mentor — замена наставника; exclude — исключение пары"
    )
    date: RuDate = Field(title="с какой даты")
    reason: Text = Field(
        title="причина",
        description="Со слов «в связи с»: «в связи с увольнением наставника», «по заявлению наставляемого»",
    )
    new_mentor: Person | None = Field(None, title="новый наставник")
    payment: Money | None = Field(None, title="доплата новому наставнику, руб. в месяц")

    @model_validator(mode="after")
    def _mentor_for_replacement(self) -> PairChange:
        if self.action is PairChangeAction.REPLACE_MENTOR and self.new_mentor is None:
            raise ValueError("для замены наставника укажите нового наставника")
        if self.action is PairChangeAction.EXCLUDE and (self.new_mentor or self.payment is not None):
            raise ValueError("при исключении пары новый наставник и доплата не указываются")
        return self


class CuratorReport(StrictModel):
    """The curator's end-of-year report: what the data cannot tell is written here."""

    date: RuDate = Field(title="дата справки")
    pupils: int | None = Field(None, ge=0, title="всего обучающихся в организации")
    teachers: int | None = Field(None, ge=0, title="всего педагогических работников")
    mentee_satisfaction: float | None = Field(
        None, ge=0, le=100, title="удовлетворённость наставляемых, %", description="по анкетам"
    )
    mentor_satisfaction: float | None = Field(
        None, ge=0, le=100, title="удовлетворённость наставников, %", description="по анкетам"
    )
    results: list[Text] = Field(default_factory=list, title="результаты", description="по абзацу")
    problems: list[Text] = Field(default_factory=list, title="трудности")
    proposals: list[Text] = Field(default_factory=list, title="предложения на следующий год")
