"""Warnings about the law a dossier asks to cite: an act not yet (or no longer) in force on the
date of the order that cites it. Warnings do not block issuing; they are shown by
`docgen validate` and the editor."""

from __future__ import annotations

from datetime import date

from docgen.grammar import format_date
from docgen.model import Dossier

from .bases import BASES, LegalBasis, recognise
from .dates import MUNICIPAL_ORDER, implementation_date, order_date, year_start


def _acts(item: str) -> list[LegalBasis]:
    return [BASES[item]] if item in BASES else recognise(item)


def _when(day: date, registered: bool, order: str) -> str:
    if registered:
        return f"{order} датирован {format_date(day, 'numeric')}"
    return f"{order} ещё без даты, а учебный год начинается {format_date(day, 'numeric')}"


def _check(items: list[str], where: str, day: date, registered: bool, order: str) -> list[str]:
    found = []
    for index, item in enumerate(items, 1):
        for act in _acts(item):
            if day < act.effective:
                found.append(
                    f"{where}[{index}]: «{act.short}» вступает в силу "
                    f"{format_date(act.effective, 'numeric')}, а {_when(day, registered, order)} — "
                    "ссылаться на него ещё нельзя"
                )
            elif act.expires is not None and day >= act.expires:
                found.append(
                    f"{where}[{index}]: «{act.short}» утратил силу "
                    f"{format_date(act.expires, 'numeric')}, а {_when(day, registered, order)}"
                )
    return found


def basis_warnings(dossier: Dossier) -> list[str]:
    """Russian warnings, each naming the field: «основания[2]: …»."""
    warnings = _check(
        list(dossier.basis),
        "основания",
        implementation_date(dossier),
        order_date(dossier, "implementation-order") is not None,
        "приказ о внедрении",
    )
    if dossier.municipal is not None and dossier.municipal.basis:
        registered = order_date(dossier, MUNICIPAL_ORDER)
        warnings += _check(
            list(dossier.municipal.basis),
            "муниципальный уровень.основания приказа",
            registered or year_start(dossier),
            registered is not None,
            "приказ органа управления",
        )
    return warnings


def curator_warnings(dossier: Dossier) -> list[str]:
    """The curator is appointed once: a number for the curator order that is not issued is stale."""
    if dossier.curator_appointment.value == "implementation_order" and "curator-order" in dossier.orders:
        return [
            "приказы[curator-order]: куратор назначается пунктом приказа о внедрении "
            "(«где назначается куратор»), отдельный приказ о назначении куратора не издаётся — "
            "удалите его номер и дату"
        ]
    return []


def dossier_warnings(dossier: Dossier) -> list[str]:
    return basis_warnings(dossier) + curator_warnings(dossier)


def warnings_of_data(data: object) -> list[str]:
    """Warnings for a saved draft; none while the draft still has errors (those come first)."""
    from docgen.errors import InvalidDossier
    from docgen.model import dossier_from_data

    if not isinstance(data, dict):
        return []
    try:
        return dossier_warnings(dossier_from_data(data))
    except InvalidDossier:
        return []
