"""What the KPIs need beyond the dossier: the organisation's totals and hand-entered values.

`KpiInputs.from_mapping` reads them from JSON-like data (English field names or Russian aliases)
with Russian messages for bad values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from .errors import ParticipantsError
from .text import fold


@dataclass
class KpiInputs:
    """What the dossier does not hold: the organisation's totals and hand-entered values."""

    pupils: int | None = None  # обучающихся в организации (или на территории)
    teachers: int | None = None  # педагогических работников
    young_teachers: int | None = None  # молодых специалистов (стаж 0–3 года)
    employers: int | None = None  # предприятий (организаций) на территории
    mentee_satisfaction: float | None = None  # %, по анкетам наставляемых
    mentor_satisfaction: float | None = None  # %, по анкетам наставников
    values: dict[str, float] = field(default_factory=dict)  # фактические значения вручную:
    # ключ — идентификатор метрики («learner_mentees») или наименование показателя

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> KpiInputs:
        """From JSON-like data; English field names or their Russian aliases; Russian errors."""
        if not isinstance(data, Mapping):
            raise ParticipantsError('Исходные данные показателей: ожидается объект JSON вида {"pupils": 640}')
        known = {f.name for f in fields(cls)}
        result: dict[str, Any] = {}
        for raw_key, value in data.items():
            key = _INPUT_ALIASES.get(fold(str(raw_key)), str(raw_key))
            if key not in known:
                allowed = ", ".join(sorted(known))
                raise ParticipantsError(
                    f"Неизвестный параметр показателей «{raw_key}»; допустимые: {allowed}"
                )
            if key == "values":
                if not isinstance(value, Mapping):
                    raise ParticipantsError("«values»: ожидается объект {показатель: значение}")
                result[key] = {str(k): _number(v, f"values[{k}]") for k, v in value.items()}
            elif value is not None:
                number = _number(value, str(raw_key))
                if key in _COUNT_INPUTS:
                    if number != int(number) or number < 0:
                        raise ParticipantsError(
                            f"«{raw_key}»: ожидается целое неотрицательное число, а не {value}"
                        )
                    number = int(number)
                result[key] = number
        return cls(**result)


_COUNT_INPUTS = ("pupils", "teachers", "young_teachers", "employers")
_INPUT_ALIASES = {
    "обучающихся": "pupils", "обучающиеся": "pupils",
    "педагогов": "teachers", "педагоги": "teachers", "учителей": "teachers",
    "молодых специалистов": "young_teachers", "молодых педагогов": "young_teachers",
    "предприятий": "employers", "организаций": "employers",
    "удовлетворенность наставляемых": "mentee_satisfaction",
    "удовлетворенность наставников": "mentor_satisfaction",
    "значения": "values",
}  # fmt: skip


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool):
        raise ParticipantsError(f"«{name}»: ожидается число, а не {value}")
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).replace(",", ".").replace(" ", "").replace("\u00a0", ""))
    except ValueError:
        raise ParticipantsError(f"«{name}»: ожидается число, а не «{value}»") from None
