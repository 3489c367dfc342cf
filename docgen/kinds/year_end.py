"""Documents of the year's course and end: the order amending the pairs, the curator's report."""

from __future__ import annotations

from typing import Any

from docgen.grammar import format_date, format_money
from docgen.grammar.money import plural
from docgen.model import Dossier
from docgen.model.year_end import PairChangeAction
from docgen.participants.kpi import KpiInputs, compute_kpis, format_value
from docgen.render.context import pair_context
from docgen.render.people import person_context
from docgen.render.registry import CORE_ACTIVITY, DocumentKind, DocumentPart, register

from ._common import acquainted, bound_by_order, single
from .consents import is_own_employee


def _changes(dossier: Dossier) -> list[dict[str, Any]]:
    changes = []
    for change in dossier.pair_changes:
        pair = dossier.pairs[change.pair - 1]
        changes.append(
            {
                "pair": pair_context(change.pair, pair),
                "replace": change.action is PairChangeAction.REPLACE_MENTOR,
                "exclude": change.action is PairChangeAction.EXCLUDE,
                "date": format_date(change.date, "numeric"),
                "reason": change.reason,
                "new_mentor": person_context(change.new_mentor) if change.new_mentor else None,
                "payment": format_money(change.payment) if change.payment is not None else "",
                "old_paid": pair.payment is not None,
            }
        )
    return changes


def _amendment(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    changes = _changes(dossier)
    new_mentors = [c.new_mentor for c in dossier.pair_changes if c.new_mentor is not None]
    chief = dossier.organisation.chief_accountant
    money = any(c["payment"] or c["old_paid"] for c in changes)
    # The order ends the former mentors' assignments and binds the new mentors, their adult
    # mentees (programmes are corrected together), the curator and, when pay changes, the
    # chief accountant: all of them sign «С приказом ознакомлены».
    former = [
        dossier.pairs[c.pair - 1].mentor
        for c in dossier.pair_changes
        if is_own_employee(dossier.pairs[c.pair - 1].mentor, dossier)
    ]
    taken_over = [
        mentee
        for c in dossier.pair_changes
        if c.new_mentor is not None
        for mentee in dossier.pairs[c.pair - 1].mentees
        if bound_by_order(mentee)
    ]
    duty_bearers = [dossier.curator, *new_mentors, *taken_over, *former] + (
        [chief] if money and chief else []
    )
    bound = acquainted(dossier, duty_bearers)
    people = [dossier.curator.full_name]
    for change in dossier.pair_changes:
        pair = dossier.pairs[change.pair - 1]
        people += [pair.mentor.full_name, *(m.full_name for m in pair.mentees)]
        if change.new_mentor is not None:
            people.append(change.new_mentor.full_name)
    return [
        DocumentPart(
            context={
                "changes": changes,
                "paid_changes": [c for c in changes if c["payment"]],
                "stopped_payments": [c for c in changes if c["old_paid"]],
                "has_replacements": bool(new_mentors),
                "replacements": [c for c in changes if c["replace"]],
                "has_money": money,
                "acquainted": bound,
            },
            people=tuple(dict.fromkeys(people)),
        )
    ]


def _counted(n: int, one: str, few: str, many: str) -> str:
    """«1 наставник», «3 наставника», «5 наставников»."""
    return f"{n} {plural(n, one, few, many)}"


def _changes_note(dossier: Dossier, ctx: dict[str, Any]) -> str:
    """«В течение года … приказом от … № …: заменён наставник в 1 паре (группе), исключена
    1 пара (группа).» — the report does not pass over the amending order."""
    if not dossier.pair_changes:
        return ""
    replaced = sum(1 for c in dossier.pair_changes if c.action is PairChangeAction.REPLACE_MENTOR)
    excluded = len(dossier.pair_changes) - replaced
    parts = []
    if replaced:
        parts.append(
            f"{plural(replaced, 'заменён наставник', 'заменены наставники', 'заменены наставники')} "
            f"в {replaced} {plural(replaced, 'паре (группе)', 'парах (группах)', 'парах (группах)')}"
        )
    if excluded:
        parts.append(
            f"{plural(excluded, 'исключена', 'исключены', 'исключено')} {excluded} "
            f"{plural(excluded, 'пара (группа)', 'пары (группы)', 'пар (групп)')}"
        )
    order = ctx["orders"].get("pairs_amendment_order", {})
    ref = f" приказом {order['ref']}" if order.get("registered") else ""
    return f"В течение учебного года в состав наставнических пар внесены изменения{ref}: {', '.join(parts)}."


def _report(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    report = dossier.report
    assert report is not None
    inputs = KpiInputs(
        pupils=report.pupils,
        teachers=report.teachers,
        mentee_satisfaction=report.mentee_satisfaction,
        mentor_satisfaction=report.mentor_satisfaction,
    )
    kpis = compute_kpis(dossier, inputs)
    counts = kpis.counts
    singles = counts.pairs - counts.groups
    summary = (
        f"{singles} {plural(singles, 'наставническая пара', 'наставнические пары', 'наставнических пар')}"
        + (
            f" и {counts.groups} {plural(counts.groups, 'группа', 'группы', 'групп')}"
            if counts.groups
            else ""
        )
    )
    return single(
        {
            "report": {
                "date": format_date(report.date, "numeric"),
                "summary": summary,
                "mentors": _counted(counts.mentors, "наставник", "наставника", "наставников"),
                "mentees": (
                    f"{counts.mentees} "
                    f"{plural(counts.mentees, 'наставляемый', 'наставляемых', 'наставляемых')}"
                ),
                "counts": [{"name": name, "value": value} for name, value in counts.rows()],
                "forms": [
                    {"form": f.form, "pairs": f.pairs, "groups": f.groups, "mentees": f.mentees}
                    for f in kpis.forms
                ],
                "kpis": [
                    {
                        "n": n,
                        "name": r.name,
                        "unit": r.unit,
                        "baseline": format_value(r.baseline),
                        "target": format_value(r.target),
                        "actual": format_value(r.actual),
                        "reached": {True: "достигнуто", False: "не достигнуто"}.get(r.reached, "нет данных"),
                    }
                    for n, r in enumerate(kpis.indicators, 1)
                ],
                "changes": _changes_note(dossier, ctx),
                "results": list(report.results),
                "problems": list(report.problems),
                "proposals": list(report.proposals),
            }
        },
        people=[dossier.curator],
    )


register(
    DocumentKind(
        id="pairs-amendment-order",
        title="Приказ о внесении изменений в приказ об утверждении наставнических пар (групп)",
        slug="prikaz-ob-izmenenii-par",
        position=13,
        template="pairs-amendment-order.docx",
        build=_amendment,
        series=CORE_ACTIVITY,
        applies=lambda d: bool(d.pair_changes),
        description="Замена наставника или исключение пары со ссылкой на изменяемый приказ",
    )
)
register(
    DocumentKind(
        id="curator-report",
        title="Аналитическая справка куратора об итогах реализации целевой модели наставничества",
        slug="analiticheskaya-spravka",
        position=18,
        template="curator-report.docx",
        build=_report,
        applies=lambda d: d.report is not None,
        description="Итоги года: участники, пары по формам, показатели «план / факт», выводы и предложения",
    )
)
