"""Checks across a dossier's sections that no single field can make on its own.

Each check returns findings with a field location, so the editor shows them next to the field
and `docgen validate` prints the Russian path. Errors block issuing (they make the dossier
invalid); warnings are shown and leave the decision to the curator.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from docgen.grammar.dates import format_date

from .errors import FieldError, russian_path

if TYPE_CHECKING:
    from .dossier import Dossier

Level = Literal["error", "warning"]

# Orders that put the programme into effect come after the implementation order.
_AFTER_IMPLEMENTATION = {
    "curator-order": "приказ о назначении куратора",
    "working-group-order": "приказ о создании рабочей группы",
    "pairs-order": "приказ о закреплении наставнических пар",
}
# The earliest month of the second calendar year of a school year when rewards are usual.
_REWARDS_FROM_MONTH = 4


@dataclass(frozen=True)
class Finding:
    """One inconsistency: its level, where it is and what is wrong, in Russian."""

    level: Level
    loc: tuple[str | int, ...]
    message: str

    def field_error(self) -> FieldError:
        from .dossier import Dossier

        return FieldError(loc=self.loc, path=russian_path(Dossier, self.loc), message=self.message)

    def __str__(self) -> str:
        return str(self.field_error())


Check = Callable[["Dossier"], Iterator[Finding]]
_CHECKS: list[Check] = []


def check(func: Check) -> Check:
    _CHECKS.append(func)
    return func


def findings(dossier: Dossier) -> list[Finding]:
    """Every finding of every check, errors first, each group in check order."""
    found = [item for func in _CHECKS for item in func(dossier)]
    return sorted(found, key=lambda f: f.level != "error")


def errors(dossier: Dossier) -> list[FieldError]:
    return [f.field_error() for f in findings(dossier) if f.level == "error"]


def warnings(dossier: Dossier) -> list[FieldError]:
    return [f.field_error() for f in findings(dossier) if f.level == "warning"]


def _order_date(dossier: Dossier, kind: str) -> date | None:
    meta = dossier.orders.get(kind)
    return meta.date if meta is not None else None


def year_bounds(start_year: int) -> tuple[date, date]:
    """1 September of the first year to 31 August of the second."""
    return date(start_year, 9, 1), date(start_year + 1, 8, 31)


def school_year_bounds(dossier: Dossier) -> tuple[date, date]:
    return year_bounds(dossier.start_year)


@check
def _implementation_first(dossier: Dossier) -> Iterator[Finding]:
    implementation = _order_date(dossier, "implementation-order")
    if implementation is None:
        return
    for kind, title in _AFTER_IMPLEMENTATION.items():
        other = _order_date(dossier, kind)
        if other is not None and other < implementation:
            yield Finding(
                "error",
                ("orders", kind, "date"),
                f"{title} ({format_date(other)}) не может быть издан раньше приказа о внедрении "
                f"({format_date(implementation)})",
            )


@check
def _final_event_order_before_event(dossier: Dossier) -> Iterator[Finding]:
    ordered = _order_date(dossier, "final-event-order")
    if ordered is None or dossier.final_event is None:
        return
    if ordered > dossier.final_event.date:
        yield Finding(
            "error",
            ("orders", "final-event-order", "date"),
            f"приказ о проведении итогового мероприятия ({format_date(ordered)}) должен быть издан "
            f"до самого мероприятия ({format_date(dossier.final_event.date)})",
        )


@check
def _rewards_at_year_end(dossier: Dossier) -> Iterator[Finding]:
    ordered = _order_date(dossier, "reward-order")
    if ordered is None:
        return
    _start, end = school_year_bounds(dossier)
    usual_from = date(dossier.start_year + 1, _REWARDS_FROM_MONTH, 1)
    implementation = _order_date(dossier, "implementation-order")
    if implementation is not None and ordered < implementation:
        yield Finding(
            "error",
            ("orders", "reward-order", "date"),
            f"приказ о поощрении ({format_date(ordered)}) не может быть издан раньше приказа "
            f"о внедрении ({format_date(implementation)})",
        )
    elif not usual_from <= ordered <= end:
        yield Finding(
            "warning",
            ("orders", "reward-order", "date"),
            f"поощрение по итогам года обычно оформляют в конце учебного года "
            f"(с {format_date(usual_from)} по {format_date(end)}), а указано {format_date(ordered)}",
        )


@check
def _numbers_unique(dossier: Dossier) -> Iterator[Finding]:
    from docgen.errors import UnknownKind
    from docgen.render.registry import get_kind  # the kinds sit above the model

    seen: dict[tuple[str, str, int], str] = {}
    for kind_id, meta in dossier.orders.items():
        if not meta.number or meta.date is None:
            continue
        try:
            series = get_kind(kind_id).series or ""
        except UnknownKind:
            continue  # an unknown key is reported by the package planner
        key = (series, meta.number.strip().casefold(), meta.date.year)
        if key in seen:
            yield Finding(
                "error",
                ("orders", kind_id, "number"),
                f"номер {meta.number} за {meta.date.year} год уже указан у приказа «{seen[key]}»: "
                "в одной серии номер в году не повторяется",
            )
        else:
            seen[key] = get_kind(kind_id).title


@check
def _pairs_in_school_year(dossier: Dossier) -> Iterator[Finding]:
    start, end = school_year_bounds(dossier)
    for index, pair in enumerate(dossier.pairs):
        if pair.start < start or pair.start > end:
            yield Finding(
                "error",
                ("pairs", index, "start"),
                f"начало работы пары должно быть в пределах {dossier.school_year} учебного года "
                f"({format_date(start)} – {format_date(end)})",
            )
        if pair.end > end or pair.end < start:
            yield Finding(
                "error",
                ("pairs", index, "end"),
                f"окончание работы пары должно быть в пределах {dossier.school_year} учебного года "
                f"({format_date(start)} – {format_date(end)})",
            )


@check
def _no_duplicate_pairs(dossier: Dossier) -> Iterator[Finding]:
    seen: dict[tuple[str, frozenset[str], str], int] = {}
    for index, pair in enumerate(dossier.pairs):
        key = (pair.mentor.key, frozenset(m.key for m in pair.mentees), pair.form)
        if key in seen:
            yield Finding(
                "error",
                ("pairs", index),
                f"та же пара (группа) уже указана под номером {seen[key] + 1}: "
                "удалите повтор или измените состав",
            )
        else:
            seen[key] = index


@check
def _mentor_load(dossier: Dossier) -> Iterator[Finding]:
    limit = dossier.mentees_per_mentor_max
    if limit is None:
        return
    load: dict[str, int] = {}
    first: dict[str, int] = {}
    for index, pair in enumerate(dossier.pairs):
        load[pair.mentor.key] = load.get(pair.mentor.key, 0) + len({m.key for m in pair.mentees})
        first.setdefault(pair.mentor.key, index)
    for key, count in load.items():
        if count > limit:
            mentor = dossier.pairs[first[key]].mentor
            yield Finding(
                "warning",
                ("pairs", first[key], "mentor"),
                f"у наставника {mentor.surname} {mentor.name} наставляемых: {count}, а Положение "
                f"допускает не более {limit}",
            )


@check
def _pair_changes(dossier: Dossier) -> Iterator[Finding]:
    if not dossier.pair_changes:
        return
    pairs_order = dossier.orders.get("pairs-order")
    if pairs_order is None or not pairs_order.number or pairs_order.date is None:
        yield Finding(
            "error",
            ("orders", "pairs-order"),
            "изменения состава пар вносятся в приказ о закреплении пар: укажите его номер и дату",
        )
    _start, end = school_year_bounds(dossier)
    changed: set[int] = set()
    for index, change in enumerate(dossier.pair_changes):
        where = ("pair_changes", index)
        if change.pair > len(dossier.pairs):
            yield Finding("error", (*where, "pair"), f"в досье нет пары № {change.pair}")
            continue
        if change.pair in changed:
            yield Finding("error", (*where, "pair"), f"пара № {change.pair} уже изменена выше")
        changed.add(change.pair)
        pair = dossier.pairs[change.pair - 1]
        if not pair.start <= change.date <= min(pair.end, end):
            yield Finding(
                "error",
                (*where, "date"),
                f"дата изменения должна быть в период работы пары № {change.pair} "
                f"({format_date(pair.start)} – {format_date(min(pair.end, end))})",
            )
        elif pairs_order is not None and pairs_order.date is not None and change.date < pairs_order.date:
            yield Finding(
                "error",
                (*where, "date"),
                f"изменение не может действовать раньше приказа о закреплении пар "
                f"({format_date(pairs_order.date)})",
            )
        if change.new_mentor is not None and change.new_mentor.key == pair.mentor.key:
            yield Finding("error", (*where, "new_mentor"), "новый наставник совпадает с прежним")


@check
def _amendment_after_pairs_order(dossier: Dossier) -> Iterator[Finding]:
    amended, amending = _order_date(dossier, "pairs-order"), _order_date(dossier, "pairs-amendment-order")
    if amended is not None and amending is not None and amending < amended:
        yield Finding(
            "error",
            ("orders", "pairs-amendment-order", "date"),
            f"приказ о внесении изменений ({format_date(amending)}) не может быть издан раньше "
            f"изменяемого приказа о закреплении пар ({format_date(amended)})",
        )


@check
def _pairs_not_backdated(dossier: Dossier) -> Iterator[Finding]:
    """A pair fixed by an order dated after its start reads as backdated to an inspector."""
    ordered = _order_date(dossier, "pairs-order")
    if ordered is None:
        return
    for index, pair in enumerate(dossier.pairs):
        if pair.start < ordered:
            yield Finding(
                "warning",
                ("pairs", index, "start"),
                f"пара начинает работу ({format_date(pair.start)}) раньше приказа о закреплении "
                f"пар ({format_date(ordered)}): закрепление задним числом",
            )
