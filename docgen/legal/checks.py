"""Warnings about the law a dossier asks to cite: an act not yet (or no longer) in force on the
date of the order that cites it. Warnings do not block issuing; they are shown by
`docgen validate` and the editor."""

from __future__ import annotations

from datetime import date

from docgen.grammar import format_date
from docgen.model import Category, Dossier

from .bases import BASES, LegalBasis, recognise
from .dates import MUNICIPAL_ORDER, implementation_date, mentoring_date, order_date, year_start


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


def unpaid_mentor_warnings(dossier: Dossier) -> list[str]:
    """From 01.03.2025 (ТК РФ ст. 351.8) an employee mentors for a surcharge set by the
    supplementary agreement: a staff mentor without any pay would sign an agreement with a blank sum."""
    org = dossier.organisation
    if org.kind.is_authority:
        return []
    found: dict[str, list[int]] = {}
    for index, pair in enumerate(dossier.pairs, 1):
        mentor = pair.mentor
        own = not mentor.workplace or mentor.workplace in (org.short_name, org.full_name)
        if mentor.category in (Category.TEACHER, Category.STAFF) and own:
            found.setdefault(mentor.key, []).append(index)
    warnings = []
    for numbers in found.values():
        pairs = [dossier.pairs[n - 1] for n in numbers]
        if any(p.payment is not None for p in pairs):
            continue
        day = mentoring_date(dossier, pairs)
        if BASES["tk-351.8"].in_force(day):
            mentor = pairs[0].mentor
            warnings.append(
                f"пары[{numbers[0]}].доплата: наставник {mentor.full_name} — работник организации; "
                "с 01.03.2025 наставничество оплачивается (ст. 351.8 ТК РФ), а доплата не указана — "
                "в дополнительном соглашении сумма останется пустой"
            )
    return warnings


def dossier_warnings(dossier: Dossier) -> list[str]:
    return basis_warnings(dossier) + curator_warnings(dossier) + unpaid_mentor_warnings(dossier)
